import { readPaging } from '../apps/api/src/http/paging';
import { client, LEGAL, platformBody, removeDir, startTestApp, TestApp } from './support/test-app';

/**
 * The API half of issue 16 on the seeded catalogue of dispatch 2765 (44 entries, 16 ministries):
 * paging everywhere, the new filters, personal data kept from the public, problem details in
 * Vietnamese, editions as files, and a ministry's own page.
 */
describe('issue 16: the API for auditors and at national scale', () => {
  let t: TestApp;
  let admin: ReturnType<typeof client>;
  let auditor: ReturnType<typeof client>;
  const pub = () => client(t.url);

  beforeAll(async () => {
    t = await startTestApp({ seed: true });
    admin = client(t.url, t.token('mic-admin', undefined, 'mic:nguyen'));
    auditor = client(t.url, t.token('auditor', undefined, 'kt:pham'));
  });
  afterAll(async () => {
    await t.close();
    removeDir(t.dataDir);
  });

  /** Every page of a list, following nextCursor. */
  async function allPages(path: string, list: (body: any) => unknown[]) {
    const items: unknown[] = [];
    const bodies: any[] = [];
    let url = path;
    for (let i = 0; i < 200; i++) {
      const r = await pub().get(url);
      expect(r.status).toBe(200);
      bodies.push(r.body);
      items.push(...list(r.body));
      if (r.body.nextCursor === null) return { items, bodies };
      expect(typeof r.body.nextCursor).toBe('string');
      url = `${path}&cursor=${encodeURIComponent(r.body.nextCursor)}`;
    }
    throw new Error('no last page');
  }

  describe('A. paging', () => {
    it('the catalogue pages: the pages put together are the whole answer; total and byMinistry count everything', async () => {
      const whole = await pub().get('/v1/catalogue?asOf=2024-07-03');
      expect(whole.body.platforms).toHaveLength(44);
      expect(whole.body).not.toHaveProperty('nextCursor');
      const { items, bodies } = await allPages('/v1/catalogue?asOf=2024-07-03&limit=10', (b) => b.platforms);
      expect(bodies).toHaveLength(5);
      expect(bodies.map((b) => b.platforms.length)).toEqual([10, 10, 10, 10, 4]);
      expect(items).toEqual(whole.body.platforms);
      for (const b of bodies) {
        expect(b.total).toBe(44);
        expect(b.byMinistry).toEqual(whole.body.byMinistry);
        expect(b.limit).toBe(10);
      }
      expect(bodies[4].nextCursor).toBeNull();
    });

    it('a catalogue cursor issued before keys (an offset and a point) still resumes at its offset', async () => {
      const whole = (await pub().get('/v1/catalogue?asOf=2024-07-03')).body.platforms;
      const first = await pub().get('/v1/catalogue?asOf=2024-07-03&limit=10');
      const { p: position, x: key } = JSON.parse(Buffer.from(first.body.nextCursor.split('.')[0], 'base64url').toString('utf8'));
      expect(key).toHaveLength(3);
      // The cursor as issued before: the same payload without the key.
      const old = readPaging({ asOf: '2024-07-03', limit: '10' }, 'catalogue')!.next({ offset: 10, position, asOf: '2024-07-03' });
      expect(JSON.parse(Buffer.from(old.split('.')[0], 'base64url').toString('utf8'))).not.toHaveProperty('x');
      const items: unknown[] = [];
      for (let cursor: string | null = old; cursor;) {
        const page: { status: number; body: { platforms: unknown[]; nextCursor: string | null } } = await pub().get(
          `/v1/catalogue?asOf=2024-07-03&limit=10&cursor=${encodeURIComponent(cursor)}`,
        );
        expect(page.status).toBe(200);
        items.push(...page.body.platforms);
        cursor = page.body.nextCursor;
      }
      expect(items).toEqual(whole.slice(10));
    });

    it('a catalogue cursor keeps the point it was taken at: entries recorded meanwhile do not shift the pages', async () => {
      const first = await pub().get('/v1/catalogue?asOf=2024-07-03&ministry=BTC&limit=2');
      const before = (await pub().get('/v1/catalogue?asOf=2024-07-03&ministry=BTC')).body.platforms;
      const r = await admin.post('/v1/platforms', platformBody({ name: 'Ấn chỉ điện tử aaa', effectiveDate: '2024-07-03' }), {
        'idempotency-key': 'page-write-1',
      });
      expect(r.text).toContain('"id"');
      const now = (await pub().get('/v1/catalogue?asOf=2024-07-03&ministry=BTC')).body;
      expect(now.total).toBe(before.length + 1);
      const rest: unknown[] = [];
      let cursor = first.body.nextCursor;
      while (cursor) {
        const page = await pub().get(`/v1/catalogue?asOf=2024-07-03&ministry=BTC&limit=2&cursor=${encodeURIComponent(cursor)}`);
        expect(page.status).toBe(200);
        expect(page.body.total).toBe(before.length);
        rest.push(...page.body.platforms);
        cursor = page.body.nextCursor;
      }
      expect([...first.body.platforms, ...rest]).toEqual(before);
    });

    it('search pages over the ranked list; total counts every match', async () => {
      const whole = await pub().get('/v1/search?q=he%20thong&asOf=2024-07-03&limit=1000');
      expect(whole.body.nextCursor).toBeNull();
      const { items, bodies } = await allPages('/v1/search?q=he%20thong&asOf=2024-07-03&limit=3', (b) => b.results);
      expect(items).toEqual(whole.body.results);
      expect(bodies.length).toBe(Math.ceil(whole.body.total / 3));
      for (const b of bodies) expect(b.total).toBe(whole.body.total);
      // Without limit, as before: the first 50 and no cursor.
      const old = await pub().get('/v1/search?q=he%20thong&asOf=2024-07-03');
      expect(old.body).not.toHaveProperty('nextCursor');
    });

    it('the audit trail pages with an opaque cursor tied to its query; a bare position is still accepted', async () => {
      const whole = await auditor.get('/v1/audit?limit=1000');
      const seen: number[] = [];
      let cursor = '';
      for (;;) {
        const page = await auditor.get(`/v1/audit?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(page.status).toBe(200);
        seen.push(...page.body.events.map((e: { position: number }) => e.position));
        if (!page.body.nextCursor) break;
        expect(page.body.nextCursor).not.toMatch(/^\d+$/);
        cursor = page.body.nextCursor;
      }
      expect(seen).toEqual(whole.body.events.map((e: { position: number }) => e.position));
      const legacy = await auditor.get('/v1/audit?limit=5&cursor=10');
      expect(legacy.body.events[0].position).toBe(11);
    });

    it('history and both diffs page', async () => {
      const btc = (await pub().get('/v1/catalogue?ministry=BCA')).body.platforms[0];
      const amended = await admin.patch(
        `/v1/platforms/${btc.id}`,
        { url: 'https://a.example.vn', effectiveDate: '2024-08-01', legalBasis: LEGAL },
        { 'if-match': '"0"' },
      );
      expect(amended.text).toContain('"revision"');
      const whole = await pub().get(`/v1/platforms/${btc.id}/history`);
      expect(whole.body.versions.length).toBeGreaterThanOrEqual(2);
      const { items, bodies } = await allPages(`/v1/platforms/${btc.id}/history?limit=1`, (b) => b.versions);
      expect(items).toEqual(whole.body.versions);
      expect(bodies[0].total).toBe(whole.body.versions.length);

      const diff = await pub().get('/v1/catalogue/diff?from=2024-01-01&to=2024-07-03');
      const n = (await pub().get('/v1/catalogue?asOf=2024-07-03')).body.total;
      expect(diff.body.added).toHaveLength(n);
      const pages = await allPages('/v1/catalogue/diff?from=2024-01-01&to=2024-07-03&limit=20', (b) => b.added);
      expect(pages.items).toEqual(diff.body.added);
      expect(pages.bodies[0].totals).toEqual({ added: n, changed: 0, transferred: 0, withdrawn: 0 });

      await admin.post('/v1/editions', { documentNumber: '99/BTTTT-TEST', issuedOn: '2024-09-01', signer: 'Người ký', cutoffDate: '2024-09-01' });
      const ed = await pub().get('/v1/editions/2765%2FBTTTT-C%C4%90SQG/diff/99%2FBTTTT-TEST');
      expect(ed.status).toBe(200);
      const total = ed.body.added.length + ed.body.changed.length + ed.body.transferred.length + ed.body.withdrawn.length;
      expect(total).toBeGreaterThan(1);
      const edPages = await allPages('/v1/editions/2765%2FBTTTT-C%C4%90SQG/diff/99%2FBTTTT-TEST?limit=1', (b) => [
        ...b.added,
        ...b.changed,
        ...b.transferred,
        ...b.withdrawn,
      ]);
      expect(edPages.items).toEqual([...ed.body.added, ...ed.body.changed, ...ed.body.transferred, ...ed.body.withdrawn]);
    });

    it.each([
      ['garbled', 'abc'],
      ['damaged check', 'eyJ2IjoxfQ.AAAAAAAAAAAAAAAA'],
      ['non-JSON', `${Buffer.from('not json').toString('base64url')}.xxxxxxxxxxxxxxxx`],
    ])('a %s cursor is 400, never 500', async (_, cursor) => {
      for (const path of ['/v1/catalogue?limit=5', '/v1/search?q=thue&limit=5', '/v1/catalogue/diff?from=2024-01-01&limit=5']) {
        const r = await pub().get(`${path}&cursor=${encodeURIComponent(cursor)}`);
        expect({ path, status: r.status }).toEqual({ path, status: 400 });
        expect(r.body.errors[0].field).toBe('cursor');
      }
      expect((await auditor.get(`/v1/audit?cursor=${encodeURIComponent(cursor)}`)).status).toBe(400);
    });

    it('a cursor from another query, or another list, is 400', async () => {
      const btc = await pub().get('/v1/catalogue?ministry=BTC&limit=2');
      const c = encodeURIComponent(btc.body.nextCursor);
      expect((await pub().get(`/v1/catalogue?ministry=BYT&limit=2&cursor=${c}`)).status).toBe(400);
      expect((await pub().get(`/v1/search?q=thue&limit=2&cursor=${c}`)).status).toBe(400);
      expect((await pub().get(`/v1/catalogue?ministry=BTC&limit=2&cursor=${c}`)).status).toBe(200);
      const audit = await auditor.get('/v1/audit?type=platform.registered&limit=2');
      expect((await auditor.get(`/v1/audit?type=ministry.registered&limit=2&cursor=${encodeURIComponent(audit.body.nextCursor)}`)).status).toBe(400);
    });

    it.each(['0', '1001', 'x', '-1'])('limit=%s is 400', async (limit) => {
      expect((await pub().get(`/v1/catalogue?limit=${limit}`)).status).toBe(400);
      expect((await pub().get(`/v1/catalogue/diff?from=2024-01-01&limit=${limit}`)).status).toBe(400);
    });
  });

  describe('B. filters', () => {
    it('/v1/audit filters by entry and by document number', async () => {
      const entry = (await pub().get('/v1/catalogue?ministry=BCA')).body.platforms[0];
      const byEntry = await auditor.get(`/v1/audit?platform=${entry.id}`);
      expect(byEntry.status).toBe(200);
      expect(byEntry.body.events.length).toBeGreaterThan(0);
      for (const e of byEntry.body.events) expect(e.streamId).toBe(`platform-${entry.id}`);
      const byDoc = await auditor.get(`/v1/audit?documentNumber=${encodeURIComponent('2765/BTTTT-CĐSQG')}&limit=1000`);
      expect(byDoc.body.events.length).toBeGreaterThanOrEqual(44);
      for (const e of byDoc.body.events) expect(e.legalBasis?.documentNumber ?? e.data.documentNumber).toBe('2765/BTTTT-CĐSQG');
      const none = await auditor.get(`/v1/audit?documentNumber=${encodeURIComponent(LEGAL.documentNumber)}x`);
      expect(none.body.events).toEqual([]);
      expect((await auditor.get('/v1/audit?platform=not-an-id')).status).toBe(400);
    });

    it('the catalogue and search filter by deployment status, NDXP status and status', async () => {
      const pilot = await pub().get('/v1/catalogue?asOf=2024-07-03&deploymentStatus=pilot');
      expect(pilot.body.total).toBeGreaterThan(0);
      for (const p of pilot.body.platforms) expect(p.deploymentStatus).toBe('pilot');
      const connected = await pub().get('/v1/catalogue?asOf=2024-07-03&ndxpStatus=connected');
      expect(connected.status).toBe(200);
      expect(connected.body.total).toBe(0);
      const all = (await pub().get('/v1/catalogue?asOf=2024-07-03')).body.total;
      expect((await pub().get('/v1/catalogue?asOf=2024-07-03&ndxpStatus=not-connected')).body.total).toBe(all);
      expect((await pub().get('/v1/catalogue?ndxpStatus=maybe')).status).toBe(400);
      const s = await pub().get('/v1/search?q=cua%20khau&asOf=2024-07-03&deploymentStatus=operational');
      for (const r of s.body.results) expect(r.platform.deploymentStatus).toBe('operational');
      const sp = await pub().get('/v1/search?q=cua%20khau&asOf=2024-07-03&deploymentStatus=pilot');
      expect(sp.body.total).toBeGreaterThan(0);
      for (const r of sp.body.results) expect(r.platform.deploymentStatus).toBe('pilot');
      expect((await pub().get('/v1/search?q=thue&ndxpStatus=connected')).body.total).toBe(0);
      expect((await pub().get('/v1/search?q=thue&ndxpStatus=nope')).status).toBe(400);
    });
  });

  describe('C. personal data', () => {
    let id: string;
    beforeAll(async () => {
      const editor = client(t.url, t.token('ministry-editor', 'BYT', 'byt:le-thi-binh'));
      const r = await editor.post(
        '/v1/platforms',
        platformBody({ name: 'Hệ thống riêng tư thử', ownerMinistry: 'BYT', effectiveDate: '2024-07-03', legalBasis: LEGAL }),
        { 'idempotency-key': 'pd-1' },
      );
      expect(r.text).toContain('"id"');
      id = r.body.id;
    });

    it("the public history shows role, ministry and legal basis, not the official's name or id", async () => {
      const r = await pub().get(`/v1/platforms/${id}/history`);
      expect(r.status).toBe(200);
      expect(r.body.versions[0].actor).toEqual({ role: 'ministry-editor', ministry: 'BYT' });
      expect(r.body.versions[0].legalBasis).toMatchObject({ documentNumber: LEGAL.documentNumber, signer: LEGAL.signer });
      expect(r.text).not.toContain('byt:le-thi-binh');
      expect(r.text).not.toContain('Test ministry-editor');
      const paged = await pub().get(`/v1/platforms/${id}/history?limit=1`);
      expect(paged.text).not.toContain('byt:le-thi-binh');
    });

    it.each(['auditor', 'mic-admin'] as const)('a %s token sees the individual', async (role) => {
      const r = await client(t.url, t.token(role)).get(`/v1/platforms/${id}/history`);
      expect(r.body.versions[0].actor).toMatchObject({ sub: 'byt:le-thi-binh', name: 'Test ministry-editor BYT', role: 'ministry-editor', ministry: 'BYT' });
    });

    it('an editor token is the public', async () => {
      const r = await client(t.url, t.token('ministry-editor', 'BYT')).get(`/v1/platforms/${id}/history`);
      expect(r.body.versions[0].actor).toEqual({ role: 'ministry-editor', ministry: 'BYT' });
    });

    it('editions show who published them as role and ministry only, unless auditor or mic-admin asks', async () => {
      await admin.post('/v1/editions', { documentNumber: '98/BTTTT-PD', issuedOn: '2024-09-02', signer: 'Người ký công khai', cutoffDate: '2024-09-02' });
      const list = await pub().get('/v1/editions');
      const ours = list.body.editions.find((e: { documentNumber: string }) => e.documentNumber === '98/BTTTT-PD');
      expect(ours.publishedBy).toEqual({ role: 'mic-admin', ministry: null });
      expect(ours.signer).toBe('Người ký công khai');
      const one = await pub().get(`/v1/editions/${ours.id}`);
      expect(one.body.publishedBy).toEqual({ role: 'mic-admin', ministry: null });
      expect(one.text).not.toContain('mic:nguyen');
      const audited = await auditor.get(`/v1/editions/${ours.id}`);
      expect(audited.body.publishedBy).toMatchObject({ sub: 'mic:nguyen', role: 'mic-admin' });
    });

    it("the seed's actor is the service, not a person: shown whole", async () => {
      const seeded = (await pub().get('/v1/catalogue?ministry=BCA')).body.platforms[1];
      const r = await pub().get(`/v1/platforms/${seeded.id}/history`);
      expect(r.body.versions[0].actor).toMatchObject({ sub: 'system:seed' });
    });
  });

  describe('D. problem details in Vietnamese or English by Accept-Language', () => {
    const VI = { 'accept-language': 'vi-VN,vi;q=0.9,en;q=0.5' };

    it('English when no language is asked for (as before), Vietnamese for vi; the type code is the same', async () => {
      const en = await pub().get('/v1/catalogue?asOf=2024-02-30');
      expect(en.status).toBe(400);
      expect(en.body).toMatchObject({ type: 'urn:ndp-catalogue:problem:invalid-input', title: 'Invalid input', detail: 'asOf must be a date as YYYY-MM-DD' });
      const vi = await pub().get('/v1/catalogue?asOf=2024-02-30', VI);
      expect(vi.status).toBe(400);
      expect(vi.headers.get('content-language')).toBe('vi');
      expect(vi.headers.get('vary')).toMatch(/Accept-Language/i);
      expect(vi.body).toMatchObject({ type: en.body.type, status: 400, title: 'Dữ liệu không hợp lệ', detail: 'asOf phải là ngày dạng YYYY-MM-DD' });
      expect(vi.body.errors).toEqual([{ field: 'asOf', message: "'2024-02-30' không phải là ngày có thật" }]);
      const preferEnglish = await pub().get('/v1/catalogue?asOf=2024-02-30', { 'accept-language': 'en-GB,vi;q=0.5' });
      expect(preferEnglish.body.title).toBe('Invalid input');
    });

    it('validation messages of bodies, revision conflicts, forbidden and not found speak Vietnamese', async () => {
      const bad = await admin.post('/v1/platforms', { ...platformBody(), colour: 'red' }, VI);
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toContainEqual({ field: 'colour', message: 'colour không phải là trường được chấp nhận' });

      const entry = (await pub().get('/v1/catalogue?ministry=BGTVT')).body.platforms[0];
      const conflict = await admin.patch(
        `/v1/platforms/${entry.id}`,
        { url: 'https://b.example.vn', effectiveDate: '2024-08-01', legalBasis: LEGAL },
        { 'if-match': '"7"', ...VI },
      );
      expect(conflict.status).toBe(409);
      expect(conflict.body).toMatchObject({ type: 'urn:ndp-catalogue:problem:revision-conflict', title: 'Xung đột phiên bản', currentRevision: 0 });
      expect(conflict.body.detail).toBe('Mục đã được thay đổi: phiên bản hiện tại là 0; hãy đọc lại mục và gửi lại với If-Match: "0"');

      const forbidden = await client(t.url, t.token('ministry-editor', 'BTC')).get('/v1/audit', VI);
      expect(forbidden.status).toBe(403);
      expect(forbidden.body).toMatchObject({ type: 'urn:ndp-catalogue:problem:role-not-allowed', title: 'Không được phép' });
      const notOwner = await client(t.url, t.token('ministry-editor', 'BTC')).patch(
        `/v1/platforms/${entry.id}`,
        { url: 'https://c.example.vn', effectiveDate: '2024-08-01' },
        { 'if-match': '"0"', ...VI },
      );
      expect(notOwner.status).toBe(403);
      expect(notOwner.body.title).toBe('Không được phép');
      expect(notOwner.body.detail).not.toMatch(/[A-Za-z]{4,} (may|must|not)\b/);

      const missing = await pub().get('/v1/platforms/00000000-0000-4000-8000-000000000000', VI);
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ type: 'urn:ndp-catalogue:problem:unknown-platform', title: 'Không tìm thấy' });
      expect((await pub().get('/v1/editions/khong-co', VI)).body.detail).toBe('Chưa có ấn bản nào với mã hoặc số hiệu này được công bố');
      expect((await pub().get('/v1/catalogue?limit=5&cursor=abc', VI)).body.errors[0].message).toBe('không phải con trỏ trang của truy vấn này');
      expect((await pub().get('/v1/khong-co-duong-nay', VI)).body.title).toBe('Không tìm thấy');
    });
  });

  describe('E. editions as files, their head, diffs as CSV', () => {
    const SEED_EDITION = encodeURIComponent('2765/BTTTT-CĐSQG');

    it('an edition shows its hash-chain head; its CSV and JSON are the frozen content', async () => {
      const ed = await pub().get(`/v1/editions/${SEED_EDITION}`);
      expect(ed.status).toBe(200);
      expect(ed.body.head).toEqual({ position: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(ed.body.head.position).toBeLessThanOrEqual(ed.body.logPosition);
      const csv = await pub().get(`/v1/editions/${SEED_EDITION}?format=csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="an-ban-2765-BTTTT-CDSQG\.csv"/);
      const lines = csv.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(lines).toHaveLength(1 + 44);
      expect(lines[0]).toContain('ownerMinistry');
      expect(csv.text).toContain('Nền tảng định danh và xác thực điện tử');
      const json = await pub().get(`/v1/editions/${SEED_EDITION}?format=json`);
      expect(json.headers.get('content-disposition')).toMatch(/\.json"$/);
      expect(JSON.parse(json.text)).toEqual(ed.body);
      expect((await pub().get(`/v1/editions/${SEED_EDITION}?format=pdf`)).status).toBe(400);
    });

    it('format=csv on both diff endpoints: one row per fact', async () => {
      const diff = await pub().get('/v1/catalogue/diff?from=2024-07-03&to=2024-12-31');
      const csv = await pub().get('/v1/catalogue/diff?from=2024-07-03&to=2024-12-31&format=csv');
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      const rows = csv.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(rows[0]).toBe('change,id,name,ownerMinistry,field,before,after');
      const facts =
        diff.body.added.length +
        diff.body.withdrawn.length +
        diff.body.transferred.length +
        diff.body.changed.reduce((n: number, c: { changes: unknown[] }) => n + c.changes.length, 0);
      expect(facts).toBeGreaterThan(0);
      expect(rows).toHaveLength(1 + facts);
      expect(rows.some((r) => r.startsWith('changed,') && r.includes(',url,,https://a.example.vn'))).toBe(true);
      const ed = await pub().get(`/v1/editions/${SEED_EDITION}/diff/99%2FBTTTT-TEST?format=csv`);
      expect(ed.status).toBe(200);
      expect(ed.text).toContain('added,');
      expect((await pub().get(`/v1/editions/${SEED_EDITION}/diff/99%2FBTTTT-TEST?format=json`)).headers.get('content-disposition')).toMatch(/\.json"$/);
      expect((await pub().get('/v1/catalogue/diff?from=2024-07-03&format=csv&limit=5')).status).toBe(400);
    });
  });

  describe("F. a ministry's page: names over time, reorganisations, entry counts", () => {
    const MERGER = { documentNumber: '01/NQ-QH-TEST', issuedOn: '2025-02-18', signer: 'Chủ tịch Quốc hội' };
    let gtvtCount: number;
    let dissolvedIds: string[];
    let X: string;

    beforeAll(async () => {
      const ok = (r: { status: number; text: string }) => expect({ status: r.status < 300, text: r.text }).toMatchObject({ status: true });
      ok(await admin.post('/v1/ministries', { code: 'BMOI', name: 'Bộ Mới', effectiveDate: '2025-01-01' }));
      ok(await admin.post('/v1/ministries/BMOI/rename', { name: 'Bộ Mới (tên mới)', effectiveDate: '2025-02-01', legalBasis: MERGER }));
      gtvtCount = (await pub().get('/v1/catalogue?asOf=2025-02-28&ministry=BGTVT')).body.total;
      ok(await admin.post('/v1/ministries/BGTVT/merge', { into: 'BMOI', effectiveDate: '2025-03-01', legalBasis: MERGER }));
      const counts = (await pub().get('/v1/catalogue?asOf=2025-03-31')).body.byMinistry as Array<{ code: string; count: number }>;
      X = counts.find((m) => m.count >= 2 && !['BCA', 'BMOI', 'BTC', 'BYT'].includes(m.code))!.code;
      dissolvedIds = (await pub().get(`/v1/catalogue?asOf=2025-03-31&ministry=${X}`)).body.platforms.map((p: { id: string }) => p.id);
      ok(
        await admin.post(`/v1/ministries/${X}/dissolve`, {
          effectiveDate: '2025-04-01',
          legalBasis: MERGER,
          defaultSuccessor: 'BMOI',
          assignments: { [dissolvedIds[0]]: 'BCA' },
        }),
      );
    });

    it('the timeline of the survivor: registered, renamed, absorbed one, succeeded another; counts as of a date', async () => {
      const r = await pub().get('/v1/ministries/BMOI?asOf=2025-06-01');
      expect(r.status).toBe(200);
      expect(r.body.ministry).toMatchObject({ code: 'BMOI', name: 'Bộ Mới (tên mới)', status: 'in-force' });
      expect(r.body.timeline.map((s: { event: string }) => s.event)).toEqual(['registered', 'renamed', 'absorbed', 'succeeded']);
      expect(r.body.timeline[1]).toMatchObject({ name: 'Bộ Mới (tên mới)', previousName: 'Bộ Mới', effectiveDate: '2025-02-01', legalBasis: MERGER });
      expect(r.body.timeline[2]).toMatchObject({ from: 'BGTVT', effectiveDate: '2025-03-01' });
      expect(r.body.timeline[3]).toMatchObject({ from: X, isDefaultSuccessor: true, assignedEntries: 0 });
      expect(r.body.timeline.some((s: object) => 'actor' in s)).toBe(false);
      expect(r.body.entries).toEqual({ inForce: gtvtCount + dissolvedIds.length - 1, withdrawn: 0, coMinistry: 0 });
      const early = await pub().get('/v1/ministries/BMOI?asOf=2025-01-15');
      expect(early.body.ministry.name).toBe('Bộ Mới');
      expect(early.body.entries.inForce).toBe(0);
    });

    it('the ended ones say into whom they went', async () => {
      const merged = await pub().get('/v1/ministries/BGTVT?asOf=2025-06-01');
      expect(merged.body.ministry).toMatchObject({ status: 'ended', mergedInto: 'BMOI' });
      expect(merged.body.timeline.map((s: { event: string }) => s.event)).toEqual(['registered', 'merged-into']);
      expect(merged.body.entries.inForce).toBe(0);
      const before = await pub().get('/v1/ministries/BGTVT?asOf=2025-02-01');
      expect(before.body.entries.inForce).toBe(gtvtCount);
      const dissolved = await pub().get(`/v1/ministries/${X}?asOf=2025-06-01`);
      const last = dissolved.body.timeline.at(-1);
      expect(last).toMatchObject({ event: 'dissolved', defaultSuccessor: 'BMOI', effectiveDate: '2025-04-01' });
      expect(last.successors).toEqual(
        expect.arrayContaining([
          { code: 'BMOI', entries: 0 },
          { code: 'BCA', entries: 1 },
        ]),
      );
      const bca = await pub().get('/v1/ministries/BCA?asOf=2025-06-01');
      expect(bca.body.timeline.at(-1)).toMatchObject({ event: 'succeeded', from: X, isDefaultSuccessor: false, assignedEntries: 1 });
    });

    it('unknown ministries, and ones not yet recorded at knownAt, are 404; bad dates 400', async () => {
      expect((await pub().get('/v1/ministries/BKHONG')).status).toBe(404);
      expect((await pub().get('/v1/ministries/bad code')).status).toBe(404);
      expect((await pub().get('/v1/ministries/BMOI?knownAt=2020-01-01')).status).toBe(404);
      expect((await pub().get('/v1/ministries/BMOI?asOf=2025-13-01')).status).toBe(400);
    });
  });
});
