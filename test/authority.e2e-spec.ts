import { client, LEGAL, platformBody, registerMinistries, removeDir, startTestApp, TestApp } from './support/test-app';

/**
 * Authority over time (issue 11, DOMAIN.md I1–I4) over HTTP: one test per broken sequence the
 * issue reported against the earlier main, each of which was accepted there.
 * The server's clock reads 2026-11-30: mergers on 2025-03-01 have happened, those on 2030-01-01
 * are scheduled.
 */
describe('authority over time, over HTTP', () => {
  let t: TestApp;
  let admin: ReturnType<typeof client>;
  const editor = (ministry: string) => client(t.url, t.token('ministry-editor', ministry, `editor:${ministry}`));
  const MERGER = { documentNumber: '176/2025/QH15', issuedOn: '2025-02-18', issuer: 'Quốc hội' };

  beforeAll(async () => {
    t = await startTestApp({ now: () => new Date('2026-11-30T03:00:00Z') });
    admin = client(t.url, t.token('mic-admin'));
    await registerMinistries(t, [
      { code: 'MA', name: 'Bộ A' },
      { code: 'MB', name: 'Bộ B' },
      { code: 'MC', name: 'Bộ C' },
      { code: 'MD', name: 'Bộ D' },
      { code: 'ME', name: 'Bộ E' },
      { code: 'MF', name: 'Bộ F' },
      { code: 'MG', name: 'Bộ G' },
    ]);
  });
  afterAll(async () => {
    await t.close();
    removeDir(t.dataDir);
  });

  const register = async (who: ReturnType<typeof client>, body: Record<string, unknown>) => {
    const r = await who.post('/v1/platforms', platformBody({ name: `Nền tảng ${Math.random()}`, ...body }));
    expect({ status: r.status, body: r.body }).toMatchObject({ status: 201 });
    return r.body.id as string;
  };
  const ownerOn = async (id: string, asOf: string) => (await admin.get(`/v1/platforms/${id}?asOf=${asOf}`)).body.ownerMinistry;
  const revision = async (id: string) => (await admin.get(`/v1/platforms/${id}`)).body.revision as number;

  it('1. a registration or transfer recorded after a merger but effective before it follows the merger (past and future)', async () => {
    expect((await admin.post('/v1/ministries/MA/merge', { into: 'MB', effectiveDate: '2025-03-01', legalBasis: MERGER })).status).toBe(200);
    // A late registration for the merged ministry, effective before the merger.
    const late = await register(admin, { ownerMinistry: 'MA', effectiveDate: '2024-10-01' });
    expect(await ownerOn(late, '2025-02-28')).toBe('MA');
    expect(await ownerOn(late, '2025-03-01')).toBe('MB');
    // A transfer of B's entry to A, effective before the merger.
    const moved = await register(admin, { ownerMinistry: 'MB', effectiveDate: '2024-06-01' });
    const tr = await admin.post(
      `/v1/platforms/${moved}/transfer`,
      { toMinistry: 'MA', effectiveDate: '2024-10-01', legalBasis: LEGAL },
      { 'if-match': `"${await revision(moved)}"` },
    );
    expect(tr.status).toBe(200);
    expect(await ownerOn(moved, '2024-12-31')).toBe('MA');
    expect(await ownerOn(moved, '2026-01-01')).toBe('MB');
    // Nobody counts the ended ministry after its end.
    const catalogue = (await admin.get('/v1/catalogue?asOf=2026-01-01')).body;
    expect(catalogue.byMinistry.map((m: { code: string }) => m.code)).not.toContain('MA');
    expect(catalogue.platforms.filter((p: { ownerMinistry: string }) => p.ownerMinistry === 'MA')).toEqual([]);
    // The history shows the follow-on transfer, under the merger.
    const history = (await admin.get(`/v1/platforms/${late}/history`)).body.versions;
    expect(history.map((v: { type: string }) => v.type)).toEqual(['platform.registered', 'platform.transferred']);

    // A merger dated in the future: an entry registered for C before it moves on its date.
    expect((await admin.post('/v1/ministries/MC/merge', { into: 'MB', effectiveDate: '2030-01-01', legalBasis: MERGER })).status).toBe(200);
    const future = await register(editor('MC'), { ownerMinistry: 'MC', effectiveDate: '2026-01-05' });
    expect(await ownerOn(future, '2029-12-31')).toBe('MC');
    expect(await ownerOn(future, '2030-06-01')).toBe('MB');
  });

  it('2. an ended ministry no longer writes: 403 naming the successor, and nothing recorded', async () => {
    const id = await register(editor('MB'), { ownerMinistry: 'MB', effectiveDate: '2024-05-01' });
    const before = t.logLength();
    // MA merged into MB on 2025-03-01 (test 1); its token still verifies, but it may not write.
    const r = await editor('MA').post(`/v1/platforms/${id}/corrections`, {
      name: 'Tên do Bộ A đặt',
      effectiveFrom: '2024-05-01',
      reason: 'Đính chính',
      legalBasis: LEGAL,
    });
    expect(r.status).toBe(403);
    expect(r.body.type).toBe('urn:ndp-catalogue:problem:actor-ministry-ended');
    expect(r.body.detail).toContain("'MB'");
    expect(t.logLength()).toBe(before);
    expect((await admin.get(`/v1/platforms/${id}`)).body.name).not.toBe('Tên do Bộ A đặt');
  });

  it("3. a former owner cannot rewrite the new owner's entry; it may still fix its own period", async () => {
    const id = await register(editor('MD'), { ownerMinistry: 'MD', effectiveDate: '2024-05-01', url: 'https://md.gov.vn' });
    const tr = await admin.post(
      `/v1/platforms/${id}/transfer`,
      { toMinistry: 'ME', effectiveDate: '2025-06-01', legalBasis: LEGAL },
      { 'if-match': `"${await revision(id)}"` },
    );
    expect(tr.status).toBe(200);
    const before = t.logLength();
    const phishing = await editor('MD').post(`/v1/platforms/${id}/corrections`, {
      name: 'Tên mới',
      url: 'https://phishing.example',
      effectiveFrom: '2024-07-03',
      reason: 'Đính chính',
      legalBasis: LEGAL,
    });
    expect(phishing.status).toBe(403);
    expect(phishing.body.type).toBe('urn:ndp-catalogue:problem:outside-accountable-period');
    expect(t.logLength()).toBe(before);
    expect((await admin.get(`/v1/platforms/${id}`)).body.url).toBe('https://md.gov.vn');
    // ME changes the URL for its own period; MD may then correct what held in its own period only.
    const rev = await revision(id);
    expect(
      (await editor('ME').patch(`/v1/platforms/${id}`, { url: 'https://me.gov.vn', effectiveDate: '2025-06-01' }, { 'if-match': `"${rev}"` })).status,
    ).toBe(200);
    const own = await editor('MD').post(`/v1/platforms/${id}/corrections`, {
      url: 'https://md.gov.vn/nen-tang',
      effectiveFrom: '2024-07-03',
      reason: 'Đính chính',
      legalBasis: LEGAL,
    });
    expect(own.status).toBe(201);
    expect((await admin.get(`/v1/platforms/${id}?asOf=2025-01-01`)).body.url).toBe('https://md.gov.vn/nen-tang');
    expect((await admin.get(`/v1/platforms/${id}`)).body.url).toBe('https://me.gov.vn');
    // mic-admin may, with a legal basis.
    expect(
      (await admin.post(`/v1/platforms/${id}/corrections`, { name: 'Tên đúng', effectiveFrom: '2024-07-03', reason: 'Đính chính', legalBasis: LEGAL })).status,
    ).toBe(201);
  });

  it('4. co-ministries follow mergers, and an owner never co-operates with itself', async () => {
    const id = await register(editor('MF'), { ownerMinistry: 'MF', coMinistries: ['MG', 'MD'], effectiveDate: '2024-05-01' });
    // MD merges into MG: MG already co-operates, so MD simply drops.
    expect((await admin.post('/v1/ministries/MD/merge', { into: 'MG', effectiveDate: '2025-09-01', legalBasis: MERGER })).status).toBe(200);
    expect((await admin.get(`/v1/platforms/${id}?asOf=2025-08-31`)).body.coMinistries).toEqual(['MG', 'MD']);
    expect((await admin.get(`/v1/platforms/${id}?asOf=2025-09-01`)).body.coMinistries).toEqual(['MG']);
    // MG merges into the owner MF: MF does not co-operate on its own entry.
    expect((await admin.post('/v1/ministries/MG/merge', { into: 'MF', effectiveDate: '2025-10-01', legalBasis: MERGER })).status).toBe(200);
    const after = (await admin.get(`/v1/platforms/${id}?asOf=2025-10-01`)).body;
    expect(after.ownerMinistry).toBe('MF');
    expect(after.coMinistries).toEqual([]);
    const types = (await admin.get(`/v1/platforms/${id}/history`)).body.versions.map((v: { type: string }) => v.type);
    expect(types).toEqual(['platform.registered', 'platform.co-ministries-reassigned', 'platform.co-ministries-reassigned']);
  });

  it('5. authorization is decided first: a stranger hears 403 whatever its If-Match, dates or body say', async () => {
    const id = await register(editor('ME'), { ownerMinistry: 'ME', effectiveDate: '2024-05-01' });
    const stranger = editor('MF');
    const before = t.logLength();
    const cases = [
      // a stale If-Match (would be 409)
      () => stranger.patch(`/v1/platforms/${id}`, { url: 'https://x.vn', effectiveDate: '2025-01-01' }, { 'if-match': '"7"' }),
      // a weak If-Match (never matches: would be 409)
      () => stranger.patch(`/v1/platforms/${id}`, { url: 'https://x.vn', effectiveDate: '2025-01-01' }, { 'if-match': 'W/"0"' }),
      // a date before the registration (would be 422)
      () => stranger.post(`/v1/platforms/${id}/withdraw`, { effectiveDate: '2020-01-01', reason: 'x', legalBasis: LEGAL }, { 'if-match': '"0"' }),
      // an invalid body (would be 400)
      () => stranger.post(`/v1/platforms/${id}/corrections`, { name: 42, effectiveFrom: 'yesterday' }),
      // a registration for another ministry with a broken body
      () => stranger.post('/v1/platforms', { ownerMinistry: 'ME', name: '', kind: 'spaceship' }),
    ];
    for (const send of cases) {
      const r = await send();
      expect({ status: r.status, type: r.body.type }).toEqual({ status: 403, type: 'urn:ndp-catalogue:problem:not-owner' });
    }
    // An auditor too.
    const auditor = client(t.url, t.token('auditor'));
    expect((await auditor.patch(`/v1/platforms/${id}`, { url: 5 }, { 'if-match': '"9"' })).status).toBe(403);
    expect(t.logLength()).toBe(before);
    // The owner with the same stale If-Match hears the 409 meant for it.
    expect((await editor('ME').patch(`/v1/platforms/${id}`, { url: 'https://x.vn', effectiveDate: '2025-01-01' }, { 'if-match': '"7"' })).status).toBe(409);
    expect((await editor('ME').patch(`/v1/platforms/${id}`, { url: 'https://x.vn', effectiveDate: '2025-01-01' }, { 'if-match': 'W/"0"' })).status).toBe(409);
  });

  it('6. codes are unique without regard to case, under concurrency, and cannot look like an entry id', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 8 }, (_, i) => admin.post('/v1/platforms', platformBody({ ownerMinistry: 'ME', code: 'QA-1', name: `Đồng thời ${i}` }))),
    );
    expect(attempts.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of attempts.filter((x) => x.status !== 201)) expect(r.body.type).toBe('urn:ndp-catalogue:problem:code-taken');
    const lower = await admin.post('/v1/platforms', platformBody({ ownerMinistry: 'ME', code: 'qa-1', name: 'Chữ thường' }));
    expect({ status: lower.status, type: lower.body.type }).toEqual({ status: 422, type: 'urn:ndp-catalogue:problem:code-taken' });
    const existing = attempts.find((r) => r.status === 201)!.body.id as string;
    const asId = await admin.post('/v1/platforms', platformBody({ ownerMinistry: 'ME', code: existing, name: 'Mã như id' }));
    expect({ status: asId.status, type: asId.body.type }).toEqual({ status: 422, type: 'urn:ndp-catalogue:problem:code-looks-like-id' });
    // The code still finds its entry, in any case.
    expect((await admin.get('/v1/platforms/QA-1')).body.id).toBe(existing);
  });

  it('dissolves a ministry, dividing its entries among successors by task, in one atomic append', async () => {
    await registerMinistries(t, [
      { code: 'LDTBXH', name: 'Bộ Lao động - Thương binh và Xã hội' },
      { code: 'NV', name: 'Bộ Nội vụ' },
      { code: 'GDDT', name: 'Bộ Giáo dục và Đào tạo' },
      { code: 'YT', name: 'Bộ Y tế' },
    ]);
    const vocational = await register(admin, { ownerMinistry: 'LDTBXH', name: 'Hệ thống thông tin giáo dục nghề nghiệp', effectiveDate: '2024-05-01' });
    const social = await register(admin, { ownerMinistry: 'LDTBXH', name: 'Cơ sở dữ liệu an sinh xã hội', effectiveDate: '2024-05-01' });
    const labour = await register(admin, { ownerMinistry: 'LDTBXH', name: 'Cơ sở dữ liệu về người lao động', effectiveDate: '2024-05-01' });
    const partner = await register(admin, { ownerMinistry: 'YT', coMinistries: ['LDTBXH'], name: 'Nền tảng bảo hiểm y tế', effectiveDate: '2024-05-01' });
    const before = t.logLength();
    const body = { effectiveDate: '2025-03-01', legalBasis: MERGER, defaultSuccessor: 'NV', assignments: { [vocational]: 'GDDT', [social]: 'YT' } };
    expect((await editor('NV').post('/v1/ministries/LDTBXH/dissolve', body)).status).toBe(403);
    const bad = await admin.post('/v1/ministries/LDTBXH/dissolve', { ...body, assignments: { [partner]: 'GDDT' } });
    expect({ status: bad.status, type: bad.body.type }).toEqual({ status: 422, type: 'urn:ndp-catalogue:problem:assignment-not-owned' });
    expect(t.logLength()).toBe(before);
    const r = await admin.post('/v1/ministries/LDTBXH/dissolve', body);
    expect(r.status).toBe(200);
    // One event for the ministry, one transfer per entry, one reassignment: all in one append.
    expect(t.logLength()).toBe(before + 5);
    expect(await ownerOn(vocational, '2025-03-01')).toBe('GDDT');
    expect(await ownerOn(social, '2025-03-01')).toBe('YT');
    expect(await ownerOn(labour, '2025-03-01')).toBe('NV');
    expect(await ownerOn(labour, '2025-02-28')).toBe('LDTBXH');
    expect((await admin.get(`/v1/platforms/${partner}?asOf=2025-03-01`)).body.coMinistries).toEqual(['NV']);
    const ministries = (await admin.get('/v1/ministries?asOf=2025-03-01')).body.ministries.map((m: { code: string }) => m.code);
    expect(ministries).not.toContain('LDTBXH');
    const transfer = (await admin.get(`/v1/platforms/${vocational}/history`)).body.versions.at(-1);
    expect(transfer).toMatchObject({ type: 'platform.transferred', effectiveDate: '2025-03-01', legalBasis: { documentNumber: '176/2025/QH15' } });
  });
});
