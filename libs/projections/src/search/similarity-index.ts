import type { PlatformView } from '../queries/presenters';
import {
  compareSimilar,
  MIN_SIMILARITY,
  NAME_CONTAINMENT,
  nameContainmentScore,
  NameMatch,
  nameMatch,
  NAME_WEIGHT_RATIO,
  ProposedSystem,
  proposalHasAccents,
  scoredQuery,
  scoreEntry,
  SimilarEntry,
  SimilarityOptions,
  TextFeatures,
  textFeatures,
} from './similarity';

type Mode = 'accented' | 'folded';

/**
 * The common features whose postings are not walked may together reach only this share of
 * the limits (any share below 1 keeps the answers exact). Lower walks more postings (cheap: a
 * typed-array sum per posting) and leaves the per-entry bound room to turn away most entries the
 * rarer features bring (each costs a look at its common features): 0.3 was the fastest at 1k and
 * 10k entries in benchmark scenario 8, against 1 (the most common features only).
 */
const COMMON_SHARE = 0.3;

interface IndexedEntry {
  platform: PlatformView;
  features: Record<Mode, TextFeatures>;
  /** Its number in the index: postings hold numbers, and the per-check sums live in typed arrays. */
  slot: number;
}

/**
 * An inverted index of the duplicate check's features (syllables and syllable pairs, with and
 * without diacritics → the entries that have them), so that a check scores only the entries that
 * can reach the minimum score instead of every entry. Answers exactly what
 * {@link similarPlatforms} answers over the same entries (same document frequencies, same
 * scoring code); the scan stays as the oracle of the tests and the control of the benchmark.
 *
 * Which entries are skipped: the proposal's features are taken from the most common down; as long
 * as those common features together could give an entry neither a cosine of the minimum score
 * (Cauchy–Schwarz: the cosine of an entry sharing only features G is at most |q_G| / |q|) nor a
 * name containment (that needs the shared name weight to reach NAME_CONTAINMENT ×
 * NAME_WEIGHT_RATIO of the proposal's name weight) — kept to {@link COMMON_SHARE} of those
 * limits —, an entry sharing only those cannot be reported. Only the entries having one of the remaining, rarer features are looked at, and of
 * those only the ones for which the same two bounds, taken over the features they do have (the
 * rarer ones they have, plus all the common ones), reach the limits are scored.
 */
export class SimilarityIndex {
  private readonly entries = new Map<string, IndexedEntry>();
  private readonly slots: Array<IndexedEntry | undefined> = [];
  private readonly free: number[] = [];
  private readonly postings: Record<Mode, Map<string, Set<number>>> = { accented: new Map(), folded: new Map() };
  // Per-check sums by slot; `seen[slot] === check` says the sums are this check's (no clearing).
  private squares = new Float64Array(0);
  private nameWeights = new Float64Array(0);
  private seen = new Uint32Array(0);
  private check = 0;
  /** How many entries the last check scored (the rest could not reach its minimum score): for tests and the benchmark. */
  lastScored = 0;

  constructor(platforms: Iterable<PlatformView> = []) {
    for (const p of platforms) this.upsert(p);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Adds an entry or replaces its view; its features are recomputed only when its words changed. */
  upsert(platform: PlatformView): void {
    const old = this.entries.get(platform.id);
    if (old && old.platform.name === platform.name && old.platform.description === platform.description) {
      old.platform = platform;
      return;
    }
    if (old) this.remove(platform.id);
    const features: Record<Mode, TextFeatures> = {
      accented: textFeatures(platform.name, platform.description, true),
      folded: textFeatures(platform.name, platform.description, false),
    };
    const slot = this.free.pop() ?? this.slots.length;
    const entry = { platform, features, slot };
    this.slots[slot] = entry;
    this.entries.set(platform.id, entry);
    for (const mode of ['accented', 'folded'] as const)
      for (const k of features[mode].all.keys()) {
        let slots = this.postings[mode].get(k);
        if (!slots) this.postings[mode].set(k, (slots = new Set()));
        slots.add(slot);
      }
  }

  remove(id: string): void {
    const old = this.entries.get(id);
    if (!old) return;
    this.entries.delete(id);
    this.slots[old.slot] = undefined;
    this.free.push(old.slot);
    for (const mode of ['accented', 'folded'] as const)
      for (const k of old.features[mode].all.keys()) {
        const slots = this.postings[mode].get(k)!;
        slots.delete(old.slot);
        if (slots.size === 0) this.postings[mode].delete(k);
      }
  }

  /** This check's number, with the per-slot arrays as long as the slots. */
  private nextCheck(): number {
    if (this.seen.length < this.slots.length) {
      const length = Math.max(1024, this.slots.length * 2);
      this.squares = new Float64Array(length);
      this.nameWeights = new Float64Array(length);
      this.seen = new Uint32Array(length);
      this.check = 0;
    }
    if (this.check === 0xffffffff) {
      this.seen.fill(0);
      this.check = 0;
    }
    return ++this.check;
  }

  platforms(): PlatformView[] {
    return [...this.entries.values()].map((e) => e.platform);
  }

  /** The same answer as `similarPlatforms(this.platforms(), proposal, options)`. */
  similar(proposal: ProposedSystem, options: SimilarityOptions = {}): SimilarEntry[] {
    const accents = proposalHasAccents(proposal);
    const mode: Mode = accents ? 'accented' : 'folded';
    const postings = this.postings[mode];
    const excluded = [...(options.exclude ?? [])].flatMap((id) => this.entries.get(id) ?? []);
    const df = (k: string) => (postings.get(k)?.size ?? 0) - excluded.reduce((c, e) => c + (e.features[mode].all.has(k) ? 1 : 0), 0);
    const features = textFeatures(proposal.name, proposal.description, accents);
    const q = scoredQuery(features, accents, df, this.entries.size - excluded.length);
    if (q.norm === 0) return [];
    const minScore = options.minScore ?? MIN_SIMILARITY;

    const out: SimilarEntry[] = [];
    this.lastScored = 0;
    const score = (e: IndexedEntry, names?: NameMatch) => {
      if (options.exclude?.has(e.platform.id)) return;
      this.lastScored++;
      const hit = scoreEntry(q, e.platform, e.features[mode], minScore, names);
      if (hit) out.push(hit);
    };
    if (minScore <= 0.001) {
      for (const e of this.entries.values()) score(e); // an entry sharing nothing scores 0, which such a minimum keeps
    } else {
      // A rounded score of minScore needs a cosine of minScore - 0.0005; the 1e-9 margins keep
      // the floating-point sums on the safe side (scoring one entry too many, never one too few).
      const cosineLimit = (minScore - 0.0005) * q.norm * (1 - 1e-9);
      const nameLimit = NAME_CONTAINMENT * NAME_WEIGHT_RATIO * q.nameMass * (1 - 1e-9);
      const keys = [...q.vector.keys()].map((k) => ({ k, df: df(k) })).sort((a, b) => b.df - a.df);
      const weighed = keys.map(({ k }) => ({ k, xx: q.vector.get(k)! ** 2, w: (features.name.get(k) ?? 0) * q.idf(k) }));
      let squares = 0;
      let nameWeight = 0;
      let common = 0;
      for (const { xx, w } of weighed) {
        if (Math.sqrt(squares + xx) >= cosineLimit * COMMON_SHARE || nameWeight + w >= nameLimit * COMMON_SHARE) break;
        squares += xx;
        nameWeight += w;
        common++;
      }
      // Per entry, what the rarer features it has could add to what the common ones could: an
      // entry whose bound stays under both limits is not scored (the same bounds, per entry).
      const check = this.nextCheck();
      const { seen, squares: sq, nameWeights: nw } = this;
      const touched: number[] = [];
      for (const { k, xx, w } of weighed.slice(common))
        for (const slot of this.postings[mode].get(k) ?? []) {
          if (seen[slot] === check) {
            sq[slot] += xx;
            nw[slot] += w;
          } else {
            seen[slot] = check;
            sq[slot] = squares + xx;
            nw[slot] = nameWeight + w;
            touched.push(slot);
          }
        }
      // Those that pass, with the common features they really have instead of all of them.
      const commonKeys = weighed.slice(0, common);
      for (const slot of touched) {
        if (Math.sqrt(sq[slot]) < cosineLimit && nw[slot] < nameLimit) continue;
        const e = this.slots[slot]!;
        const doc = e.features[mode].all;
        let s2 = sq[slot] - squares;
        let n2 = nw[slot] - nameWeight;
        for (const c of commonKeys)
          if (doc.has(c.k)) {
            s2 += c.xx;
            n2 += c.w;
          }
        if (Math.sqrt(s2) * (1 + 1e-9) >= cosineLimit) score(e);
        else if (n2 * (1 + 1e-9) >= nameLimit) {
          // Only a name containment can still report it: the names alone tell, before the whole entry is scored.
          const names = nameMatch(q, e.features[mode]);
          if (nameContainmentScore(names.overlap, names.ratio) > 0) score(e, names);
        }
      }
    }
    out.sort(compareSimilar);
    return options.limit !== undefined ? out.slice(0, options.limit) : out;
  }
}
