import { client, LEGAL, platformBody, removeDir, startTestApp, TestApp } from './support/test-app';

/** Search, duplicate check and the registration warning over HTTP, on the seeded catalogue of dispatch 2765. */
describe('search and duplicate check for people', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ seed: true });
  });
  afterAll(async () => {
    await t.close();
    removeDir(t.dataDir);
  });

  const search = (q: string, extra = '') => client(t.url).get(`/v1/search?q=${encodeURIComponent(q)}&asOf=2024-07-03${extra}`);
  const names = (body: { results: Array<{ platform: { name: string } }> }) => body.results.map((r) => r.platform.name);

  it.each([
    ['Ứng dụng quản lý hóa đơn điện tử', 'ung dung quan ly hoa don dien tu'],
    ['hóa đơn điện tử', 'hoa don dien tu'],
    ['định danh điện tử', 'DINH DANH DIEN TU'],
    ['giấy phép lái xe', 'giay phep lai xe'],
  ])('"%s" and "%s" find the same entries in the same order (no entry differs from them in diacritics only)', async (accented, plain) => {
    const a = await search(accented);
    const b = await search(plain);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(a.body.total).toBeGreaterThan(0);
    expect(names(b.body)).toEqual(names(a.body));
    expect(b.body.results.map((r: { score: number }) => r.score)).toEqual(a.body.results.map((r: { score: number }) => r.score));
  });

  it.each([
    ['Cơ sở dữ liệu quốc gia về dân cư', 'co so du lieu quoc gia ve dan cu', 'Cơ sở dữ liệu về định mức, giá xây dựng và chỉ số giá xây dựng'],
    ['Bộ Kế hoạch và Đầu tư', 'bo ke hoach va dau tu', 'Hệ thống mạng đấu thầu quốc gia'],
  ])(
    '"%s" takes its diacritics at their word; "%s" matches folded; "%s" differs in diacritics only and ranks lower typed with them',
    async (accented, plain, differs) => {
      const a = await search(accented);
      const b = await search(plain);
      expect(names(a.body)[0]).toBe(names(b.body)[0]);
      // Folded matching finds every entry the accented query finds.
      expect(names(b.body)).toEqual(expect.arrayContaining(names(a.body)));
      const score = (body: { results: Array<{ platform: { name: string }; score: number }> }) =>
        body.results.find((r) => r.platform.name === differs)?.score ?? 0;
      expect(score(b.body)).toBeGreaterThan(0);
      expect(score(a.body)).toBeLessThan(score(b.body));
    },
  );

  it('"ấn chỉ" typed with diacritics finds "Ứng dụng quản lý hóa đơn, ấn chỉ thuế", not the entries that have only "an" or "chi"', async () => {
    const r = await search('ấn chỉ');
    expect(r.status).toBe(200);
    expect(r.body.results).toEqual([
      expect.objectContaining({
        platform: expect.objectContaining({ name: 'Ứng dụng quản lý hóa đơn, ấn chỉ thuế' }),
        matchedAll: true,
        matched: [{ field: 'name', words: ['ấn', 'chỉ'] }],
      }),
    ]);
    // Folded, "an" is also the "an" of "Bộ Công an": a query typed without diacritics finds those too, after.
    const plain = await search('an chi');
    expect(names(plain.body)[0]).toBe('Ứng dụng quản lý hóa đơn, ấn chỉ thuế');
    expect(names(plain.body)).toContain('Cơ sở dữ liệu quốc gia về dân cư');
  });

  it('finds the national e-invoice applications, the exact one first, with the words that matched', async () => {
    const r = await search('hoa don dien tu');
    expect(r.body).toMatchObject({ asOf: '2024-07-03', knownAt: null, q: 'hoa don dien tu' });
    expect(r.body.total).toBe(r.body.results.length);
    expect(r.body.results[0]).toMatchObject({
      platform: { name: 'Ứng dụng quản lý hóa đơn điện tử', ownerMinistry: 'BTC', ownerMinistryName: 'Bộ Tài chính' },
      score: 1,
      matchedAll: true,
      matched: [{ field: 'name', words: ['hóa', 'đơn', 'điện', 'tử'] }],
    });
    expect(names(r.body)).toEqual(expect.arrayContaining(['Ứng dụng quản lý hóa đơn, ấn chỉ thuế', 'Ứng dụng website tra cứu hóa đơn']));
    const strict = await search('hoa don dien tu', '&match=all');
    expect(names(strict.body)).toEqual(['Ứng dụng quản lý hóa đơn điện tử']);
  });

  it('finds by ministry name and by word beginnings; ranks and limits', async () => {
    const byMinistry = await search('bo cong an');
    expect(byMinistry.body.results.filter((r: { matchedAll: boolean }) => r.matchedAll)).toHaveLength(8);
    const prefix = await search('dan c');
    expect(names(prefix.body)[0]).toBe('Cơ sở dữ liệu quốc gia về dân cư');
    const limited = await search('he thong', '&limit=3');
    expect(limited.body.results).toHaveLength(3);
    expect(limited.body.total).toBeGreaterThan(3);
    const scores = limited.body.results.map((r: { score: number }) => r.score);
    expect([...scores].sort((x, y) => y - x)).toEqual(scores);
  });

  it('is as-of aware: nothing before the entries were registered; a later registration from its date on', async () => {
    expect((await client(t.url).get('/v1/search?q=hoa+don&asOf=2024-07-02')).body.total).toBe(0);
    const editor = client(t.url, t.token('ministry-editor', 'BTC'));
    const created = await editor.post(
      '/v1/platforms',
      platformBody({ name: 'Cổng thông tin hóa đơn điện tử dành cho người nộp thuế', kind: 'portal', effectiveDate: '2024-09-01' }),
    );
    expect(created.status).toBe(201);
    const before = await client(t.url).get('/v1/search?q=hoa+don+dien+tu&asOf=2024-08-31&match=all');
    const after = await client(t.url).get('/v1/search?q=hoa+don+dien+tu&asOf=2024-09-01&match=all');
    expect(names(before.body)).not.toContain('Cổng thông tin hóa đơn điện tử dành cho người nộp thuế');
    expect(names(after.body)).toContain('Cổng thông tin hóa đơn điện tử dành cho người nộp thuế');
  });

  it.each([
    ['', 'q'],
    ['?q=', 'q'],
    ['?q=%20%20', 'q'],
    ['?q=!!!', 'q'],
    [`?q=${'a'.repeat(201)}`, 'q'],
    ['?q=a&q=b', 'q'],
    ['?q=thue&asOf=2024-02-30', 'asOf'],
    ['?q=thue&knownAt=yesterday', 'knownAt'],
    ['?q=thue&limit=0', 'limit'],
    ['?q=thue&limit=abc', 'limit'],
    ['?q=thue&match=some', 'match'],
    ['?q=thue&ministry=btc', 'ministry'],
  ])('GET /v1/search%s is a 400 problem naming %s', async (qs, field) => {
    const r = await client(t.url).get(`/v1/search${qs}`);
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body).toMatchObject({ status: 400, type: 'urn:ndp-catalogue:problem:invalid-input' });
    expect(r.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('duplicate check: a locality sees the national entries that already cover its planned system', async () => {
    const r = await client(t.url).post('/v1/duplicates/check', {
      name: 'Phần mềm quản lý hóa đơn điện tử của tỉnh',
      description: 'Quản lý, tra cứu hóa đơn điện tử cho doanh nghiệp trên địa bàn',
      asOf: '2024-07-03',
    });
    expect(r.status).toBe(200);
    expect(r.body.asOf).toBe('2024-07-03');
    expect(r.body.results.length).toBeLessThanOrEqual(5);
    expect(r.body.results[0]).toMatchObject({ platform: { name: 'Ứng dụng quản lý hóa đơn điện tử', ownerMinistry: 'BTC' }, level: 'high' });
    expect(r.body.results[0].score).toBeGreaterThanOrEqual(0.6);
    expect(r.body.results[0].matchingWords).toEqual(expect.arrayContaining(['hóa', 'đơn', 'điện', 'tử']));
    expect(names(r.body)).toContain('Ứng dụng website tra cứu hóa đơn');
    const scores = r.body.results.map((x: { score: number }) => x.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(r.body.levels).toEqual({ high: 0.6, medium: 0.35, reported: 0.15 });
  });

  it('duplicate check: unrelated systems find nothing high; it records nothing and needs no token', async () => {
    const before = t.logLength();
    const r = await client(t.url).post('/v1/duplicates/check', { name: 'Hệ thống quản lý bệnh viện', limit: 3 });
    expect(r.status).toBe(200);
    expect(r.body.results.every((x: { level: string }) => x.level !== 'high')).toBe(true);
    expect(t.logLength()).toBe(before);
  });

  it.each([
    [{}, 'name'],
    [{ name: '   ' }, 'name'],
    [{ name: 'x', limit: 0 }, 'limit'],
    [{ name: 'x', limit: 51 }, 'limit'],
    [{ name: 'x', asOf: '2024-13-01' }, 'asOf'],
    [{ name: 'x', description: 5 }, 'description'],
    [{ name: 'x', extra: true }, 'extra'],
  ])('POST /v1/duplicates/check %j is a 400 problem naming %s', async (body, field) => {
    const r = await client(t.url).post('/v1/duplicates/check', body);
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('registering an entry very like an existing one is recorded, with a similar-entries warning', async () => {
    const editor = client(t.url, t.token('ministry-editor', 'BTC', 'btc:warn'));
    const r = await editor.post(
      '/v1/platforms',
      platformBody({ name: 'Ứng dụng quản lý hóa đơn điện tử (phiên bản mới)', kind: 'application', effectiveDate: '2024-10-01' }),
      { 'idempotency-key': 'warn-1' },
    );
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ id: expect.any(String), revision: 0, position: expect.any(Number) });
    expect(r.body.warnings).toHaveLength(1);
    expect(r.body.warnings[0]).toMatchObject({ code: 'similar-entries', similar: [{ name: 'Ứng dụng quản lý hóa đơn điện tử', ownerMinistry: 'BTC' }] });
    expect(r.body.warnings[0].similar.map((s: { id: string }) => s.id)).not.toContain(r.body.id);
    expect(r.body.warnings[0].similar[0].score).toBeGreaterThanOrEqual(0.6);
    expect((await editor.get(`/v1/platforms/${r.body.id}`)).status).toBe(200);
    // A repeat answers the same, warning included, and records nothing.
    const before = t.logLength();
    const again = await editor.post(
      '/v1/platforms',
      platformBody({ name: 'Ứng dụng quản lý hóa đơn điện tử (phiên bản mới)', kind: 'application', effectiveDate: '2024-10-01' }),
      { 'idempotency-key': 'warn-1' },
    );
    expect(again.body).toEqual(r.body);
    expect(t.logLength()).toBe(before);
  });

  // Today in Vietnam: the date the check uses by default, answered from the maintained index.
  const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  const tomorrow = () => new Date(Date.now() + 31 * 3600_000).toISOString().slice(0, 10);
  const TELEHEALTH = {
    name: 'Nền tảng khám, chữa bệnh từ xa',
    description: 'Kết nối bệnh viện tuyến trên với tuyến dưới để hội chẩn và điều trị cho người bệnh ở xa',
    operator: 'Cục Quản lý Khám, chữa bệnh',
    contact: { name: 'Phòng Công nghệ thông tin', email: 'cntt@kcb.gov.vn', phone: '024 6273 2273' },
  };

  it('the health ministry registering "Nền tảng tư vấn khám, chữa bệnh từ xa" is warned of its "Nền tảng khám, chữa bệnh từ xa", with its operator and contact', async () => {
    const editor = client(t.url, t.token('ministry-editor', 'BYT', 'byt:editor'));
    const register = (body: Record<string, unknown>) =>
      editor.post('/v1/platforms', platformBody({ kind: 'platform', ownerMinistry: 'BYT', effectiveDate: today(), ...body }));
    // Other health systems share "khám, chữa bệnh": by the cosine alone the two score about 0.35.
    for (const name of [
      'Hệ thống thông tin quản lý khám, chữa bệnh',
      'Hệ thống giám định bảo hiểm y tế',
      'Hệ thống liên thông đơn thuốc quốc gia',
      'Nền tảng hồ sơ sức khỏe điện tử',
    ])
      expect((await register({ name, kind: 'information-system' })).status).toBe(201);
    const first = await register(TELEHEALTH);
    expect(first.status).toBe(201);
    expect(first.body.warnings).toBeUndefined();
    const second = await register({
      name: 'Nền tảng tư vấn khám, chữa bệnh từ xa',
      description: 'Người dân đặt lịch, được bác sĩ tư vấn qua video và nhận đơn thuốc',
    });
    expect(second.status).toBe(201);
    expect(second.body.warnings).toEqual([
      expect.objectContaining({
        code: 'similar-entries',
        similar: [
          expect.objectContaining({
            id: first.body.id,
            name: TELEHEALTH.name,
            ownerMinistry: 'BYT',
            operator: TELEHEALTH.operator,
            contact: TELEHEALTH.contact,
            score: expect.any(Number),
          }),
        ],
      }),
    ]);
    expect(second.body.warnings[0].similar[0].score).toBeGreaterThanOrEqual(0.6);

    // The check for people says the same at the warning level, the other health systems below it.
    const check = await client(t.url).post('/v1/duplicates/check', { name: 'Nền tảng tư vấn khám, chữa bệnh từ xa', description: 'Tư vấn sức khỏe qua video' });
    expect(check.status).toBe(200);
    expect(check.body.asOf).toBe(today());
    const [top, ...rest] = check.body.results;
    expect(top).toMatchObject({
      platform: { id: second.body.id, status: 'in-force', operator: null },
      level: 'high',
      withdrawnOn: null,
    });
    const telehealth = check.body.results.find((r: { platform: { id: string } }) => r.platform.id === first.body.id);
    expect(telehealth).toMatchObject({ level: 'high', platform: { operator: TELEHEALTH.operator, contact: TELEHEALTH.contact, status: 'in-force' } });
    expect(telehealth.nameOverlap).toBeGreaterThanOrEqual(0.8);
    expect(rest.filter((r: { level: string }) => r.level === 'high').map((r: { platform: { id: string } }) => r.platform.id)).toEqual([first.body.id]);
  });

  it('a withdrawn entry that matches is shown, marked withdrawn with its date, after those in force; a registration is not warned of it', async () => {
    const admin = client(t.url, t.token('mic-admin', undefined, 'mic:dup'));
    const cat = (await admin.get('/v1/catalogue?asOf=2024-07-03')).body.platforms as Array<{ id: string; name: string }>;
    const hoiNghi = cat.find((p) => p.name === 'Hệ thống hội nghị truyền hình')!.id;
    const withdrawn = await admin.post(
      `/v1/platforms/${hoiNghi}/withdraw`,
      { effectiveDate: '2024-10-01', reason: 'Chuyển sang nền tảng dùng chung', legalBasis: LEGAL },
      { 'if-match': '"0"' },
    );
    expect(withdrawn.status).toBe(200);
    const check = (asOf: string) => client(t.url).post('/v1/duplicates/check', { name: 'Hệ thống hội nghị truyền hình trực tuyến', asOf });
    const before = await check('2024-09-30');
    expect(before.body.results[0]).toMatchObject({ platform: { id: hoiNghi, status: 'in-force' }, level: 'high', withdrawnOn: null });
    for (const asOf of ['2024-10-01', today()]) {
      const after = await check(asOf);
      expect(after.status).toBe(200);
      const hit = after.body.results.find((r: { platform: { id: string } }) => r.platform.id === hoiNghi);
      expect(hit).toMatchObject({ platform: { status: 'withdrawn' }, level: 'high', withdrawnOn: '2024-10-01' });
      const statuses = after.body.results.map((r: { platform: { status: string } }) => r.platform.status);
      expect(statuses.slice(statuses.indexOf('withdrawn'))).not.toContain('in-force');
    }
    const editor = client(t.url, t.token('ministry-editor', 'BGTVT'));
    const again = await editor.post(
      '/v1/platforms',
      platformBody({ name: 'Hệ thống hội nghị truyền hình', kind: 'information-system', ownerMinistry: 'BGTVT', effectiveDate: today() }),
    );
    expect(again.status).toBe(201);
    expect(again.body.warnings).toBeUndefined();
  });

  it("today's check (from the maintained index) follows every change at once and answers as the scan of the same catalogue", async () => {
    const editor = client(t.url, t.token('ministry-editor', 'BTC', 'btc:index'));
    const proposal = { name: 'Nền tảng quản lý kho bạc số liên thông các tỉnh' };
    const ids = (body: { results: Array<{ platform: { id: string } }> }) => body.results.map((r) => r.platform.id);
    const check = async () => {
      const fromIndex = await client(t.url).post('/v1/duplicates/check', { ...proposal, limit: 50 });
      // Tomorrow's catalogue is today's (nothing here takes effect later), and another date is scanned.
      const scanned = await client(t.url).post('/v1/duplicates/check', { ...proposal, limit: 50, asOf: tomorrow() });
      expect(fromIndex.body).toEqual({ ...scanned.body, asOf: today() });
      return fromIndex.body;
    };
    expect((await check()).results.filter((r: { level: string }) => r.level === 'high')).toEqual([]);
    const created = await editor.post(
      '/v1/platforms',
      platformBody({ name: 'Nền tảng kho bạc số liên thông các tỉnh', kind: 'platform', effectiveDate: today() }),
    );
    expect(created.status).toBe(201);
    expect((await check()).results[0]).toMatchObject({ platform: { id: created.body.id }, level: 'high' });
    const renamed = await editor.patch(
      `/v1/platforms/${created.body.id}`,
      { name: 'Nền tảng lưu trữ hồ sơ thuế', effectiveDate: today(), legalBasis: LEGAL, reason: 'Đổi tên' },
      { 'if-match': '"0"' },
    );
    expect(renamed.status).toBe(200);
    expect(ids(await check())).not.toContain(created.body.id);
  });

  it('registering something new answers exactly { id, revision, position }', async () => {
    const editor = client(t.url, t.token('ministry-editor', 'BTC'));
    const r = await editor.post(
      '/v1/platforms',
      platformBody({ name: 'Nền tảng điều phối xe cứu thương liên tỉnh', kind: 'platform', effectiveDate: '2024-10-01' }),
    );
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ id: expect.any(String), revision: 0, position: expect.any(Number) });
  });
});
