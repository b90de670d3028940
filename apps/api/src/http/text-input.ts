import type { IncomingMessage } from 'node:http';
import { ProblemException } from './problem';
import type { FieldError } from './problem';

/**
 * Text that cannot corrupt the record. Every string that comes in (JSON bodies, query values,
 * the cells of an imported file) is normalised to NFC, so that a name typed on a system that
 * decomposes accents (macOS, some Vietnamese input methods) is the same name, byte for byte.
 * Refused, naming the field: control characters (C0, DEL, C1; line breaks and tabs are allowed
 * only in multi-line fields such as `description`), bidirectional overrides and isolates
 * (the "Trojan Source" characters, which make a text display differently from what it says),
 * and lone surrogates (not Unicode text at all; they cannot be stored as UTF-8).
 */

/** Fields whose text may span lines (and hold tabs): the description, and an imported file's text. */
export const MULTILINE_FIELDS: ReadonlySet<string> = new Set(['description', 'content']);

const LINE_BREAKS_AND_TAB = /[\t\n\r\u2028\u2029]/;
// C0 controls, DEL and C1 controls; line breaks and the tab are judged separately.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const isWellFormed = (s: string) => !LONE_SURROGATE.test(s);

const codePoint = (s: string, re: RegExp) => {
  const m = re.exec(s);
  return m ? `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : '';
};

/** Why a text may not be recorded, or null when it may. */
export function textProblem(value: string, multiline: boolean): string | null {
  if (!isWellFormed(value)) return 'contains a lone surrogate: not valid Unicode text';
  if (CONTROL.test(value)) return `contains a control character (${codePoint(value, CONTROL)})`;
  if (!multiline && LINE_BREAKS_AND_TAB.test(value))
    return `contains a line break or tab (${codePoint(value, LINE_BREAKS_AND_TAB)}), allowed only in a description`;
  if (BIDI_CONTROL.test(value)) return `contains a bidirectional override or isolate (${codePoint(value, BIDI_CONTROL)})`;
  return null;
}

// White space (NBSP, ideographic space… included), default-ignorable code points (zero-width
// space, joiners, word joiner, BOM, soft hyphen, Hangul fillers, variation selectors…), other
// format characters, and the blank Braille pattern: none of them shows anything.
const INVISIBLE = /[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cf}\u2800]/gu;

/** True when a text shows nothing: empty, spaces, or only invisible characters. */
export function isBlankText(value: string): boolean {
  return value.replace(INVISIBLE, '').length === 0;
}

type Container = Record<string, unknown> | unknown[];

/** Rewrites, in place, every string of a parsed JSON value to NFC. Iterative: depth is bounded elsewhere. */
export function normaliseStrings<T>(value: T): T {
  if (typeof value === 'string') return value.normalize('NFC') as T;
  const stack: Container[] = value !== null && typeof value === 'object' ? [value as Container] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const key of Object.keys(node)) {
      const v = (node as Record<string, unknown>)[key];
      if (typeof v === 'string') {
        const nfc = v.normalize('NFC');
        if (nfc !== v) (node as Record<string, unknown>)[key] = nfc;
      } else if (v !== null && typeof v === 'object') stack.push(v as Container);
    }
  }
  return value;
}

/** Every string of a parsed JSON value that may not be recorded, by its field path (`legalBasis.documentNumber`, `coMinistries.0`). */
export function findTextProblems(value: unknown, prefix = ''): FieldError[] {
  const errors: FieldError[] = [];
  const stack: Array<{ value: unknown; path: string; multiline: boolean }> = [{ value, path: prefix, multiline: MULTILINE_FIELDS.has(prefix) }];
  while (stack.length > 0 && errors.length < 50) {
    const node = stack.pop()!;
    if (typeof node.value === 'string') {
      const problem = textProblem(node.value, node.multiline);
      if (problem) errors.push({ field: node.path || 'body', message: `${node.path || 'body'} ${problem}` });
      continue;
    }
    if (node.value === null || typeof node.value !== 'object') continue;
    for (const key of Object.keys(node.value)) {
      if (!isWellFormed(key) || CONTROL.test(key) || BIDI_CONTROL.test(key) || LINE_BREAKS_AND_TAB.test(key)) {
        errors.push({ field: node.path || 'body', message: `${node.path || 'body'} has a field name that is not plain text` });
        continue;
      }
      const path = node.path ? `${node.path}.${key}` : key;
      const multiline = node.multiline || (!Array.isArray(node.value) && MULTILINE_FIELDS.has(key));
      stack.push({ value: (node.value as Record<string, unknown>)[key], path, multiline });
    }
  }
  return errors.sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
}

// ---------------------------------------------------------------- raw JSON bodies

/**
 * The first key that appears twice in one object of a JSON text, as a field path, or null.
 * JSON.parse keeps the last of two equal keys silently, so `{"name":"a","name":"b"}` would be
 * read as something other than what a reviewer of the request sees. Keys are compared after
 * unescaping and NFC (`"n\u0061me"` is `"name"`). A small scanner, linear in the text; on
 * anything that is not JSON it stops and leaves the error to the parser.
 */
export function findDuplicateKey(text: string): string | null {
  type Frame = { object: boolean; keys: Set<string>; key: string | null; index: number; path: string };
  const stack: Frame[] = [];
  const pathOf = (f: Frame | undefined) => {
    if (!f) return '';
    const own = f.object ? f.key : String(f.index);
    return f.path ? `${f.path}.${own}` : (own ?? '');
  };
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) return null;
      const top = stack[stack.length - 1];
      if (expectKey && top?.object) {
        let key: string;
        try {
          key = (JSON.parse(text.slice(i, j + 1)) as string).normalize('NFC');
        } catch {
          return null;
        }
        const path = top.path ? `${top.path}.${key}` : key;
        if (top.keys.has(key)) return path;
        top.keys.add(key);
        top.key = key;
        expectKey = false;
      }
      i = j;
    } else if (c === '{' || c === '[') {
      const parent = stack[stack.length - 1];
      stack.push({ object: c === '{', keys: new Set(), key: null, index: 0, path: pathOf(parent) });
      expectKey = c === '{';
    } else if (c === '}' || c === ']') {
      stack.pop();
      expectKey = false;
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (!top) return null;
      if (top.object) expectKey = true;
      else top.index++;
    }
  }
  return null;
}

const invalidBody = (code: string, title: string, detail: string, errors: FieldError[]) => new ProblemException(400, code, title, detail, { errors });

/**
 * body-parser's `verify` hook for JSON: sees the raw bytes before they are decoded. body-parser
 * decodes invalid UTF-8 into U+FFFD silently; here a body that is not valid text in its charset
 * is refused (400 invalid-encoding), and so is a body with a key twice in one object (400
 * duplicate-key). A ProblemException thrown here reaches the problem filter as is.
 */
export function verifyJsonBody(_req: IncomingMessage, _res: unknown, buf: Buffer, encoding: string | null): void {
  let text: string;
  try {
    text = new TextDecoder(encoding ?? 'utf-8', { fatal: true }).decode(buf);
  } catch (e) {
    if (e instanceof RangeError) return; // a charset TextDecoder does not know: body-parser answers 415
    throw invalidBody('invalid-encoding', 'Invalid text encoding', `The body is not valid ${(encoding ?? 'utf-8').toUpperCase()}`, [
      { field: 'body', message: `the body is not valid ${(encoding ?? 'utf-8').toUpperCase()} text` },
    ]);
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate !== null)
    throw invalidBody('duplicate-key', 'Duplicate key in JSON body', `The body names ${duplicate} twice`, [
      { field: duplicate, message: `${duplicate} appears twice in the same object` },
    ]);
}
