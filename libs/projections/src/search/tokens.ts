import { foldVietnamese } from '@ndp/catalogue';

/** One word of a text: as written (for showing) and folded (for matching). */
export interface Token {
  /** The word as it appears in the text, e.g. "Hóa". */
  text: string;
  /** Lower case, no diacritics, đ → d: "hoa". */
  folded: string;
  /** Lower case with its diacritics (NFC): "hóa". */
  lower: string;
}

// Letters (with their combining marks) and digits; everything else separates words.
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/**
 * Splits a text into words and folds each one, so that "Hóa đơn điện tử", "HOA DON DIEN TU"
 * and "hoa don dien tu" give the same folded words: hoa, don, dien, tu.
 */
export function tokenize(text: string | null | undefined): Token[] {
  if (!text) return [];
  const out: Token[] = [];
  for (const m of text.normalize('NFC').matchAll(WORD)) {
    const folded = foldVietnamese(m[0]).replace(/[^a-z0-9]/g, '');
    if (folded) out.push({ text: m[0], folded, lower: m[0].toLowerCase() });
  }
  return out;
}

/** True when the text carries Vietnamese diacritics (or đ): its accents can then be trusted. */
export function hasDiacritics(text: string | null | undefined): boolean {
  if (!text) return false;
  return /[\u0300-\u036f]/.test(text.normalize('NFD')) || /[đĐ]/.test(text);
}

/** The folded words of a text only. */
export function foldedWords(text: string | null | undefined): string[] {
  return tokenize(text).map((t) => t.folded);
}

/**
 * Vietnamese words that carry little meaning for telling entries apart: function words.
 * Written with their diacritics; {@link isStopWord} also knows them folded.
 */
export const STOP_WORDS: readonly string[] = [
  'của',
  'và',
  'các',
  'cho',
  'về',
  'với',
  'tại',
  'trên',
  'trong',
  'đối',
  'từ',
  'đến',
  'theo',
  'là',
  'để',
  'những',
  'một',
  'được',
  'này',
  'đó',
  'khi',
  'thì',
  'bởi',
  'hoặc',
  'cũng',
  'như',
  'có',
  'giữa',
];

/** Word pairs that name kinds of system rather than what a system does ("hệ thống", "cơ sở dữ liệu"). */
export const STOP_PAIRS: readonly string[] = [
  'hệ thống',
  'thông tin',
  'cơ sở',
  'sở dữ',
  'dữ liệu',
  'nền tảng',
  'ứng dụng',
  'phần mềm',
  'quản lý',
  'cổng thông',
  'triển khai',
  'dịch vụ',
  'trực tuyến',
  'toàn quốc',
  'quốc gia',
  'tập trung',
];

/** Weight of a stop word or pair against an ordinary one. */
export const STOP_WEIGHT = 0.2;
/** Weight of a syllable of a stop pair ("hệ", "thống", "dữ", "liệu"…) on its own. */
export const GENERIC_WEIGHT = 0.5;

const fold = (w: string) => foldVietnamese(w.normalize('NFC'));
const STOP = { accented: new Set(STOP_WORDS), folded: new Set(STOP_WORDS.map(fold)) };
const PAIRS = { accented: new Set(STOP_PAIRS), folded: new Set(STOP_PAIRS.map(fold)) };
const GENERIC = {
  accented: new Set(STOP_PAIRS.flatMap((p) => p.split(' '))),
  folded: new Set(STOP_PAIRS.flatMap((p) => fold(p).split(' '))),
};

/** Whether a word (lower case; with diacritics when `accents`, else folded) is a stop word. */
export const isStopWord = (word: string, accents: boolean) => (accents ? STOP.accented : STOP.folded).has(word);
/** Whether two words form a stop pair such as "hệ thống". */
export const isStopPair = (a: string, b: string, accents: boolean) => (accents ? PAIRS.accented : PAIRS.folded).has(`${a} ${b}`);
/** Whether a word is a syllable of a stop pair. */
export const isGenericWord = (word: string, accents: boolean) => (accents ? GENERIC.accented : GENERIC.folded).has(word);
