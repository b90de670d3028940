import type { PlatformView } from '../queries/presenters';
import {
  compareSimilar,
  MIN_SIMILARITY,
  NAME_CONTAINMENT,
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

interface IndexedEntry {
  platform: PlatformView;
  features: Record<Mode, TextFeatures>;
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
 * NAME_WEIGHT_RATIO of the proposal's name weight), an entry sharing only those cannot be
 * reported. Only the entries having one of the remaining, rarer features are looked at, and of
 * those only the ones for which the same two bounds, taken over the features they do have (the
 * rarer ones they have, plus all the common ones), reach the limits are scored.
 */
export class SimilarityIndex {
  private readonly entries = new Map<string, IndexedEntry>();
  private readonly postings: Record<Mode, Map<string, Set<string>>> = { accented: new Map(), folded: new Map() };
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
    this.entries.set(platform.id, { platform, features });
    for (const mode of ['accented', 'folded'] as const)
      for (const k of features[mode].all.keys()) {
        let ids = this.postings[mode].get(k);
        if (!ids) this.postings[mode].set(k, (ids = new Set()));
        ids.add(platform.id);
      }
  }

  remove(id: string): void {
    const old = this.entries.get(id);
    if (!old) return;
    this.entries.delete(id);
    for (const mode of ['accented', 'folded'] as const)
      for (const k of old.features[mode].all.keys()) {
        const ids = this.postings[mode].get(k)!;
        ids.delete(id);
        if (ids.size === 0) this.postings[mode].delete(k);
      }
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
    const score = (id: string) => {
      if (options.exclude?.has(id)) return;
      const e = this.entries.get(id)!;
      this.lastScored++;
      const hit = scoreEntry(q, e.platform, e.features[mode], minScore);
      if (hit) out.push(hit);
    };
    if (minScore <= 0.001) {
      for (const id of this.entries.keys()) score(id); // an entry sharing nothing scores 0, which such a minimum keeps
    } else {
      // A rounded score of minScore needs a cosine of minScore - 0.0005; the 1e-9 margins keep
      // the floating-point sums on the safe side (scoring one entry too many, never one too few).
      const cosineLimit = (minScore - 0.0005) * q.norm * (1 - 1e-9);
      const nameLimit = NAME_CONTAINMENT * NAME_WEIGHT_RATIO * q.nameMass * (1 - 1e-9);
      const keys = [...q.vector.keys()].sort((a, b) => df(b) - df(a));
      let squares = 0;
      let nameWeight = 0;
      let common = 0;
      for (const k of keys) {
        const x = q.vector.get(k)!;
        const w = (features.name.get(k) ?? 0) * q.idf(k);
        if (Math.sqrt(squares + x * x) >= cosineLimit || nameWeight + w >= nameLimit) break;
        squares += x * x;
        nameWeight += w;
        common++;
      }
      // Per entry, what the rarer features it has could add to what the common ones could: an
      // entry whose bound stays under both limits is not scored (the same bounds, per entry).
      const bounds = new Map<string, { squares: number; nameWeight: number }>();
      for (const k of keys.slice(common)) {
        const x = q.vector.get(k)!;
        const w = (features.name.get(k) ?? 0) * q.idf(k);
        for (const id of postings.get(k) ?? []) {
          const b = bounds.get(id);
          if (b) {
            b.squares += x * x;
            b.nameWeight += w;
          } else bounds.set(id, { squares: squares + x * x, nameWeight: nameWeight + w });
        }
      }
      // Those that pass, with the common features they really have instead of all of them.
      const commonKeys = keys.slice(0, common).map((k) => ({ k, xx: q.vector.get(k)! ** 2, w: (features.name.get(k) ?? 0) * q.idf(k) }));
      for (const [id, b] of bounds) {
        if (Math.sqrt(b.squares) < cosineLimit && b.nameWeight < nameLimit) continue;
        const doc = this.entries.get(id)!.features[mode].all;
        let s2 = b.squares - squares;
        let n2 = b.nameWeight - nameWeight;
        for (const c of commonKeys)
          if (doc.has(c.k)) {
            s2 += c.xx;
            n2 += c.w;
          }
        if (Math.sqrt(s2) * (1 + 1e-9) >= cosineLimit || n2 * (1 + 1e-9) >= nameLimit) score(id);
      }
    }
    out.sort(compareSimilar);
    return options.limit !== undefined ? out.slice(0, options.limit) : out;
  }
}
