import { comparePlatforms, PlatformView } from '../queries/presenters';
import { hasDiacritics, Token, tokenize } from './tokens';

/** Fields searched, with how much a match in each counts: a match in the name matters most. */
export const SEARCH_FIELDS = ['name', 'ministry', 'operator', 'description'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];
export const FIELD_WEIGHTS: Record<SearchField, number> = { name: 8, ministry: 4, operator: 2, description: 1 };

/** A whole word matches fully; a word that only begins with the query word counts this much. */
export const PREFIX_QUALITY = 0.7;
/** Entries that miss some query words are kept when the words they do match carry at least this share of the query's weight. */
export const PARTIAL_COVERAGE = 0.5;
/**
 * A query typed with diacritics says which word it means ("ấn" is not "an", "đầu" is not "đấu"):
 * an entry word that equals it only once both are folded counts this much of a match with the
 * same diacritics (a word that only begins like it does not match at all), and entries matching
 * every word with its diacritics rank before the others.
 */
export const FOLDED_ONLY_QUALITY = 0.3;

export interface SearchMatch {
  field: SearchField;
  /** The entry's words (as written) that matched, in the order they appear. */
  words: string[];
}

export interface SearchHit {
  platform: PlatformView;
  /** 0–1: how well the entry answers the query. */
  score: number;
  /** True when every word of the query was found (as a word, or as the beginning of one). */
  matchedAll: boolean;
  matched: SearchMatch[];
}

export interface SearchOptions {
  /** 'all': only entries matching every query word; 'best' (default) also the close partial matches, after them. */
  match?: 'all' | 'best';
  limit?: number;
}

interface IndexedEntry {
  platform: PlatformView;
  fields: Record<SearchField, Token[]>;
  /** The folded words of the name joined by single spaces, for phrase matches. */
  namePhrase: string;
  allPhrase: string;
}

function index(p: PlatformView): IndexedEntry {
  const fields: Record<SearchField, Token[]> = {
    name: [...tokenize(p.name), ...tokenize(p.code)],
    ministry: [...tokenize(p.ownerMinistryName), ...tokenize(p.ownerMinistry)],
    operator: tokenize(p.operator),
    description: tokenize(p.description),
  };
  const phrase = (ts: Token[]) => ` ${ts.map((t) => t.folded).join(' ')} `;
  return {
    platform: p,
    fields,
    namePhrase: phrase(fields.name),
    allPhrase: SEARCH_FIELDS.map((f) => phrase(fields[f])).join('|'),
  };
}

/** The distinct folded words of a query, in order. */
export function queryWords(q: string): string[] {
  return [...new Set(tokenize(q).map((t) => t.folded))];
}

/**
 * The distinct words of a query, folded and (for a query typed with diacritics) as typed, lower
 * case. Without diacritics anywhere in the query, `accented` is null: the query is matched folded.
 */
function queryTerms(q: string): Array<{ folded: string; accented: string | null }> {
  const accents = hasDiacritics(q);
  const seen = new Map<string, string | null>();
  for (const t of tokenize(q)) if (!seen.has(t.folded)) seen.set(t.folded, accents ? t.lower : null);
  return [...seen].map(([folded, accented]) => ({ folded, accented }));
}

/**
 * Ranks catalogue entries for a query, without regard to case or diacritics (đ included).
 * Each query word matches a word of the entry that equals it or begins with it ("hoa don"
 * finds "hóa đơn", "dien" finds "điện"). Query words are weighted by how rare they are among
 * the entries (a word every entry has tells little), matches by the field they are in
 * (name > ministry > operator > description). Entries matching every word come first, then
 * the others whose matched words carry at least half of the query's weight (entries with
 * every word as a whole word before those where some word only begins a word); within each,
 * by score, then in catalogue order. A query typed with diacritics is taken at its word: entry
 * words with the same diacritics match fully, words equal only once folded count
 * {@link FOLDED_ONLY_QUALITY} and rank their entry after those matching every word with its
 * diacritics ("ấn chỉ" finds "ấn chỉ thuế" first, "Công an" / "thu chi" later if at all). A query
 * without diacritics matches folded, as before: "hoa don dien tu" finds "hóa đơn điện tử".
 */
export function searchPlatforms(platforms: readonly PlatformView[], q: string, options: SearchOptions = {}): { total: number; results: SearchHit[] } {
  const terms = queryTerms(q);
  const words = terms.map((t) => t.folded);
  if (words.length === 0) return { total: 0, results: [] };
  const entries = platforms.map(index);
  const n = entries.length;

  // Per entry and query word: the best (field weight × quality), and the words that matched.
  const matches = entries.map((e) =>
    terms.map(({ folded: w, accented }) => {
      let best = 0;
      let quality = 0;
      let accentsAgree = accented === null;
      let foldedFound = false;
      const hits: Array<{ field: SearchField; word: string; at: number }> = [];
      for (const field of SEARCH_FIELDS) {
        for (const [at, t] of e.fields[field].entries()) {
          if (!t.folded.startsWith(w)) continue;
          foldedFound = true;
          const agree = accented === null || t.lower.startsWith(accented);
          // Both a different word and only its beginning ("chỉ" against "chính"): not a match.
          if (!agree && t.folded !== w) continue;
          accentsAgree ||= agree;
          const qual = (t.folded === w ? 1 : PREFIX_QUALITY) * (agree ? 1 : FOLDED_ONLY_QUALITY);
          quality = Math.max(quality, qual);
          best = Math.max(best, (FIELD_WEIGHTS[field] / FIELD_WEIGHTS.name) * qual);
          hits.push({ field, word: t.text, at });
        }
      }
      return { best, quality, accentsAgree, foldedFound, hits };
    }),
  );
  // Rarer words weigh more (inverse document frequency over the entries searched). Counted
  // folded, so that a query's weights do not depend on its diacritics.
  const weights = words.map((_, i) => {
    const df = matches.reduce((k, m) => k + (m[i].foldedFound ? 1 : 0), 0);
    return Math.log(1 + (n + 1) / (df + 1));
  });
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const phrase = ` ${words.join(' ')}`;

  const hits: Array<SearchHit & { tier: number }> = [];
  entries.forEach((e, ei) => {
    const m = matches[ei];
    const matchedAll = m.every((x) => x.quality > 0);
    const coverage = m.reduce((s, x, i) => s + weights[i] * x.quality, 0) / totalWeight;
    if (!matchedAll && (options.match === 'all' || coverage < PARTIAL_COVERAGE)) return;
    if (coverage === 0) return;
    const fieldScore = m.reduce((s, x, i) => s + weights[i] * x.best, 0) / totalWeight;
    const phraseScore = words.length < 2 ? (matchedAll ? 1 : 0) : e.namePhrase.includes(phrase) ? 1 : e.allPhrase.includes(phrase) ? 0.5 : 0;
    const score = Math.round((0.8 * fieldScore + 0.2 * phraseScore) * 1000) / 1000;
    // Every word found as a whole word (with the query's diacritics, when it has them), then
    // every word found with its diacritics (some as a beginning), then every word found, then the rest.
    const accentsAgree = m.every((x) => x.accentsAgree);
    const tier = matchedAll ? (accentsAgree ? (m.every((x) => x.quality === 1) ? 3 : 2) : 1) : 0;
    hits.push({ platform: e.platform, score, matchedAll, matched: groupMatches(m.flatMap((x) => x.hits)), tier });
  });
  hits.sort((a, b) => b.tier - a.tier || b.score - a.score || comparePlatforms(a.platform, b.platform));
  const results = hits.map(({ tier, ...hit }) => (void tier, hit));
  return { total: results.length, results: options.limit !== undefined ? results.slice(0, options.limit) : results };
}

function groupMatches(hits: Array<{ field: SearchField; word: string; at: number }>): SearchMatch[] {
  const out: SearchMatch[] = [];
  for (const field of SEARCH_FIELDS) {
    const inField = hits.filter((h) => h.field === field).sort((a, b) => a.at - b.at);
    const words = [...new Set(inField.map((h) => h.word))];
    if (words.length) out.push({ field, words });
  }
  return out;
}
