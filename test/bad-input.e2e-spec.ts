import jwt from 'jsonwebtoken';
import { client, LEGAL, platformBody, registerMinistries, removeDir, Reply, startTestApp, TEST_SECRET, TestApp } from './support/test-app';

/**
 * Bad input never changes anything and never breaks the service: every refused request gets
 * the documented 4xx as application/problem+json, and the event log is exactly as long after
 * it as before. Cases are generated from a description of each write endpoint (its valid body,
 * its required fields, its date field) plus hand-picked business-rule and query cases.
 */

type Method = 'GET' | 'POST' | 'PATCH';
type Body = Record<string, unknown>;

/** Filled in beforeAll; the case tables below are built before that, so they read it lazily. */
const ctx = {
  /** BTC entry registered 2024-05-01 and amended from 2024-06-01: revision 1. */
  p1: '',
  p1Rev: -1,
  /** BTC entry registered 2024-05-01 and withdrawn from 2024-07-01. */
  p2: '',
  p2Rev: -1,
};

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const INVALID_DATES = ['2024-02-30', '2024-13-01', '3/7/2024', '2024-7-3'];
const NEVER_VALID = [
  ['a number', 123],
  ['a boolean', true],
  ['an object', { x: 1 }],
  ['a 6,000-character text', 'x'.repeat(6000)],
] as const;

interface Endpoint {
  name: string;
  method: Method;
  path: () => string;
  /** A valid body: never sent as is, only mutated into something invalid. */
  body: () => Body;
  /** Top-level fields whose absence must be a 400 naming them. */
  required: string[];
  /** The date field that is checked for real calendar dates. */
  dateField: string;
  ifMatch: 'required' | 'optional' | 'none';
  legalBasis: 'required' | 'optional' | 'none';
}

const p1Path =
  (suffix = '') =>
  () =>
    `/v1/platforms/${ctx.p1}${suffix}`;

const ENDPOINTS: Endpoint[] = [
  {
    name: 'POST /v1/ministries',
    method: 'POST',
    path: () => '/v1/ministries',
    body: () => ({ code: 'BXD', name: 'Bộ Xây dựng', effectiveDate: '2024-01-01', legalBasis: { ...LEGAL }, reason: 'Thành lập' }),
    required: ['code', 'name', 'effectiveDate'],
    dateField: 'effectiveDate',
    ifMatch: 'none',
    legalBasis: 'optional',
  },
  {
    name: 'POST /v1/ministries/{code}/rename',
    method: 'POST',
    path: () => '/v1/ministries/BQP/rename',
    body: () => ({ name: 'Bộ Quốc phòng (mới)', effectiveDate: '2025-01-01', legalBasis: { ...LEGAL }, reason: 'Đổi tên' }),
    required: ['name', 'effectiveDate', 'legalBasis'],
    dateField: 'effectiveDate',
    ifMatch: 'none',
    legalBasis: 'required',
  },
  {
    name: 'POST /v1/ministries/{code}/merge',
    method: 'POST',
    path: () => '/v1/ministries/BCA/merge',
    body: () => ({ into: 'BQP', effectiveDate: '2025-01-01', legalBasis: { ...LEGAL }, reason: 'Sáp nhập' }),
    required: ['into', 'effectiveDate', 'legalBasis'],
    dateField: 'effectiveDate',
    ifMatch: 'none',
    legalBasis: 'required',
  },
  {
    name: 'POST /v1/platforms',
    method: 'POST',
    path: () => '/v1/platforms',
    body: () =>
      platformBody({
        code: 'BTC-NEW',
        coMinistries: ['BQP'],
        description: 'Mô tả',
        operator: 'Cục Tin học và Thống kê tài chính',
        contact: { name: 'Nguyễn Văn A', email: 'a@mof.gov.vn', phone: '+84 24 2220 2828' },
        url: 'https://congkhaingansach.vn',
        ndxpStatus: 'connected',
        legalBasis: { ...LEGAL },
        reason: 'Đăng ký mới',
      }),
    required: ['name', 'kind', 'ownerMinistry', 'deploymentStatus', 'effectiveDate'],
    dateField: 'effectiveDate',
    ifMatch: 'none',
    legalBasis: 'optional',
  },
  {
    name: 'PATCH /v1/platforms/{id}',
    method: 'PATCH',
    path: p1Path(),
    body: () => ({
      name: 'Tên mới',
      kind: 'platform',
      coMinistries: ['BQP'],
      description: 'Mô tả mới',
      operator: 'Đơn vị vận hành',
      contact: { name: 'Trần Thị B', email: 'b@mof.gov.vn', phone: '0243 222 0828' },
      url: 'https://example.gov.vn',
      deploymentStatus: 'pilot',
      ndxpStatus: 'connecting',
      effectiveDate: '2024-09-01',
      legalBasis: { ...LEGAL },
      reason: 'Cập nhật',
    }),
    required: ['effectiveDate'],
    dateField: 'effectiveDate',
    ifMatch: 'required',
    legalBasis: 'optional',
  },
  {
    name: 'POST /v1/platforms/{id}/withdraw',
    method: 'POST',
    path: p1Path('/withdraw'),
    body: () => ({ effectiveDate: '2024-09-01', reason: 'Ngừng hoạt động', legalBasis: { ...LEGAL } }),
    required: ['effectiveDate', 'reason', 'legalBasis'],
    dateField: 'effectiveDate',
    ifMatch: 'required',
    legalBasis: 'required',
  },
  {
    name: 'POST /v1/platforms/{id}/reinstate',
    method: 'POST',
    path: p1Path('/reinstate'),
    body: () => ({ effectiveDate: '2024-09-01', reason: 'Hoạt động lại', legalBasis: { ...LEGAL } }),
    required: ['effectiveDate', 'reason', 'legalBasis'],
    dateField: 'effectiveDate',
    ifMatch: 'required',
    legalBasis: 'required',
  },
  {
    name: 'POST /v1/platforms/{id}/transfer',
    method: 'POST',
    path: p1Path('/transfer'),
    body: () => ({ toMinistry: 'BQP', effectiveDate: '2024-09-01', legalBasis: { ...LEGAL }, reason: 'Chuyển giao' }),
    required: ['toMinistry', 'effectiveDate', 'legalBasis'],
    dateField: 'effectiveDate',
    ifMatch: 'required',
    legalBasis: 'required',
  },
  {
    name: 'POST /v1/platforms/{id}/corrections',
    method: 'POST',
    path: p1Path('/corrections'),
    body: () => ({ name: 'Tên đính chính', description: 'Mô tả đính chính', effectiveFrom: '2024-05-01', reason: 'Đính chính', legalBasis: { ...LEGAL } }),
    required: ['effectiveFrom', 'reason', 'legalBasis'],
    dateField: 'effectiveFrom',
    ifMatch: 'optional',
    legalBasis: 'required',
  },
  {
    name: 'POST /v1/editions',
    method: 'POST',
    path: () => '/v1/editions',
    body: () => ({ documentNumber: '99/QĐ-BTTTT', title: 'Danh mục', issuedOn: '2024-07-15', signer: 'Phạm Đức Long', cutoffDate: '2024-07-03' }),
    required: ['documentNumber', 'issuedOn', 'signer', 'cutoffDate'],
    dateField: 'cutoffDate',
    ifMatch: 'none',
    legalBasis: 'none',
  },
];
const endpoint = (name: string) => ENDPOINTS.find((e) => e.name === name)!;

let t: TestApp;
/** Every response seen, to check at the end that none was a 5xx. */
const seen: Array<{ label: string; status: number; text: string }> = [];

interface Send {
  method: Method;
  path: string;
  /** An object is sent as JSON; a string is sent verbatim with content-type application/json. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Defaults to a mic-admin token; null sends no Authorization header. */
  token?: string | null;
}

async function send(label: string, req: Send): Promise<Reply> {
  const token = req.token === undefined ? t.token('mic-admin', undefined, 'mic:bad-input') : req.token;
  const r = await client(t.url, token ?? undefined).call(req.method, req.path, req.body, req.headers ?? {});
  seen.push({ label, status: r.status, text: r.text.slice(0, 500) });
  return r;
}

/** The request is refused with `status` as problem+json (naming `field` when given) and records nothing. */
async function expectRefused(label: string, req: Send, status: number, field?: string, check?: (r: Reply) => void): Promise<Reply> {
  const before = t.logLength();
  const r = await send(label, req);
  const after = t.logLength();
  // One object so that a failure shows the status, what was recorded and the whole response at once.
  expect({ request: label, status: r.status, eventsRecorded: after - before, body: r.body }).toMatchObject({ request: label, status, eventsRecorded: 0 });
  expect(r.headers.get('content-type') ?? '').toMatch(/^application\/problem\+json/);
  expect(r.body).toEqual(expect.objectContaining({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) }));
  if (field !== undefined) {
    expect(Array.isArray(r.body.errors)).toBe(true);
    const fields = (r.body.errors as Array<{ field: string; message: string }>).map((e) => e.field);
    expect({ request: label, fields }).toEqual({ request: label, fields: expect.arrayContaining([field]) });
    for (const e of r.body.errors) expect(e).toEqual({ field: expect.any(String), message: expect.any(String) });
  }
  check?.(r);
  expect({ request: label, logLengthAfter: after }).toEqual({ request: label, logLengthAfter: before });
  return r;
}

const currentIfMatch = (ep: Endpoint): Record<string, string> => (ep.ifMatch === 'none' ? {} : { 'if-match': `"${ctx.p1Rev}"` });

/** Sends a mutated body to an endpoint with a valid token and If-Match. */
const mutated = (ep: Endpoint, body: unknown, extra: Partial<Send> = {}): Send => ({
  method: ep.method,
  path: ep.path(),
  body,
  headers: { ...currentIfMatch(ep), ...(extra.headers ?? {}) },
  ...(extra.token !== undefined ? { token: extra.token } : {}),
});

const without = (body: Body, field: string): Body => {
  const copy = { ...body };
  delete copy[field];
  return copy;
};

// Tokens that must be refused: each is otherwise a perfectly good mic-admin token.
const claims = { sub: 'intruder', name: 'Kẻ mạo danh', role: 'mic-admin' };
const BAD_TOKENS: Array<[string, () => string]> = [
  ['a token signed with another secret', () => jwt.sign(claims, 'another-secret-that-is-long-enough-0123456789', { algorithm: 'HS256', expiresIn: 3600 })],
  ['an expired token', () => jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 3600 }, TEST_SECRET, { algorithm: 'HS256' })],
  ['an alg none token', () => jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) + 3600 }, '', { algorithm: 'none' })],
  ['an HS512 token with the right secret', () => jwt.sign(claims, TEST_SECRET, { algorithm: 'HS512', expiresIn: 3600 })],
  ['garbage', () => 'not.a.token'],
];

beforeAll(async () => {
  t = await startTestApp();
  await registerMinistries(t, [
    { code: 'BTC', name: 'Bộ Tài chính' },
    { code: 'BQP', name: 'Bộ Quốc phòng' },
    { code: 'BCA', name: 'Bộ Công an' },
  ]);
  const admin = client(t.url, t.token('mic-admin', undefined, 'mic:setup'));

  const p1 = await admin.post('/v1/platforms', platformBody());
  expect(p1.status).toBe(201);
  ctx.p1 = p1.body.id;
  const amended = await admin.patch(
    `/v1/platforms/${ctx.p1}`,
    { operator: 'Cục Tin học', effectiveDate: '2024-06-01', legalBasis: { documentNumber: '01/QĐ-CĐSQG', issuedOn: '2024-05-20' } },
    { 'if-match': `"${p1.body.revision}"` },
  );
  expect(amended.status).toBe(200);
  ctx.p1Rev = amended.body.revision;
  expect(ctx.p1Rev).toBe(1);

  const p2 = await admin.post('/v1/platforms', platformBody({ name: 'Hệ thống thông tin đã rút' }));
  expect(p2.status).toBe(201);
  ctx.p2 = p2.body.id;
  const withdrawn = await admin.post(
    `/v1/platforms/${ctx.p2}/withdraw`,
    { effectiveDate: '2024-07-01', reason: 'Ngừng', legalBasis: LEGAL },
    { 'if-match': `"${p2.body.revision}"` },
  );
  expect(withdrawn.status).toBe(200);
  ctx.p2Rev = withdrawn.body.revision;
});

afterAll(async () => {
  await t?.close();
  if (t) removeDir(t.dataDir);
});

describe.each(ENDPOINTS.map((e) => [e.name, e] as const))('%s', (_, ep) => {
  describe('unparseable or non-object bodies → 400', () => {
    it.each([
      ['malformed JSON', '{"name": "Cổng", '],
      ['a JSON string', '"hello"'],
      ['a JSON number', '42'],
      ['JSON null', 'null'],
    ])('%s', async (label, raw) => {
      await expectRefused(`${ep.name} with ${label}`, mutated(ep, raw), 400);
    });

    it('a JSON array', async () => {
      await expectRefused(`${ep.name} with an array body`, mutated(ep, [ep.body()]), 400);
    });
  });

  it('an unknown top-level field → 400 naming it', async () => {
    await expectRefused(`${ep.name} with foo`, mutated(ep, { ...ep.body(), foo: 'bar' }), 400, 'foo');
  });

  if (ep.legalBasis !== 'none') {
    it('an unknown field inside legalBasis → 400 naming legalBasis.bar', async () => {
      const body = ep.body();
      await expectRefused(`${ep.name} with legalBasis.bar`, mutated(ep, { ...body, legalBasis: { ...LEGAL, bar: 1 } }), 400, 'legalBasis.bar');
    });
    it('legalBasis without documentNumber → 400 naming legalBasis.documentNumber', async () => {
      const { documentNumber: _d, ...rest } = LEGAL;
      await expectRefused(`${ep.name} legalBasis without documentNumber`, mutated(ep, { ...ep.body(), legalBasis: rest }), 400, 'legalBasis.documentNumber');
    });
    it.each(INVALID_DATES)('legalBasis.issuedOn %j → 400 naming legalBasis.issuedOn', async (date) => {
      await expectRefused(
        `${ep.name} legalBasis.issuedOn ${date}`,
        mutated(ep, { ...ep.body(), legalBasis: { ...LEGAL, issuedOn: date } }),
        400,
        'legalBasis.issuedOn',
      );
    });
  }

  it.each(ep.required)('missing required field %s → 400 naming it', async (field) => {
    await expectRefused(`${ep.name} without ${field}`, mutated(ep, without(ep.body(), field)), 400, field);
  });

  it.each(INVALID_DATES)(`${ep.dateField} %j → 400 naming ${ep.dateField}`, async (date) => {
    await expectRefused(`${ep.name} ${ep.dateField}=${date}`, mutated(ep, { ...ep.body(), [ep.dateField]: date }), 400, ep.dateField);
  });

  describe('a value no field accepts → 400 naming the field (never a 5xx)', () => {
    const cases = Object.keys(ep.body()).flatMap((field) => NEVER_VALID.map(([what, value]) => [field, what, value] as const));
    it.each(cases)('%s as %s', async (field, what, value) => {
      const r = await expectRefused(`${ep.name} ${field} as ${what}`, mutated(ep, { ...ep.body(), [field]: value }), 400);
      const fields = (r.body.errors ?? []).map((e: { field: string }) => e.field);
      expect({ field, fields }).toEqual({ field, fields: expect.arrayContaining([expect.stringMatching(new RegExp(`^${field}(\\.|$)`))]) });
    });
  });

  describe('authentication → 401', () => {
    it('no token', async () => {
      await expectRefused(`${ep.name} without a token`, mutated(ep, ep.body(), { token: null }), 401);
    });
    it.each(BAD_TOKENS)('%s', async (label, make) => {
      await expectRefused(`${ep.name} with ${label}`, mutated(ep, ep.body(), { token: make() }), 401);
    });
    it('an Authorization header that is not Bearer', async () => {
      await expectRefused(`${ep.name} with Basic auth`, mutated(ep, ep.body(), { token: null, headers: { authorization: 'Basic bWljOmFkbWlu' } }), 401);
    });
  });

  it('a body over the 256kb limit → 413', async () => {
    const big = { ...ep.body(), padding: 'x'.repeat(300 * 1024) };
    await expectRefused(`${ep.name} with a 300 KiB body`, mutated(ep, big), 413);
  });

  if (ep.ifMatch === 'required') {
    it('no If-Match → 412', async () => {
      await expectRefused(`${ep.name} without If-Match`, { method: ep.method, path: ep.path(), body: ep.body() }, 412);
    });
  }

  if (ep.ifMatch !== 'none') {
    it.each(['abc', '"1.5"', '-1', '"1", "2"'])('a malformed If-Match %j → 400', async (value) => {
      await expectRefused(`${ep.name} If-Match ${value}`, mutated(ep, ep.body(), { headers: { 'if-match': value } }), 400, 'If-Match');
    });
    it('a stale If-Match → 409 with currentRevision', async () => {
      await expectRefused(`${ep.name} stale If-Match`, mutated(ep, ep.body(), { headers: { 'if-match': `"${ctx.p1Rev - 1}"` } }), 409, undefined, (r) =>
        expect(r.body.currentRevision).toBe(ctx.p1Rev),
      );
    });
  }

  it('an invalid Idempotency-Key → 400', async () => {
    await expectRefused(
      `${ep.name} Idempotency-Key with a space`,
      mutated(ep, ep.body(), { headers: { 'idempotency-key': 'a key with spaces' } }),
      400,
      'Idempotency-Key',
    );
  });
});

describe('names', () => {
  const NAMED = [
    'POST /v1/ministries',
    'POST /v1/ministries/{code}/rename',
    'POST /v1/platforms',
    'PATCH /v1/platforms/{id}',
    'POST /v1/platforms/{id}/corrections',
  ];
  const BAD_NAMES = [
    ['empty', ''],
    ['whitespace only', ' \t  '],
    ['2,000 characters', 'Cổng '.repeat(400)],
  ] as const;
  it.each(NAMED.flatMap((n) => BAD_NAMES.map(([what, value]) => [n, what, value] as const)))('%s with a name that is %s → 400 name', async (n, what, value) => {
    const ep = endpoint(n);
    await expectRefused(`${n} name ${what}`, mutated(ep, { ...ep.body(), name: value }), 400, 'name');
  });
});

describe('register platform: field rules', () => {
  const ep = endpoint('POST /v1/platforms');
  it.each<[string, number, string, Body]>([
    ['name: 5', 400, 'name', { name: 5 }],
    ["coMinistries: 'BQP'", 400, 'coMinistries', { coMinistries: 'BQP' }],
    ["coMinistries: ['bqp']", 400, 'coMinistries', { coMinistries: ['bqp'] }],
    ['contact.foo', 400, 'contact.foo', { contact: { name: 'A', foo: 'x' } }],
    ["contact.email: 'not-an-email'", 400, 'contact.email', { contact: { email: 'not-an-email' } }],
    ["contact.phone: 'call me'", 400, 'contact.phone', { contact: { phone: 'call me' } }],
    ["url: 'not a url'", 400, 'url', { url: 'not a url' }],
    ["url: 'ftp://example.gov.vn'", 400, 'url', { url: 'ftp://example.gov.vn' }],
    ["url: 'javascript:alert(1)'", 400, 'url', { url: 'javascript:alert(1)' }],
    ["kind: 'spaceship'", 400, 'kind', { kind: 'spaceship' }],
    ["deploymentStatus: 'planned'", 400, 'deploymentStatus', { deploymentStatus: 'planned' }],
    ["ndxpStatus: 'maybe'", 400, 'ndxpStatus', { ndxpStatus: 'maybe' }],
    ["code: 'has spaces'", 400, 'code', { code: 'has spaces' }],
    ["ownerMinistry: 'btc' (lower case)", 400, 'ownerMinistry', { ownerMinistry: 'btc' }],
    ["ownerMinistry: 'B' (too short)", 400, 'ownerMinistry', { ownerMinistry: 'B' }],
    ["ownerMinistry: 'BTC!'", 400, 'ownerMinistry', { ownerMinistry: 'BTC!' }],
    ["ownerMinistry: 'B T C'", 400, 'ownerMinistry', { ownerMinistry: 'B T C' }],
    ["ownerMinistry: 'BXX' (unknown)", 422, 'ownerMinistry', { ownerMinistry: 'BXX' }],
    ["coMinistries: ['BXX'] (unknown)", 422, 'coMinistries', { coMinistries: ['BXX'] }],
    ["coMinistries: ['BTC'] (the owner)", 422, 'coMinistries', { coMinistries: ['BTC'] }],
    ["coMinistries: ['BQP', 'BQP']", 422, 'coMinistries', { coMinistries: ['BQP', 'BQP'] }],
    ['effectiveDate before the ministry existed', 422, 'ownerMinistry', { effectiveDate: '2023-12-31' }],
  ])('%s → %i naming %s', async (label, status, field, change) => {
    await expectRefused(`register platform with ${label}`, mutated(ep, { ...ep.body(), ...change }), status, field);
  });

  it("an unknown ministry is a business rule: 422 with errors[0].field 'ownerMinistry'", async () => {
    const r = await expectRefused('register platform for BXX', mutated(ep, platformBody({ ownerMinistry: 'BXX' })), 422);
    expect(r.body.errors[0].field).toBe('ownerMinistry');
  });
});

describe('ministry codes', () => {
  it.each<[string, number, string, string, Body]>([
    ['register a lower-case code', 400, 'code', 'POST /v1/ministries', { code: 'bxd' }],
    ['register a malformed code', 400, 'code', 'POST /v1/ministries', { code: 'B-X D' }],
    ['merge into a lower-case code', 400, 'into', 'POST /v1/ministries/{code}/merge', { into: 'bqp' }],
    ['merge into an unknown ministry', 422, 'into', 'POST /v1/ministries/{code}/merge', { into: 'BXX' }],
    ['transfer to a lower-case code', 400, 'toMinistry', 'POST /v1/platforms/{id}/transfer', { toMinistry: 'bqp' }],
    ['transfer to an unknown ministry', 422, 'toMinistry', 'POST /v1/platforms/{id}/transfer', { toMinistry: 'BXX' }],
    ['transfer to the current owner', 422, 'toMinistry', 'POST /v1/platforms/{id}/transfer', { toMinistry: 'BTC' }],
  ])('%s → %i naming %s', async (label, status, field, n, change) => {
    const ep = endpoint(n);
    await expectRefused(label, mutated(ep, { ...ep.body(), ...change }), status, field);
  });

  it('registering a ministry that exists → 409', async () => {
    const ep = endpoint('POST /v1/ministries');
    await expectRefused('register BTC again', mutated(ep, { ...ep.body(), code: 'BTC' }), 409);
  });

  it.each([
    ['rename', '/v1/ministries/BXX/rename', { name: 'Bộ X', effectiveDate: '2025-01-01', legalBasis: LEGAL }],
    ['merge', '/v1/ministries/BXX/merge', { into: 'BQP', effectiveDate: '2025-01-01', legalBasis: LEGAL }],
  ])('%s an unknown ministry → 404', async (what, path, body) => {
    await expectRefused(`${what} BXX`, { method: 'POST', path, body }, 404);
  });
});

describe('business rules → 422', () => {
  it('withdrawing a withdrawn entry', async () => {
    await expectRefused(
      'withdraw a withdrawn entry',
      {
        method: 'POST',
        path: `/v1/platforms/${ctx.p2}/withdraw`,
        body: { effectiveDate: '2024-08-01', reason: 'Lần nữa', legalBasis: LEGAL },
        headers: { 'if-match': `"${ctx.p2Rev}"` },
      },
      422,
    );
  });

  it('amending a withdrawn entry', async () => {
    await expectRefused(
      'amend a withdrawn entry',
      { method: 'PATCH', path: `/v1/platforms/${ctx.p2}`, body: { name: 'Tên khác', effectiveDate: '2024-08-01' }, headers: { 'if-match': `"${ctx.p2Rev}"` } },
      422,
    );
  });

  it('reinstating an entry in force', async () => {
    const ep = endpoint('POST /v1/platforms/{id}/reinstate');
    await expectRefused('reinstate an entry in force', mutated(ep, ep.body()), 422);
  });

  it('amending with an effective date before the latest change (2024-06-01)', async () => {
    const ep = endpoint('PATCH /v1/platforms/{id}');
    await expectRefused('amend from 2024-05-15', mutated(ep, { name: 'Tên mới', effectiveDate: '2024-05-15' }), 422, 'effectiveDate');
  });

  it('amending with an effective date before registration', async () => {
    const ep = endpoint('PATCH /v1/platforms/{id}');
    await expectRefused('amend from 2024-01-15', mutated(ep, { name: 'Tên mới', effectiveDate: '2024-01-15' }), 422, 'effectiveDate');
  });

  it('withdrawing with an effective date before the latest change', async () => {
    const ep = endpoint('POST /v1/platforms/{id}/withdraw');
    await expectRefused('withdraw from 2024-05-15', mutated(ep, { ...ep.body(), effectiveDate: '2024-05-15' }), 422, 'effectiveDate');
  });

  it('a correction dated before registration', async () => {
    const ep = endpoint('POST /v1/platforms/{id}/corrections');
    await expectRefused('correct from 2024-03-01', mutated(ep, { ...ep.body(), effectiveFrom: '2024-03-01' }), 422, 'effectiveFrom');
  });

  it('an amendment that changes nothing', async () => {
    const ep = endpoint('PATCH /v1/platforms/{id}');
    await expectRefused('amend with the same operator', mutated(ep, { operator: 'Cục Tin học', effectiveDate: '2024-09-01' }), 422);
  });

  it('an amendment with no field to change → 400', async () => {
    const ep = endpoint('PATCH /v1/platforms/{id}');
    await expectRefused('amend with only a date', mutated(ep, { effectiveDate: '2024-09-01' }), 400, 'body');
  });

  it('merging a ministry into itself', async () => {
    await expectRefused(
      'merge BQP into BQP',
      { method: 'POST', path: '/v1/ministries/BQP/merge', body: { into: 'BQP', effectiveDate: '2025-01-01', legalBasis: LEGAL } },
      422,
      'into',
    );
  });

  it('renaming a ministry to its current name', async () => {
    await expectRefused(
      'rename BQP to its name',
      { method: 'POST', path: '/v1/ministries/BQP/rename', body: { name: 'Bộ Quốc phòng', effectiveDate: '2025-01-01', legalBasis: LEGAL } },
      422,
    );
  });

  it('an edition whose cut-off date is after its issue date', async () => {
    const ep = endpoint('POST /v1/editions');
    await expectRefused('edition cut off after issue', mutated(ep, { ...ep.body(), cutoffDate: '2024-08-01' }), 422, 'cutoffDate');
  });
});

describe('unknown entries → 404', () => {
  it.each<[string, Method, string, Body | undefined, Record<string, string>]>([
    ['amend', 'PATCH', `/v1/platforms/${UNKNOWN_ID}`, { name: 'X', effectiveDate: '2024-09-01' }, { 'if-match': '"0"' }],
    ['withdraw', 'POST', `/v1/platforms/${UNKNOWN_ID}/withdraw`, { effectiveDate: '2024-09-01', reason: 'r', legalBasis: LEGAL }, { 'if-match': '"0"' }],
    ['reinstate', 'POST', `/v1/platforms/${UNKNOWN_ID}/reinstate`, { effectiveDate: '2024-09-01', reason: 'r', legalBasis: LEGAL }, { 'if-match': '"0"' }],
    ['transfer', 'POST', `/v1/platforms/${UNKNOWN_ID}/transfer`, { toMinistry: 'BQP', effectiveDate: '2024-09-01', legalBasis: LEGAL }, { 'if-match': '"0"' }],
    ['correct', 'POST', `/v1/platforms/${UNKNOWN_ID}/corrections`, { name: 'X', effectiveFrom: '2024-05-01', reason: 'r', legalBasis: LEGAL }, {}],
    ['read', 'GET', `/v1/platforms/${UNKNOWN_ID}`, undefined, {}],
    ['read the history of', 'GET', `/v1/platforms/${UNKNOWN_ID}/history`, undefined, {}],
    ['read an id with odd characters', 'GET', '/v1/platforms/%E2%80%AE..%2F', undefined, {}],
  ])('%s an unknown platform', async (what, method, path, body, headers) => {
    await expectRefused(`${what} ${path}`, { method, path, body, headers }, 404);
  });

  it.each(['/v1/editions/no-such-edition', '/v1/editions/no-such-edition/diff/other'])('GET %s', async (path) => {
    await expectRefused(`GET ${path}`, { method: 'GET', path, token: null }, 404);
  });

  it('an entry on a date before it was registered', async () => {
    await expectRefused('GET p1 asOf 2024-01-01', { method: 'GET', path: `/v1/platforms/${ctx.p1}?asOf=2024-01-01`, token: null }, 404);
  });
});

describe('queries with bad parameters → 400', () => {
  it.each<[string, string, string | undefined]>([
    ['/v1/catalogue?asOf=2024-13-01', 'asOf', undefined],
    ['/v1/catalogue?asOf=2024-02-30', 'asOf', undefined],
    ['/v1/catalogue?asOf=3%2F7%2F2024', 'asOf', undefined],
    ['/v1/catalogue?asOf=2024-7-3', 'asOf', undefined],
    ['/v1/catalogue?asOf=2024-07-03&asOf=2024-07-04', 'asOf', undefined],
    ['/v1/catalogue?knownAt=yesterday', 'knownAt', undefined],
    ['/v1/catalogue?knownAt=2024-07-15T09:30:00', 'knownAt', undefined],
    ['/v1/catalogue?ministry=btc', 'ministry', undefined],
    ['/v1/catalogue?kind=spaceship', 'kind', undefined],
    ['/v1/catalogue?status=deleted', 'status', undefined],
    [`/v1/catalogue?q=${'a'.repeat(201)}`, 'q', undefined],
    ['/v1/catalogue/diff?from=2025-01-01&to=2024-01-01', 'from', undefined],
    ['/v1/catalogue/diff', 'from', undefined],
    ['/v1/catalogue/diff?from=2024-13-01', 'from', undefined],
    ['/v1/catalogue/diff?from=2024-01-01&to=2024-02-30', 'to', undefined],
    ['/v1/catalogue/diff?from=2024-01-01&knownAt=yesterday', 'knownAt', undefined],
    ['/v1/ministries?asOf=2024-13-01', 'asOf', undefined],
    ['/v1/ministries?knownAt=yesterday', 'knownAt', undefined],
    ['/v1/platforms/{p1}?asOf=2024-13-01', 'asOf', undefined],
    ['/v1/platforms/{p1}?knownAt=yesterday', 'knownAt', undefined],
    ['/v1/audit?limit=0', 'limit', 'mic-admin'],
    ['/v1/audit?limit=1001', 'limit', 'mic-admin'],
    ['/v1/audit?limit=ten', 'limit', 'mic-admin'],
    ['/v1/audit?cursor=-1', 'cursor', 'mic-admin'],
    ['/v1/audit?from=yesterday', 'from', 'auditor'],
    ['/v1/audit?from=2025-01-02&to=2025-01-01', 'from', 'auditor'],
    ['/v1/audit?type=platform.deleted', 'type', 'auditor'],
    ['/v1/audit?ministry=btc', 'ministry', 'auditor'],
  ])('GET %s → 400 naming %s', async (path, field, role) => {
    const url = path.replace('{p1}', ctx.p1);
    const token = role === 'mic-admin' ? t.token('mic-admin') : role === 'auditor' ? t.token('auditor') : null;
    await expectRefused(`GET ${url}`, { method: 'GET', path: url, token }, 400, field);
  });

  it.each(['/v1/catalogue', '/v1/catalogue/diff?from=2024-01-01', '/v1/ministries', '/v1/editions', '/v1/platforms/{p1}', '/v1/platforms/{p1}/history'])(
    'a public read %s with a forged or expired token → 401',
    async (path) => {
      const url = path.replace('{p1}', ctx.p1);
      for (const [label, make] of BAD_TOKENS) await expectRefused(`GET ${url} with ${label}`, { method: 'GET', path: url, token: make() }, 401);
    },
  );

  it('the same public reads without a token are fine (control)', async () => {
    for (const path of [
      '/v1/catalogue',
      '/v1/catalogue/diff?from=2024-01-01',
      '/v1/ministries',
      '/v1/editions',
      `/v1/platforms/${ctx.p1}`,
      `/v1/platforms/${ctx.p1}/history`,
    ]) {
      const r = await send(`GET ${path} anonymously`, { method: 'GET', path, token: null });
      expect({ path, status: r.status }).toEqual({ path, status: 200 });
    }
  });
});

describe('afterwards', () => {
  it('nothing was recorded by any refused request: only the setup events are in the log', () => {
    // 3 ministries + p1 registered and amended + p2 registered and withdrawn.
    expect(t.logLength()).toBe(7);
  });

  it('the service still answers normally', async () => {
    const r = await send('GET p1 afterwards', { method: 'GET', path: `/v1/platforms/${ctx.p1}`, token: null });
    expect(r.status).toBe(200);
    expect(r.body.revision).toBe(ctx.p1Rev);
  });
});

/**
 * Bodies built to trip the machinery rather than the rules. Each case gets its own target (a
 * fresh entry, a fresh code or document number) so that one wrongly accepted request cannot
 * change what the next case sees.
 */
describe('hostile bodies → 400 and nothing recorded', () => {
  let n = 0;
  const admin = () => client(t.url, t.token('mic-admin', undefined, 'mic:setup'));
  async function freshPlatform(): Promise<{ id: string; revision: number }> {
    const r = await admin().post('/v1/platforms', platformBody({ name: `Nền tảng thử ${++n}` }));
    expect(r.status).toBe(201);
    return { id: r.body.id, revision: r.body.revision };
  }
  /** A valid request for each endpoint on its own fresh target. */
  const TARGETS: Record<string, () => Promise<{ method: Method; path: string; body: Body; headers: Record<string, string> }>> = {
    'POST /v1/ministries': async () => ({
      method: 'POST',
      path: '/v1/ministries',
      body: { code: `HX${++n}`, name: `Bộ thử ${n}`, effectiveDate: '2024-01-01' },
      headers: {},
    }),
    'POST /v1/platforms': async () => ({ method: 'POST', path: '/v1/platforms', body: platformBody({ name: `Nền tảng mới ${++n}` }), headers: {} }),
    'PATCH /v1/platforms/{id}': async () => {
      const p = await freshPlatform();
      return {
        method: 'PATCH',
        path: `/v1/platforms/${p.id}`,
        body: { name: `Tên sửa ${n}`, effectiveDate: '2024-09-01', legalBasis: LEGAL },
        headers: { 'if-match': `"${p.revision}"` },
      };
    },
    'POST /v1/platforms/{id}/corrections': async () => {
      const p = await freshPlatform();
      return {
        method: 'POST',
        path: `/v1/platforms/${p.id}/corrections`,
        body: { name: `Tên đính chính ${n}`, effectiveFrom: '2024-05-01', reason: 'Đính chính', legalBasis: LEGAL },
        headers: {},
      };
    },
    'POST /v1/editions': async () => ({
      method: 'POST',
      path: '/v1/editions',
      body: { documentNumber: `${++n}/QĐ-THU`, issuedOn: '2024-07-15', signer: 'Người ký', cutoffDate: '2024-07-03' },
      headers: {},
    }),
  };
  /** Puts `member` first in the JSON text of `body` (verbatim, so that __proto__ stays a plain key). */
  const withMember = (body: Body, member: string) => JSON.stringify(body).replace(/^\{/, `{${member},`);
  const HOSTILE: Array<[string, (b: Body) => string, Record<string, string>]> = [
    ['an unknown field nested 5,000 arrays deep (a 10 kB body)', (b) => withMember(b, `"foo":${'['.repeat(5000)}${']'.repeat(5000)}`), {}],
    ['an unknown field nested 20,000 objects deep', (b) => withMember(b, `"foo":${'{"a":'.repeat(20000)}1${'}'.repeat(20000)}`), {}],
    ['a "__proto__" member', (b) => withMember(b, '"__proto__":{"polluted":true}'), {}],
    ['a "constructor" member', (b) => withMember(b, '"constructor":{"prototype":{"polluted":true}}'), {}],
    ['a 10,000-character member name', (b) => withMember(b, `"${'k'.repeat(10000)}":1`), {}],
    ['Content-Encoding gzip on a body that is not gzip', (b) => JSON.stringify(b), { 'content-encoding': 'gzip' }],
    ['Content-Encoding deflate on a body that is not deflate', (b) => JSON.stringify(b), { 'content-encoding': 'deflate' }],
    ['a JSON body sent as text/plain', (b) => JSON.stringify(b), { 'content-type': 'text/plain' }],
  ];
  it.each(Object.keys(TARGETS).flatMap((e) => HOSTILE.map(([what, make, headers]) => [e, what, make, headers] as const)))(
    '%s with %s',
    async (e, what, make, headers) => {
      const target = await TARGETS[e]();
      await expectRefused(
        `${e} with ${what}`,
        { method: target.method, path: target.path, body: make(target.body), headers: { ...target.headers, ...headers } },
        400,
      );
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it.each(Object.keys(TARGETS))('%s with no body at all', async (e) => {
    const target = await TARGETS[e]();
    await expectRefused(`${e} without a body`, { method: target.method, path: target.path, headers: target.headers }, 400);
  });

  it('control: the same requests without the hostile part succeed', async () => {
    for (const e of Object.keys(TARGETS)) {
      const target = await TARGETS[e]();
      const r = await send(`${e} control`, { method: target.method, path: target.path, body: target.body, headers: target.headers });
      expect({ e, status: r.status, body: r.body }).toMatchObject({ e, status: e.startsWith('PATCH') ? 200 : 201 });
    }
  });
});

describe('Idempotency-Key reuse with a different body → 409', () => {
  it('records nothing new', async () => {
    const admin = client(t.url, t.token('mic-admin', undefined, 'mic:idem'));
    const key = { 'idempotency-key': 'bad-input-idem-1' };
    const first = await admin.post('/v1/platforms', platformBody({ name: 'Nền tảng idempotent' }), key);
    expect(first.status).toBe(201);
    const repeat = await admin.post('/v1/platforms', platformBody({ name: 'Nền tảng idempotent' }), key);
    expect(repeat.status).toBe(201);
    expect(repeat.body).toEqual(first.body);
    await expectRefused(
      'same Idempotency-Key, different body',
      {
        method: 'POST',
        path: '/v1/platforms',
        body: platformBody({ name: 'Một nền tảng khác' }),
        headers: key,
        token: t.token('mic-admin', undefined, 'mic:idem'),
      },
      409,
    );
  });
});

describe('at the very end', () => {
  it('never a 5xx anywhere', () => {
    const failures = seen.filter((s) => s.status >= 500);
    console.log(
      `bad-input: ${seen.length} requests sent, ${failures.length} answered with 5xx${failures.length ? ':\n' + failures.map((f) => `  ${f.status} ${f.label}`).join('\n') : ''}`,
    );
    expect(failures.map((f) => f.label)).toEqual([]);
  });
});
