import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { CLI_ENTRY } from './support/spawned-server';
import { client, LEGAL, removeDir, startTestApp, TEST_SECRET, TestApp } from './support/test-app';

type Json = Record<string, any>;

/** A catalogue file without what differs between stores by construction: ids and the export instant. */
function content(file: Json, options: { validFrom: boolean }): Json {
  const { exportedAt, platforms, ...rest } = file;
  void exportedAt;
  return {
    ...rest,
    platforms: platforms.map((p: Json) => {
      const { id, validFrom, ...fields } = p;
      void id;
      return options.validFrom ? { ...fields, validFrom } : fields;
    }),
  };
}

const withoutIdColumn = (csv: string) =>
  csv
    .split('\r\n')
    .map((line) => line.replace(/,(id|[0-9a-f-]{36})$/, ''))
    .join('\r\n');

describe('import and export: the catalogue as files people use', () => {
  let source: TestApp;
  const dirs: string[] = [];
  const apps: TestApp[] = [];
  const fresh = async () => {
    const t = await startTestApp();
    apps.push(t);
    dirs.push(t.dataDir);
    return t;
  };
  beforeAll(async () => {
    source = await startTestApp({ seed: true });
  });
  afterAll(async () => {
    await source.close();
    for (const a of apps) await a.close();
    removeDir(source.dataDir);
    for (const d of dirs) removeDir(d);
  });

  it('exports the catalogue as of a date as CSV (UTF-8 with BOM, header row) and JSON', async () => {
    const csv = await client(source.url).get('/v1/catalogue/export?asOf=2024-07-03&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="danh-muc-nen-tang-so-2024-07-03.csv"');
    const raw = Buffer.from(await (await fetch(`${source.url}/v1/catalogue/export?asOf=2024-07-03`)).arrayBuffer());
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(csv.text, { bom: true, columns: true }) as Json[];
    expect(rows).toHaveLength(44);
    expect(rows.find((r) => r.name === 'Nền tảng cửa khẩu số')).toMatchObject({
      ownerMinistry: 'BTC',
      ownerMinistryName: 'Bộ Tài chính',
      coMinistries: 'BQP',
      coMinistryNames: 'Bộ Quốc phòng',
      deploymentStatus: 'pilot',
      registeredOn: '2024-07-03',
    });
    const json = await client(source.url).get('/v1/catalogue/export?asOf=2024-07-03&format=json');
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(json.body).toMatchObject({ format: 'ndp-catalogue/v1', asOf: '2024-07-03', total: 44 });
    expect(json.body.byMinistry).toHaveLength(16);
    expect(json.body.platforms).toEqual((await client(source.url).get('/v1/catalogue?asOf=2024-07-03')).body.platforms);
    // (fetch's text() drops the byte order mark checked above.)
    expect((await client(source.url).get('/v1/catalogue/export?asOf=2024-07-02&format=csv')).text).toBe(
      'code,name,kind,ownerMinistry,ownerMinistryName,coMinistries,coMinistryNames,description,operator,contactName,contactEmail,contactPhone,url,deploymentStatus,ndxpStatus,level,status,registeredOn,validFrom,id\r\n',
    );
  });

  it.each([
    ['?format=xlsx', 'format'],
    ['?asOf=3/7/2024', 'asOf'],
    ['?ministry=bộ', 'ministry'],
  ])('GET /v1/catalogue/export%s is a 400 problem naming %s', async (qs, field) => {
    const r = await client(source.url).get(`/v1/catalogue/export${encodeURI(qs)}`);
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.errors[0].field).toBe(field);
  });

  it('the seed catalogue exported as JSON and imported into an empty store is reproduced exactly', async () => {
    const exported = (await client(source.url).get('/v1/catalogue/export?asOf=2024-07-03&format=json')).text;
    const target = await fresh();
    const admin = client(target.url, target.token('mic-admin'));
    const dry = await admin.post('/v1/catalogue/import', { format: 'json', content: exported, dryRun: true, fileName: 'danh-muc.json' });
    expect(dry.status).toBe(200);
    expect(dry.body.summary).toMatchObject({ registerMinistry: 16, register: 44, amend: 0, unchanged: 0, invalid: 0 });
    expect(target.logLength()).toBe(0);
    const done = await admin.post('/v1/catalogue/import', { format: 'json', content: exported, fileName: 'danh-muc.json' });
    expect(done.status).toBe(200);
    expect(done.body.summary).toMatchObject({ registerMinistry: 16, register: 44, failed: 0 });
    expect(done.body.steps.every((s: Json) => s.status === 'done')).toBe(true);
    const again = JSON.parse((await client(target.url).get('/v1/catalogue/export?asOf=2024-07-03&format=json')).text);
    expect(content(again, { validFrom: true })).toEqual(content(JSON.parse(exported), { validFrom: true }));
    // Each entry's history starts with the import, by the caller, for the reason given.
    const first = again.platforms[0];
    const history = (await client(target.url).get(`/v1/platforms/${first.id}/history`)).body.versions;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ type: 'platform.registered', actor: { role: 'mic-admin' }, reason: 'Nhập danh mục từ tệp danh-muc.json' });
  });

  it('a richer catalogue (codes, descriptions, contacts, co-ministries, a rename, later changes) survives export and import', async () => {
    const admin = client(source.url, source.token('mic-admin'));
    const cat = (await admin.get('/v1/catalogue?asOf=2024-07-03')).body.platforms as Json[];
    const einvoice = cat.find((p) => p.name === 'Ứng dụng quản lý hóa đơn điện tử')!;
    expect(
      (
        await admin.patch(
          `/v1/platforms/${einvoice.id}`,
          {
            description: 'Hóa đơn điện tử có mã, "không mã"; tra cứu\ntoàn quốc',
            operator: 'Tổng cục Thuế',
            contact: { name: 'Đầu mối, hỗ trợ', email: 'hotro@gdt.gov.vn', phone: '+84 24 3768 9679' },
            url: 'https://hoadondientu.gdt.gov.vn',
            ndxpStatus: 'connected',
            coMinistries: ['BCA', 'BKHDT'],
            effectiveDate: '2024-09-01',
            legalBasis: { documentNumber: '01/QĐ-CĐSQG', issuedOn: '2024-05-20' },
          },
          { 'if-match': '"0"' },
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await admin.post('/v1/platforms', {
          code: 'BXD-QH-01',
          name: 'Cổng quy hoạch quốc gia',
          kind: 'portal',
          ownerMinistry: 'BXD',
          deploymentStatus: 'pilot',
          effectiveDate: '2024-10-01',
        })
      ).status,
    ).toBe(201);
    expect((await admin.post('/v1/ministries/BTTTT/rename', { name: 'Bộ Khoa học và Công nghệ', effectiveDate: '2025-03-01', legalBasis: LEGAL })).status).toBe(
      200,
    );
    const exported = (await client(source.url).get('/v1/catalogue/export?asOf=2025-03-01&format=json')).text;
    const target = await fresh();
    const done = await client(target.url, target.token('mic-admin')).post('/v1/catalogue/import', { format: 'json', content: exported });
    expect(done.status).toBe(200);
    expect(done.body.summary).toMatchObject({ register: 45, failed: 0 });
    const again = JSON.parse((await client(target.url).get('/v1/catalogue/export?asOf=2025-03-01&format=json')).text);
    // validFrom (the date of an entry's latest change) is history, which a file of one date does not carry.
    expect(content(again, { validFrom: false })).toEqual(content(JSON.parse(exported), { validFrom: false }));
    expect(again.byMinistry.find((m: Json) => m.code === 'BTTTT').name).toBe('Bộ Khoa học và Công nghệ');
    expect(again.platforms.find((p: Json) => p.code === 'BXD-QH-01')).toMatchObject({ registeredOn: '2024-10-01', deploymentStatus: 'pilot' });
  });

  it('CSV through the CLI: export, import into an empty data directory (with a progress bar), export again: the same file', async () => {
    expect(existsSync(CLI_ENTRY)).toBe(true);
    const work = mkdtempSync(join(tmpdir(), 'ndp-files-'));
    dirs.push(work);
    const emptyDir = mkdtempSync(join(tmpdir(), 'ndp-import-'));
    dirs.push(emptyDir);
    // Asynchronous, so that the services of this process keep answering meanwhile.
    const cli = (dataDir: string, ...args: string[]) =>
      new Promise<{ status: number; stdout: string; stderr: string }>((resolve) =>
        execFile(
          process.execPath,
          [CLI_ENTRY, ...args],
          // An operator on a Vietnamese locale: the CLI's report, progress and errors are in Vietnamese.
          { env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'vi_VN.UTF-8', DATA_DIR: dataDir, JWT_SECRET: TEST_SECRET }, encoding: 'utf8' },
          (error, stdout, stderr) => resolve({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        ),
      );
    // The source service keeps running: exporting only reads.
    const first = join(work, 'first.csv');
    const exp = await cli(source.dataDir, 'export', '--as-of', '2024-07-03', '--out', first);
    expect(exp.status).toBe(0);
    expect(exp.stderr).toContain('đã ghi 44 mục của danh mục tại ngày 2024-07-03');
    const dry = await cli(emptyDir, 'import', first, '--dry-run');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('Chạy thử (không ghi gì): 44 dòng; 6 bộ/ngành mới, 44 đăng ký');
    expect(dry.stdout).toContain('+ đăng ký  dòng 2: [BCA] Cơ sở dữ liệu căn cước (hiệu lực 2024-07-03)');
    const imp = await cli(emptyDir, 'import', first, '--as', 'mic-admin', '--document-number', '2765/BTTTT-CĐSQG', '--issued-on', '2024-07-15');
    expect(imp.status).toBe(0);
    expect(imp.stderr).toContain('100% 50/50');
    expect(imp.stdout).toContain('Đã nhập: 44 dòng; 6 bộ/ngành mới, 44 đăng ký');
    const second = join(work, 'second.csv');
    expect((await cli(emptyDir, 'export', '--as-of', '2024-07-03', '--format', 'csv', '--out', second)).status).toBe(0);
    expect(withoutIdColumn(readFileSync(second, 'utf8'))).toBe(withoutIdColumn(readFileSync(first, 'utf8')));
    // Importing the same file again records nothing.
    const repeat = await cli(emptyDir, 'import', first);
    expect(repeat.status).toBe(0);
    expect(repeat.stdout).toContain('0 đăng ký, 0 sửa đổi, 0 chuyển giao, 44 không đổi');
    // A file with a bad row records nothing and exits non-zero.
    const bad = join(work, 'bad.csv');
    writeFileSync(bad, 'name,kind,ownerMinistry\r\nHệ thống mới,robot,BTC\r\n');
    const refused = await cli(emptyDir, 'import', bad);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain('dòng 2, kind');
  }, 120000);

  it('an edited file is a dry run of amendments and registrations, then ordinary commands; the same import twice records nothing new', async () => {
    const target = await fresh();
    const admin = client(target.url, target.token('mic-admin'));
    const seedFile = (await client(source.url).get('/v1/catalogue/export?asOf=2024-07-03&format=csv')).text;
    expect((await admin.post('/v1/catalogue/import', { format: 'csv', content: seedFile })).status).toBe(200);
    const rows = parse(seedFile, { bom: true, columns: true }) as Json[];
    const edited = rows.map((r) =>
      r.name === 'Ứng dụng quản lý hóa đơn điện tử' ? { ...r, description: 'Tra cứu hóa đơn điện tử', ndxpStatus: 'đã kết nối' } : r,
    );
    edited.push({
      name: 'Hệ thống quản lý văn bản dùng chung',
      kind: 'hệ thống thông tin',
      ownerMinistry: 'BNV',
      ownerMinistryName: 'Bộ Nội vụ',
      deploymentStatus: 'thí điểm',
    });
    const header = Object.keys(rows[0]);
    const csv = [header.join(','), ...edited.map((r) => header.map((h) => JSON.stringify(r[h] ?? '')).join(','))].join('\n');
    const body = { format: 'csv', content: csv, effectiveDate: '2024-12-01', legalBasis: { documentNumber: '99/QĐ-BTTTT', issuedOn: '2024-11-30' } };
    const before = target.logLength();
    const dry = await admin.post('/v1/catalogue/import', { ...body, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body.summary).toMatchObject({ registerMinistry: 1, register: 1, amend: 1, unchanged: 43, invalid: 0 });
    expect(dry.body.steps.find((s: Json) => s.action === 'amend')).toMatchObject({
      name: 'Ứng dụng quản lý hóa đơn điện tử',
      effectiveDate: '2024-12-01',
      changes: [
        { field: 'description', before: null, after: 'Tra cứu hóa đơn điện tử' },
        { field: 'ndxpStatus', before: 'not-connected', after: 'connected' },
      ],
      status: 'planned',
    });
    expect(target.logLength()).toBe(before);
    const done = await admin.post('/v1/catalogue/import', body);
    expect(done.body.steps.map((s: Json) => s.status)).toEqual(['done', 'done', 'done']);
    expect(target.logLength()).toBe(before + 3);
    const amended = done.body.steps.find((s: Json) => s.action === 'amend');
    const history = (await admin.get(`/v1/platforms/${amended.id}/history`)).body.versions;
    expect(history.at(-1)).toMatchObject({ type: 'platform.amended', effectiveDate: '2024-12-01', legalBasis: { documentNumber: '99/QĐ-BTTTT' } });
    const twice = await admin.post('/v1/catalogue/import', body);
    expect(twice.body.summary).toMatchObject({ register: 0, amend: 0, unchanged: 45 });
    expect(target.logLength()).toBe(before + 3);
  });

  it('records many rows several commands at a time: each entry’s transfer before its amendment, and the answer comes once everything reads back', async () => {
    const target = await fresh();
    const admin = client(target.url, target.token('mic-admin'));
    const names = Array.from({ length: 12 }, (_, i) => `Hệ thống chuyển giao ${i + 1}`);
    // Matched by code: the owning ministry changes, so name and ministry would not find them.
    const header = 'code,name,kind,ownerMinistry,ownerMinistryName,coMinistries,coMinistryNames,description';
    const first = [header, ...names.map((n, i) => `CG-${i + 1},${n},application,BTC,Bộ Tài chính,BQP,Bộ Quốc phòng,`)].join('\r\n') + '\r\n';
    const registered = await admin.post('/v1/catalogue/import', { format: 'csv', content: first, effectiveDate: '2024-01-01' });
    expect(registered.status).toBe(200);
    expect(registered.body.summary).toMatchObject({ registerMinistry: 2, register: 12, failed: 0 });
    // Every entry moves to BQP (a transfer) and gets a description (an amendment) on the same date.
    const moved = [header, ...names.map((n, i) => `CG-${i + 1},${n},application,BQP,Bộ Quốc phòng,,,Mô tả ${i + 1}`)].join('\r\n') + '\r\n';
    const body = { format: 'csv', content: moved, effectiveDate: '2024-07-15', legalBasis: LEGAL };
    const done = await admin.post('/v1/catalogue/import', body);
    expect(done.status).toBe(200);
    expect(done.body.summary).toMatchObject({ transfer: 12, amend: 12, failed: 0 });
    expect(done.body.steps.every((s: Json) => s.status === 'done')).toBe(true);
    // Read straight after the answer: the catalogue already shows every change.
    const catalogue = (await admin.get('/v1/catalogue?asOf=2024-07-15')).body.platforms as Json[];
    for (const [i, n] of names.entries()) expect(catalogue.find((p) => p.name === n)).toMatchObject({ ownerMinistry: 'BQP', description: `Mô tả ${i + 1}` });
    for (const step of done.body.steps.filter((s: Json) => s.action === 'transfer')) {
      const versions = (await admin.get(`/v1/platforms/${step.id}/history`)).body.versions as Json[];
      expect(versions.map((v) => v.type)).toEqual(['platform.registered', 'platform.transferred', 'platform.amended']);
    }
    // Row numbers still follow the file, whatever order the commands finished in.
    expect(done.body.steps.filter((s: Json) => s.action === 'amend').map((s: Json) => s.row)).toEqual(names.map((_, i) => i + 2));
  });

  it('refuses bad files with problems: unreadable 400, invalid rows 422 naming row and field (nothing recorded), writes need a token', async () => {
    const target = await fresh();
    const admin = client(target.url, target.token('mic-admin'));
    const unknownColumn = await admin.post('/v1/catalogue/import', { format: 'csv', content: 'ten,loai\r\nA,B\r\n' });
    expect(unknownColumn.status).toBe(400);
    expect(unknownColumn.headers.get('content-type')).toContain('application/problem+json');
    expect(unknownColumn.body.detail).toContain('unknown columns: ten, loai');
    expect((await admin.post('/v1/catalogue/import', { format: 'json', content: '{"platforms": 5}' })).status).toBe(400);
    expect((await admin.post('/v1/catalogue/import', { format: 'json', content: 'not json' })).status).toBe(400);
    expect((await admin.post('/v1/catalogue/import', { format: 'xlsx', content: '' })).status).toBe(400);
    const invalid = await admin.post('/v1/catalogue/import', {
      format: 'csv',
      content:
        'name,kind,ownerMinistry,ownerMinistryName,registeredOn,contactEmail\r\nCổng A,portal,BTC,Bộ Tài chính,2024-02-30,\r\n,application,BTC,,,\r\nCổng B,portal,XX,,,not-an-email\r\n',
    });
    expect(invalid.status).toBe(422);
    expect(invalid.body.type).toBe('urn:ndp-catalogue:problem:import-invalid-rows');
    expect(invalid.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'row 2: registeredOn', message: expect.any(String) },
        { field: 'row 3: name', message: 'name is required' },
        { field: 'row 4: contactEmail', message: expect.any(String) },
      ]),
    );
    expect(invalid.body.report).toMatchObject({
      numbering: 'row',
      errors: expect.arrayContaining([{ row: 2, field: 'registeredOn', message: expect.any(String) }]),
    });
    // Spreadsheet rows: a description over three lines is still one row, so the bad row after it is row 3.
    const multiLine = await admin.post('/v1/catalogue/import', {
      format: 'csv',
      content:
        'name,kind,ownerMinistry,ownerMinistryName,description\r\nCổng A,portal,BTC,Bộ Tài chính,"một\r\nhai\r\nba"\r\nCổng B,robot,BTC,Bộ Tài chính,\r\n',
    });
    expect(multiLine.status).toBe(422);
    expect(multiLine.body.errors).toEqual([{ field: 'row 3: kind', message: expect.any(String) }]);
    // JSON files count entries of the array, and say so.
    const json = await admin.post('/v1/catalogue/import', {
      format: 'json',
      content: JSON.stringify([
        { name: 'Cổng A', kind: 'portal', ownerMinistry: 'BTC', ownerMinistryName: 'Bộ Tài chính' },
        { name: 'Cổng B', kind: 'robot', ownerMinistry: 'BTC', ownerMinistryName: 'Bộ Tài chính' },
      ]),
    });
    expect(json.status).toBe(422);
    expect(json.body.errors).toEqual([{ field: 'entry 2: kind', message: expect.any(String) }]);
    expect(json.body.report).toMatchObject({ numbering: 'entry', errors: [{ entry: 2, field: 'kind' }] });
    expect(json.body.report.errors[0]).not.toHaveProperty('row');
    expect(target.logLength()).toBe(0);
    expect((await client(target.url).post('/v1/catalogue/import', { format: 'csv', content: 'name,kind,ownerMinistry\r\n' })).status).toBe(401);
    expect(
      (await client(target.url, target.token('auditor')).post('/v1/catalogue/import', { format: 'csv', content: 'name,kind,ownerMinistry\r\n' })).status,
    ).toBe(403);
  });

  it('a ministry-editor imports only for its own ministry and cannot add ministries', async () => {
    const target = await fresh();
    const admin = client(target.url, target.token('mic-admin'));
    for (const [code, name] of [
      ['BTC', 'Bộ Tài chính'],
      ['BCA', 'Bộ Công an'],
    ])
      expect((await admin.post('/v1/ministries', { code, name, effectiveDate: '2024-01-01' })).status).toBe(201);
    const editor = client(target.url, target.token('ministry-editor', 'BTC'));
    const file =
      'name,kind,ownerMinistry,ownerMinistryName\r\nỨng dụng thuế mới,application,BTC,Bộ Tài chính\r\nỨng dụng công an mới,application,BCA,Bộ Công an\r\n';
    const r = await editor.post('/v1/catalogue/import', { format: 'csv', content: file, effectiveDate: '2024-08-01' });
    expect(r.status).toBe(200);
    expect(r.body.steps.map((s: Json) => [s.ownerMinistry, s.status, s.error?.status ?? null])).toEqual([
      ['BTC', 'done', null],
      ['BCA', 'failed', 403],
    ]);
    const newMinistry = await editor.post('/v1/catalogue/import', {
      format: 'csv',
      content: 'name,kind,ownerMinistry,ownerMinistryName\r\nX,portal,BYT,Bộ Y tế\r\n',
    });
    expect(newMinistry.status).toBe(422);
    expect(newMinistry.body.errors[0].message).toContain('only mic-admin may register ministries');
  });
});
