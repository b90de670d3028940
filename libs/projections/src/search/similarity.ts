import { comparePlatforms, PlatformView } from '../queries/presenters';
import { GENERIC_WEIGHT, hasDiacritics, isGenericWord, isStopPair, isStopWord, STOP_WEIGHT, Token, tokenize } from './tokens';

/** What a locality (or a ministry registering an entry) describes: a name and what it does. */
export interface ProposedSystem {
  name: string;
  description?: string | null;
}

export interface SimilarEntry {
  platform: PlatformView;
  /** Cosine similarity 0–1 of the weighted word vectors. */
  score: number;
  level: SimilarityLevel;
  /** Words of the entry (as written) that the proposal shares, stop words left out. */
  matchingWords: string[];
}

export type SimilarityLevel = 'high' | 'medium' | 'low';

/** From this score on, a proposal very likely duplicates the entry: a registration gets a warning. */
export const HIGH_SIMILARITY = 0.6;
export const MEDIUM_SIMILARITY = 0.35;
/** Below this, an entry is not reported at all. */
export const MIN_SIMILARITY = 0.15;

export function similarityLevel(score: number): SimilarityLevel {
  return score >= HIGH_SIMILARITY ? 'high' : score >= MEDIUM_SIMILARITY ? 'medium' : 'low';
}

/** A name counts twice as much as a description. */
const NAME_FACTOR = 2;

type Features = Map<string, number>;

/**
 * Weighted features of a text: syllables and pairs of adjacent syllables (Vietnamese words
 * are mostly two syllables: "hóa đơn", "điện tử"). Function words ("của", "và") and generic
 * pairs ("hệ thống", "thông tin", "cơ sở dữ liệu") weigh {@link STOP_WEIGHT}, the syllables
 * of those pairs alone {@link GENERIC_WEIGHT}.
 */
function addFeatures(into: Features, tokens: Token[], factor: number, accents: boolean): void {
  const keys = tokens.map((t) => (accents ? t.lower : t.folded));
  keys.forEach((w, i) => {
    const stop = isStopWord(w, accents);
    into.set(w, (into.get(w) ?? 0) + factor * (stop ? STOP_WEIGHT : isGenericWord(w, accents) ? GENERIC_WEIGHT : 1));
    if (i + 1 < keys.length) {
      const next = keys[i + 1];
      const weight = isStopPair(w, next, accents) ? STOP_WEIGHT : stop || isStopWord(next, accents) ? 0.5 : 1;
      into.set(`${w} ${next}`, (into.get(`${w} ${next}`) ?? 0) + factor * weight);
    }
  });
}

/**
 * Features of a name and description. With `accents`, words keep their diacritics ("văn bản"
 * and "vận tải" stay apart); without, they are folded, for a proposal typed without accents.
 */
function featuresOf(name: string | null | undefined, description: string | null | undefined, accents: boolean): Features {
  const f: Features = new Map();
  addFeatures(f, tokenize(name), NAME_FACTOR, accents);
  addFeatures(f, tokenize(description), 1, accents);
  return f;
}

/**
 * The entries most like a proposed system, by TF-IDF cosine similarity over folded words and
 * word pairs of name and description (case and diacritics ignored). IDF is taken over the
 * entries given plus the proposal, so what every entry says ("hệ thống", "quốc gia") counts
 * little and what few say ("hóa đơn", "dân cư") counts much.
 */
export function similarPlatforms(
  platforms: readonly PlatformView[],
  proposal: ProposedSystem,
  options: { limit?: number; minScore?: number; exclude?: ReadonlySet<string> } = {},
): SimilarEntry[] {
  const candidates = platforms.filter((p) => !options.exclude?.has(p.id));
  // Entries are written with diacritics; a proposal typed without them is compared folded.
  const accents = hasDiacritics(proposal.name) || hasDiacritics(proposal.description);
  const docs = candidates.map((p) => featuresOf(p.name, p.description, accents));
  const query = featuresOf(proposal.name, proposal.description, accents);
  const df = new Map<string, number>();
  for (const d of [...docs, query]) for (const k of d.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  const n = docs.length + 1;
  const idf = (k: string) => Math.log(1 + n / (df.get(k) ?? 1));
  const vector = (d: Features) => {
    const v = new Map<string, number>();
    let norm = 0;
    for (const [k, tf] of d) {
      const x = tf * idf(k);
      v.set(k, x);
      norm += x * x;
    }
    return { v, norm: Math.sqrt(norm) };
  };
  const q = vector(query);
  if (q.norm === 0) return [];
  const minScore = options.minScore ?? MIN_SIMILARITY;
  const out: SimilarEntry[] = [];
  candidates.forEach((p, i) => {
    const d = vector(docs[i]);
    if (d.norm === 0) return;
    let dot = 0;
    for (const [k, x] of q.v) dot += x * (d.v.get(k) ?? 0);
    const score = Math.round((dot / (q.norm * d.norm)) * 1000) / 1000;
    if (score < minScore) return;
    out.push({ platform: p, score, level: similarityLevel(score), matchingWords: sharedWords(p, query, accents) });
  });
  out.sort((a, b) => b.score - a.score || comparePlatforms(a.platform, b.platform));
  return options.limit !== undefined ? out.slice(0, options.limit) : out;
}

/** The entry's words, as written, whose folded form the proposal also has; stop words and generic syllables left out. */
function sharedWords(p: PlatformView, query: Features, accents: boolean): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of [...tokenize(p.name), ...tokenize(p.description)]) {
    const key = accents ? t.lower : t.folded;
    if (isStopWord(key, accents) || isGenericWord(key, accents) || !query.has(key) || seen.has(key)) continue;
    seen.add(key);
    out.push(t.lower);
  }
  return out;
}
