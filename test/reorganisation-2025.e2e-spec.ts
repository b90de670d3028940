import { client, platformBody, removeDir, startTestApp, TestApp } from './support/test-app';

/**
 * The real reorganisation of 1/3/2025 (Nghị quyết 176/2025/QH15 and the decrees that followed)
 * applied to the seeded catalogue of dispatch 2765, plus entries of the ministries that ended:
 * mergers, a new ministry formed from two, a committee become a ministry, and the division of
 * Bộ Lao động - Thương binh và Xã hội's tasks. As of 1/3/2025 no entry, and no co-ministry
 * reference, names an ended ministry; the day before, every entry is where it was.
 */
describe('the reorganisation of 1/3/2025 on the 2765 catalogue', () => {
  let t: TestApp;
  let admin: ReturnType<typeof client>;
  const DECISION = {
    documentNumber: '176/2025/QH15',
    issuedOn: '2025-02-18',
    issuer: 'Quốc hội',
    title: 'Nghị quyết về cơ cấu tổ chức của Chính phủ nhiệm kỳ khóa XV',
  };
  const ids: Record<string, string> = {};

  const post = async (path: string, body: unknown, expected = 200) => {
    const r = await admin.post(path, body);
    expect({ path, status: r.status, body: r.status === expected ? null : r.body }).toEqual({ path, status: expected, body: null });
    return r.body;
  };
  const catalogue = async (asOf: string) => (await admin.get(`/v1/catalogue?asOf=${asOf}&status=all`)).body;
  const inForce = async (asOf: string) =>
    new Set<string>((await admin.get(`/v1/ministries?asOf=${asOf}`)).body.ministries.map((m: { code: string }) => m.code));

  beforeAll(async () => {
    t = await startTestApp({ seed: true, now: () => new Date('2026-11-30T03:00:00Z') });
    admin = client(t.url, t.token('mic-admin'));
    // Ministries the seed article does not name, and those the reorganisation creates.
    for (const [code, name, from] of [
      ['BKHCN', 'Bộ Khoa học và Công nghệ', '2024-01-01'],
      ['UBDT', 'Ủy ban Dân tộc', '2024-01-01'],
      ['BNNMT', 'Bộ Nông nghiệp và Môi trường', '2025-03-01'],
      ['BDTTG', 'Bộ Dân tộc và Tôn giáo', '2025-03-01'],
    ])
      await post('/v1/ministries', { code, name, effectiveDate: from }, 201);
    // Entries of the ministries that end, some co-operating with others that end.
    const entries: Array<[string, Record<string, unknown>]> = [
      ['giaoDucNgheNghiep', { ownerMinistry: 'BLDTBXH', name: 'Hệ thống thông tin quản lý giáo dục nghề nghiệp', kind: 'information-system' }],
      ['baoTroXaHoi', { ownerMinistry: 'BLDTBXH', name: 'Cơ sở dữ liệu về bảo trợ xã hội và trẻ em', kind: 'database' }],
      ['giamNgheo', { ownerMinistry: 'BLDTBXH', name: 'Cơ sở dữ liệu hộ nghèo, hộ cận nghèo', kind: 'database', coMinistries: ['BNNPTNT'] }],
      ['nguoiLaoDong', { ownerMinistry: 'BLDTBXH', name: 'Cơ sở dữ liệu về người lao động', kind: 'database', coMinistries: ['BCA'] }],
      ['datDai', { ownerMinistry: 'BTNMT', name: 'Cơ sở dữ liệu quốc gia về đất đai', kind: 'database', coMinistries: ['BTC'] }],
      ['nongNghiep', { ownerMinistry: 'BNNPTNT', name: 'Hệ thống thông tin nông nghiệp', kind: 'information-system', coMinistries: ['BTNMT'] }],
      ['dichVuBuuChinh', { ownerMinistry: 'BTTTT', name: 'Nền tảng địa chỉ số quốc gia', kind: 'platform', coMinistries: ['BCA', 'BKHCN'] }],
      ['danToc', { ownerMinistry: 'UBDT', name: 'Cơ sở dữ liệu về công tác dân tộc', kind: 'database', coMinistries: ['BLDTBXH'] }],
      ['dauThau', { ownerMinistry: 'BKHDT', name: 'Hệ thống mạng đấu thầu quốc gia', kind: 'information-system', coMinistries: ['BTC'] }],
    ];
    for (const [key, body] of entries) ids[key] = (await post('/v1/platforms', platformBody({ ...body, effectiveDate: '2024-07-03' }), 201)).id;

    const on = { effectiveDate: '2025-03-01', legalBasis: DECISION };
    await post('/v1/ministries/BKHDT/merge', { ...on, into: 'BTC' });
    await post('/v1/ministries/BGTVT/merge', { ...on, into: 'BXD' });
    await post('/v1/ministries/BTTTT/merge', { ...on, into: 'BKHCN' });
    await post('/v1/ministries/BNNPTNT/merge', { ...on, into: 'BNNMT' });
    await post('/v1/ministries/BTNMT/merge', { ...on, into: 'BNNMT' });
    await post('/v1/ministries/UBDT/merge', { ...on, into: 'BDTTG' });
    // Lao động - Thương binh và Xã hội: merged into Nội vụ, with tasks divided.
    await post('/v1/ministries/BLDTBXH/dissolve', {
      ...on,
      defaultSuccessor: 'BNV',
      assignments: { [ids.giaoDucNgheNghiep]: 'BGDDT', [ids.baoTroXaHoi]: 'BYT', [ids.giamNgheo]: 'BNNMT' },
    });
  });
  afterAll(async () => {
    await t.close();
    removeDir(t.dataDir);
  });

  it.each(['2025-03-01', '2025-06-30', '2026-11-30'])('as of %s no entry and no co-ministry reference names an ended ministry', async (asOf) => {
    const live = await inForce(asOf);
    const { platforms } = await catalogue(asOf);
    expect(platforms.length).toBeGreaterThan(50);
    for (const p of platforms as Array<{ id: string; name: string; ownerMinistry: string; coMinistries: string[] }>) {
      expect({ entry: p.name, owner: p.ownerMinistry, inForce: live.has(p.ownerMinistry) }).toEqual({ entry: p.name, owner: p.ownerMinistry, inForce: true });
      for (const c of p.coMinistries)
        expect({ entry: p.name, co: c, inForce: live.has(c), owner: p.ownerMinistry !== c }).toEqual({ entry: p.name, co: c, inForce: true, owner: true });
    }
    for (const ended of ['BKHDT', 'BGTVT', 'BTTTT', 'BNNPTNT', 'BTNMT', 'UBDT', 'BLDTBXH']) expect(live.has(ended)).toBe(false);
  });

  it('the day before, every entry is still with its old ministry, under its old name', async () => {
    const { platforms, byMinistry } = await catalogue('2025-02-28');
    const owner = (id: string) => platforms.find((p: { id: string }) => p.id === id)?.ownerMinistry;
    expect(owner(ids.dauThau)).toBe('BKHDT');
    expect(owner(ids.giaoDucNgheNghiep)).toBe('BLDTBXH');
    expect(byMinistry.find((m: { code: string }) => m.code === 'BGTVT')).toMatchObject({ name: 'Bộ Giao thông vận tải' });
  });

  it('each entry of the divided ministry went to the successor that took over its task', async () => {
    const { platforms } = await catalogue('2025-03-01');
    const find = (id: string) => platforms.find((p: { id: string }) => p.id === id);
    expect(find(ids.giaoDucNgheNghiep).ownerMinistry).toBe('BGDDT');
    expect(find(ids.baoTroXaHoi).ownerMinistry).toBe('BYT');
    expect(find(ids.giamNgheo).ownerMinistry).toBe('BNNMT');
    expect(find(ids.nguoiLaoDong).ownerMinistry).toBe('BNV');
    // Co-ministry references follow: BNNPTNT's to BNNMT (which now owns the entry: it drops),
    // BTNMT's to BNNMT (the owner: drops), BKHCN survives, BLDTBXH's to the default successor.
    expect(find(ids.giamNgheo).coMinistries).toEqual([]);
    expect(find(ids.nongNghiep)).toMatchObject({ ownerMinistry: 'BNNMT', coMinistries: [] });
    expect(find(ids.dichVuBuuChinh)).toMatchObject({ ownerMinistry: 'BKHCN', coMinistries: ['BCA'] });
    expect(find(ids.danToc)).toMatchObject({ ownerMinistry: 'BDTTG', coMinistries: ['BNV'] });
  });

  it("every move is an event of its own in the entry's history, under the reorganisation's legal basis", async () => {
    const versions = (await admin.get(`/v1/platforms/${ids.giaoDucNgheNghiep}/history`)).body.versions;
    expect(versions.at(-1)).toMatchObject({ type: 'platform.transferred', effectiveDate: '2025-03-01', legalBasis: { documentNumber: '176/2025/QH15' } });
    const seeded = (await catalogue('2025-03-01')).platforms.filter((p: { ownerMinistry: string }) => p.ownerMinistry === 'BXD');
    expect(seeded.length).toBeGreaterThanOrEqual(12); // BXD's own and BGTVT's entries of the seed
  });
});
