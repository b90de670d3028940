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
 * few typed-array sums per posting) and leaves the per-entry bounds room to turn away most entries
 * the rarer features bring (each one let through costs a look at its common features). In
 * benchmark scenario 9, 0.5 walked half the postings of 0.3 for as many entries looked at; 0.7
 * and up let three to ten times more entries through at 10k entries and were slower.
 */
const COMMON_SHARE = 0.5;

/**
 * How many of its rarest features an entry keeps at hand for the lower bound of its own weight
 * (see {@link SimilarityIndex}): the weight of an entry is mostly in the few words that tell it
 * apart, and each one kept costs a logarithm per check that reaches the entry.
 */
const RARE_KEPT = 4;

/**
 * Whether a name containment ({@link nameContainmentScore} > 0) is still possible for an entry
 * sharing at most `shared` of the proposal's name weight `proposal`, whose own name weighs at least
 * `entryAtLeast`. It needs, with D the entry's name weight, shared ≥ NAME_CONTAINMENT × min(P, D)
 * and min(P, D) ≥ NAME_WEIGHT_RATIO × max(P, D): for D between P × NAME_WEIGHT_RATIO and P,
 * shared ≥ NAME_CONTAINMENT × D, least for the lightest D allowed; for D from P to
 * P / NAME_WEIGHT_RATIO, shared ≥ NAME_CONTAINMENT × P. The 1e-9 margins keep floating-point
 * differences on the side of looking closer.
 */
function containmentPossible(shared: number, entryAtLeast: number, proposal: number): boolean {
  if (entryAtLeast * (1 - 1e-9) > proposal / NAME_WEIGHT_RATIO) return false;
  const lightest = Math.min(proposal, Math.max(entryAtLeast, proposal * NAME_WEIGHT_RATIO));
  return shared * (1 + 1e-9) >= NAME_CONTAINMENT * lightest * (1 - 1e-9);
}

/** The per-check sums of an entry, at slot × SUMS: over the rarer features it shares with the proposal, */
const SUMS = 4;
/** its dot product with the proposal, */
const DOT = 0;
/** its squared weights (its own side of the cosine), */
const SQUARES = 1;
/** the name weight it shares (the lower term frequency of the two names), */
const SHARED = 2;
/** and its own name weight. */
const NAME = 3;

/** The entries that have one feature, with the feature's weight in each (swap-removed: order is of no meaning). */
interface Posting {
  slots: number[];
  /** Term frequency in name and description (the name counted twice), as {@link textFeatures} gives it. */
  all: number[];
  /** Term frequency in the name alone; 0 when only the description has it. */
  name: number[];
  /** The check whose proposal has this feature (a feature of the proposal is never counted as the entry's own). */
  mark: number;
}

/** An entry's rarest features when it was indexed: their postings (whose length is their document frequency now) and weights. */
interface Rare {
  postings: Posting[];
  all: number[];
  name: number[];
}

interface IndexedEntry {
  platform: PlatformView;
  features: Record<Mode, TextFeatures>;
  /** The postings of its features, in the order of `features[mode].all`. */
  postings: Record<Mode, Posting[]>;
  rare: Record<Mode, Rare>;
  /** Its number in the index: postings hold numbers, and the per-check sums live in typed arrays. */
  slot: number;
}

/**
 * An inverted index of the duplicate check's features (syllables and syllable pairs, with and
 * without diacritics → the entries that have them, with their weights), so that a check scores
 * only the entries that can reach the minimum score instead of every entry. Answers exactly what
 * {@link similarPlatforms} answers over the same entries (same document frequencies, same
 * scoring code); the scan stays as the oracle of the tests and the control of the benchmark.
 *
 * Which entries are skipped, in three steps, each with true upper bounds of both scores (the
 * cosine, and the name containment that needs the shared name weight to reach NAME_CONTAINMENT ×
 * NAME_WEIGHT_RATIO of the heavier name's weight):
 * 1. The proposal's features are taken from the most common down, each kept among the common
 *    ones C as long as together they could give an entry neither score (Cauchy–Schwarz: the
 *    cosine of an entry sharing only features C is at most |q_C| / |q|) — kept to
 *    {@link COMMON_SHARE} of the limits —: an entry sharing only those cannot be reported, so
 *    only the postings of the others (mostly the rarer ones) are walked.
 * 2. Each entry they bring gets the exact dot product and weights of the rarer features it shares,
 *    and a lower bound of its own weight from its rarest features that the proposal lacks (their
 *    IDF now, from their postings' length, can only be lower than the check's); with the common
 *    features bounded as in 1, the cosine is at most √(dot² / (|d_W|² + |d_R|²) + |q_C|²) / |q|
 *    (Cauchy–Schwarz once more, over the common features' unknown weight in the entry); the same
 *    sums bound the shared name weight from above and the entry's name weight from below, which
 *    {@link containmentPossible} weighs. Most entries, which share a common action or qualifier
 *    but are about something else (their own rare words weigh them down), stop here.
 * 3. The rest get the common features they really have, making the dot product and the shared
 *    name weight exact; an entry whose cosine bound still falls short is settled by its name
 *    alone ({@link nameMatch}), and only one that may still be reported is scored.
 */
export class SimilarityIndex {
  private readonly entries = new Map<string, IndexedEntry>();
  private readonly slots: Array<IndexedEntry | undefined> = [];
  private readonly free: number[] = [];
  private readonly postings: Record<Mode, Map<string, Posting>> = { accented: new Map(), folded: new Map() };
  // Per-check sums by slot, side by side (one cache line per entry: the walk reaches entries at
  // random, and four arrays apart cost four misses at 10k entries); `seen[slot] === check` says
  // the sums are this check's (no clearing).
  private sums = new Float64Array(0);
  private seen = new Uint32Array(0);
  private check = 0;
  /** How many entries the last check scored (the rest could not reach its minimum score): for tests and the benchmark. */
  lastScored = 0;
  /** How many entries of the last check got past step 2 (their common features looked up): for the benchmark. */
  lastExamined = 0;
  /** How many postings the last check walked: for the benchmark. */
  lastWalked = 0;

  constructor(platforms: Iterable<PlatformView> = []) {
    for (const p of platforms) this.add(p);
    // Picked once every entry is in: the first entries would otherwise find every word rare.
    for (const entry of this.entries.values()) this.pickRare(entry);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Adds an entry or replaces its view; its features are recomputed only when its words changed. */
  upsert(platform: PlatformView): void {
    const entry = this.add(platform);
    if (entry) this.pickRare(entry);
  }

  /** The entry, indexed, unless only its view changed (then updated in place). */
  private add(platform: PlatformView): IndexedEntry | null {
    const old = this.entries.get(platform.id);
    if (old && old.platform.name === platform.name && old.platform.description === platform.description) {
      old.platform = platform;
      return null;
    }
    if (old) this.remove(platform.id);
    const features: Record<Mode, TextFeatures> = {
      accented: textFeatures(platform.name, platform.description, true),
      folded: textFeatures(platform.name, platform.description, false),
    };
    const slot = this.free.pop() ?? this.slots.length;
    const none = (): Rare => ({ postings: [], all: [], name: [] });
    const entry: IndexedEntry = { platform, features, postings: { accented: [], folded: [] }, rare: { accented: none(), folded: none() }, slot };
    this.slots[slot] = entry;
    this.entries.set(platform.id, entry);
    for (const mode of ['accented', 'folded'] as const)
      for (const [k, tf] of features[mode].all) {
        let posting = this.postings[mode].get(k);
        if (!posting) this.postings[mode].set(k, (posting = { slots: [], all: [], name: [], mark: 0 }));
        posting.slots.push(slot);
        posting.all.push(tf);
        posting.name.push(features[mode].name.get(k) ?? 0);
        entry.postings[mode].push(posting);
      }
    return entry;
  }

  /** Keeps the entry's heaviest features by today's IDF (the rarest, weighted by frequency). */
  private pickRare(entry: IndexedEntry): void {
    const n = this.entries.size;
    for (const mode of ['accented', 'folded'] as const) {
      const rare: Rare = { postings: [], all: [], name: [] };
      const weights: number[] = [];
      let i = 0;
      for (const [k, tf] of entry.features[mode].all) {
        const posting = entry.postings[mode][i++];
        const weight = tf * Math.log(1 + (n + 1) / posting.slots.length);
        let at = weights.length;
        while (at > 0 && weights[at - 1] < weight) at--;
        if (at >= RARE_KEPT) continue;
        weights.splice(at, 0, weight);
        rare.postings.splice(at, 0, posting);
        rare.all.splice(at, 0, tf);
        rare.name.splice(at, 0, entry.features[mode].name.get(k) ?? 0);
        if (weights.length > RARE_KEPT) for (const xs of [weights, rare.postings, rare.all, rare.name]) xs.pop();
      }
      entry.rare[mode] = rare;
    }
  }

  remove(id: string): void {
    const old = this.entries.get(id);
    if (!old) return;
    this.entries.delete(id);
    this.slots[old.slot] = undefined;
    this.free.push(old.slot);
    for (const mode of ['accented', 'folded'] as const)
      for (const [i, k] of [...old.features[mode].all.keys()].entries()) {
        const posting = old.postings[mode][i];
        // A scan of the posting: removals are rare (a renamed or dropped entry), checks are not.
        const at = posting.slots.indexOf(old.slot);
        const last = posting.slots.length - 1;
        for (const xs of [posting.slots, posting.all, posting.name]) {
          xs[at] = xs[last];
          xs.pop();
        }
        if (last === 0) this.postings[mode].delete(k);
      }
  }

  /** This check's number, with the per-slot arrays as long as the slots. */
  private nextCheck(): number {
    if (this.seen.length < this.slots.length) {
      const length = Math.max(1024, this.slots.length * 2);
      this.sums = new Float64Array(length * SUMS);
      this.seen = new Uint32Array(length);
    }
    if (this.check === 0xffffffff) {
      this.seen.fill(0);
      this.check = 0;
      for (const mode of ['accented', 'folded'] as const) for (const posting of this.postings[mode].values()) posting.mark = 0;
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
    const df = (k: string) => (postings.get(k)?.slots.length ?? 0) - excluded.reduce((c, e) => c + (e.features[mode].all.has(k) ? 1 : 0), 0);
    const features = textFeatures(proposal.name, proposal.description, accents);
    const n = this.entries.size - excluded.length;
    const q = scoredQuery(features, accents, df, n);
    if (q.norm === 0) return [];
    const minScore = options.minScore ?? MIN_SIMILARITY;

    const out: SimilarEntry[] = [];
    this.lastScored = 0;
    this.lastExamined = 0;
    this.lastWalked = 0;
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
      // Whatever the entry's name weighs, a containment needs this much shared (see containmentPossible).
      const nameLimit = NAME_CONTAINMENT * NAME_WEIGHT_RATIO * q.nameMass * (1 - 1e-9);
      const check = this.nextCheck();
      const keys = [...q.vector.keys()].map((k) => ({ k, posting: postings.get(k), df: df(k) })).sort((a, b) => b.df - a.df);
      const weighed = keys.map(({ k, posting }) => {
        const idf = q.idf(k);
        if (posting) posting.mark = check;
        const x = q.vector.get(k)!;
        return { k, posting, idf, x, xx: x * x, qName: features.name.get(k) ?? 0, w: (features.name.get(k) ?? 0) * idf };
      });
      // Any set of features whose sum stays under the limits will do, not only the most common
      // ones in a row: one that does not fit is walked, and the next (rarer, but often lighter:
      // a word of the description) may still fit.
      let commonSquares = 0;
      let commonName = 0;
      const commonKeys: typeof weighed = [];
      const walked: typeof weighed = [];
      for (const key of weighed) {
        if (Math.sqrt(commonSquares + key.xx) >= cosineLimit * COMMON_SHARE || commonName + key.w >= nameLimit * COMMON_SHARE) {
          walked.push(key);
          continue;
        }
        commonSquares += key.xx;
        commonName += key.w;
        commonKeys.push(key);
      }
      // Step 2: per entry, the exact sums over the rarer features it has.
      const { seen, sums } = this;
      const touched: number[] = [];
      for (const { posting, idf, x, qName } of walked) {
        if (!posting) continue;
        const { slots, all, name } = posting;
        this.lastWalked += slots.length;
        for (let i = 0; i < slots.length; i++) {
          const slot = slots[i];
          const at = slot * SUMS;
          const d = all[i] * idf;
          const nameWeight = name[i] * idf;
          const sharedName = Math.min(qName, name[i]) * idf;
          if (seen[slot] === check) {
            sums[at + DOT] += x * d;
            sums[at + SQUARES] += d * d;
            sums[at + SHARED] += sharedName;
            sums[at + NAME] += nameWeight;
          } else {
            seen[slot] = check;
            sums[at + DOT] = x * d;
            sums[at + SQUARES] = d * d;
            sums[at + SHARED] = sharedName;
            sums[at + NAME] = nameWeight;
            touched.push(slot);
          }
        }
      }
      const cosineLimit2 = cosineLimit * cosineLimit;
      for (const slot of touched) {
        const at = slot * SUMS;
        const dotW = sums[at + DOT];
        const squaresW = sums[at + SQUARES];
        const sharedW = sums[at + SHARED];
        const nameW = sums[at + NAME];
        // Without the entry's own weight first (free), then with it (a few logarithms).
        const dot2 = dotW * dotW;
        const nameOpen = sharedW + commonName >= nameLimit;
        if (!nameOpen && (dot2 / squaresW + commonSquares) * (1 + 1e-9) < cosineLimit2) continue;
        const e = this.slots[slot]!;
        const rare = e.rare[mode];
        let ownSquares = 0;
        let ownName = 0;
        for (let j = 0; j < rare.postings.length; j++) {
          const posting = rare.postings[j];
          if (posting.mark === check) continue; // the proposal's: already in the sums
          const idf = Math.log(1 + (n + 1) / posting.slots.length);
          ownSquares += (rare.all[j] * idf) ** 2;
          ownName += rare.name[j] * idf;
        }
        const cosineOpen = (dot2 / (squaresW + ownSquares) + commonSquares) * (1 + 1e-9) >= cosineLimit2;
        if (!cosineOpen && !containmentPossible(sharedW + commonName, nameW + ownName, q.nameMass)) continue;
        // Step 3: the common features it really has.
        this.lastExamined++;
        const doc = e.features[mode];
        let dot = dotW;
        let sq = squaresW + ownSquares;
        let sharedName = sharedW;
        let entryName = nameW + ownName;
        for (const c of commonKeys) {
          const tf = doc.all.get(c.k);
          if (tf === undefined) continue;
          const d = tf * c.idf;
          dot += c.x * d;
          sq += d * d;
          const tfName = doc.name.get(c.k) ?? 0;
          sharedName += Math.min(c.qName, tfName) * c.idf;
          entryName += tfName * c.idf;
        }
        if ((dot * dot) / sq >= cosineLimit2 * (1 - 1e-9)) score(e);
        else if (containmentPossible(sharedName, entryName, q.nameMass)) {
          // Only a name containment can still report it: the names alone tell, before the whole entry is scored.
          const names = nameMatch(q, doc);
          if (nameContainmentScore(names.overlap, names.ratio) > 0) score(e, names);
        }
      }
    }
    out.sort(compareSimilar);
    return options.limit !== undefined ? out.slice(0, options.limit) : out;
  }
}
