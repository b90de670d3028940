import { connect } from 'node:net';
import jwt from 'jsonwebtoken';
import type { Role } from '@ndp/catalogue';
import { seededRandom } from './support/seeded-random';
import { client, LEGAL, platformBody, registerMinistries, removeDir, startTestApp, TEST_SECRET, TestApp } from './support/test-app';

/**
 * Fuzzing every endpoint the service documents in its OpenAPI document (so endpoints added
 * later are fuzzed too) with random and mutated bodies, headers, query strings and path
 * parameters, plus malformed raw HTTP. Two kinds of request:
 *   - invalid by construction (a known write with at least one defect no field accepts, a
 *     broken body, or a missing or forged token): must be 4xx and record nothing;
 *   - anything at all: must never be a 5xx, must record nothing unless it was a 2xx, and an
 *     error must be problem+json without internals.
 * Seeded PRNG (test/support/seeded-random.ts): the seed is printed when the file loads;
 * TEST_SEED=<seed> replays a run exactly (sequential requests). `npm run test:long` sends ten times as many.
 */

const LONG = process.env.LONG_RUN === '1';
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? (LONG ? 40000 : 4000));
const RAW_REQUESTS = Number(process.env.FUZZ_RAW_REQUESTS ?? (LONG ? 3000 : 300));

// Printed once when the file loads; TEST_SEED=<seed> replays the run.
const rnd = seededRandom('fuzz');
const SEED = rnd.seed;

const STACK = /\bat [\w.<>]+ \(|node_modules|\/work\/|\.ts:\d+|SqliteError|TypeError|ReferenceError|RangeError/;
const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\t\n\r',
  'null',
  'undefined',
  'true',
  '0',
  '-1',
  '1e309',
  'NaN',
  '9'.repeat(40),
  '2024-02-30',
  '2024-13-01',
  '0000-00-00',
  '9999-12-31',
  '2024-07-03T00:00:00',
  '2024-07-03T00:00:00Z',
  '2024-07-03T00:00:00+25:00',
  'BTC',
  'btc',
  'B'.repeat(30),
  '../../etc/passwd',
  '%00',
  '%ZZ',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '"; DROP TABLE events; --',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'Cổng dịch vụ công',
  '\u202e\u202d',
  '\ud800',
  '\udfff\ud800',
  '😀'.repeat(50),
  'x'.repeat(5000),
  'Ω'.repeat(3000),
  '\u2028\u2029',
  'a\u0000b',
  '1/QĐ-TTg',
  'https://example.gov.vn',
  'javascript:alert(1)',
  'mailto:a@b',
  '+84 24 0000 0000',
];
const FIELD_NAMES = [
  'name',
  'code',
  'kind',
  'ownerMinistry',
  'coMinistries',
  'description',
  'operator',
  'contact',
  'url',
  'deploymentStatus',
  'ndxpStatus',
  'effectiveDate',
  'effectiveFrom',
  'legalBasis',
  'reason',
  'into',
  'toMinistry',
  'documentNumber',
  'issuedOn',
  'signer',
  'title',
  'cutoffDate',
  'id',
  'revision',
  'position',
  'actor',
  'metadata',
  'recordedAt',
  '__proto__',
  'constructor',
  'prototype',
  '',
];

function randomString(): string {
  if (rnd.chance(0.5)) return rnd.pick(NASTY_STRINGS);
  const len = rnd.pick([1, 2, 5, 20, 100, 300]);
  let s = '';
  for (let i = 0; i < len; i++) s += String.fromCharCode(rnd.chance(0.8) ? 32 + rnd.int(95) : rnd.int(0x3000));
  return s;
}

function randomValue(depth = 0): unknown {
  switch (rnd.int(depth > 3 ? 6 : 9)) {
    case 0:
      return null;
    case 1:
      return rnd.chance(0.5);
    case 2:
      return rnd.pick([0, -1, 1, 1.5, -0, 1e308, -1e308, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, 123456789]);
    case 3:
    case 4:
    case 5:
      return randomString();
    case 6:
      return Array.from({ length: rnd.int(4) }, () => randomValue(depth + 1));
    case 7:
    case 8: {
      const o: Record<string, unknown> = {};
      for (let i = rnd.int(4); i > 0; i--) o[rnd.chance(0.5) ? rnd.pick(FIELD_NAMES) : randomString().slice(0, 30)] = randomValue(depth + 1);
      return o;
    }
  }
  return null;
}

/** Values no field of any command accepts (see test/bad-input.e2e-spec.ts). */
const NEVER_VALID: unknown[] = [123, true, 0, -1, 'x'.repeat(6000)];

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
interface Req {
  method: Method;
  path: string;
  body?: string | Buffer;
  headers: Record<string, string>;
}

const ctx = { platforms: [] as string[], codes: [] as string[], editions: [] as string[] };
const MINISTRIES = ['BTC', 'BQP', 'BCA'];

/** Valid bodies of the known writes: the raw material for mutations. */
const WRITE_SEEDS: Record<string, () => Record<string, unknown>> = {
  'POST /v1/ministries': () => ({ code: `F${rnd.int(1e6)}`, name: 'Bộ thử', effectiveDate: '2024-01-01', legalBasis: { ...LEGAL } }),
  'POST /v1/ministries/{code}/rename': () => ({ name: 'Tên mới', effectiveDate: '2025-01-01', legalBasis: { ...LEGAL } }),
  'POST /v1/ministries/{code}/merge': () => ({ into: rnd.pick(MINISTRIES), effectiveDate: '2025-01-01', legalBasis: { ...LEGAL } }),
  'POST /v1/platforms': () =>
    platformBody({
      name: `Nền tảng ${rnd.int(1e6)}`,
      ownerMinistry: rnd.pick(MINISTRIES),
      legalBasis: { ...LEGAL },
      contact: { name: 'A', email: 'a@b.vn', phone: '0243 000 000' },
    }),
  'PATCH /v1/platforms/{id}': () => ({ name: 'Tên sửa', effectiveDate: '2024-09-01', reason: 'r' }),
  'POST /v1/platforms/{id}/withdraw': () => ({ effectiveDate: '2024-09-01', reason: 'r', legalBasis: { ...LEGAL } }),
  'POST /v1/platforms/{id}/reinstate': () => ({ effectiveDate: '2024-10-01', reason: 'r', legalBasis: { ...LEGAL } }),
  'POST /v1/platforms/{id}/transfer': () => ({ toMinistry: rnd.pick(MINISTRIES), effectiveDate: '2024-09-01', legalBasis: { ...LEGAL } }),
  'POST /v1/platforms/{id}/corrections': () => ({ name: 'Tên đính chính', effectiveFrom: '2024-05-01', reason: 'r', legalBasis: { ...LEGAL } }),
  'POST /v1/editions': () => ({ documentNumber: `${rnd.int(1e6)}/QĐ-F`, issuedOn: '2024-07-15', signer: 'Người ký', cutoffDate: '2024-07-03' }),
};

const ROLES: Array<[Role, string | undefined]> = [
  ['mic-admin', undefined],
  ['auditor', undefined],
  ['ministry-editor', 'BTC'],
  ['ministry-editor', 'BQP'],
];

function token(valid: boolean): string {
  if (valid) {
    const [role, ministry] = rnd.pick(ROLES);
    return jwt.sign({ name: 'Fuzz', role, ...(ministry ? { ministry } : {}) }, TEST_SECRET, {
      algorithm: 'HS256',
      subject: `fuzz:${role}:${ministry ?? ''}`,
      expiresIn: 3600,
    });
  }
  return rnd.pick([
    () => jwt.sign({ role: 'mic-admin' }, TEST_SECRET, { subject: 'fuzz', algorithm: 'HS256', expiresIn: -10 }),
    () => jwt.sign({ role: 'mic-admin' }, 'wrong-secret-that-is-long-enough-000000000', { subject: 'fuzz', expiresIn: 3600 }),
    () => jwt.sign({ role: 'mic-admin', sub: 'fuzz', exp: Math.floor(Date.now() / 1000) + 60 }, '', { algorithm: 'none' }),
    () => jwt.sign({ role: 'mic-admin' }, TEST_SECRET, { subject: 'fuzz', algorithm: 'HS512', expiresIn: 3600 }),
    () => randomString().replace(/[^\x21-\x7e]/g, 'x') || 'x',
    () => 'a.b.c',
  ])();
}

function fillPath(template: string, valid: boolean): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    if (valid || rnd.chance(0.6)) {
      if (name === 'code') return rnd.pick([...MINISTRIES, ...ctx.codes]);
      if (/^(a|b|id)$/.test(name) && template.includes('edition')) return rnd.pick(ctx.editions);
      return rnd.pick(ctx.platforms);
    }
    return enc(rnd.pick([randomString(), '00000000-0000-4000-8000-000000000000', '..', 'x'.repeat(2000), 'BTC', '%2e%2e', '\u0000'])).replace(
      /%25/g,
      rnd.chance(0.5) ? '%' : '%25',
    );
  });
}

/** encodeURIComponent, except that a lone surrogate becomes a percent-encoded byte sequence that is not UTF-8. */
function enc(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd')) + '%ED%A0%80';
  }
}

function randomQuery(): string {
  const keys = [
    'asOf',
    'knownAt',
    'from',
    'to',
    'ministry',
    'kind',
    'status',
    'q',
    'limit',
    'cursor',
    'type',
    'actor',
    'position',
    'hash',
    'after',
    'deploymentStatus',
    'includeEnded',
    'format',
    'page',
    rnd.pick(FIELD_NAMES),
    'a[b]',
    'x[]',
  ];
  const parts: string[] = [];
  for (let i = rnd.int(5); i > 0; i--) {
    const k = rnd.pick(keys);
    const v = rnd.chance(0.2) ? rnd.pick(['2024-07-03', '2024-07-03T10:00:00+07:00', 'BTC', '10', '0', 'in-force']) : randomString();
    parts.push(`${enc(k)}=${rnd.chance(0.1) ? '%E0%A4%A' : enc(v)}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

function randomHeaders(req: Req): void {
  const latin1 = () => randomString().replace(/[^\x20-\x7e\xa0-\xff]/g, '?');
  if (rnd.chance(0.2)) req.headers['if-match'] = rnd.pick(['"0"', '"1"', '*', 'W/"2"', '"-1"', latin1()]);
  if (rnd.chance(0.2)) req.headers['idempotency-key'] = rnd.chance(0.5) ? `fuzz-${rnd.int(50)}` : latin1();
  if (rnd.chance(0.1)) req.headers['x-correlation-id'] = latin1();
  if (rnd.chance(0.1))
    req.headers['content-type'] = rnd.pick([
      'text/plain',
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
      latin1(),
    ]);
  if (rnd.chance(0.05)) req.headers['content-encoding'] = rnd.pick(['gzip', 'deflate', 'br', 'identity', 'x-unknown']);
  if (rnd.chance(0.05)) req.headers.accept = rnd.pick(['text/html', '*/*', 'application/xml', latin1()]);
  if (rnd.chance(0.05)) req.headers.origin = rnd.pick(['https://evil.example', 'null', latin1()]);
}

/** A JSON body mutated by one to three edits; `forceInvalid` adds one that no field accepts. */
function mutateBody(body: Record<string, unknown>, forceInvalid: boolean): Record<string, unknown> {
  const b = structuredClone(body);
  for (let i = 1 + rnd.int(3); i > 0; i--) {
    const keys = Object.keys(b);
    switch (rnd.int(5)) {
      case 0:
        if (keys.length) delete b[rnd.pick(keys)];
        break;
      case 1:
        b[rnd.pick(FIELD_NAMES) || 'f'] = randomValue();
        break;
      case 2:
        if (keys.length) b[rnd.pick(keys)] = randomValue();
        break;
      case 3:
        if (b.legalBasis && typeof b.legalBasis === 'object')
          (b.legalBasis as Record<string, unknown>)[rnd.pick(['documentNumber', 'issuedOn', 'signer', 'x'])] = randomValue();
        break;
      case 4:
        if (keys.length) {
          const k = rnd.pick(keys);
          if (typeof b[k] === 'string') b[k] = (b[k] as string) + randomString();
        }
        break;
    }
  }
  if (forceInvalid) {
    const keys = Object.keys(b).filter((k) => k !== '__proto__');
    if (keys.length === 0 || rnd.chance(0.4)) b[`unknown_${rnd.int(1000)}`] = randomValue();
    else b[rnd.pick(keys)] = rnd.pick(NEVER_VALID);
  }
  return b;
}

function rawMutation(text: string): string | Buffer {
  switch (rnd.int(7)) {
    case 0:
      return text.slice(0, rnd.int(text.length));
    case 1: {
      const i = rnd.int(text.length);
      return text.slice(0, i) + String.fromCharCode(rnd.int(128)) + text.slice(i + 1);
    }
    case 2:
      return Buffer.from(Array.from({ length: 1 + rnd.int(200) }, () => rnd.int(256)));
    case 3:
      return Buffer.concat([Buffer.from(text.slice(0, -1)), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('}')]);
    case 4:
      return `[${text}]`;
    case 5:
      return rnd.pick(['', 'null', '""', '0', '[]', 'true', '{', '}', '{"a":1,"a":2}', '{"__proto__":{"x":1}}']);
    default:
      return text.replace(/^\{/, `{"${'k'.repeat(1 + rnd.int(3))}":${'['.repeat(rnd.int(100))}${']'.repeat(rnd.int(100))},`);
  }
}

interface Endpoint {
  method: Method;
  path: string;
}
const stats = { requests: 0, invalidByConstruction: 0, accepted: 0, refused: 0, raw: 0, byStatus: new Map<number, number>() };
const failures: string[] = [];

async function send(t: TestApp, req: Req, label: string, mustRefuse: boolean): Promise<void> {
  const before = t.logLength();
  let status: number;
  let text = '';
  let type: string;
  try {
    const res = await fetch(t.url + req.path, { method: req.method, headers: req.headers, body: req.body as BodyInit | undefined, redirect: 'manual' });
    status = res.status;
    type = res.headers.get('content-type') ?? '';
    text = await res.text();
  } catch {
    // fetch itself refused to send it (e.g. a header value it cannot encode): nothing reached the server.
    if (t.logLength() !== before) failures.push(`${label}: client error but the log grew`);
    return;
  }
  const grew = t.logLength() - before;
  stats.requests++;
  stats.byStatus.set(status, (stats.byStatus.get(status) ?? 0) + 1);
  if (mustRefuse) stats.invalidByConstruction++;
  if (status >= 200 && status < 300) stats.accepted++;
  else stats.refused++;
  const show = () =>
    `${label} → ${status} ${text.slice(0, 200)} [${req.method} ${req.path.slice(0, 120)} ${JSON.stringify(req.headers).slice(0, 200)} body=${String(req.body ?? '').slice(0, 200)}]`;
  if (status >= 500) failures.push(`5xx: ${show()}`);
  if (mustRefuse && (status < 400 || status >= 500)) failures.push(`invalid request not refused: ${show()}`);
  if ((status < 200 || status >= 300) && grew !== 0) failures.push(`${grew} events recorded by a refused request: ${show()}`);
  if (status >= 400) {
    if (!/^application\/problem\+json/.test(type) && status !== 404) failures.push(`not problem+json: ${show()}`);
    if (STACK.test(text)) failures.push(`internals in the answer: ${show()}`);
  }
}

function rawRequest(port: number, payload: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const done = () => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(3000, done);
    socket.on('data', (d) => (answer += d.toString('latin1')));
    socket.on('error', done);
    socket.on('close', done);
    socket.write(payload, () => socket.end());
  });
}

describe(`fuzz: ${REQUESTS} random and mutated requests against every documented endpoint, ${RAW_REQUESTS} malformed raw HTTP requests`, () => {
  let t: TestApp;
  let endpoints: Endpoint[];

  beforeAll(async () => {
    t = await startTestApp();
    await registerMinistries(
      t,
      MINISTRIES.map((code) => ({ code, name: `Bộ ${code}` })),
    );
    const admin = client(t.url, t.token('mic-admin'));
    for (let i = 0; i < 5; i++) {
      const r = await admin.post('/v1/platforms', platformBody({ code: `FZ-${i}`, name: `Nền tảng gốc ${i}` }));
      expect(r.status).toBe(201);
      ctx.platforms.push(r.body.id);
      ctx.codes.push(`FZ-${i}`);
    }
    const e = await admin.post('/v1/editions', { documentNumber: '1/QĐ-FUZZ', issuedOn: '2024-07-15', signer: 'Người ký', cutoffDate: '2024-07-03' });
    expect(e.status).toBe(201);
    ctx.editions.push(e.body.id);
    const openapi = (await client(t.url).get('/v1/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    endpoints = Object.entries(openapi.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'post', 'patch', 'put', 'delete'].includes(m))
        .map((m) => ({ method: m.toUpperCase() as Method, path })),
    );
    console.log(`fuzz: ${endpoints.length} endpoints from the OpenAPI document: ${endpoints.map((x) => `${x.method} ${x.path}`).join(', ')}`);
    expect(endpoints.length).toBeGreaterThanOrEqual(20);
  });

  afterAll(async () => {
    await t?.close();
    if (t) removeDir(t.dataDir);
  });

  it('never a 5xx, nothing recorded by a refused or invalid request, no internals in any answer', async () => {
    const seeded = endpoints.filter((e) => WRITE_SEEDS[`${e.method} ${e.path}`]);
    expect(seeded.length).toBe(Object.keys(WRITE_SEEDS).length); // every known write is documented
    for (let i = 0; i < REQUESTS; i++) {
      const invalid = rnd.chance(0.4);
      const ep = invalid ? rnd.pick(seeded) : rnd.pick(endpoints);
      const key = `${ep.method} ${ep.path}`;
      const req: Req = { method: ep.method, path: fillPath(ep.path, invalid) + randomQuery(), headers: {} };
      // The defect that makes an invalid request invalid: one of these, never undone by later mutations.
      const defect = invalid ? rnd.pick(['body', 'body', 'body', 'raw', 'no-token', 'bad-token'] as const) : null;
      const valid = defect !== 'no-token' && defect !== 'bad-token' && rnd.chance(invalid ? 1 : 0.8);
      if (defect !== 'no-token') req.headers.authorization = `Bearer ${token(valid)}`;
      if (!invalid && rnd.chance(0.05))
        req.headers.authorization = rnd.pick(['Basic YTpi', 'Bearer', 'bearer x', 'Bearer  a.b.c', `Bearer ${token(true)} extra`]);
      randomHeaders(req);
      if (invalid && req.headers['content-type'] === undefined) req.headers['content-type'] = 'application/json';
      if (ep.method !== 'GET' && ep.method !== 'DELETE') {
        const base = WRITE_SEEDS[key]?.() ?? (randomValue(2) as Record<string, unknown>) ?? {};
        const baseObj = base && typeof base === 'object' && !Array.isArray(base) ? base : { value: base };
        // A third of the other requests to known writes keep the valid body: the rules behind validation get fuzzed too.
        const keep = !invalid && WRITE_SEEDS[key] !== undefined && rnd.chance(0.33);
        const json = JSON.stringify(keep ? baseObj : mutateBody(baseObj, defect === 'body'));
        req.body = defect === 'raw' ? rawMutation(json) : !invalid && rnd.chance(0.15) ? rawMutation(json) : json;
        if (!req.headers['content-type']) req.headers['content-type'] = 'application/json';
        if (defect === 'raw' && typeof req.body === 'string' && req.body === json) req.body = json.slice(0, -1); // a raw mutation that kept the JSON intact
      } else if (rnd.chance(0.1)) {
        req.body = undefined;
      }
      await send(t, req, `#${i} ${invalid ? `invalid(${defect}) ` : ''}${key}`, invalid);
      if (failures.length > 20) break;
    }
    const byStatus = [...stats.byStatus]
      .sort((a, b) => a[0] - b[0])
      .map(([s, c]) => `${s}×${c}`)
      .join(' ');
    console.log(
      `fuzz: seed ${SEED}; ${stats.requests} requests (${stats.invalidByConstruction} invalid by construction), ${stats.accepted} accepted, ${stats.refused} refused; ` +
        `statuses ${byStatus}; ${failures.length} failures; log now ${t.logLength()} events`,
    );
    expect(failures).toEqual([]);
    expect(stats.requests).toBeGreaterThan(REQUESTS * 0.9);
    expect([...stats.byStatus.keys()].filter((s) => s >= 500)).toEqual([]);
    // 4,000 sequential requests take ~30 s on a quiet 2-core machine; a loaded one can exceed the default 60 s, and a
    // timed-out loop keeps sending into the next test.
  }, 300_000);

  it('malformed raw HTTP never gets a 5xx and records nothing', async () => {
    const port = Number(new URL(t.url).port);
    const before = t.logLength();
    const statuses = new Map<string, number>();
    const admin = t.token('mic-admin');
    for (let i = 0; i < RAW_REQUESTS; i++) {
      const body = JSON.stringify(platformBody({ name: `Raw ${i}` }));
      const lines = [
        `${rnd.pick(['POST', 'GET', 'PATCH', 'P\u0000ST', 'GET GET', ''])} ${rnd.pick(['/v1/platforms', '/v1/catalogue', '*', '/v1/../etc', '/' + 'a'.repeat(rnd.int(20000)), 'http://x/v1/platforms'])} ${rnd.pick(['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1x', ''])}`,
        'Host: 127.0.0.1',
        `Authorization: Bearer ${admin}`,
        'Content-Type: application/json',
        rnd.pick([
          `Content-Length: ${body.length}`,
          `Content-Length: ${body.length + 100}`,
          'Content-Length: -1',
          'Content-Length: 1, 2',
          'Transfer-Encoding: chunked',
          `Transfer-Encoding: chunked\r\nContent-Length: ${body.length}`,
          'Content-Length: abc',
        ]),
        rnd.pick(['X-A: b', 'Bad Header: x', 'X-Null: \u0000', `X-Long: ${'x'.repeat(rnd.int(40000))}`, ': empty', 'X-Unicode: Cổng']),
      ];
      let payload = Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`, 'latin1');
      if (rnd.chance(0.3)) {
        payload = Buffer.from(payload);
        for (let f = 1 + rnd.int(5); f > 0; f--) payload[rnd.int(payload.length)] ^= 1 + rnd.int(255);
      }
      const answer = await rawRequest(port, payload);
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1] ?? 'closed';
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      stats.raw++;
    }
    const grew = t.logLength() - before;
    console.log(`fuzz raw HTTP: ${RAW_REQUESTS} requests; answers ${[...statuses].map(([s, c]) => `${s}×${c}`).join(' ')}; ${grew} events recorded`);
    expect([...statuses.keys()].filter((s) => s.startsWith('5'))).toEqual([]);
    // Some raw requests are well-formed enough to be real writes; those are the only ones allowed to
    // record: the entry, and the reservation of its code when it has one.
    expect(grew).toBeLessThanOrEqual(2 * (statuses.get('201') ?? 0));
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
  });
});
