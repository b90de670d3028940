import { client, platformBody, registerMinistries, removeDir, startTestApp, TestApp } from './support/test-app';

describe('core: commands, reads, concurrency and idempotency over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await registerMinistries(t, [
      { code: 'BTC', name: 'Bộ Tài chính' },
      { code: 'BQP', name: 'Bộ Quốc phòng' },
      { code: 'BCA', name: 'Bộ Công an' },
    ]);
  });
  afterAll(async () => {
    await t.close();
    removeDir(t.dataDir);
  });

  it('registers, amends, withdraws, reinstates and transfers an entry, each a recorded event', async () => {
    const editor = client(t.url, t.token('ministry-editor', 'BTC', 'btc:editor'));
    const admin = client(t.url, t.token('mic-admin'));
    const created = await editor.post(
      '/v1/platforms',
      platformBody({
        name: 'Nền tảng cửa khẩu số',
        kind: 'platform',
        coMinistries: ['BQP'],
        deploymentStatus: 'pilot',
        contact: { name: 'Đầu mối', email: 'hotro@mof.gov.vn', phone: '+84 24 2220 2828' },
      }),
    );
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), revision: 0, position: expect.any(Number) });
    expect(created.headers.get('location')).toBe(`/v1/platforms/${created.body.id}`);
    const id = created.body.id;

    const read = await editor.get(`/v1/platforms/${id}`);
    expect(read.status).toBe(200);
    // The revision, then the digest that tells log positions apart (README "ETags and 304").
    expect(read.headers.get('etag')).toMatch(/^"0\.[A-Za-z0-9_-]{22}"$/);
    expect(read.body).toMatchObject({
      id,
      name: 'Nền tảng cửa khẩu số',
      ownerMinistry: 'BTC',
      ownerMinistryName: 'Bộ Tài chính',
      coMinistries: ['BQP'],
      status: 'in-force',
      revision: 0,
      ndxpStatus: 'not-connected',
    });

    const amended = await editor.patch(
      `/v1/platforms/${id}`,
      { deploymentStatus: 'operational', ndxpStatus: 'connected', effectiveDate: '2024-08-01' },
      { 'if-match': '"0"' },
    );
    expect(amended.status).toBe(200);
    expect(amended.body.revision).toBe(1);
    const withdrawn = await editor.post(
      `/v1/platforms/${id}/withdraw`,
      { effectiveDate: '2024-09-01', reason: 'Dừng', legalBasis: { documentNumber: '1/QĐ', issuedOn: '2024-08-30' } },
      { 'if-match': '1' },
    );
    expect(withdrawn.status).toBe(200);
    expect((await editor.get(`/v1/platforms/${id}`)).body.status).toBe('withdrawn');
    expect((await editor.get('/v1/catalogue')).body.platforms.some((p: { id: string }) => p.id === id)).toBe(false);
    expect((await editor.get('/v1/catalogue?status=withdrawn')).body.platforms.map((p: { id: string }) => p.id)).toContain(id);
    const reinstated = await editor.post(
      `/v1/platforms/${id}/reinstate`,
      { effectiveDate: '2024-10-01', reason: 'Vận hành lại', legalBasis: { documentNumber: '2/QĐ', issuedOn: '2024-09-30' } },
      { 'if-match': '2' },
    );
    expect(reinstated.status).toBe(200);
    const transferred = await admin.post(
      `/v1/platforms/${id}/transfer`,
      { toMinistry: 'BQP', effectiveDate: '2024-11-01', legalBasis: { documentNumber: '3/QĐ-TTg', issuedOn: '2024-10-30' } },
      { 'if-match': '3' },
    );
    expect(transferred.status).toBe(200);
    const now = await editor.get(`/v1/platforms/${id}`);
    // The new owner no longer co-operates on its own entry.
    expect(now.body).toMatchObject({ ownerMinistry: 'BQP', coMinistries: [], status: 'in-force', deploymentStatus: 'operational', revision: 4 });

    // Officials' ids are personal data: auditor and mic-admin see them (an editor sees role and ministry).
    expect((await editor.get(`/v1/platforms/${id}/history`)).body.versions[1].actor).toEqual({ role: 'ministry-editor', ministry: 'BTC' });
    const history = await admin.get(`/v1/platforms/${id}/history`);
    expect(history.body.versions.map((v: { type: string; revision: number }) => [v.type, v.revision])).toEqual([
      ['platform.registered', 0],
      ['platform.amended', 1],
      ['platform.withdrawn', 2],
      ['platform.reinstated', 3],
      ['platform.transferred', 4],
    ]);
    expect(history.body.versions[1]).toMatchObject({
      actor: { sub: 'btc:editor', role: 'ministry-editor', ministry: 'BTC' },
      effectiveDate: '2024-08-01',
      changes: [
        { field: 'deploymentStatus', before: 'pilot', after: 'operational' },
        { field: 'ndxpStatus', before: 'not-connected', after: 'connected' },
      ],
    });
    expect(history.body.versions[2]).toMatchObject({
      reason: 'Dừng',
      legalBasis: { documentNumber: '1/QĐ' },
      changes: [{ field: 'status', before: 'in-force', after: 'withdrawn' }],
    });
    // The BTC editor lost the entry with the transfer.
    expect((await editor.patch(`/v1/platforms/${id}`, { url: 'https://x.vn', effectiveDate: '2024-12-01' }, { 'if-match': '4' })).status).toBe(403);
  });

  it('serves the catalogue with counts per ministry, filters and accent-free search', async () => {
    const editor = client(t.url, t.token('ministry-editor', 'BTC'));
    await editor.post('/v1/platforms', platformBody({ name: 'Ứng dụng quản lý hóa đơn điện tử', kind: 'application' }));
    const all = await editor.get('/v1/catalogue');
    expect(all.body.total).toBe(all.body.platforms.length);
    expect(all.body.byMinistry.find((m: { code: string }) => m.code === 'BTC').count).toBe(
      all.body.platforms.filter((p: { ownerMinistry: string }) => p.ownerMinistry === 'BTC').length,
    );
    const found = await editor.get(`/v1/catalogue?q=${encodeURIComponent('hoa don dien tu')}`);
    expect(found.body.platforms.map((p: { name: string }) => p.name)).toEqual(['Ứng dụng quản lý hóa đơn điện tử']);
    expect((await editor.get('/v1/catalogue?kind=application&ministry=BTC')).body.platforms.every((p: { kind: string }) => p.kind === 'application')).toBe(
      true,
    );
    const byCode = await editor.post('/v1/platforms', platformBody({ name: 'Kho dữ liệu thu chi ngân sách nhà nước', kind: 'database', code: 'BTC-KDL' }));
    expect((await editor.get('/v1/platforms/BTC-KDL')).body.id).toBe(byCode.body.id);
    expect((await editor.post('/v1/platforms', platformBody({ code: 'BTC-KDL' }))).status).toBe(422);
  });

  it('lets exactly one of two concurrent PATCHes with the same If-Match win; the other gets 409 with the current revision', async () => {
    const editor = client(t.url, t.token('ministry-editor', 'BTC'));
    for (let round = 0; round < 10; round++) {
      const { body } = await editor.post('/v1/platforms', platformBody({ name: `Hệ thống ${round}` }));
      const [a, b] = await Promise.all([
        editor.patch(`/v1/platforms/${body.id}`, { description: 'A', effectiveDate: '2024-06-01' }, { 'if-match': '"0"' }),
        editor.patch(`/v1/platforms/${body.id}`, { description: 'B', effectiveDate: '2024-06-01' }, { 'if-match': '"0"' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const loser = a.status === 409 ? a : b;
      const winner = a.status === 200 ? 'A' : 'B';
      expect(loser.body).toMatchObject({ status: 409, currentRevision: 1 });
      expect(loser.headers.get('content-type')).toContain('application/problem+json');
      // No lost update: the winner's value is what is stored, in exactly one event.
      const now = await editor.get(`/v1/platforms/${body.id}`);
      expect(now.body).toMatchObject({ description: winner, revision: 1 });
      expect((await editor.get(`/v1/platforms/${body.id}/history`)).body.versions).toHaveLength(2);
    }
  });

  it('records a command sent 50 times with one Idempotency-Key once, even across a restart', async () => {
    const editor = () => client(t.url, t.token('ministry-editor', 'BTC', 'btc:retrying-client'));
    const body = platformBody({ name: 'Hệ thống thông tin thống kê tài chính', kind: 'information-system' });
    const key = { 'idempotency-key': 'dang-ky-tktc-0001' };
    const before = t.logLength();
    const first = await editor().post('/v1/platforms', body, key);
    expect(first.status).toBe(201);
    const concurrent = await Promise.all(Array.from({ length: 25 }, () => editor().post('/v1/platforms', body, key)));
    const sequential = [];
    for (let i = 0; i < 24; i++) sequential.push(await editor().post('/v1/platforms', body, key));
    for (const r of [...concurrent, ...sequential]) {
      expect(r.status).toBe(201);
      expect(r.body).toEqual(first.body);
      expect(r.headers.get('idempotent-replayed')).toBe('true');
    }
    expect(t.logLength()).toBe(before + 1);

    t = await t.restart();
    const afterRestart = await editor().post('/v1/platforms', body, key);
    expect(afterRestart.status).toBe(201);
    expect(afterRestart.body).toEqual(first.body);
    expect(t.logLength()).toBe(before + 1);

    const different = await editor().post('/v1/platforms', { ...body, name: 'Tên khác' }, key);
    expect(different.status).toBe(409);
    expect(different.body.type).toContain('idempotency-key-reused');
    expect(t.logLength()).toBe(before + 1);
  });

  it('answers the same registration sent at once with one Idempotency-Key as one (ministry, and entry with a code)', async () => {
    // Copies that lose the race must hear the first one's answer, never "already registered" or
    // "code taken" (command-executor.spec.ts covers a copy that decides after the first committed).
    const admin = client(t.url, t.token('mic-admin', undefined, 'mic:retrying-client'));
    const before = t.logLength();
    const ministry = { code: 'BDTTG', name: 'Bộ Dân tộc và Tôn giáo', effectiveDate: '2025-03-01' };
    const ministries = await Promise.all(Array.from({ length: 8 }, () => admin.post('/v1/ministries', ministry, { 'idempotency-key': 'bo-dttg-0001' })));
    expect(ministries.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(ministries.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(7);
    const entry = platformBody({ name: 'Cơ sở dữ liệu về công tác dân tộc', code: 'CSDL-DT', ownerMinistry: 'BDTTG', effectiveDate: '2025-03-01' });
    const entries = await Promise.all(Array.from({ length: 8 }, () => admin.post('/v1/platforms', entry, { 'idempotency-key': 'csdl-dt-0001' })));
    expect(entries.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(new Set(entries.map((r) => r.body.id)).size).toBe(1);
    // One ministry; one entry and the reservation of its code.
    expect(t.logLength()).toBe(before + 3);
  });

  it('serves health, the OpenAPI document and its interactive page', async () => {
    const anon = client(t.url);
    const health = await anon.get('/health');
    expect(health.body).toMatchObject({ status: 'ok', store: 'sqlite', projectionLag: 0 });
    const doc = await anon.get('/v1/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    for (const path of [
      '/v1/platforms',
      '/v1/platforms/{id}',
      '/v1/platforms/{id}/withdraw',
      '/v1/catalogue',
      '/v1/catalogue/diff',
      '/v1/editions/{a}/diff/{b}',
      '/v1/audit',
    ])
      expect(Object.keys(doc.body.paths)).toContain(path);
    const page = await anon.get('/docs');
    expect(page.status).toBe(200);
    expect(page.text).toContain('swagger');
  });
});
