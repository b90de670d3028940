import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/cli';
import { CLI_ENTRY } from './support/spawned-server';
import { removeDir } from './support/test-app';

/** The locale of the operator's shell: nothing inherited from the machine running the tests. */
const locale = (vars: { LANG?: string; LC_ALL?: string; LC_MESSAGES?: string }) => ({ LANG: '', LC_ALL: '', LC_MESSAGES: '', ...vars });
const VI = locale({ LANG: 'vi_VN.UTF-8' });
const C = locale({ LANG: 'C' });

describe('the operator CLI speaks Vietnamese on a Vietnamese locale or with --lang vi, English otherwise', () => {
  let work: string;
  let dataDir: string;
  let badFile: string;
  let seedFile: string;
  let editorFile: string;

  beforeAll(async () => {
    expect(existsSync(CLI_ENTRY)).toBe(true);
    work = mkdtempSync(join(tmpdir(), 'ndp-cli-lang-'));
    dataDir = join(work, 'data');
    // Row 2 spans three lines of the file (a description with line breaks); row 3 has a bad kind.
    badFile = join(work, 'bad.csv');
    writeFileSync(
      badFile,
      'name,kind,ownerMinistry,ownerMinistryName,description\r\nCổng A,portal,BTC,Bộ Tài chính,"một\r\nhai\r\nba"\r\nCổng B,robot,BTC,Bộ Tài chính,\r\n',
    );
    seedFile = join(work, 'seed.csv');
    writeFileSync(seedFile, 'name,kind,ownerMinistry,ownerMinistryName\r\nCổng A,portal,BTC,Bộ Tài chính\r\nCổng B,portal,BCA,Bộ Công an\r\n');
    editorFile = join(work, 'editor.csv');
    writeFileSync(editorFile, 'name,kind,ownerMinistry\r\nCổng C,portal,BTC\r\nCổng D,portal,BCA\r\n');
    const seeded = await runCli(dataDir, ['import', seedFile, '--effective-date', '2024-01-01'], C);
    expect(seeded.code).toBe(0);
  }, 60000);

  afterAll(() => removeDir(work));

  it('LANG=vi_VN.UTF-8: an import with an invalid row names the spreadsheet row and says it all in Vietnamese', async () => {
    const r = await runCli(dataDir, ['import', badFile], VI);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ dòng 3, kind: kind phải là một trong platform, information-system');
    expect(r.stdout).toContain('Không ghi gì: tệp có lỗi: 2 dòng;');
    expect(r.stdout).toContain('1 dòng lỗi');
    expect(r.stdout).not.toMatch(/\brow\b|must be|Nothing recorded/);
  }, 120000);

  it('LANG=C: the same import in English', async () => {
    const r = await runCli(dataDir, ['import', badFile], C);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ row 3, kind: kind must be one of platform, information-system');
    expect(r.stdout).toContain('Nothing recorded: the file has errors: 2 rows;');
    expect(r.stdout).not.toMatch(/dòng|phải là/);
  }, 120000);

  it('--lang vi wins over LANG=C, --lang en over a Vietnamese locale; LC_ALL comes before LANG', async () => {
    expect((await runCli(dataDir, ['import', badFile, '--lang', 'vi'], C)).stdout).toContain('✗ dòng 3, kind');
    expect((await runCli(dataDir, ['--lang=en', 'import', badFile], VI)).stdout).toContain('✗ row 3, kind');
    expect((await runCli(dataDir, ['import', badFile], locale({ LC_ALL: 'C', LANG: 'vi_VN.UTF-8' }))).stdout).toContain('✗ row 3, kind');
    expect((await runCli(dataDir, ['import', badFile], locale({ LC_MESSAGES: 'vi_VN.UTF-8', LANG: 'C' }))).stdout).toContain('✗ dòng 3, kind');
    const unknown = await runCli(dataDir, ['verify', '--lang', 'fr'], C);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('--lang must be vi or en');
  }, 120000);

  it('a command the domain refuses is reported with the API’s Vietnamese problem text, and the progress bar speaks Vietnamese', async () => {
    const r = await runCli(dataDir, ['import', editorFile, '--as', 'ministry-editor', '--ministry', 'BTC', '--effective-date', '2024-02-01'], VI);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('+ đăng ký  dòng 3: [BCA] Cổng D (hiệu lực 2024-02-01)  ✗ 403 not-owner: Bộ của bạn không chịu trách nhiệm');
    expect(r.stdout).toContain('Đã nhập: 2 dòng; 0 bộ/ngành mới, 2 đăng ký');
    expect(r.stdout).toContain('1 lệnh bị từ chối');
    expect(r.stderr).toMatch(/100% 2\/2 đăng ký Cổng [CD]/);
  }, 120000);

  it('verify and usage: Vietnamese with --lang vi, English with LANG=C', async () => {
    const vi = await runCli(dataDir, ['verify', '--lang', 'vi'], C);
    expect(vi.code).toBe(0);
    expect(vi.stderr).toMatch(/hợp lệ: đã kiểm tra \d+ sự kiện; đầu chuỗi \d+:[0-9a-f]{64}/);
    expect(JSON.parse(vi.stdout)).toMatchObject({ ok: true }); // machine-readable output does not change
    const en = await runCli(dataDir, ['verify'], C);
    expect(en.stderr).toMatch(/ok: \d+ events verified; head \d+:[0-9a-f]{64}/);
    expect(en.stdout).toBe(vi.stdout);

    const usageVi = await runCli(dataDir, ['--lang', 'vi'], C);
    expect(usageVi.code).toBe(1);
    expect(usageVi.stderr).toContain('cách dùng: cli token|seed|rebuild');
    expect(usageVi.stderr).toContain('cli import TỆP [--dry-run]');
    const usageEn = await runCli(dataDir, [], C);
    expect(usageEn.stderr).toContain('usage: cli token|seed|rebuild');
    expect(usageEn.stderr).toContain('cli import FILE [--dry-run]');
    const importUsage = await runCli(dataDir, ['import'], VI);
    expect(importUsage.stderr).toContain('cách dùng: cli import TỆP');
  }, 120000);

  it('option errors of the other commands follow the language too', async () => {
    expect((await runCli(dataDir, ['token', '--role', 'x'], VI)).stderr).toContain('--role phải là một trong mic-admin, ministry-editor, auditor');
    expect((await runCli(dataDir, ['token', '--role', 'x'], C)).stderr).toContain('--role must be one of mic-admin, ministry-editor, auditor');
    expect((await runCli(dataDir, ['export-log'], VI)).stderr).toContain('export-log cần --out TỆP');
    expect((await runCli(dataDir, ['verify-file', join(work, 'none.jsonl')], VI)).stderr).toContain('không có tệp:');
    expect((await runCli(dataDir, ['import', badFile, '--bogus'], VI)).stderr).toContain("tùy chọn không xác định '--bogus'");
    expect((await runCli(dataDir, ['backup'], VI)).stderr).toContain('cách dùng: cli backup --out TỆP');
  }, 120000);
});
