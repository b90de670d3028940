import { completeFields } from '@ndp/catalogue';
import type { CatalogueView, PlatformView } from '@ndp/projections';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { catalogueToCsv, FileError, neutraliseCsvCell, parseCatalogueFile, readCsvCell } from './catalogue-file';

const entry = (over: Partial<PlatformView> = {}): PlatformView => ({
  id: 'id-1',
  code: null,
  ownerMinistry: 'BTC',
  ownerMinistryName: 'Bộ Tài chính',
  ...completeFields({ name: 'Nền tảng cửa khẩu số', kind: 'platform', deploymentStatus: 'pilot' }),
  status: 'in-force',
  registeredOn: '2024-07-03',
  validFrom: '2024-07-03',
  ...over,
});
const view = (platforms: PlatformView[]): CatalogueView => ({ asOf: '2024-07-03', knownAt: null, total: platforms.length, byMinistry: [], platforms });

const FORMULAS = [
  '=HYPERLINK("http://evil.example","bấm")',
  '+84 24 2220 2828',
  '-2+3',
  '@SUM(A1:A9)',
  '\t=1',
  '\r=1',
  "'=already quoted",
  "''-twice",
  "'plain",
  "'",
  'x=1',
];

describe('CSV injection', () => {
  it.each(FORMULAS)('%j reads back unchanged after neutralising', (value) => {
    expect(readCsvCell(neutraliseCsvCell(value))).toBe(value);
  });

  it('no exported cell starts with a formula character', () => {
    const csv = catalogueToCsv(
      view([
        entry({ name: '=cmd|" /C calc"!A0', description: '-1+1', operator: '@SUM(1)', contact: { name: '+Nguyễn', email: null, phone: '+84 24 2220 2828' } }),
      ]),
      new Map(),
      { bom: false },
    );
    const cells = (parseCsvSync(csv, { relax_column_count: false }) as string[][]).flat();
    for (const cell of cells) expect({ cell, formula: /^[=+\-@\t\r]/.test(cell) }).toEqual({ cell, formula: false });
    expect(cells).toContain('\'=cmd|" /C calc"!A0');
    expect(cells).toContain("'+84 24 2220 2828");
  });

  it('export → import round-trips the original text', () => {
    const original = entry({
      name: '=Nền tảng',
      description: "'-mô tả",
      operator: '@đơn vị',
      contact: { name: "''=a", email: null, phone: '+84 24 2220 2828' },
    });
    const parsed = parseCatalogueFile(catalogueToCsv(view([original]), new Map()), 'csv');
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows[0]).toMatchObject({
      name: '=Nền tảng',
      description: "'-mô tả",
      operator: '@đơn vị',
      contact: { name: "''=a", phone: '+84 24 2220 2828' },
    });
  });

  it('JSON files are not touched: a leading quote there is the text itself', () => {
    const parsed = parseCatalogueFile(JSON.stringify([{ name: "'=x", kind: 'platform', ownerMinistry: 'BTC' }]), 'json');
    expect(parsed.rows[0].name).toBe("'=x");
  });

  it('a CSV header naming a column twice is refused, naming it', () => {
    expect(() => parseCatalogueFile('name,kind,ownerMinistry,name\r\nA,platform,BTC,B\r\n', 'csv')).toThrow(FileError);
    expect(() => parseCatalogueFile('name,kind,ownerMinistry, name \r\nA,platform,BTC,B\r\n', 'csv')).toThrow(/'name' twice/);
    expect(parseCatalogueFile('name,kind,ownerMinistry\r\nA,platform,BTC\r\n', 'csv').rows).toHaveLength(1);
  });
});
