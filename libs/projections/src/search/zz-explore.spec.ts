import { SEED_PLATFORMS, SEED_MINISTRIES } from '../../../../apps/api/src/seed/seed-data';
import { searchPlatforms } from './search';
import { similarPlatforms } from './similarity';
import { PlatformView } from '../queries/presenters';
const names = new Map(SEED_MINISTRIES.map((m) => [m.code, m.name]));
const ps: PlatformView[] = SEED_PLATFORMS.map((p, i) => ({ id: 'p' + i, code: null, name: p.name, kind: p.kind, ownerMinistry: p.ownerMinistry, ownerMinistryName: names.get(p.ownerMinistry)!, coMinistries: [], description: null, operator: null, contact: null, url: null, deploymentStatus: 'operational', ndxpStatus: 'not-connected', status: 'in-force', registeredOn: '2024-07-03', validFrom: '2024-07-03' }));
it('explore', () => {
  for (const q of ['hoa don dien tu', 'hóa đơn điện tử', 'dan cu', 'dinh danh', 'Bộ Tài chính thuế', 'giay phep lai xe', 'dau tu', 'quy hoach']) {
    const r = searchPlatforms(ps, q);
    console.log(q, r.total, r.results.map((h) => `${h.score}${h.matchedAll ? '*' : ''} ${h.platform.name} ${JSON.stringify(h.matched)}`).join('\n  '));
  }
  for (const d of [{ name: 'Phần mềm quản lý hóa đơn điện tử của tỉnh' }, { name: 'Cơ sở dữ liệu dân cư tỉnh Nam Định' }, { name: 'Hệ thống thông tin quản lý văn bản' }, { name: 'Cổng công khai ngân sách nhà nước' }, { name: 'Hệ thống giám sát hành trình xe khách', description: 'theo dõi vị trí phương tiện vận tải' }, { name: 'Ứng dụng tra cứu hóa đơn' }, { name: 'Hệ thống quản lý nhân sự' }]) {
    const r = similarPlatforms(ps, d, { limit: 5 });
    console.log(d.name, r.map((h) => `${h.score} ${h.level} ${h.platform.name} ${h.matchingWords.join(',')}`).join('\n  '));
  }
});
