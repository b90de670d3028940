import { client, removeDir, startTestApp, TestApp } from './support/test-app';

/**
 * The worked example of DOMAIN.md, over HTTP: a typo corrected after edition 2765 was
 * published, and the merger of the Ministry of Planning and Investment into Finance on
 * 2025-03-01. The server clock is set per step so that "as known at" dates mean something.
 */
describe('time travel: the worked example of DOMAIN.md', () => {
  let t: TestApp;
  let clock = new Date('2024-04-30T02:00:00.000Z');
  const at = (iso: string) => (clock = new Date(iso));
  let admin: ReturnType<typeof client>;
  let btc: ReturnType<typeof client>;
  let portalId: string;
  let tenderId: string;
  let withdrawnId: string;
  let editionBytes: string;

  const TYPO = 'Cổng công khai ngân sách nhà nươc';
  const FIXED = 'Cổng công khai ngân sách nhà nước';
  const MERGER = { documentNumber: '176/2025/QH15', issuedOn: '2025-02-18', issuer: 'Quốc hội', title: 'Nghị quyết về cơ cấu tổ chức của Chính phủ' };

  beforeAll(async () => {
    t = await startTestApp({ now: () => clock });
    admin = client(t.url, t.token('mic-admin', undefined, 'mic:nguyen'));
    btc = client(t.url, t.token('ministry-editor', 'BTC', 'btc:tran'));
    const kh = client(t.url, t.token('ministry-editor', 'BKHDT', 'bkhdt:le'));

    at('2024-04-30T02:00:00.000Z');
    for (const [code, name] of [
      ['BTC', 'Bộ Tài chính'],
      ['BKHDT', 'Bộ Kế hoạch và Đầu tư'],
      ['BQP', 'Bộ Quốc phòng'],
    ])
      expect((await admin.post('/v1/ministries', { code, name, effectiveDate: '2024-01-01' })).status).toBe(201);

    at('2024-05-01T02:00:00.000Z');
    const portal = await btc.post('/v1/platforms', {
      name: TYPO,
      kind: 'portal',
      ownerMinistry: 'BTC',
      deploymentStatus: 'operational',
      effectiveDate: '2024-05-01',
    });
    expect(portal.status).toBe(201);
    portalId = portal.body.id;
    const tender = await kh.post('/v1/platforms', {
      name: 'Hệ thống mạng đấu thầu quốc gia',
      kind: 'information-system',
      ownerMinistry: 'BKHDT',
      deploymentStatus: 'operational',
      effectiveDate: '2024-05-01',
    });
    tenderId = tender.body.id;
    const other = await btc.post('/v1/platforms', {
      name: 'Ứng dụng quản lý trước bạ nhà đất',
      kind: 'application',
      ownerMinistry: 'BTC',
      deploymentStatus: 'operational',
      effectiveDate: '2024-06-01',
    });
    withdrawnId = other.body.id;

    at('2024-07-15T03:00:00.000Z');
    const edition = await admin.post('/v1/editions', {
      documentNumber: '2765/BTTTT-CĐSQG',
      issuedOn: '2024-07-15',
      signer: 'Phạm Đức Long',
      cutoffDate: '2024-07-03',
    });
    expect(edition.status).toBe(201);
    expect(edition.body.id).toBe('2765-BTTTT-CDSQG');
    editionBytes = (await admin.get('/v1/editions/2765-BTTTT-CDSQG')).text;

    at('2024-08-01T03:00:00.000Z');
    const corrected = await btc.post(`/v1/platforms/${portalId}/corrections`, {
      name: FIXED,
      effectiveFrom: '2024-05-01',
      reason: 'Sửa lỗi chính tả trong tên',
      legalBasis: { documentNumber: '3001/BTC-THTK', issuedOn: '2024-07-30' },
    });
    expect(corrected.status).toBe(201);
  });
  afterAll(async () => {
    await t.close();
    removeDir(t.dataDir);
  });

  const names = (r: { body: { platforms: Array<{ id: string; name: string }> } }) => Object.fromEntries(r.body.platforms.map((p) => [p.id, p.name]));

  it('as of 2024-07-03, now: the corrected name', async () => {
    const r = await admin.get('/v1/catalogue?asOf=2024-07-03');
    expect(r.status).toBe(200);
    expect(names(r)[portalId]).toBe(FIXED);
    expect(r.body).toMatchObject({ asOf: '2024-07-03', knownAt: null, total: 3 });
  });

  it('as of 2024-07-03 as known before the correction: the original name', async () => {
    const byDate = await admin.get('/v1/catalogue?asOf=2024-07-03&knownAt=2024-07-15');
    expect(names(byDate)[portalId]).toBe(TYPO);
    expect(byDate.body.knownAt).toBe('2024-07-15T16:59:59.999Z');
    const byInstant = await admin.get(`/v1/platforms/${portalId}?asOf=2024-07-03&knownAt=${encodeURIComponent('2024-07-31T23:00:00+07:00')}`);
    expect(byInstant.body.name).toBe(TYPO);
    const afterIt = await admin.get(`/v1/platforms/${portalId}?asOf=2024-07-03&knownAt=2024-08-01T03:00:00.000Z`);
    expect(afterIt.body.name).toBe(FIXED);
  });

  it('before anything was recorded, nothing was known', async () => {
    const r = await admin.get('/v1/catalogue?asOf=2024-07-03&knownAt=2024-04-01');
    expect(r.body.total).toBe(0);
    expect((await admin.get(`/v1/platforms/${portalId}?knownAt=2024-04-01`)).status).toBe(404);
  });

  it('an entry asked for before its registration is 404 and says when it starts', async () => {
    const r = await admin.get(`/v1/platforms/${withdrawnId}?asOf=2024-05-15`);
    expect(r.status).toBe(404);
    expect(r.body.registeredOn).toBe('2024-06-01');
  });

  it('the edition keeps the original name, byte for byte', async () => {
    const r = await admin.get('/v1/editions/2765-BTTTT-CDSQG');
    expect(r.text).toBe(editionBytes);
    expect(names(r)[portalId]).toBe(TYPO);
    expect(r.body).toMatchObject({ documentNumber: '2765/BTTTT-CĐSQG', cutoffDate: '2024-07-03', issuedOn: '2024-07-15', signer: 'Phạm Đức Long', total: 3 });
    // By document number too.
    expect((await admin.get(`/v1/editions/${encodeURIComponent('2765/BTTTT-CĐSQG')}`)).text).toBe(editionBytes);
  });

  describe('after a rename, an amendment, a withdrawal and the merger of 2025-03-01', () => {
    beforeAll(async () => {
      at('2024-09-01T03:00:00.000Z');
      const p = await admin.get(`/v1/platforms/${portalId}`);
      expect(
        (
          await btc.patch(
            `/v1/platforms/${portalId}`,
            { url: 'https://congkhaingansach.vn', effectiveDate: '2024-09-01' },
            { 'if-match': p.headers.get('etag')! },
          )
        ).status,
      ).toBe(200);
      const w = await admin.get(`/v1/platforms/${withdrawnId}`);
      expect(
        (
          await btc.post(
            `/v1/platforms/${withdrawnId}/withdraw`,
            { effectiveDate: '2024-12-01', reason: 'Hợp nhất vào hệ thống quản lý thuế', legalBasis: { documentNumber: '99/QĐ-BTC', issuedOn: '2024-11-20' } },
            { 'if-match': w.headers.get('etag')! },
          )
        ).status,
      ).toBe(200);
      at('2025-02-20T03:00:00.000Z');
      expect((await admin.post('/v1/ministries/BQP/rename', { name: 'Bộ Quốc phòng (tên mới)', effectiveDate: '2025-03-01', legalBasis: MERGER })).status).toBe(
        200,
      );
      const merged = await admin.post('/v1/ministries/BKHDT/merge', {
        into: 'BTC',
        effectiveDate: '2025-03-01',
        legalBasis: MERGER,
        reason: 'Hợp nhất Bộ Kế hoạch và Đầu tư vào Bộ Tài chính',
      });
      expect(merged.status).toBe(200);
    });

    it('as of 2025-02-28 the entry is listed under the old ministry with its old name', async () => {
      const r = await admin.get('/v1/catalogue?asOf=2025-02-28');
      const tender = r.body.platforms.find((p: { id: string }) => p.id === tenderId);
      expect(tender).toMatchObject({ ownerMinistry: 'BKHDT', ownerMinistryName: 'Bộ Kế hoạch và Đầu tư' });
      expect(r.body.byMinistry).toEqual(
        expect.arrayContaining([
          { code: 'BKHDT', name: 'Bộ Kế hoạch và Đầu tư', count: 1 },
          { code: 'BQP', name: 'Bộ Quốc phòng', count: 0 },
        ]),
      );
      expect((await admin.get('/v1/ministries?asOf=2025-02-28')).body.ministries.map((m: { code: string }) => m.code)).toEqual(['BKHDT', 'BQP', 'BTC']);
    });

    it('as of 2025-03-01 it is under the survivor, and the merged ministry is gone', async () => {
      const r = await admin.get('/v1/catalogue?asOf=2025-03-01');
      expect(r.body.platforms.find((p: { id: string }) => p.id === tenderId)).toMatchObject({ ownerMinistry: 'BTC', ownerMinistryName: 'Bộ Tài chính' });
      expect(r.body.byMinistry).toEqual([
        { code: 'BQP', name: 'Bộ Quốc phòng (tên mới)', count: 0 },
        { code: 'BTC', name: 'Bộ Tài chính', count: 2 },
      ]);
      const ministries = (await admin.get('/v1/ministries?asOf=2025-03-01&includeEnded=true')).body.ministries;
      expect(ministries.find((m: { code: string }) => m.code === 'BKHDT')).toMatchObject({ status: 'ended', mergedInto: 'BTC' });
    });

    it("the entry's history shows the transfer with the merger's decision", async () => {
      const h = await admin.get(`/v1/platforms/${tenderId}/history`);
      expect(h.status).toBe(200);
      const transfer = h.body.versions.find((v: { type: string }) => v.type === 'platform.transferred');
      expect(transfer).toMatchObject({
        effectiveDate: '2025-03-01',
        recordedAt: '2025-02-20T03:00:00.000Z',
        legalBasis: MERGER,
        ministry: 'BTC',
        actor: { sub: 'mic:nguyen', role: 'mic-admin' },
        changes: [{ field: 'ownerMinistry', before: 'BKHDT', after: 'BTC' }],
      });
    });

    it("the portal's history shows every version with who, when, why and before → after", async () => {
      const h = await admin.get(`/v1/platforms/${portalId}/history`);
      expect(h.body.versions.map((v: { type: string }) => v.type)).toEqual(['platform.registered', 'platform.corrected', 'platform.amended']);
      expect(h.body.versions[1]).toMatchObject({
        effectiveDate: '2024-05-01',
        recordedAt: '2024-08-01T03:00:00.000Z',
        actor: { sub: 'btc:tran', role: 'ministry-editor', ministry: 'BTC' },
        reason: 'Sửa lỗi chính tả trong tên',
        legalBasis: { documentNumber: '3001/BTC-THTK', issuedOn: '2024-07-30' },
        changes: [{ field: 'name', before: TYPO, after: FIXED }],
      });
      expect(h.body.versions[2].changes).toEqual([{ field: 'url', before: null, after: 'https://congkhaingansach.vn' }]);
    });

    it('the diff between two dates lists added, changed, transferred and withdrawn', async () => {
      const d = await admin.get('/v1/catalogue/diff?from=2024-07-03&to=2025-03-01');
      expect(d.status).toBe(200);
      expect(d.body.added).toEqual([]);
      expect(d.body.withdrawn.map((p: { id: string }) => p.id)).toEqual([withdrawnId]);
      expect(d.body.transferred).toEqual([{ id: tenderId, name: 'Hệ thống mạng đấu thầu quốc gia', fromMinistry: 'BKHDT', toMinistry: 'BTC' }]);
      expect(d.body.changed).toEqual([
        { id: portalId, name: FIXED, ownerMinistry: 'BTC', changes: [{ field: 'url', before: null, after: 'https://congkhaingansach.vn' }] },
      ]);
      const early = await admin.get('/v1/catalogue/diff?from=2024-04-30&to=2024-07-03&knownAt=2024-07-15');
      expect(early.body.added.map((p: { name: string }) => p.name).sort()).toEqual(
        [TYPO, 'Hệ thống mạng đấu thầu quốc gia', 'Ứng dụng quản lý trước bạ nhà đất'].sort(),
      );
    });

    it('the edition is still byte-identical after corrections, renames and merges', async () => {
      expect((await admin.get('/v1/editions/2765-BTTTT-CDSQG')).text).toBe(editionBytes);
    });

    it('a second edition and the diff between the two editions', async () => {
      at('2025-03-05T03:00:00.000Z');
      const e2 = await admin.post('/v1/editions', { documentNumber: '500/QĐ-BKHCN', issuedOn: '2025-03-05', signer: 'Người ký', cutoffDate: '2025-03-01' });
      expect(e2.status).toBe(201);
      const list = await admin.get('/v1/editions');
      expect(list.body.editions.map((e: { id: string }) => e.id)).toEqual(['2765-BTTTT-CDSQG', '500-QD-BKHCN']);
      const d = await admin.get('/v1/editions/2765-BTTTT-CDSQG/diff/500-QD-BKHCN');
      expect(d.status).toBe(200);
      expect(d.body.transferred.map((x: { id: string }) => x.id)).toEqual([tenderId]);
      expect(d.body.withdrawn.map((x: { id: string }) => x.id)).toEqual([withdrawnId]);
      // Edition 1 froze the typo; edition 2 has the corrected name and the url.
      expect(d.body.changed).toEqual([
        {
          id: portalId,
          name: FIXED,
          ownerMinistry: 'BTC',
          changes: [
            { field: 'name', before: TYPO, after: FIXED },
            { field: 'url', before: null, after: 'https://congkhaingansach.vn' },
          ],
        },
      ]);
    });

    it('the audit lists events with full metadata, filtered and paged in log order', async () => {
      const auditor = client(t.url, t.token('auditor', undefined, 'kiem-toan'));
      const all = await auditor.get('/v1/audit?limit=1000');
      expect(all.status).toBe(200);
      const positions = all.body.events.map((e: { position: number }) => e.position);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect(all.body.events.length).toBe(t.logLength());
      const pages: number[] = [];
      for (let cursor = ''; ;) {
        const page = await auditor.get(`/v1/audit?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
        pages.push(...page.body.events.map((e: { position: number }) => e.position));
        if (!page.body.nextCursor) break;
        cursor = page.body.nextCursor;
      }
      expect(pages).toEqual(positions);
      const byActor = await auditor.get('/v1/audit?actor=btc:tran');
      expect(new Set(byActor.body.events.map((e: { actor: { sub: string } }) => e.actor.sub))).toEqual(new Set(['btc:tran']));
      expect(byActor.body.events.map((e: { type: string }) => e.type)).toEqual([
        'platform.registered',
        'platform.registered',
        'platform.corrected',
        'platform.amended',
        'platform.withdrawn',
      ]);
      const merges = await auditor.get('/v1/audit?type=ministry.merged');
      expect(merges.body.events).toHaveLength(1);
      expect(merges.body.events[0]).toMatchObject({
        legalBasis: MERGER,
        effectiveDate: '2025-03-01',
        actor: { sub: 'mic:nguyen' },
        data: { code: 'BKHDT', into: 'BTC' },
      });
      expect(merges.body.events[0].correlationId).toEqual(expect.any(String));
      const bkhdt = await auditor.get('/v1/audit?ministry=BKHDT');
      expect(bkhdt.body.events.map((e: { type: string }) => e.type)).toEqual([
        'ministry.registered',
        'platform.registered',
        'ministry.merged',
        'platform.transferred',
      ]);
      const window = await auditor.get('/v1/audit?from=2024-08-01&to=2024-09-01');
      expect(window.body.events.map((e: { type: string }) => e.type)).toEqual(['platform.corrected', 'platform.amended', 'platform.withdrawn']);
    });

    it('refuses impossible reorganisations and time parameters, recording nothing', async () => {
      const before = t.logLength();
      const cases: Array<[Promise<{ status: number; body: { errors?: Array<{ field: string }> } }>, number]> = [
        [admin.post('/v1/ministries/BQP/merge', { into: 'BQP', effectiveDate: '2025-04-01', legalBasis: MERGER }), 422],
        [admin.post('/v1/ministries/BQP/merge', { into: 'BKHDT', effectiveDate: '2025-04-01', legalBasis: MERGER }), 422],
        [admin.post('/v1/ministries/BQP/rename', { name: 'Tên', effectiveDate: '2023-01-01', legalBasis: MERGER }), 422],
        [admin.post('/v1/ministries/BKHDT/rename', { name: 'Tên', effectiveDate: '2025-04-01', legalBasis: MERGER }), 422],
        [admin.post(`/v1/platforms/${portalId}/corrections`, { name: 'X', effectiveFrom: '2024-04-01', reason: 'r', legalBasis: MERGER }), 422],
        [btc.post('/v1/platforms', { name: 'Mới', kind: 'portal', ownerMinistry: 'BKHDT', deploymentStatus: 'pilot', effectiveDate: '2025-04-01' }), 403],
        [admin.post('/v1/platforms', { name: 'Mới', kind: 'portal', ownerMinistry: 'BKHDT', deploymentStatus: 'pilot', effectiveDate: '2025-04-01' }), 422],
        [admin.get('/v1/catalogue?asOf=2024-13-01'), 400],
        [admin.get('/v1/catalogue?knownAt=yesterday'), 400],
        [admin.get('/v1/catalogue/diff?from=2025-01-01&to=2024-01-01'), 400],
        [admin.get('/v1/editions/khong-co'), 404],
        [admin.get('/v1/editions/2765-BTTTT-CDSQG/diff/khong-co'), 404],
      ];
      for (const [request, status] of cases) expect((await request).status).toBe(status);
      expect(t.logLength()).toBe(before);
    });
  });
});
