import { client, platformBody, registerMinistries, removeDir, startTestApp, TestApp } from './support/test-app';

/**
 * The edge of the service: security headers on every kind of answer (also errors and 413s) with
 * a CSP that the Swagger UI lives with, CORS closed by default and closed for writes unless
 * opened, per-caller rate limits with 429 + Retry-After that record nothing, slow-client
 * timeouts, and errors that show nothing internal.
 */

const STACK = /\bat [\w.<>]+ \(|node_modules|\/work\/|\.ts:\d+|SqliteError|TypeError|ReferenceError/;

function expectSecurityHeaders(h: Headers, label: string): void {
  const csp = h.get('content-security-policy') ?? '';
  expect({ label, csp }).toEqual({ label, csp: expect.stringContaining("default-src 'self'") });
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toMatch(/script-src[^;]*unsafe/);
  expect({ label, nosniff: h.get('x-content-type-options') }).toEqual({ label, nosniff: 'nosniff' });
  expect(h.get('x-frame-options')).toBe('SAMEORIGIN');
  expect(h.get('strict-transport-security')).toMatch(/max-age=\d+/);
  expect(h.get('referrer-policy')).toBe('no-referrer');
  expect(h.get('cross-origin-opener-policy')).toBe('same-origin');
  expect(h.get('cache-control')).toBe('no-store');
  expect(h.get('x-powered-by')).toBeNull();
}

describe('security headers and error hygiene (default configuration)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await registerMinistries(t, [{ code: 'BTC', name: 'Bộ Tài chính' }]);
  });
  afterAll(async () => {
    await t?.close();
    if (t) removeDir(t.dataDir);
  });

  it('on reads, writes, problems, 404s and 413s', async () => {
    const admin = client(t.url, t.token('mic-admin'));
    const cases = [
      ['GET /v1/catalogue', await client(t.url).get('/v1/catalogue')],
      ['POST /v1/platforms', await admin.post('/v1/platforms', platformBody())],
      ['GET /health', await client(t.url).get('/health')],
      ['404 unknown route', await client(t.url).get('/v1/nothing-here')],
      ['401 bad token', await client(t.url, 'x.y.z').get('/v1/catalogue')],
      ['400 malformed JSON', await admin.post('/v1/platforms', '{"name":')],
      ['413 too large', await admin.post('/v1/platforms', { ...platformBody(), x: 'x'.repeat(300 * 1024) })],
      ['GET /v1/openapi.json', await client(t.url).get('/v1/openapi.json')],
    ] as const;
    for (const [label, r] of cases) {
      expectSecurityHeaders(r.headers, label);
      if (r.status >= 400) {
        expect({ label, type: r.headers.get('content-type') }).toEqual({ label, type: expect.stringMatching(/^application\/problem\+json/) });
        expect({ label, leaks: STACK.test(r.text) }).toEqual({ label, leaks: false });
      }
    }
    expect(cases.map(([l, r]) => [l, r.status])).toEqual([
      ['GET /v1/catalogue', 200],
      ['POST /v1/platforms', 201],
      ['GET /health', 200],
      ['404 unknown route', 404],
      ['401 bad token', 401],
      ['400 malformed JSON', 400],
      ['413 too large', 413],
      ['GET /v1/openapi.json', 200],
    ]);
  });

  it('the Swagger UI at /docs works under the CSP: no inline script, every script and stylesheet served from this origin', async () => {
    const page = await fetch(`${t.url}/docs`, { redirect: 'follow' });
    expect(page.status).toBe(200);
    expectSecurityHeaders(page.headers, '/docs');
    const html = await page.text();
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect({ attrs, inline: body.trim() }).toEqual({ attrs: expect.stringMatching(/src=/), inline: '' });
    }
    const assets = [...html.matchAll(/(?:src|href)=["']([^"']+\.(?:js|css))["']/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThanOrEqual(4);
    for (const asset of assets) {
      expect(asset).not.toMatch(/^(https?:)?\/\//);
      const r = await fetch(new URL(asset, page.url));
      expect({ asset, status: r.status }).toEqual({ asset, status: 200 });
    }
  });

  it('CORS is closed by default: no grant to any origin, for reads or writes', async () => {
    const get = await fetch(`${t.url}/v1/catalogue`, { headers: { origin: 'https://tinh.gov.vn' } });
    expect(get.status).toBe(200);
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${t.url}/v1/platforms`, {
      method: 'OPTIONS',
      headers: { origin: 'https://tinh.gov.vn', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
  });

  it('slow clients are cut off: header and request timeouts are set', () => {
    const server = t.app.getHttpServer();
    expect(server.headersTimeout).toBe(20000);
    expect(server.requestTimeout).toBe(60000);
  });
});

describe('CORS when configured', () => {
  const ALLOWED = 'https://tinh.gov.vn';
  const preflight = (url: string, origin: string, method: string) =>
    fetch(`${url}/v1/platforms`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization,content-type' },
    });

  it('CORS_ORIGINS lets those origins read, but not write; other origins get nothing', async () => {
    const t = await startTestApp({ env: { CORS_ORIGINS: `${ALLOWED}, https://other.gov.vn` } });
    try {
      const read = await fetch(`${t.url}/v1/catalogue`, { headers: { origin: ALLOWED } });
      expect(read.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      expect(read.headers.get('vary') ?? '').toMatch(/origin/i);
      const foreign = await fetch(`${t.url}/v1/catalogue`, { headers: { origin: 'https://evil.example' } });
      expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
      const p = await preflight(t.url, ALLOWED, 'POST');
      expect(p.headers.get('access-control-allow-methods')).toBe('GET,HEAD');
      expect(p.headers.get('access-control-allow-headers') ?? '').not.toMatch(/content-type/i);
      const write = await fetch(`${t.url}/v1/platforms`, { method: 'POST', headers: { origin: ALLOWED, 'content-type': 'text/plain' }, body: '{}' });
      expect(write.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await t.close();
      removeDir(t.dataDir);
    }
  });

  it('CORS_ALLOW_WRITES=true opens writes to the configured origins only', async () => {
    const t = await startTestApp({ env: { CORS_ORIGINS: ALLOWED, CORS_ALLOW_WRITES: 'true' } });
    try {
      const p = await preflight(t.url, ALLOWED, 'POST');
      expect(p.status).toBeLessThan(300);
      expect(p.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      expect(p.headers.get('access-control-allow-methods')).toContain('POST');
      expect(p.headers.get('access-control-allow-headers') ?? '').toMatch(/idempotency-key/i);
      expect((await preflight(t.url, 'https://evil.example', 'POST')).headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await t.close();
      removeDir(t.dataDir);
    }
  });

  it('a malformed CORS_ORIGINS stops the start', async () => {
    await expect(startTestApp({ env: { CORS_ORIGINS: 'tinh.gov.vn' } })).rejects.toThrow(/CORS_ORIGINS/);
  });
});

describe('rate limits (low limits for this test)', () => {
  let t: TestApp;
  const tally = { sent: 0, limited: 0 };
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_WRITES_PER_MINUTE: '5', RATE_LIMIT_READS_PER_MINUTE: '8', RATE_LIMIT_AUDIT_PER_MINUTE: '2' } });
    await registerMinistries(t, [{ code: 'BTC', name: 'Bộ Tài chính' }]); // 1 write by the setup subject
  });
  afterAll(async () => {
    console.log(`rate limits: ${tally.sent} requests sent, ${tally.limited} answered 429`);
    await t?.close();
    if (t) removeDir(t.dataDir);
  });

  const count = (status: number) => {
    tally.sent++;
    if (status === 429) tally.limited++;
    return status;
  };

  it('writes: the 6th write of a subject within a minute is 429 problem+json with Retry-After, and records nothing', async () => {
    const editor = client(t.url, t.token('ministry-editor', 'BTC', 'btc:busy'));
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push(count((await editor.post('/v1/platforms', platformBody({ name: `Nền tảng ${i}` }))).status));
    expect(statuses).toEqual([201, 201, 201, 201, 201]);
    const before = t.logLength();
    const limited = await editor.post('/v1/platforms', platformBody({ name: 'Một nền tảng quá nhiều' }));
    count(limited.status);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(limited.body).toMatchObject({ type: 'urn:ndp-catalogue:problem:rate-limited', status: 429, retryAfter: expect.any(Number) });
    expect(t.logLength()).toBe(before);
    // Keyed by subject across every write route, not per route.
    expect(
      count((await editor.patch('/v1/platforms/00000000-0000-4000-8000-000000000000', { effectiveDate: '2024-09-01' }, { 'if-match': '"0"' })).status),
    ).toBe(429);
    // Another subject has its own budget; reads are not writes.
    expect(
      count((await client(t.url, t.token('ministry-editor', 'BTC', 'btc:calm')).post('/v1/platforms', platformBody({ name: 'Nền tảng khác' }))).status),
    ).toBe(201);
    expect(count((await editor.get('/v1/ministries')).status)).toBe(200);
  });

  it('expensive reads: limited per client address when anonymous; cheap reads and /health are not', async () => {
    const anonymous = client(t.url);
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push(count((await anonymous.get('/v1/catalogue')).status));
    expect(statuses.slice(0, 8).every((s) => s === 200)).toBe(true);
    expect(statuses[8]).toBe(429);
    expect(count((await anonymous.get('/v1/catalogue/diff?from=2024-01-01')).status)).toBe(429); // one budget for all expensive reads
    for (let i = 0; i < 20; i++) expect(count((await anonymous.get('/v1/ministries')).status)).toBe(200);
    for (let i = 0; i < 20; i++) expect(count((await anonymous.get('/health')).status)).toBe(200);
    // An auditor with a token has its own budget.
    expect(count((await client(t.url, t.token('auditor')).get('/v1/catalogue')).status)).toBe(200);
  });

  it('whole-log reads (verify, export) have the tightest budget', async () => {
    const auditor = client(t.url, t.token('auditor', undefined, 'auditor:verify'));
    expect(count((await auditor.get('/v1/audit/verify')).status)).toBe(200);
    expect(count((await auditor.get('/v1/audit/export')).status)).toBe(200);
    const third = await auditor.get('/v1/audit/verify');
    expect(count(third.status)).toBe(429);
    expect(third.headers.get('retry-after')).toBeTruthy();
  });

  it('a malformed limit stops the start', async () => {
    await expect(startTestApp({ env: { RATE_LIMIT_WRITES_PER_MINUTE: 'lots' } })).rejects.toThrow(/RATE_LIMIT_WRITES_PER_MINUTE/);
  });
});
