import Database from 'better-sqlite3';
import { foldVietnamese } from '@ndp/catalogue';
import { prng } from '../testing/random-history';
import { testSeed } from '../../../../test/support/seeded-random';
import { compareFolded, compareText } from './presenters';

// Characters where UTF-16 order and code point order part (U+E000–U+FFFF against beyond U+FFFF),
// beside Vietnamese letters before and after folding, ASCII and a control character.
const ALPHABET = ['a', 'b', 'Z', ' ', '0', 'đ', 'Đ', 'ơ', 'ư', 'ế', 'Ậ', '\u0001', '\ue000', '\uff5e', '\ufffd', '😀', '𝔸', '\u{10ffff}'];
const SEED = testSeed('catalogue order');

function randomText(rnd: () => number): string {
  let s = '';
  for (let n = Math.floor(rnd() * 6); n > 0; n--) s += ALPHABET[Math.floor(rnd() * ALPHABET.length)];
  return s;
}

/** A page is a range of the index `current_order`: SQLite must order its keys as the catalogue does. */
describe('catalogue order = SQLite BINARY order', () => {
  it('compareText orders random texts (with characters beyond U+FFFF) as SQLite orders them', () => {
    const rnd = prng(SEED);
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (n INTEGER PRIMARY KEY, s TEXT NOT NULL)');
    const texts = Array.from({ length: 2000 }, () => randomText(rnd));
    const insert = db.prepare('INSERT INTO t (n, s) VALUES (?, ?)');
    texts.forEach((s, n) => insert.run(n, s));
    const bySqlite = db.prepare('SELECT s FROM t ORDER BY s, n').pluck().all() as string[];
    expect([...texts].sort(compareText)).toEqual(bySqlite);
    // The case that makes `<` wrong: U+FF5E sorts before U+1F600 in code points, after it in UTF-16.
    expect(compareText('\uff5e', '😀')).toBe(-1);
    expect('\uff5e' < '😀').toBe(false);
    db.close();
  });

  it('compareFolded orders (owner, folded name, id) keys as an index over the three columns does', () => {
    const rnd = prng(SEED + 1);
    const db = new Database(':memory:');
    db.exec('CREATE TABLE k (owner TEXT, sort_name TEXT, stream_id TEXT); CREATE INDEX k_order ON k (owner, sort_name, stream_id)');
    const owners = ['BTC', 'BCA', 'BKHDT', 'BTTTT-2'];
    const keys = Array.from({ length: 1500 }, (_, i) => ({
      owner: owners[Math.floor(rnd() * owners.length)],
      name: foldVietnamese(randomText(rnd)),
      id: `${Math.floor(rnd() * 50)}-${i}`,
    }));
    const insert = db.prepare('INSERT INTO k VALUES (?, ?, ?)');
    for (const k of keys) insert.run(k.owner, k.name, `platform-${k.id}`);
    const bySqlite = db.prepare('SELECT owner, sort_name, substr(stream_id, 10) FROM k INDEXED BY k_order ORDER BY owner, sort_name, stream_id').raw().all();
    const byJs = [...keys].sort((a, b) => compareFolded(a.owner, a.name, a.id, b.owner, b.name, b.id)).map((k) => [k.owner, k.name, k.id]);
    expect(byJs).toEqual(bySqlite);
    db.close();
  });
});
