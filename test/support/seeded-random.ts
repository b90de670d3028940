import { randomInt } from 'node:crypto';

/**
 * The one convention for randomised tests: every run draws from a seeded PRNG, prints its seed
 * once per test file, and replays exactly with `TEST_SEED=<seed>`.
 *
 *   const rnd = seededRandom('fuzz');          // prints "fuzz: seed 123 (TEST_SEED=123 replays this run)"
 *   rnd.int(10); rnd.pick(['a', 'b']); rnd.chance(0.3);
 *   const raw = rnd.fork('raw-http');          // an independent stream: one test's draws do not shift another's
 *
 * Without `TEST_SEED` each run takes a fresh seed (so CI keeps exploring); with it, every file
 * of the run uses that seed. Usable from any spec under apps/, libs/ or test/ (import it by
 * relative path; it is test code, never imported by product code).
 */

export interface SeededRandom {
  /** The seed this stream was made from (for a fork: the derived seed). */
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** An integer in [min, max] (both included). */
  between(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty array. */
  pick<T>(xs: readonly T[]): T;
  /** A shuffled copy. */
  shuffle<T>(xs: readonly T[]): T[];
  /** A new stream derived from this one's seed and a label; independent of how much this one was used. */
  fork(label: string | number): SeededRandom;
}

/** mulberry32: 32-bit state, fast, the same sequence on every machine. Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the seed and a label: a stable derived seed. */
function derive(seed: number, label: string | number): number {
  let h = 0x811c9dc5;
  for (const ch of `${seed}:${label}`) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A stream from an explicit seed, without reading the environment or printing anything. */
export function randomFromSeed(seed: number): SeededRandom {
  const next = mulberry32(seed);
  const int = (n: number) => Math.floor(next() * n);
  return {
    seed,
    next,
    int,
    between: (min, max) => min + int(max - min + 1),
    chance: (p) => next() < p,
    pick: <T>(xs: readonly T[]): T => {
      if (xs.length === 0) throw new Error('pick from an empty array');
      return xs[int(xs.length)];
    },
    shuffle: <T>(xs: readonly T[]): T[] => {
      const out = [...xs];
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
    fork: (label) => randomFromSeed(derive(seed, label)),
  };
}

const MAX_SEED = 2 ** 32 - 1;

/** Parses TEST_SEED: a whole number in [0, 2^32). Anything else is a mistake worth stopping for. */
export function parseSeed(value: string): number {
  const trimmed = value.trim();
  if (!/^\d+$/.test(trimmed) || Number(trimmed) > MAX_SEED)
    throw new Error(`TEST_SEED must be a whole number from 0 to ${MAX_SEED}, not ${JSON.stringify(value)}`);
  return Number(trimmed);
}

let printed: number | null = null;

/**
 * This run's seed: `TEST_SEED` if set, otherwise a fresh one; the same value for every call in
 * a test file (jest gives each file its own module registry). Printed on the first call.
 */
export function testSeed(label = 'random'): number {
  const fromEnv = process.env.TEST_SEED;
  const seed = printed ?? (fromEnv !== undefined && fromEnv !== '' ? parseSeed(fromEnv) : randomInt(0, MAX_SEED));
  if (printed === null) {
    printed = seed;
    console.log(`${label}: seed ${seed} (TEST_SEED=${seed} replays this run)`);
  }
  return seed;
}

/** The usual entry point: a stream seeded with this run's seed, the seed printed once per file. */
export function seededRandom(label = 'random'): SeededRandom {
  return randomFromSeed(testSeed(label));
}
