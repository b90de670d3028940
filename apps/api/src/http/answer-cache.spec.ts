import { AnswerCache } from './answer-cache';
import { answerKey, answerTag, noneMatchHits } from './cached-read.interceptor';
import { NEVER_MATCHES, parseIfMatch } from './command-request';

const answer = (body: string, etag = '"t"') => ({ body, etag });

describe('AnswerCache', () => {
  it('keeps answers of the current position only, and drops them all when the position moves', () => {
    const cache = new AnswerCache();
    cache.set(5, 'a', answer('{"a":1}'));
    expect(cache.get(5, 'a')?.body).toBe('{"a":1}');
    expect(cache.get(6, 'a')).toBeUndefined();
    cache.set(6, 'b', answer('{"b":1}'));
    expect(cache.get(6, 'a')).toBeUndefined();
    expect(cache.get(5, 'a')).toBeUndefined();
    expect(cache.size).toBe(1);
    // A late answer of an older position is not kept over newer ones.
    cache.set(5, 'a', answer('{"a":1}'));
    expect(cache.get(6, 'b')?.body).toBe('{"b":1}');
    expect(cache.size).toBe(1);
  });

  it('stays within its byte bound, dropping the least recently used first', () => {
    const body = 'x'.repeat(400);
    const cache = new AnswerCache(3000, 3000); // room for two entries of ~1 KB each
    cache.set(1, 'k1', answer(body));
    cache.set(1, 'k2', answer(body));
    expect(cache.get(1, 'k1')).toBeDefined(); // k1 is now more recent than k2
    cache.set(1, 'k3', answer(body));
    expect(cache.bytes).toBeLessThanOrEqual(3000);
    expect(cache.get(1, 'k2')).toBeUndefined();
    expect(cache.get(1, 'k1')).toBeDefined();
    expect(cache.get(1, 'k3')).toBeDefined();
  });

  it('does not keep an answer larger than an entry may be, nor anything with no room at all', () => {
    const cache = new AnswerCache(10_000, 1000);
    cache.set(1, 'big', answer('x'.repeat(600)));
    expect(cache.get(1, 'big')).toBeUndefined();
    const off = new AnswerCache(0);
    off.set(1, 'a', answer('{}'));
    expect(off.get(1, 'a')).toBeUndefined();
  });
  it('answers an alias as its key while that answer is kept, counting the body once', () => {
    const body = 'x'.repeat(400);
    const cache = new AnswerCache(3000, 3000); // room for two answers of ~1 KB each, not three
    cache.set(1, 'k1', answer(body));
    const one = cache.bytes;
    cache.alias(1, 'line1', 'k1');
    expect(cache.get(1, 'line1')?.body).toBe(body);
    expect(cache.bytes - one).toBe(2 * 'line1'.length + 200);
    cache.alias(1, 'nothing', 'no-such-key');
    expect(cache.get(1, 'nothing')).toBeUndefined();
    cache.set(1, 'k2', answer(body));
    expect(cache.get(1, 'k1')).toBeDefined(); // still room: the alias did not count the body again
    cache.set(1, 'k3', answer(body)); // pushes out the least recently used answer, k2
    expect(cache.get(1, 'k2')).toBeUndefined();
    cache.set(1, 'k4', answer(body)); // now k1 goes (line1 was read after k1, but answers nothing alone)
    expect(cache.get(1, 'k1')).toBeUndefined();
    expect(cache.get(1, 'line1')).toBeUndefined();
    expect(cache.get(2, 'line1')).toBeUndefined();
  });
});

describe('answer keys and tags', () => {
  it('ignore parameter order and minPosition, and separate everything the answer depends on', () => {
    const key = answerKey('C.get', { id: 'x' }, { b: '2', a: '1' }, '2025-03-10', false);
    expect(answerKey('C.get', { id: 'x' }, { a: '1', b: '2', minPosition: '9' }, '2025-03-10', false)).toBe(key);
    const others = [
      answerKey('C.other', { id: 'x' }, { a: '1', b: '2' }, '2025-03-10', false),
      answerKey('C.get', { id: 'y' }, { a: '1', b: '2' }, '2025-03-10', false),
      answerKey('C.get', { id: 'x' }, { a: '1', b: '3' }, '2025-03-10', false),
      answerKey('C.get', { id: 'x' }, { a: '1', b: '2' }, '2025-03-11', false),
      answerKey('C.get', { id: 'x' }, { a: '1', b: '2' }, '2025-03-10', true),
    ];
    expect(new Set([key, ...others]).size).toBe(6);
    expect(answerTag(7, key)).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
    expect(answerTag(7, key)).toBe(answerTag(7, key));
    expect(answerTag(8, key)).not.toBe(answerTag(7, key));
    expect(answerTag(7, key, '3.')).toMatch(/^"3\.[A-Za-z0-9_-]{22}"$/);
  });

  it('If-None-Match compares weakly, in lists, and * matches', () => {
    expect(noneMatchHits('"a"', '"a"')).toBe(true);
    expect(noneMatchHits('W/"a"', '"a"')).toBe(true);
    expect(noneMatchHits('"b", W/"a"', '"a"')).toBe(true);
    expect(noneMatchHits('*', '"a"')).toBe(true);
    expect(noneMatchHits('"b"', '"a"')).toBe(false);
    expect(noneMatchHits('a', '"a"')).toBe(false);
    expect(noneMatchHits(undefined, '"a"')).toBe(false);
  });

  it('If-Match takes the revision from a read ETag, never from its weak form', () => {
    expect(parseIfMatch('"3"')).toBe(3);
    expect(parseIfMatch('3')).toBe(3);
    expect(parseIfMatch('"3.abcDEF_-0123456789abcd"')).toBe(3);
    expect(parseIfMatch('W/"3.abcDEF_-0123456789abcd"')).toBe(NEVER_MATCHES);
    expect(parseIfMatch('W/"3"')).toBe(NEVER_MATCHES);
    expect(() => parseIfMatch('"3.a b"')).toThrow();
    expect(() => parseIfMatch('3.abc')).toThrow();
    expect(() => parseIfMatch('"x.3"')).toThrow();
    expect(() => parseIfMatch('"1.5"')).toThrow(); // a tag's digest has 22 characters: not a decimal
  });
});
