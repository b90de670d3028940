import { completeFields } from '@ndp/catalogue';
import { PlatformView } from '../queries/presenters';
import { queryWords, searchPlatforms } from './search';
import { similarPlatforms } from './similarity';
import { hasDiacritics, isStopWord, tokenize } from './tokens';

let n = 0;
function entry(name: string, ownerMinistry = 'BTC', ownerMinistryName = 'Bộ Tài chính', extra: Partial<PlatformView> = {}): PlatformView {
  return {
    id: `p${++n}`,
    code: null,
    ownerMinistry,
    ownerMinistryName,
    ...completeFields({ name, kind: 'application', deploymentStatus: 'operational' }),
    status: 'in-force',
    registeredOn: '2024-07-03',
    validFrom: '2024-07-03',
    ...extra,
  };
}

// Names as the seed article prints them.
const CATALOGUE = [
  entry('Ứng dụng quản lý hóa đơn điện tử'),
  entry('Ứng dụng quản lý hóa đơn, ấn chỉ thuế'),
  entry('Ứng dụng website tra cứu hóa đơn'),
  entry('Ứng dụng dịch vụ thuế điện tử (ETax)'),
  entry('Cổng công khai ngân sách nhà nước'),
  entry('Kho dữ liệu thu chi ngân sách nhà nước'),
  entry('Cơ sở dữ liệu quốc gia về dân cư', 'BCA', 'Bộ Công an'),
  entry('Hệ thống định danh và xác thực điện tử', 'BCA', 'Bộ Công an'),
  entry('Ký số tập trung biên lai điện tử', 'BCA', 'Bộ Công an'),
  entry('Hệ thống thông tin quốc gia về đầu tư', 'BKHDT', 'Bộ Kế hoạch và Đầu tư'),
  entry('Hệ thống mạng đấu thầu quốc gia', 'BKHDT', 'Bộ Kế hoạch và Đầu tư'),
  entry('Hệ thống giám sát hành trình', 'BGTVT', 'Bộ Giao thông vận tải', {
    operator: 'Cục Đường bộ Việt Nam',
    description: 'Theo dõi vị trí xe kinh doanh vận tải',
  }),
  entry('Hệ thống thông tin giấy phép lái xe', 'BGTVT', 'Bộ Giao thông vận tải'),
];
const names = (r: { results: Array<{ platform: PlatformView }> }) => r.results.map((x) => x.platform.name);

describe('tokenize: Vietnamese words folded for matching', () => {
  it('folds case and diacritics, đ/Đ included, and splits on punctuation', () => {
    expect(tokenize('Hóa đơn, ĐIỆN TỬ (eTax)-Kho').map((t) => t.folded)).toEqual(['hoa', 'don', 'dien', 'tu', 'etax', 'kho']);
    expect(tokenize('Hóa đơn').map((t) => t.text)).toEqual(['Hóa', 'đơn']);
  });
  it('treats decomposed (NFD) and composed (NFC) input alike', () => {
    expect(tokenize('Hóa đơn'.normalize('NFD')).map((t) => t.folded)).toEqual(['hoa', 'don']);
    expect(tokenize('Hóa đơn'.normalize('NFD')).map((t) => t.lower)).toEqual(['hóa', 'đơn']);
  });
  it('knows diacritics and stop words', () => {
    expect(hasDiacritics('hoa don')).toBe(false);
    expect(hasDiacritics('Đa')).toBe(true);
    expect(isStopWord('của', true)).toBe(true);
    expect(isStopWord('cua', false)).toBe(true);
    expect(isStopWord('tử', true)).toBe(false);
    expect(queryWords('  hoa  DON, hoa ')).toEqual(['hoa', 'don']);
  });
});

describe('searchPlatforms: ranked, accent- and case-insensitive, word-prefix', () => {
  it('finds the same entries, in the same order, with and without accents', () => {
    const accented = searchPlatforms(CATALOGUE, 'hóa đơn điện tử');
    const plain = searchPlatforms(CATALOGUE, 'hoa don dien tu');
    const upper = searchPlatforms(CATALOGUE, 'HÓA ĐƠN ĐIỆN TỬ');
    expect(names(plain)).toEqual(names(accented));
    expect(names(upper)).toEqual(names(accented));
    expect(plain.results.map((r) => r.score)).toEqual(accented.results.map((r) => r.score));
  });

  it('puts the entry with every word first, then close partial matches; drops weak ones', () => {
    const r = searchPlatforms(CATALOGUE, 'hoa don dien tu');
    expect(r.results[0]).toMatchObject({ platform: { name: 'Ứng dụng quản lý hóa đơn điện tử' }, matchedAll: true, score: 1 });
    expect(r.results[0].matched).toEqual([{ field: 'name', words: ['hóa', 'đơn', 'điện', 'tử'] }]);
    expect(names(r).slice(1).sort()).toEqual(['Ứng dụng quản lý hóa đơn, ấn chỉ thuế', 'Ứng dụng website tra cứu hóa đơn'].sort());
    expect(r.results.slice(1).every((x) => !x.matchedAll && x.score < 1)).toBe(true);
    // Entries that share only the common words "điện tử" are not results.
    expect(names(r)).not.toContain('Ký số tập trung biên lai điện tử');
    expect(names(searchPlatforms(CATALOGUE, 'hoa don dien tu', { match: 'all' }))).toEqual(['Ứng dụng quản lý hóa đơn điện tử']);
  });

  it('matches words by their beginning, whole words before prefixes', () => {
    expect(names(searchPlatforms(CATALOGUE, 'hoa do'))).toContain('Ứng dụng website tra cứu hóa đơn');
    expect(names(searchPlatforms(CATALOGUE, 'giay phep lai'))).toEqual(['Hệ thống thông tin giấy phép lái xe']);
    const r = searchPlatforms(CATALOGUE, 'dau tu');
    // "đầu tư" as whole words (name and ministry) before "đấu thầu" (ministry only; "thầu" does not begin with "tu").
    expect(names(r)[0]).toBe('Hệ thống thông tin quốc gia về đầu tư');
  });

  it('weighs fields: name > ministry > operator > description', () => {
    const r = searchPlatforms(CATALOGUE, 'cong an');
    expect(r.results.filter((x) => x.matchedAll).map((x) => x.platform.ownerMinistry)).toEqual(['BCA', 'BCA', 'BCA']);
    expect(r.results[0].matched).toEqual([{ field: 'ministry', words: ['Công', 'an'] }]);
    const byName = searchPlatforms([entry('Hệ thống vận tải'), entry('Hệ thống khác', 'BGTVT', 'Bộ Giao thông vận tải')], 'van tai');
    expect(names(byName)).toEqual(['Hệ thống vận tải', 'Hệ thống khác']);
    expect(byName.results[0].score).toBeGreaterThan(byName.results[1].score);
    const op = searchPlatforms(CATALOGUE, 'duong bo');
    expect(op.results[0].platform.name).toBe('Hệ thống giám sát hành trình');
    expect(op.results[0].matched).toContainEqual({ field: 'operator', words: ['Đường', 'bộ'] });
    expect(searchPlatforms(CATALOGUE, 'vi tri xe').results[0].matched.map((m) => m.field)).toContain('description');
  });

  it('a query typed with diacritics ranks entries with the same diacritics first ("ấn chỉ" is not "an chi")', () => {
    const catalogue = [...CATALOGUE, entry('Hệ thống an ninh chi trả', 'BCA', 'Bộ Công an')];
    const accented = searchPlatforms(catalogue, 'ấn chỉ');
    expect(names(accented)[0]).toBe('Ứng dụng quản lý hóa đơn, ấn chỉ thuế');
    expect(accented.results[0]).toMatchObject({ matchedAll: true, matched: [{ field: 'name', words: ['ấn', 'chỉ'] }] });
    // "an ninh chi trả" has both words only once folded: still found, but after, and scored lower.
    const folded = accented.results.find((r) => r.platform.name === 'Hệ thống an ninh chi trả')!;
    expect(folded.score).toBeLessThan(accented.results[0].score);
    expect(names(accented).indexOf(folded.platform.name)).toBeGreaterThan(0);
    // Typed without diacritics, both are full matches of "an chi".
    const plain = searchPlatforms(catalogue, 'an chi', { match: 'all' });
    expect(names(plain).sort()).toEqual(['Hệ thống an ninh chi trả', 'Ứng dụng quản lý hóa đơn, ấn chỉ thuế'].sort());
    // "đầu tư" typed with its diacritics does not take "đấu" (in "đấu thầu") for a match of "đầu".
    const dauTu = searchPlatforms(CATALOGUE, 'đầu tư');
    const dauThau = dauTu.results.find((r) => r.platform.name === 'Hệ thống mạng đấu thầu quốc gia')!;
    expect(dauThau.matched).toEqual([
      { field: 'name', words: ['đấu'] },
      { field: 'ministry', words: ['Đầu', 'tư'] },
    ]);
    expect(dauThau.score).toBeLessThan(searchPlatforms(CATALOGUE, 'dau tu').results.find((r) => r.platform.name === dauThau.platform.name)!.score);
  });

  it('a query without diacritics still matches every entry folded, whatever its diacritics', () => {
    const plain = searchPlatforms(CATALOGUE, 'hoa don dien tu');
    expect(names(plain)[0]).toBe('Ứng dụng quản lý hóa đơn điện tử');
    expect(names(plain)).toContain('Ứng dụng quản lý hóa đơn, ấn chỉ thuế');
    expect(names(searchPlatforms(CATALOGUE, 'an chi', { match: 'all' }))).toEqual(['Ứng dụng quản lý hóa đơn, ấn chỉ thuế']);
  });

  it('finds nothing for words that no entry has, and for an empty query', () => {
    expect(searchPlatforms(CATALOGUE, 'zzz').total).toBe(0);
    expect(searchPlatforms(CATALOGUE, ' ,. ').total).toBe(0);
  });

  it('limits the results but counts them all', () => {
    const r = searchPlatforms(CATALOGUE, 'ung dung', { limit: 2 });
    expect(r.results).toHaveLength(2);
    expect(r.total).toBe(4);
  });
});

describe('similarPlatforms: duplicate check by TF-IDF cosine', () => {
  it('scores a near copy high and says which words match', () => {
    const [top, ...rest] = similarPlatforms(CATALOGUE, { name: 'Phần mềm quản lý hóa đơn điện tử của tỉnh' });
    expect(top.platform.name).toBe('Ứng dụng quản lý hóa đơn điện tử');
    expect(top.level).toBe('high');
    expect(top.score).toBeGreaterThanOrEqual(0.6);
    expect(top.matchingWords).toEqual(['hóa', 'đơn', 'điện', 'tử']);
    for (const r of rest) expect(r.score).toBeLessThan(top.score);
  });

  it('an identical name scores 1; generic words alone do not make a duplicate', () => {
    expect(similarPlatforms(CATALOGUE, { name: 'Cổng công khai ngân sách nhà nước' })[0]).toMatchObject({ score: 1, level: 'high' });
    const generic = similarPlatforms(CATALOGUE, { name: 'Hệ thống thông tin quản lý nhân sự' });
    expect(generic.every((r) => r.level !== 'high')).toBe(true);
  });

  it('uses the description too, and works on text typed without accents', () => {
    const withDescription = similarPlatforms(CATALOGUE, { name: 'Phần mềm giám sát xe', description: 'theo dõi hành trình và vị trí xe kinh doanh vận tải' });
    expect(withDescription[0].platform.name).toBe('Hệ thống giám sát hành trình');
    const plain = similarPlatforms(CATALOGUE, { name: 'phan mem quan ly hoa don dien tu cua tinh' });
    expect(plain[0].platform.name).toBe('Ứng dụng quản lý hóa đơn điện tử');
    // Folded, "tu" could be the stop word "từ": it still counts (a little) but is not listed.
    expect(plain[0].matchingWords).toEqual(['hóa', 'đơn', 'điện']);
  });

  it('keeps accents apart when the proposal has them ("văn bản" is not "vận tải")', () => {
    const r = similarPlatforms([entry('Hệ thống dịch vụ công quản lý vận tải'), entry('Ứng dụng văn bản điện tử (TaxOffice)')], {
      name: 'Hệ thống quản lý văn bản',
    });
    expect(r[0].platform.name).toBe('Ứng dụng văn bản điện tử (TaxOffice)');
    expect(r.find((x) => x.platform.name.includes('vận tải'))?.matchingWords ?? []).not.toContain('vận');
  });

  it('leaves out the excluded entries and those below the minimum score', () => {
    const first = CATALOGUE[0];
    const r = similarPlatforms(CATALOGUE, { name: first.name }, { exclude: new Set([first.id]), minScore: 0.6 });
    expect(r.map((x) => x.platform.id)).not.toContain(first.id);
    expect(r.every((x) => x.score >= 0.6)).toBe(true);
  });
});
