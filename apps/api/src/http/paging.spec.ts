import { createHash } from 'node:crypto';
import { readPaging } from './paging';
import { ProblemException } from './problem';

const query = { asOf: '2024-07-03', limit: '10' };
const payload = (cursor: string) => JSON.parse(Buffer.from(cursor.split('.')[0], 'base64url').toString('utf8'));
const status = (f: () => unknown) => {
  try {
    f();
    return 200;
  } catch (e) {
    return e instanceof ProblemException ? e.status : 500;
  }
};

describe('catalogue cursors', () => {
  it('carry the key of the last entry given beside the offset and the point, and give them back', () => {
    const key: [string, string, string] = ['BTC', 'cong dich vu cong', 'a1b2'];
    const cursor = readPaging(query, 'catalogue')!.next({ offset: 10, position: 42, asOf: '2024-07-03', key });
    expect(payload(cursor)).toMatchObject({ o: 10, p: 42, d: '2024-07-03', x: key });
    expect(readPaging({ ...query, cursor }, 'catalogue')!.state).toEqual({ offset: 10, position: 42, asOf: '2024-07-03', key, after: undefined });
  });

  it('issued before keys (an offset only) still decode, to their offset', () => {
    const cursor = readPaging(query, 'catalogue')!.next({ offset: 20, position: 42, asOf: '2024-07-03' });
    expect(payload(cursor)).not.toHaveProperty('x');
    const state = readPaging({ ...query, cursor }, 'catalogue')!.state;
    expect(state).toMatchObject({ offset: 20, position: 42, asOf: '2024-07-03' });
    expect(state.key).toBeUndefined();
  });

  it('room for the longest key: a name of 300 characters that JSON escapes', () => {
    const key: [string, string, string] = ['BKHDT', '\u0001'.repeat(300), 'x'.repeat(40)];
    const cursor = readPaging(query, 'catalogue')!.next({ offset: 10, position: 1, asOf: '2024-07-03', key });
    expect(readPaging({ ...query, cursor }, 'catalogue')!.state.key).toEqual(key);
  });

  it('with a key that is not three texts are 400', () => {
    for (const x of [['BTC', 'a'], ['BTC', 'a', 3], 'BTC', { owner: 'BTC' }]) {
      // Signed like a real cursor, so that only the key is wrong.
      const good = readPaging(query, 'catalogue')!.next({ offset: 10, position: 1, asOf: '2024-07-03', key: ['A', 'b', 'c'] });
      const body = Buffer.from(JSON.stringify({ ...payload(good), x })).toString('base64url');
      const cursor = `${body}.${createHash('sha256').update(`ndp-cursor-v1|${body}`).digest('base64url').slice(0, 16)}`;
      expect({ x, status: status(() => readPaging({ ...query, cursor }, 'catalogue')) }).toEqual({ x, status: 400 });
    }
  });
});
