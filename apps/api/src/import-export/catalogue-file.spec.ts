import { completeFields } from '@ndp/catalogue';
import type { CatalogueView, PlatformView } from '@ndp/projections';
import { catalogueToCsv, catalogueToJson, CSV_COLUMNS, detectFormat, FileError, parseCatalogueFile } from './catalogue-file';
import { CatalogueSnapshot, planImport } from './import-plan';

const entry = (over: Partial<PlatformView> = {}): PlatformView => ({
  id: 'id-1',
  code: null,
  ownerMinistry: 'BTC',
  ownerMinistryName: 'Bộ Tài chính',
  ...completeFields({
    name: 'Nền tảng cửa khẩu số',
    kind: 'platform',
    coMinistries: ['BQP'],
    description: 'Tự động hóa quy trình, "rút ngắn" thời gian;\nthí điểm tại một số cửa khẩu',
    contact: { name: 'Đầu mối', email: 'hotro@mof.gov.vn', phone: '+84 24 2220 2828' },
    deploymentStatus: 'pilot',
  }),
  status: 'in-force',
  registeredOn: '2024-07-03',
  validFrom: '2024-07-03',
  ...over,
});
const view = (platforms: PlatformView[]): CatalogueView => ({
  asOf: '2024-07-03',
  knownAt: null,
  total: platforms.length,
  byMinistry: [
    { code: 'BQP', name: 'Bộ Quốc phòng', count: 0 },
    { code: 'BTC', name: 'Bộ Tài chính', count: platforms.length },
  ],
  platforms,
});
const names = new Map([
  ['BTC', 'Bộ Tài chính'],
  ['BQP', 'Bộ Quốc phòng'],
]);

describe('catalogue files', () => {
  it('CSV: BOM, header row, quoting of commas, quotes and line breaks; reads back the same entry', () => {
    const csv = catalogueToCsv(view([entry()]), names);
    expect(csv.startsWith('\uFEFF' + CSV_COLUMNS.join(',') + '\r\n')).toBe(true);
    expect(csv).toContain('"Tự động hóa quy trình, ""rút ngắn"" thời gian;\nthí điểm tại một số cửa khẩu"');
    const parsed = parseCatalogueFile(csv, 'csv');
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows[0]).toMatchObject({
      row: 2,
      id: 'id-1',
      name: 'Nền tảng cửa khẩu số',
      coMinistries: ['BQP'],
      coMinistryNames: ['Bộ Quốc phòng'],
      description: entry().description,
      contact: entry().contact,
      deploymentStatus: 'pilot',
      registeredOn: '2024-07-03',
    });
    expect([...parsed.ministries]).toEqual([
      ['BTC', 'Bộ Tài chính'],
      ['BQP', 'Bộ Quốc phòng'],
    ]);
  });

  it('JSON: the catalogue view with format and exportedAt; ministries without entries come along', () => {
    const json = catalogueToJson(view([entry()]), new Date('2026-01-01T00:00:00Z'));
    expect(JSON.parse(json)).toMatchObject({ format: 'ndp-catalogue/v1', exportedAt: '2026-01-01T00:00:00.000Z', asOf: '2024-07-03', total: 1 });
    const parsed = parseCatalogueFile(json, 'json');
    expect(parsed.asOf).toBe('2024-07-03');
    expect(parsed.rows[0].contact).toEqual(entry().contact);
    expect(parsed.ministries.get('BQP')).toBe('Bộ Quốc phòng');
    expect(parseCatalogueFile(JSON.stringify([{ name: 'A', kind: 'portal', ownerMinistry: 'BTC' }]), 'json').rows).toHaveLength(1);
  });

  it('accepts the Vietnamese words for kinds and statuses, accents optional, and fills defaults', () => {
    const csv = 'name,kind,ownerMinistry,deploymentStatus,ndxpStatus\r\nA,Hệ thống thông tin,btc,thí điểm,da ket noi\r\nB,co so du lieu,BTC,,\r\n';
    const { rows, errors } = parseCatalogueFile(csv, 'csv');
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.kind, r.ownerMinistry, r.deploymentStatus, r.ndxpStatus])).toEqual([
      ['information-system', 'BTC', 'pilot', 'connected'],
      ['database', 'BTC', 'operational', 'not-connected'],
    ]);
  });

  it('numbers CSV rows as a spreadsheet does: header = row 1, a multi-line cell is one row, a blank line is a row', () => {
    const bad = (csv: string) => parseCatalogueFile(csv, 'csv').errors.map((e) => [e.row, e.field]);
    // A bad cell on the first data row is row 2.
    expect(bad('name,kind,ownerMinistry\r\nA,robot,BTC\r\n')).toEqual([[2, 'kind']]);
    // A quoted cell with line breaks is one row (3 lines of the file); the bad row after it is row 3.
    const multiLine = 'name,kind,ownerMinistry,description\r\nA,portal,BTC,"dòng một\r\ndòng hai\r\ndòng ba"\r\nB,robot,BTC,\r\n';
    expect(bad(multiLine)).toEqual([[3, 'kind']]);
    // A bad multi-line record is named by the row where it starts.
    expect(bad('name,kind,ownerMinistry,description\r\nA,portal,BTC,\r\nB,robot,BTC,"một\ntwo"\r\n')).toEqual([[3, 'kind']]);
    // Blank lines show as blank rows in a spreadsheet; with a BOM, too.
    expect(bad('\uFEFFname,kind,ownerMinistry\r\n\r\nA,portal,BTC\r\n\r\n\r\nB,robot,BTC\r\n')).toEqual([[6, 'kind']]);
    // JSON counts entries of the array (1 = first), also after an entry that is not an object.
    expect(parseCatalogueFile('[5, {"name":"A","kind":"robot","ownerMinistry":"BTC"}]', 'json').errors.map((e) => [e.row, e.field])).toEqual([
      [1, 'entry'],
      [2, 'kind'],
    ]);
  });

  it('names each bad value by row and field; refuses unreadable files as a whole', () => {
    const csv = 'name,kind,ownerMinistry,coMinistries,url,status\r\nA,robot,BTC,BTC,ftp://x,withdrawn\r\n';
    const { rows, errors } = parseCatalogueFile(csv, 'csv');
    expect(rows).toEqual([]);
    expect(errors.map((e) => e.field).sort()).toEqual(['coMinistries', 'kind', 'status', 'url']);
    expect(() => parseCatalogueFile('ten\r\nA\r\n', 'csv')).toThrow(FileError);
    expect(() => parseCatalogueFile('name,kind,ownerMinistry\r\n"A,portal,BTC\r\n', 'csv')).toThrow(FileError);
    expect(() => parseCatalogueFile('{"format":"other/v9","platforms":[]}', 'json')).toThrow('unknown format');
    expect(parseCatalogueFile('[{"name":"A","kind":"portal","ownerMinistry":"BTC","colour":"red"}]', 'json').errors[0]).toMatchObject({
      row: 1,
      field: 'colour',
    });
    expect(detectFormat('x.JSON', '')).toBe('json');
    expect(detectFormat('x', '\uFEFF[ ]')).toBe('json');
    expect(detectFormat('x', 'name,kind')).toBe('csv');
  });
});

describe('planImport', () => {
  const admin = { sub: 'a', name: 'A', role: 'mic-admin' as const, ministry: null };
  const store = (entries: PlatformView[], ministries: string[]): CatalogueSnapshot => ({
    entries,
    ministries: new Map(ministries.map((c) => [c, { name: names.get(c) ?? c, status: 'in-force' }])),
    entryOn: (id) => entries.find((e) => e.id === id) ?? null,
    revision: () => 0,
  });
  const file = (csv: string) => parseCatalogueFile(csv, 'csv');
  const options = { effectiveDate: '2024-12-01', actor: admin, hasLegalBasis: false };

  it('registers missing ministries first, then new entries; matches by name without regard to accents', () => {
    const existing = entry({ id: 'e1', coMinistries: [] });
    const plan = planImport(
      file(
        'name,kind,ownerMinistry,ownerMinistryName,registeredOn\r\nNEN TANG CUA KHAU SO,platform,BTC,Bộ Tài chính,\r\nCổng mới,portal,BYT,Bộ Y tế,2024-08-01\r\n',
      ),
      store([existing], ['BTC', 'BQP']),
      options,
    );
    expect(plan.errors).toEqual([]);
    expect(plan.steps.map((s) => [s.action, s.effectiveDate])).toEqual([
      ['register-ministry', '2024-08-01'],
      ['amend', '2024-12-01'],
      ['register', '2024-08-01'],
    ]);
    const amend = plan.steps[1];
    expect(amend.action === 'amend' && amend.fieldChanges.map((c) => c.field)).toEqual(['name', 'description', 'contact', 'deploymentStatus']);
  });

  it('reports unchanged entries, duplicates in the file, and transfers only with mic-admin and a legal basis', () => {
    const existing = entry({ id: 'e1', code: 'BTC-CKS' });
    const csv = catalogueToCsv(view([existing]), names);
    expect(planImport(file(csv), store([existing], ['BTC', 'BQP']), options)).toMatchObject({ steps: [], unchanged: [{ row: 2, id: 'e1' }], notInFile: 0 });
    const twice = planImport(file(csv + csv.split('\r\n')[1] + '\r\n'), store([existing], ['BTC', 'BQP']), options);
    expect(twice.errors).toEqual([{ row: 3, field: 'code', message: 'the same entry as row 2' }]);
    const json = JSON.stringify({
      platforms: [
        { code: 'BTC-X', name: 'A', kind: 'portal', ownerMinistry: 'BTC' },
        { code: 'BTC-X', name: 'B', kind: 'portal', ownerMinistry: 'BTC' },
      ],
    });
    expect(planImport(parseCatalogueFile(json, 'json'), store([], ['BTC']), options).errors).toEqual([
      { row: 2, field: 'code', message: 'the same entry as entry 1' },
    ]);
    const moved = file('code,name,kind,ownerMinistry,coMinistries\r\nBTC-CKS,Nền tảng cửa khẩu số,platform,BQP,\r\n');
    expect(planImport(moved, store([existing], ['BTC', 'BQP']), options).errors[0].message).toContain('is a transfer');
    const plan = planImport(moved, store([existing], ['BTC', 'BQP']), { ...options, hasLegalBasis: true });
    expect(plan.steps.map((s) => s.action)).toEqual(['transfer', 'amend']);
  });
});
