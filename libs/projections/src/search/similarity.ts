import { comparePlatforms, PlatformView } from '../queries/presenters';
import { GENERIC_WEIGHT, hasDiacritics, isGenericWord, isStopPair, isStopWord, STOP_WEIGHT, Token, tokenize } from './tokens';

/** What a locality (or a ministry registering an entry) describes: a name and what it does. */
export interface ProposedSystem {
  name: string;
  description?: string | null;
}

export interface SimilarEntry {
  platform: PlatformView;
  /**
   * 0–1: the TF-IDF cosine of the weighted word vectors, raised to the name-containment score
   * when one name holds the other (see {@link nameContainmentScore}).
   */
  score: number;
  level: SimilarityLevel;
  /** Words of the entry (as written) that the proposal shares, stop words left out. */
  matchingWords: string[];
  /** 0–1: the share of the lighter name's weight that the other name also has. */
  nameOverlap: number;
}

export type SimilarityLevel = 'high' | 'medium' | 'low';

/** From this score on, a proposal very likely duplicates the entry: a registration gets a warning. */
export const HIGH_SIMILARITY = 0.6;
export const MEDIUM_SIMILARITY = 0.35;
/** Below this, an entry is not reported at all. */
export const MIN_SIMILARITY = 0.15;
/**
 * From this share of the lighter name's weight found in the other name, the names are taken as
 * one name holding the other ("Nền tảng khám, chữa bệnh từ xa" in "Nền tảng tư vấn khám, chữa
 * bệnh từ xa"), which is a duplicate however different the descriptions are.
 */
export const NAME_CONTAINMENT = 0.8;
/**
 * ...provided the lighter name weighs at least this share of the heavier: a name made of generic
 * words ("Hệ thống thông tin") or one distinctive word is held by many names that are other
 * systems, and a short name inside a long one that adds as much again is another system.
 */
export const NAME_WEIGHT_RATIO = 0.5;

export function similarityLevel(score: number): SimilarityLevel {
  return score >= HIGH_SIMILARITY ? 'high' : score >= MEDIUM_SIMILARITY ? 'medium' : 'low';
}

/**
 * The score that name containment gives: none below {@link NAME_CONTAINMENT} (or
 * {@link NAME_WEIGHT_RATIO}); from there {@link HIGH_SIMILARITY} (just contained) up to 1 (the
 * same name) as the lighter name is more fully held and the names weigh more alike, so that a
 * contained name warns and a closer one ranks higher.
 */
export function nameContainmentScore(overlap: number, weightRatio: number): number {
  if (weightRatio < NAME_WEIGHT_RATIO || overlap < NAME_CONTAINMENT) return 0;
  return HIGH_SIMILARITY + ((overlap - NAME_CONTAINMENT) / (1 - NAME_CONTAINMENT)) * weightRatio * (1 - HIGH_SIMILARITY);
}

/** A name counts twice as much as a description. */
const NAME_FACTOR = 2;

export type Features = Map<string, number>;

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

/** The features of a name and description (`all`), and of the name alone (`name`, for containment). */
export interface TextFeatures {
  all: Features;
  name: Features;
}

/**
 * Features of a name and description. With `accents`, words keep their diacritics ("văn bản"
 * and "vận tải" stay apart); without, they are folded, for a proposal typed without accents.
 */
export function textFeatures(name: string | null | undefined, description: string | null | undefined, accents: boolean): TextFeatures {
  const all: Features = new Map();
  const nameTokens = tokenize(name);
  addFeatures(all, nameTokens, NAME_FACTOR, accents);
  addFeatures(all, tokenize(description), 1, accents);
  const nameOnly: Features = new Map();
  addFeatures(nameOnly, nameTokens, 1, accents);
  return { all, name: nameOnly };
}

/** Entries are written with diacritics; a proposal typed without them is compared folded. */
export const proposalHasAccents = (proposal: ProposedSystem) => hasDiacritics(proposal.name) || hasDiacritics(proposal.description);

export interface SimilarityOptions {
  limit?: number;
  /** Greater than 0; default {@link MIN_SIMILARITY}. */
  minScore?: number;
  exclude?: ReadonlySet<string>;
}

/** The proposal as a weighted vector, once the document frequencies are known. */
export interface ScoredQuery {
  features: TextFeatures;
  accents: boolean;
  idf: (feature: string) => number;
  vector: Map<string, number>;
  norm: number;
  nameMass: number;
}

/**
 * Prepares the proposal for scoring. `df(k)` is the number of entries compared that have the
 * feature, `n` their number: IDF is taken over them plus the proposal, so what every entry says
 * ("hệ thống", "quốc gia") counts little and what few say ("hóa đơn", "dân cư") counts much.
 */
export function scoredQuery(features: TextFeatures, accents: boolean, df: (feature: string) => number, n: number): ScoredQuery {
  const cache = new Map<string, number>();
  const idf = (k: string) => {
    let x = cache.get(k);
    if (x === undefined) cache.set(k, (x = Math.log(1 + (n + 1) / (df(k) + (features.all.has(k) ? 1 : 0) || 1))));
    return x;
  };
  const vector = new Map<string, number>();
  let norm = 0;
  for (const [k, tf] of features.all) {
    const x = tf * idf(k);
    vector.set(k, x);
    norm += x * x;
  }
  return { features, accents, idf, vector, norm: Math.sqrt(norm), nameMass: mass(features.name, idf) };
}

function mass(f: Features, idf: (k: string) => number): number {
  let m = 0;
  for (const [k, tf] of f) m += tf * idf(k);
  return m;
}

/**
 * One entry's similarity to the proposal; null when it has no weight at all or scores below
 * `minScore` (its shared words are then not worked out). Shared by the scan and the index, so
 * that both answer the same to the last digit.
 */
export function scoreEntry(q: ScoredQuery, platform: PlatformView, doc: TextFeatures, minScore: number, names = nameMatch(q, doc)): SimilarEntry | null {
  let norm = 0;
  let dot = 0;
  for (const [k, tf] of doc.all) {
    const x = tf * q.idf(k);
    norm += x * x;
    const y = q.vector.get(k);
    if (y !== undefined) dot += x * y;
  }
  if (norm === 0) return null;
  const cosine = dot / (q.norm * Math.sqrt(norm));
  const score = Math.round(Math.max(cosine, nameContainmentScore(names.overlap, names.ratio)) * 1000) / 1000;
  if (score < minScore) return null;
  return {
    platform,
    score,
    level: similarityLevel(score),
    matchingWords: sharedWords(platform, q.features.all, q.accents),
    nameOverlap: Math.round(names.overlap * 1000) / 1000,
  };
}

/** How much one name holds of the other: the inputs of {@link nameContainmentScore}. */
export interface NameMatch {
  /** The share of the lighter name's weight that the other name also has. */
  overlap: number;
  /** The lighter name's weight over the heavier's. */
  ratio: number;
}

/**
 * The proposal's name against the entry's. Apart from {@link scoreEntry} so that the index can
 * rule out a name containment from the names alone (a dozen words) before scoring the whole
 * entry, with the very same arithmetic.
 */
export function nameMatch(q: ScoredQuery, doc: TextFeatures): NameMatch {
  const docMass = mass(doc.name, q.idf);
  let shared = 0;
  for (const [k, tf] of q.features.name) {
    const other = doc.name.get(k);
    if (other !== undefined) shared += Math.min(tf, other) * q.idf(k);
  }
  const lighter = Math.min(q.nameMass, docMass);
  const overlap = lighter > 0 ? shared / lighter : 0;
  const ratio = lighter > 0 ? lighter / Math.max(q.nameMass, docMass) : 0;
  return { overlap, ratio };
}

/** Entries in force first (a withdrawn one is shown, but is no longer what to reuse); then by score. */
export function compareSimilar(a: SimilarEntry, b: SimilarEntry): number {
  const aw = a.platform.status === 'withdrawn' ? 1 : 0;
  const bw = b.platform.status === 'withdrawn' ? 1 : 0;
  return aw - bw || b.score - a.score || comparePlatforms(a.platform, b.platform);
}

/**
 * The entries most like a proposed system, by TF-IDF cosine similarity over words and word
 * pairs of name and description (case ignored; diacritics kept when the proposal has them),
 * raised to {@link nameContainmentScore} when one name holds the other. Every entry given is
 * compared, withdrawn ones too: they come after those in force. This is the plain scan over the
 * entries; {@link SimilarityIndex} answers the same by scoring only the entries that can score.
 */
export function similarPlatforms(platforms: readonly PlatformView[], proposal: ProposedSystem, options: SimilarityOptions = {}): SimilarEntry[] {
  const candidates = platforms.filter((p) => !options.exclude?.has(p.id));
  const accents = proposalHasAccents(proposal);
  const docs = candidates.map((p) => textFeatures(p.name, p.description, accents));
  const df = new Map<string, number>();
  for (const d of docs) for (const k of d.all.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  const q = scoredQuery(textFeatures(proposal.name, proposal.description, accents), accents, (k) => df.get(k) ?? 0, docs.length);
  if (q.norm === 0) return [];
  const minScore = options.minScore ?? MIN_SIMILARITY;
  const out: SimilarEntry[] = [];
  candidates.forEach((p, i) => {
    const hit = scoreEntry(q, p, docs[i], minScore);
    if (hit) out.push(hit);
  });
  out.sort(compareSimilar);
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
