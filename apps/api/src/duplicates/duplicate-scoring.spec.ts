import { completeFields } from '@ndp/catalogue';
import { HIGH_SIMILARITY, NAME_CONTAINMENT, PlatformView, similarPlatforms } from '@ndp/projections';
import { SEED_PLATFORMS } from '../seed/seed-data';

let n = 0;
function entry(name: string, ownerMinistry: string, description: string | null = null, status = 'in-force'): PlatformView {
  return {
    id: `p${++n}`,
    code: null,
    ownerMinistry,
    ownerMinistryName: null,
    ...completeFields({ name, kind: 'platform', deploymentStatus: 'operational', description }),
    status,
    registeredOn: '2024-07-03',
    validFrom: '2024-07-03',
  };
}

// The catalogue of dispatch 2765 as seeded, with some of the health ministry's systems beside it
// (their words "khám", "chữa bệnh" are then common enough that the cosine alone misses the duplicate).
const SEED = SEED_PLATFORMS.map((p) => entry(p.name, p.ownerMinistry));
const HEALTH = [
  entry('Nền tảng khám, chữa bệnh từ xa', 'BYT', 'Kết nối bệnh viện tuyến trên với tuyến dưới để hội chẩn và điều trị cho người bệnh ở xa'),
  entry('Hệ thống thông tin quản lý khám, chữa bệnh', 'BYT'),
  entry('Hệ thống giám định bảo hiểm y tế', 'BYT'),
  entry('Hệ thống liên thông đơn thuốc quốc gia', 'BYT'),
  entry('Nền tảng hồ sơ sức khỏe điện tử', 'BYT'),
];
const CATALOGUE = [...SEED, ...HEALTH];
const high = (proposal: { name: string; description?: string }, catalogue = CATALOGUE) =>
  similarPlatforms(catalogue, proposal)
    .filter((r) => r.level === 'high')
    .map((r) => r.platform.name);

describe('duplicate scoring: name containment beside the cosine', () => {
  it('"Nền tảng tư vấn khám, chữa bệnh từ xa" of the same ministry is a duplicate of "Nền tảng khám, chữa bệnh từ xa", whatever the descriptions say', () => {
    const proposal = { name: 'Nền tảng tư vấn khám, chữa bệnh từ xa', description: 'Người dân đặt lịch, được bác sĩ tư vấn qua video và nhận đơn thuốc' };
    const [top] = similarPlatforms(CATALOGUE, proposal);
    expect(top.platform.name).toBe('Nền tảng khám, chữa bệnh từ xa');
    expect(top.level).toBe('high');
    expect(top.score).toBeGreaterThanOrEqual(HIGH_SIMILARITY);
    expect(top.nameOverlap).toBeGreaterThanOrEqual(NAME_CONTAINMENT);
    // The other health systems share "khám, chữa bệnh" but are not the same system.
    expect(high(proposal)).toEqual(['Nền tảng khám, chữa bệnh từ xa']);
    // And the other way round: the shorter name proposed when the longer one is registered.
    const longer = [...SEED, entry('Nền tảng tư vấn khám, chữa bệnh từ xa', 'BYT', 'Người dân đặt lịch, được bác sĩ tư vấn qua video'), ...HEALTH.slice(1)];
    expect(high({ name: 'Nền tảng khám, chữa bệnh từ xa', description: 'Hội chẩn và điều trị cho người bệnh ở xa' }, longer)).toEqual([
      'Nền tảng tư vấn khám, chữa bệnh từ xa',
    ]);
    // Typed without diacritics too.
    expect(high({ name: 'nen tang tu van kham, chua benh tu xa' })).toEqual(['Nền tảng khám, chữa bệnh từ xa']);
  });

  it.each([
    ['Cơ sở dữ liệu quốc gia về dân cư', 'Cơ sở dữ liệu quốc gia về giá'],
    ['Hệ thống thông tin quốc gia về đăng ký doanh nghiệp', 'Hệ thống thông tin về đăng ký hộ kinh doanh'],
    ['Ứng dụng quản lý hóa đơn điện tử', 'Ứng dụng quản lý hóa đơn, ấn chỉ thuế'],
    ['Cổng công khai ngân sách nhà nước', 'Kho dữ liệu thu chi ngân sách nhà nước'],
    ['Hệ thống thông tin quốc gia về đầu tư', 'Hệ thống thông tin về giám sát, đánh giá đầu tư'],
    ['Cơ sở dữ liệu quốc gia về giá', 'Cơ sở dữ liệu về định mức, giá xây dựng và chỉ số giá xây dựng'],
    ['Ứng dụng quản lý thuế tập trung', 'Ứng dụng ký điện tử tập trung ngành thuế'],
    ['Trung tâm dữ liệu quốc gia', 'Cơ sở dữ liệu quốc gia về giá'],
  ])('different systems of the seed stay apart: "%s" does not warn of "%s"', (proposal, other) => {
    const r = similarPlatforms(SEED, { name: proposal }).find((x) => x.platform.name === other);
    expect(r?.level ?? 'low').not.toBe('high');
  });

  it('over the whole seed, only the pairs that already warned by the cosine warn', () => {
    const pairs = new Set<string>();
    for (const p of SEED)
      for (const r of similarPlatforms(SEED, { name: p.name }, { exclude: new Set([p.id]), minScore: HIGH_SIMILARITY }))
        pairs.add([p.name, r.platform.name].sort().join(' ~ '));
    expect([...pairs].sort()).toEqual(
      [
        'Hệ thống dịch vụ công đổi giấy phép lái xe ~ Hệ thống thông tin giấy phép lái xe',
        'Hệ thống thông tin quốc gia về đầu tư ~ Hệ thống thông tin và cơ sở dữ liệu quốc gia về đầu tư công',
        'Hệ thống định danh và xác thực điện tử ~ Nền tảng định danh và xác thực điện tử',
      ].sort(),
    );
  });

  it('a generic name held by the proposal is no duplicate ("Hệ thống thông tin" in "Hệ thống thông tin quản lý giá đất")', () => {
    const catalogue = [...SEED, entry('Hệ thống thông tin', 'BTC')];
    const r = similarPlatforms(catalogue, { name: 'Hệ thống thông tin quản lý giá đất' }).find((x) => x.platform.name === 'Hệ thống thông tin');
    expect(r?.level ?? 'low').not.toBe('high');
  });

  it('a withdrawn entry that matches is kept, after those in force', () => {
    const withdrawn = entry('Ứng dụng quản lý hóa đơn điện tử', 'BTC', null, 'withdrawn');
    const r = similarPlatforms([...SEED, withdrawn], { name: 'Ứng dụng quản lý hóa đơn điện tử' });
    expect(r.map((x) => [x.platform.name, x.platform.status, x.score]).slice(0, 1)).toEqual([['Ứng dụng quản lý hóa đơn điện tử', 'in-force', 1]]);
    const last = r.findIndex((x) => x.platform.status === 'withdrawn');
    expect(r[last]).toMatchObject({ platform: { id: withdrawn.id }, score: 1, level: 'high' });
    expect(r.slice(0, last).every((x) => x.platform.status === 'in-force')).toBe(true);
    expect(r.slice(last + 1)).toEqual([]);
  });
});
