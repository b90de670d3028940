import { client, platformBody, registerMinistries, removeDir, startTestApp, TestApp } from './support/test-app';

/**
 * Reads answer with a strong ETag built from the route, the query, the log position the read
 * models are at, today's date and whether the caller may see persons; If-None-Match with that
 * tag gets a 304 without a body; answers are served again from the answer cache while the
 * position stays. Public and auditor answers never share a tag or a cached answer.
 */
/** Our tags are strong; Express still puts its own weak body hash (`W/"…"`) on other answers, problems too. */
const STRONG = /^"/;

describe('position-based ETags, 304 and the answer cache on reads', () => {
  let t: TestApp;
  let clock = new Date('2025-03-10T03:00:00Z');
  let id: string;
  const anon = () => client(t.url);
  const admin = () => client(t.url, t.token('mic-admin'));
  const auditor = () => client(t.url, t.token('auditor'));

  beforeAll(async () => {
    t = await startTestApp({ now: () => clock });
    await registerMinistries(t, [
      { code: 'BTC', name: 'Bộ Tài chính' },
      { code: 'BQP', name: 'Bộ Quốc phòng' },
    ]);
    const r = await admin().post('/v1/platforms', platformBody({ effectiveDate: '2024-05-01' }));
    expect(r.status).toBe(201);
    id = r.body.id;
  });
  afterAll(async () => {
    await t?.close();
    if (t) removeDir(t.dataDir);
  });

  it('gives the entry read an ETag that starts with its revision, and 304 without a body on a match', async () => {
    const first = await anon().get(`/v1/platforms/${id}`);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(new RegExp(`^"${first.body.revision}\\.[A-Za-z0-9_-]{22}"$`));
    expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');

    const again = await anon().get(`/v1/platforms/${id}`);
    expect(again.status).toBe(200);
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.text).toBe(first.text);

    for (const header of [etag, `W/${etag}`, `"nope", ${etag}`, '*']) {
      const cond = await anon().get(`/v1/platforms/${id}`, { 'if-none-match': header });
      expect({ header, status: cond.status }).toEqual({ header, status: 304 });
      expect(cond.text).toBe('');
      expect(cond.headers.get('etag')).toBe(etag);
      expect(cond.headers.get('content-length')).toBeNull();
      // Still the edge's headers: shared caches must not keep answers (see hardening).
      expect(cond.headers.get('cache-control')).toBe('no-store');
      expect(cond.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const other = await anon().get(`/v1/platforms/${id}`, { 'if-none-match': '"0.AAAAAAAAAAAAAAAAAAAAAA"' });
    expect(other.status).toBe(200);
    expect(other.text).toBe(first.text);
  });

  it('gives another tag to another query, and none to errors', async () => {
    const today = await anon().get(`/v1/platforms/${id}`);
    const past = await anon().get(`/v1/platforms/${id}?asOf=2024-12-31`);
    expect(past.status).toBe(200);
    expect(past.headers.get('etag')).not.toBe(today.headers.get('etag'));
    expect((await anon().get(`/v1/platforms/${id}?asOf=2024-12-31`, { 'if-none-match': today.headers.get('etag')! })).status).toBe(200);
    // The same parameters in another order are the same query.
    const a = await anon().get('/v1/catalogue?status=all&kind=portal');
    const b = await anon().get('/v1/catalogue?kind=portal&status=all');
    expect(a.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
    expect(b.headers.get('etag')).toBe(a.headers.get('etag'));
    expect(b.text).toBe(a.text);

    const missing = await anon().get('/v1/platforms/no-such-code');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('etag') ?? '').not.toMatch(STRONG);
    const bad = await anon().get('/v1/catalogue?asOf=2024-02-30');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('etag') ?? '').not.toMatch(STRONG);
    const notYet = await anon().get(`/v1/platforms/${id}?asOf=2024-01-01`);
    expect(notYet.status).toBe(404);
    expect(notYet.headers.get('etag') ?? '').not.toMatch(STRONG);
  });

  it('changes the tag and the answer after a write, also a write to another entry', async () => {
    const before = await anon().get(`/v1/platforms/${id}`);
    const beforeCatalogue = await anon().get('/v1/catalogue');
    const tag = before.headers.get('etag')!;
    // The ETag as read is what a client sends back as If-Match.
    const amended = await admin().patch(
      `/v1/platforms/${id}`,
      { deploymentStatus: 'pilot', effectiveDate: '2025-01-01', legalBasis: { documentNumber: '9/QĐ', issuedOn: '2024-12-30' } },
      { 'if-match': tag },
    );
    expect(amended.status).toBe(200);
    expect(amended.body.revision).toBe(before.body.revision + 1);

    const after = await anon().get(`/v1/platforms/${id}`, { 'if-none-match': tag });
    expect(after.status).toBe(200);
    expect(after.body.deploymentStatus).toBe('pilot');
    expect(after.headers.get('etag')).toMatch(new RegExp(`^"${after.body.revision}\\.`));
    expect(after.headers.get('etag')).not.toBe(tag);
    const catalogue = await anon().get('/v1/catalogue', { 'if-none-match': beforeCatalogue.headers.get('etag')! });
    expect(catalogue.status).toBe(200);
    expect(catalogue.headers.get('etag')).not.toBe(beforeCatalogue.headers.get('etag'));

    // A write elsewhere moves the position: the old tag of this entry no longer matches either.
    const entryTag = after.headers.get('etag')!;
    expect((await anon().get(`/v1/platforms/${id}`, { 'if-none-match': entryTag })).status).toBe(304);
    expect((await admin().post('/v1/platforms', platformBody({ name: 'Hệ thống quản lý tài sản công' }))).status).toBe(201);
    const moved = await anon().get(`/v1/platforms/${id}`, { 'if-none-match': entryTag });
    expect(moved.status).toBe(200);
    expect(moved.body.revision).toBe(after.body.revision);
    expect(moved.headers.get('etag')).not.toBe(entryTag);

    // A stale read tag as If-Match is a revision conflict; its weak form never matches.
    const stale = await admin().patch(`/v1/platforms/${id}`, { deploymentStatus: 'operational', effectiveDate: '2025-02-01' }, { 'if-match': tag });
    expect(stale.status).toBe(409);
    expect(stale.body.currentRevision).toBe(after.body.revision);
    const weak = await admin().patch(`/v1/platforms/${id}`, { deploymentStatus: 'operational', effectiveDate: '2025-02-01' }, { 'if-match': `W/${entryTag}` });
    expect(weak.status).toBe(409);
  });

  it('never shares a tag or a cached answer between public and auditor callers', async () => {
    const path = `/v1/platforms/${id}/history`;
    // The auditor reads first, so that a shared cache would hand its answer to the public.
    const audited = await auditor().get(path);
    const shown = await anon().get(path);
    expect(audited.status).toBe(200);
    expect(shown.status).toBe(200);
    expect(audited.body.versions[0].actor.name).toBe('Test mic-admin');
    expect(shown.body.versions[0].actor).toEqual({ role: 'mic-admin', ministry: null });
    expect(shown.text).not.toContain('Test mic-admin');
    const auditorTag = audited.headers.get('etag')!;
    const publicTag = shown.headers.get('etag')!;
    expect(auditorTag).not.toBe(publicTag);

    const publicWithAuditorTag = await anon().get(path, { 'if-none-match': auditorTag });
    expect(publicWithAuditorTag.status).toBe(200);
    expect(publicWithAuditorTag.text).toBe(shown.text);
    const auditorWithPublicTag = await auditor().get(path, { 'if-none-match': publicTag });
    expect(auditorWithPublicTag.status).toBe(200);
    expect(auditorWithPublicTag.text).toBe(audited.text);
    expect((await auditor().get(path, { 'if-none-match': auditorTag })).status).toBe(304);
    expect((await anon().get(path, { 'if-none-match': publicTag })).status).toBe(304);
    // A token that may not see persons reads the public answer and its tag.
    const editor = await client(t.url, t.token('ministry-editor', 'BTC')).get(path);
    expect(editor.headers.get('etag')).toBe(publicTag);
    expect(editor.text).toBe(shown.text);
  });

  it('keys "today" answers by the date: the next day is another answer', async () => {
    const today = await anon().get('/v1/ministries');
    expect(today.body.asOf).toBe('2025-03-10');
    clock = new Date('2025-03-10T18:00:00Z'); // 01:00 on 11 March in Vietnam
    try {
      const tomorrow = await anon().get('/v1/ministries', { 'if-none-match': today.headers.get('etag')! });
      expect(tomorrow.status).toBe(200);
      expect(tomorrow.body.asOf).toBe('2025-03-11');
      expect(tomorrow.headers.get('etag')).not.toBe(today.headers.get('etag'));
      // An explicit date does not depend on the clock's date… but the key still carries it, so
      // the tag may change at midnight; what matters is that the answer is the same.
      const fixed = await anon().get('/v1/ministries?asOf=2025-03-10');
      expect(fixed.body).toEqual(today.body);
    } finally {
      clock = new Date('2025-03-10T03:00:00Z');
    }
  });

  it('still honours ?minPosition= on cached reads, and it does not change the answer or its tag', async () => {
    const plain = await anon().get('/v1/catalogue');
    const position = (await admin().post('/v1/platforms', platformBody({ name: 'Cơ sở dữ liệu quốc gia về giá' }))).body.position as number;
    const fresh = await anon().get('/v1/catalogue');
    expect(fresh.headers.get('etag')).not.toBe(plain.headers.get('etag'));
    const waited = await anon().get(`/v1/catalogue?minPosition=${position}`);
    expect(waited.status).toBe(200);
    expect(waited.headers.get('etag')).toBe(fresh.headers.get('etag'));
    expect(waited.text).toBe(fresh.text);
    expect((await anon().get(`/v1/catalogue?minPosition=${position}`, { 'if-none-match': fresh.headers.get('etag')! })).status).toBe(304);
    const late = await anon().get(`/v1/catalogue?minPosition=${position + 1000}`);
    expect(late.status).toBe(503);
    expect(late.headers.get('etag') ?? '').not.toMatch(STRONG);
    expect((await anon().get('/v1/catalogue?minPosition=abc')).status).toBe(400);
  }, 20000);

  it('gives tags to the other cached reads', async () => {
    for (const path of ['/v1/search?q=tai%20chinh', '/v1/ministries/BTC', '/v1/fields', '/v1/editions', '/v1/catalogue/diff?from=2024-01-01']) {
      const r = await anon().get(path);
      expect({ path, status: r.status }).toEqual({ path, status: 200 });
      const tag = r.headers.get('etag');
      expect({ path, tag }).toEqual({ path, tag: expect.stringMatching(/^"[A-Za-z0-9_-]{22}"$/) });
      expect((await anon().get(path, { 'if-none-match': tag! })).status).toBe(304);
    }
  });
});

/**
 * A 304 is the 200 without its body: every header the edge puts on an answer (security headers,
 * no-store, the request id, CORS) and the tag, and none of those that describe a body. Both ways
 * to it: from an answer kept in the cache, and from one computed for the request (cache off).
 */
describe('the headers of a 304', () => {
  const ORIGIN = 'https://tinh.gov.vn';
  const BODY_HEADERS = ['content-type', 'content-length'];
  /** Headers that differ between any two answers (the clock, the request id given below). */
  const PER_ANSWER = ['date', 'x-correlation-id', 'keep-alive', 'connection'];
  const headerMap = (h: Headers) => Object.fromEntries([...h.entries()].filter(([k]) => !PER_ANSWER.includes(k)));

  for (const [label, env] of [
    ['kept in the answer cache', {}],
    ['computed (answer cache off)', { ANSWER_CACHE_MB: '0' }],
  ] as const) {
    it(`are the 200's without those of the body, for an answer ${label}`, async () => {
      const t = await startTestApp({ env: { CORS_ORIGINS: ORIGIN, ...env } });
      try {
        const admin = client(t.url, t.token('mic-admin'));
        await registerMinistries(t, [{ code: 'BTC', name: 'Bộ Tài chính' }]);
        const id = (await admin.post('/v1/platforms', platformBody({ effectiveDate: '2024-05-01' }))).body.id as string;
        const anon = client(t.url);
        const path = `/v1/platforms/${id}?asOf=2025-01-01`;
        const full = await anon.get(path, { origin: ORIGIN, 'x-correlation-id': 'poll-200' });
        expect(full.status).toBe(200);
        const etag = full.headers.get('etag')!;
        expect(etag).toMatch(STRONG);
        expect(full.headers.get('access-control-allow-origin')).toBe(ORIGIN);

        for (const method of ['GET', 'HEAD']) {
          const cond = await anon.call(method, path, undefined, { origin: ORIGIN, 'x-correlation-id': `poll-${method}`, 'if-none-match': etag });
          expect({ method, status: cond.status, text: cond.text }).toEqual({ method, status: 304, text: '' });
          expect(cond.headers.get('x-correlation-id')).toBe(`poll-${method}`);
          const expected = headerMap(full.headers);
          const got = headerMap(cond.headers);
          for (const h of BODY_HEADERS) delete expected[h];
          // Fastify's HEAD route has always added `content-length: 0` here (as before this test).
          if (method === 'HEAD' && got['content-length'] === '0') delete got['content-length'];
          expect({ method, headers: got }).toEqual({ method, headers: expected });
        }
        // The same request line with more than the line to decide it still goes the whole way:
        // a token is checked (a bad one refused), ?minPosition= still waits, other lines are checked.
        const forged = await anon.get(path, { authorization: 'Bearer not.a.token', 'if-none-match': etag });
        expect(forged.status).toBe(401);
        const auditor = await client(t.url, t.token('auditor')).get(path, { 'if-none-match': etag });
        expect(auditor.status).toBe(200);
        expect(auditor.headers.get('etag')).not.toBe(etag);
        const reached = `${path}&minPosition=1`;
        expect((await anon.get(reached)).status).toBe(200);
        expect((await anon.get(reached, { 'if-none-match': etag })).status).toBe(304);
        if (label === 'kept in the answer cache') expect((await anon.get(`${path}&minPosition=999999`, { 'if-none-match': etag })).status).toBe(503);
        expect((await anon.get(`${path}&asOf=2025-01-01`, { 'if-none-match': etag })).status).toBe(400);
        expect((await anon.get(`${path}&bogus=1`, { 'if-none-match': etag })).status).toBe(400);
        expect((await anon.get(path, { 'if-none-match': etag })).status).toBe(304);
      } finally {
        await t.close();
        removeDir(t.dataDir);
      }
    });
  }
});
