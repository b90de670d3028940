import { DeploymentStatus, LegalBasis, PlatformKind } from '@ndp/catalogue';

/**
 * The catalogue as far as the seed article (./2765-BTTTT-CDSQG-article-2024-07.txt, next to this file)
 * names it: the ministries it mentions and the platforms it lists by name, under their owning
 * ministries, spelled exactly as printed (only the first letter capitalised). The dispatch lists
 * 103 entries; the article names 44 of them, so the seed holds 44 and invents none. The article
 * gives no deployment status except for the digital border-gate pilot, so the others are
 * recorded as operational; `kind` follows each name's first word.
 */
export const SEED_CUTOFF = '2024-07-03';

export const DISPATCH_2765: LegalBasis = {
  documentNumber: '2765/BTTTT-CĐSQG',
  issuedOn: '2024-07-15',
  issuer: 'Bộ Thông tin và Truyền thông',
  signer: 'Phạm Đức Long',
  title: 'Danh mục nền tảng, hệ thống thông tin triển khai trên toàn quốc đến địa phương, cập nhật đến ngày 3/7/2024',
};

export const SEED_EDITION = {
  documentNumber: '2765/BTTTT-CĐSQG',
  title: 'Danh sách các nền tảng số quốc gia do các Bộ, ngành triển khai trên toàn quốc',
  issuedOn: '2024-07-15',
  signer: 'Phạm Đức Long',
  cutoffDate: SEED_CUTOFF,
};

/**
 * Ministry names as officially spelled (the article prints "Bộ Lao động Thương binh và Xã hội" and
 * "Bộ Văn hóa, Thể Thao và Du lịch"; platform names, by contrast, stay as the dispatch printed them).
 * The seed only runs on an empty store: a store seeded with the article's spellings keeps them in
 * its history until mic-admin records a rename (README, "The seed").
 */
export const SEED_MINISTRIES: Array<{ code: string; name: string }> = [
  { code: 'BCA', name: 'Bộ Công an' },
  { code: 'BTC', name: 'Bộ Tài chính' },
  { code: 'BKHDT', name: 'Bộ Kế hoạch và Đầu tư' },
  { code: 'BXD', name: 'Bộ Xây dựng' },
  { code: 'BGTVT', name: 'Bộ Giao thông vận tải' },
  { code: 'BTP', name: 'Bộ Tư pháp' },
  { code: 'BGDDT', name: 'Bộ Giáo dục và Đào tạo' },
  { code: 'BNV', name: 'Bộ Nội vụ' },
  { code: 'BQP', name: 'Bộ Quốc phòng' },
  { code: 'BTTTT', name: 'Bộ Thông tin và Truyền thông' },
  { code: 'BCT', name: 'Bộ Công Thương' },
  { code: 'BLDTBXH', name: 'Bộ Lao động - Thương binh và Xã hội' },
  { code: 'BNNPTNT', name: 'Bộ Nông nghiệp và Phát triển nông thôn' },
  { code: 'BYT', name: 'Bộ Y tế' },
  { code: 'BVHTTDL', name: 'Bộ Văn hóa, Thể thao và Du lịch' },
  { code: 'BTNMT', name: 'Bộ Tài nguyên và Môi trường' },
];

export interface SeedPlatform {
  name: string;
  kind: PlatformKind;
  ownerMinistry: string;
  coMinistries?: string[];
  deploymentStatus?: DeploymentStatus;
}

const entries = (ownerMinistry: string, list: Array<[PlatformKind, string]>): SeedPlatform[] =>
  list.map(([kind, name]) => ({ kind, name: name[0].toUpperCase() + name.slice(1), ownerMinistry }));

export const SEED_PLATFORMS: SeedPlatform[] = [
  ...entries('BTC', [
    ['portal', 'cổng công khai ngân sách nhà nước'],
    ['information-system', 'hệ thống thông tin thống kê tài chính'],
    ['database', 'kho dữ liệu thu chi ngân sách nhà nước'],
    ['information-system', 'hệ thống cấp mã số cho các đơn vị có quan hệ với ngân sách (dịch vụ công trực tuyến toàn trình)'],
    ['database', 'cơ sở dữ liệu quốc gia về giá'],
    ['application', 'ứng dụng quản lý văn bản và điều hành của Tổng cục Thuế (eDocTC)'],
    ['application', 'ứng dụng văn bản điện tử (TaxOffice)'],
    ['application', 'ứng dụng hỗ trợ theo dõi kết quả thanh kiểm tra thuế'],
    ['application', 'ứng dụng quản lý thuế tập trung'],
    ['application', 'ứng dụng quản lý hóa đơn, ấn chỉ thuế'],
    ['information-system', 'hiện đại hóa quy trình thu nộp thuế giữa cơ quan Thuế- Kho bạc nhà nước- Hải quan- Tài chính'],
    ['application', 'ứng dụng quản lý trước bạ nhà đất'],
    ['application', 'ứng dụng website tra cứu hóa đơn'],
    ['application', 'ứng dụng ký điện tử tập trung ngành thuế'],
    ['application', 'ứng dụng dịch vụ thuế điện tử (ETax)'],
    ['application', 'ứng dụng quản lý hóa đơn điện tử'],
  ]),
  { name: 'Nền tảng cửa khẩu số', kind: 'platform', ownerMinistry: 'BTC', coMinistries: ['BQP'], deploymentStatus: 'pilot' },
  ...entries('BCA', [
    ['database', 'cơ sở dữ liệu quốc gia về dân cư'],
    ['database', 'cơ sở dữ liệu căn cước'],
    ['information-system', 'hệ thống định danh và xác thực điện tử'],
    ['platform', 'nền tảng định danh và xác thực điện tử'],
    ['information-system', 'trung tâm dữ liệu quốc gia'],
    ['application', 'ký số tập trung biên lai điện tử'],
    ['application', 'cung cấp các dịch vụ gia hạn, thay đổi thông tin'],
    ['application', 'cung cấp dịch vụ đầu thời gian và kiểm tra trạng thái chứng thư số trực tuyến trong Công an nhân dân'],
  ]),
  ...entries('BXD', [
    ['portal', 'cổng thông tin quy hoạch xây dựng, quy hoạch đô thị Việt Nam'],
    ['information-system', 'hệ thống dịch vụ công trực tuyến cấp giấy phép xây dựng đối với nhà ở riêng lẻ'],
    ['information-system', 'hệ thống dịch vụ công trực tuyến cung cấp thông tin quy hoạch'],
    ['information-system', 'hệ thống thông báo nhà ở hình thành trong tương lai đủ điều kiện được bán, cho thuê mua'],
    ['information-system', 'hệ thống thông tin về nhà ở và thị trường bất động sản'],
    ['database', 'cơ sở dữ liệu về định mức, giá xây dựng và chỉ số giá xây dựng'],
  ]),
  ...entries('BGTVT', [
    ['information-system', 'hệ thống dịch vụ công quản lý vận tải'],
    ['information-system', 'hệ thống dịch vụ công đổi giấy phép lái xe'],
    ['information-system', 'hệ thống thông tin giấy phép lái xe'],
    ['information-system', 'hệ thống giám sát hành trình'],
    ['platform', 'nền tảng tích hợp, chia sẻ dữ liệu cấp Bộ (LGSP)'],
    ['information-system', 'hệ thống hội nghị truyền hình'],
  ]),
  ...entries('BKHDT', [
    ['information-system', 'hệ thống thông tin quốc gia về đầu tư'],
    ['information-system', 'hệ thống mạng đấu thầu quốc gia'],
    ['information-system', 'hệ thống thông tin quốc gia về đăng ký doanh nghiệp'],
    ['information-system', 'hệ thống thông tin về đang ký hợp tác xã'],
    ['information-system', 'hệ thống thông tin về đăng ký hộ kinh doanh'],
    ['information-system', 'hệ thống thông tin và cơ sở dữ liệu quốc gia về đầu tư công'],
    ['information-system', 'hệ thống thông tin về giám sát, đánh giá đầu tư'],
  ]),
];
