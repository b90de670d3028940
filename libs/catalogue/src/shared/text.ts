/**
 * Folds Vietnamese text for matching: lower case, diacritics removed, đ → d.
 * "Hóa đơn điện tử" and "hoa don dien tu" fold to the same string.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}

/** A URL- and stream-safe identifier from a document number: "2765/BTTTT-CĐSQG" → "2765-BTTTT-CDSQG". */
export function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
