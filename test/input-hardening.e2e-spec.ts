import jwt from 'jsonwebtoken';
import { client, LEGAL, platformBody, registerMinistries, removeDir, Reply, startTestApp, TEST_SECRET, TestApp } from './support/test-app';

/**
 * Input that cannot corrupt the record (issue 11): every hostile request is refused with a
 * 400/401/422/429 problem naming the field, parameter or header, and the event log is exactly
 * as long after it as before. Each case has a control: the same request without the hostile
 * part succeeds, so that a broken endpoint cannot pass for a strict one.
 */

let t: TestApp;
let admin: ReturnType<typeof client>;
let entryId = '';
let entryRevision = 0;

beforeAll(async () => {
  t = await startTestApp();
  await registerMinistries(t, [
    { code: 'BTC', name: 'Bộ Tài chính' },
    { code: 'BQP', name: 'Bộ Quốc phòng' },
  ]);
  admin = client(t.url, t.token('mic-admin', undefined, 'mic:input'));
  const r = await admin.post('/v1/platforms', platformBody({ name: 'Hệ thống kiểm tra đầu vào' }));
  expect(r.status).toBe(201);
  entryId = r.body.id;
  entryRevision = r.body.revision;
});

afterAll(async () => {
  await t?.close();
  if (t) removeDir(t.dataDir);
});

/** Sends a request and checks: the status, problem+json, the field named, and nothing recorded. */
async function refused(send: () => Promise<Reply>, status: number, field?: string, type?: string): Promise<Reply> {
  const before = t.logLength();
  const r = await send();
  const after = t.logLength();
  expect({ status: r.status, recorded: after - before, body: r.body }).toMatchObject({ status, recorded: 0 });
  expect(r.headers.get('content-type') ?? '').toMatch(/^application\/problem\+json/);
  if (type) expect(r.body.type).toBe(`urn:ndp-catalogue:problem:${type}`);
  if (field !== undefined) expect((r.body.errors ?? []).map((e: { field: string }) => e.field)).toContain(field);
  return r;
}

/** Sends a request that must succeed and record something. */
async function accepted(send: () => Promise<Reply>, status = 201): Promise<Reply> {
  const before = t.logLength();
  const r = await send();
  expect({ status: r.status, body: r.body }).toMatchObject({ status });
  expect(t.logLength()).toBeGreaterThan(before);
  return r;
}

/** POST with a raw body (bytes or text) sent exactly as given. */
async function rawPost(path: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(t.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token('mic-admin', undefined, 'mic:input')}`, ...headers },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* keep text */
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

let counter = 0;
/** A fresh valid registration each time (names must not collide). */
const freshPlatform = (overrides: Record<string, unknown> = {}) => platformBody({ name: `Nền tảng thử nghiệm ${++counter}`, ...overrides });

describe('text is normalised to NFC', () => {
  it('an NFD name is stored, read and found as NFC: the same name', async () => {
    const nfc = 'Cổng dịch vụ công quốc gia thử NFC';
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    const r = await accepted(() => admin.post('/v1/platforms', platformBody({ name: nfd, description: 'Mô tả'.normalize('NFD') })));
    const read = await admin.get(`/v1/platforms/${r.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.name).toBe(nfc);
    expect(Buffer.from(read.body.name)).toEqual(Buffer.from(nfc));
    expect(read.body.description).toBe('Mô tả'.normalize('NFC'));
    // Searched by either spelling, it is found; and the NFC name is taken (the same name).
    for (const q of [nfc, nfd]) {
      const found = await admin.get(`/v1/search?q=${encodeURIComponent(q)}`);
      expect(found.status).toBe(200);
      expect(JSON.stringify(found.body)).toContain(r.body.id);
    }
  });
});

describe('text that cannot be recorded → 400 naming the field', () => {
  const HOSTILE: Array<[string, string]> = [
    ['a NUL', 'Cổng\u0000thông tin'],
    ['an ESC (C0)', 'Cổng\u001b[31m thông tin'],
    ['DEL', 'Cổng\u007f thông tin'],
    ['a C1 control (U+0085)', 'Cổng\u0085thông tin'],
    ['a line feed', 'Cổng\nthông tin'],
    ['a carriage return', 'Cổng\rthông tin'],
    ['a tab', 'Cổng\tthông tin'],
    ['a line separator U+2028', 'Cổng\u2028thông tin'],
    ['a right-to-left override U+202E', 'Cổng \u202Enit gnôht'],
    ['a left-to-right embedding U+202A', 'Cổng \u202Athông tin'],
    ['a first-strong isolate U+2068', 'Cổng \u2068thông tin\u2069'],
    ['a lone high surrogate', 'Cổng \ud800 thông tin'],
    ['a lone low surrogate', 'Cổng \udc00 thông tin'],
  ];

  it('control: the same registration without the hostile part succeeds', async () => {
    await accepted(() => admin.post('/v1/platforms', freshPlatform()));
  });

  it.each(HOSTILE)('name with %s', async (_, name) => {
    await refused(() => admin.post('/v1/platforms', freshPlatform({ name })), 400, 'name', 'invalid-input');
  });

  it.each(HOSTILE.filter(([what]) => !/line feed|carriage|tab|separator/.test(what)))('description with %s', async (_, description) => {
    await refused(() => admin.post('/v1/platforms', freshPlatform({ description })), 400, 'description');
  });

  it('description may hold line breaks and tabs', async () => {
    const r = await accepted(() => admin.post('/v1/platforms', freshPlatform({ description: 'Dòng một\r\nDòng hai\n\tthụt lề' })));
    expect((await admin.get(`/v1/platforms/${r.body.id}`)).body.description).toBe('Dòng một\r\nDòng hai\n\tthụt lề');
  });

  it.each([
    ['legalBasis.documentNumber', { legalBasis: { ...LEGAL, documentNumber: '15/QĐ\u202E-TEST' } }],
    ['legalBasis.signer', { legalBasis: { ...LEGAL, signer: 'Người\nký' } }],
    ['reason', { reason: 'Lý do\u0000' }],
    ['contact.name', { contact: { name: 'Nguyễn\u2066 Văn A' } }],
    ['operator', { operator: 'Đơn vị\u0007' }],
    ['coMinistries.0', { coMinistries: ['BQP\u0000'] }],
  ])('%s', async (field, overrides) => {
    await refused(() => admin.post('/v1/platforms', freshPlatform(overrides)), 400, field);
  });

  it('a lone surrogate written as a JSON escape ("\\ud800") in a ministry rename', async () => {
    const body = `{"name":"Bộ Quốc phòng \\ud800","effectiveDate":"2025-01-01","legalBasis":${JSON.stringify(LEGAL)}}`;
    await refused(() => rawPost('/v1/ministries/BQP/rename', body), 400, 'name');
    await accepted(() => rawPost('/v1/ministries/BQP/rename', body.replace('\\ud800', 'mới')), 200);
  });

  describe('required text made only of invisible characters', () => {
    const INVISIBLE: Array<[string, string]> = [
      ['zero-width spaces', '\u200B\u200B'],
      ['a zero-width joiner and non-joiner', '\u200D\u200C'],
      ['a word joiner', '\u2060'],
      ['a byte order mark', '\uFEFF'],
      ['a soft hyphen', '\u00AD'],
      ['no-break spaces', '\u00A0\u00A0'],
      ['an ideographic space and a zero-width space', '\u3000\u200B'],
    ];
    it.each(INVISIBLE)('name of %s', async (_, name) => {
      await refused(() => admin.post('/v1/platforms', freshPlatform({ name })), 400, 'name');
    });
    it.each(INVISIBLE)('legalBasis.documentNumber of %s', async (_, documentNumber) => {
      await refused(() => admin.post('/v1/platforms', freshPlatform({ legalBasis: { ...LEGAL, documentNumber } })), 400, 'legalBasis.documentNumber');
    });
    it.each(INVISIBLE)('withdrawal reason of %s', async (_, reason) => {
      await refused(
        () => admin.post(`/v1/platforms/${entryId}/withdraw`, { effectiveDate: '2024-09-01', reason, legalBasis: LEGAL }, { 'if-match': `"${entryRevision}"` }),
        400,
        'reason',
      );
    });
    it('control: a name with a zero-width joiner inside real text is a name', async () => {
      await accepted(() => admin.post('/v1/platforms', freshPlatform({ name: `Nền tảng\u200D có ZWJ ${++counter}` })));
    });
  });
});

describe('raw bodies', () => {
  const good = () => JSON.stringify(freshPlatform());

  it('control: a raw UTF-8 body is accepted', async () => {
    await accepted(() => rawPost('/v1/platforms', Buffer.from(good(), 'utf8')));
  });

  it.each<[string, (s: string) => Buffer]>([
    ['a lone continuation byte', (s) => Buffer.concat([Buffer.from(s.slice(0, 10), 'utf8'), Buffer.from([0x80]), Buffer.from(s.slice(10), 'utf8')])],
    [
      'a truncated sequence (0xC3 then ASCII)',
      (s) => Buffer.concat([Buffer.from(s.slice(0, 10), 'utf8'), Buffer.from([0xc3, 0x28]), Buffer.from(s.slice(10), 'utf8')]),
    ],
    [
      'an encoded surrogate (ED A0 80)',
      (s) => Buffer.concat([Buffer.from(s.slice(0, 10), 'utf8'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(s.slice(10), 'utf8')]),
    ],
    ['Latin-1 instead of UTF-8', (s) => Buffer.from(s, 'latin1')],
  ])('invalid UTF-8: %s → 400 invalid-encoding', async (_, make) => {
    await refused(() => rawPost('/v1/platforms', make(good())), 400, 'body', 'invalid-encoding');
  });

  it.each([
    [
      'a top-level key twice',
      '{"name":"A","kind":"portal","ownerMinistry":"BTC","deploymentStatus":"operational","effectiveDate":"2024-05-01","name":"B"}',
      'name',
    ],
    [
      'a key twice, once escaped',
      '{"name":"A","kind":"portal","ownerMinistry":"BTC","deploymentStatus":"operational","effectiveDate":"2024-05-01","n\\u0061me":"B"}',
      'name',
    ],
    [
      'a nested key twice',
      `{"name":"A","kind":"portal","ownerMinistry":"BTC","deploymentStatus":"operational","effectiveDate":"2024-05-01","legalBasis":{"documentNumber":"1/QĐ","issuedOn":"2024-01-01","documentNumber":"2/QĐ"}}`,
      'legalBasis.documentNumber',
    ],
  ])('duplicate keys: %s → 400 naming it', async (_, body, field) => {
    await refused(() => rawPost('/v1/platforms', body), 400, field, 'duplicate-key');
  });

  it('control: the same key in two different objects is no duplicate', async () => {
    await accepted(() =>
      rawPost(
        '/v1/platforms',
        `{"name":"Tên ${++counter}","kind":"portal","ownerMinistry":"BTC","deploymentStatus":"operational","effectiveDate":"2024-05-01","contact":{"name":"A"}}`,
      ),
    );
  });
});

describe('tokens → 401', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const claims = { sub: 'mic:token', name: 'Người thử', role: 'mic-admin' };
  const withToken = (token: string) => client(t.url, token).post('/v1/platforms', freshPlatform());

  it('control: a well-formed token of 12 h is accepted', async () => {
    await accepted(() => withToken(jwt.sign({ ...claims, iat: now(), exp: now() + 12 * 3600 }, TEST_SECRET, { algorithm: 'HS256' })));
  });

  it.each<[string, () => string]>([
    [
      'an unknown crit header parameter',
      () => jwt.sign({ ...claims, exp: now() + 600 }, TEST_SECRET, { header: { alg: 'HS256', crit: ['exp-ext'], 'exp-ext': true } as never }),
    ],
    ['a lifetime of 12 h and a minute', () => jwt.sign({ ...claims, iat: now(), exp: now() + 12 * 3600 + 60 }, TEST_SECRET)],
    ['a lifetime of a year without iat', () => jwt.sign({ ...claims, exp: now() + 365 * 86400 }, TEST_SECRET, { noTimestamp: true })],
    ['an iat an hour in the future', () => jwt.sign({ ...claims, iat: now() + 3600, exp: now() + 7200 }, TEST_SECRET)],
  ])('%s', async (_, make) => {
    await refused(() => withToken(make()), 401, undefined, 'unauthenticated');
  });
});
