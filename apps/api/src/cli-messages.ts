/**
 * What the operator CLI says, in Vietnamese or English: one table for every command (usage,
 * progress, errors, summaries). The language is chosen once per run (cliLanguageOf): `--lang vi|en`
 * wins, else the locale variables in POSIX precedence (LC_ALL, then LC_MESSAGES, then LANG);
 * Vietnamese when the chosen one starts with `vi`, English otherwise (also LANG=C or unset).
 *
 * Machine-readable output (JSON on stdout, exported files) never changes with the language.
 * Problems the service would answer in problem+json take their words from http/problem-messages.ts,
 * so the CLI and the API say the same thing; messages of the file checks (catalogue-file.ts,
 * import-plan.ts) are written in English and translated here by pattern, as the API translates
 * its validation messages.
 */
import { localizeProblem, translateMessage } from './http/problem-messages';

export type CliLanguage = 'vi' | 'en';

let current: CliLanguage = 'en';

/** The language a run speaks, and its arguments without `--lang`. Throws on a language it does not speak. */
export function cliLanguageOf(argv: readonly string[], env: NodeJS.ProcessEnv): { lang: CliLanguage; args: string[] } {
  const args: string[] = [];
  let chosen: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--lang') chosen = argv[++i] ?? '';
    else if (a.startsWith('--lang=')) chosen = a.slice('--lang='.length);
    else args.push(a);
  }
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  if (chosen !== null && chosen !== 'vi' && chosen !== 'en') throw new Error(`--lang must be vi or en, got '${chosen}' / --lang phải là vi hoặc en`);
  const lang: CliLanguage = chosen ?? (/^vi([_.@-]|$)/i.test(locale) ? 'vi' : 'en');
  return { lang, args };
}

export function setCliLanguage(lang: CliLanguage): void {
  current = lang;
}

export function cliLanguage(): CliLanguage {
  return current;
}

type Text = string | ((...args: never[]) => string);
type Entry = { en: Text; vi: Text };

const IMPORT_OPTIONS =
  '[--dry-run] [--format csv|json] [--as mic-admin|ministry-editor] [--ministry BTC] [--name "…"] [--effective-date YYYY-MM-DD] ' +
  '[--document-number "…" --issued-on YYYY-MM-DD [--signer "…"] [--issuer "…"] [--title "…"]] [--reason "…"] [--json] [--lang vi|en]';

/** Every sentence of the CLI, by key. Placeholders are the functions' arguments. */
const MESSAGES = {
  // ------------------------------------------------------------------ usage
  'usage.main': {
    en: 'usage: cli token|seed|rebuild|migrate|import|export|verify|export-log|verify-file|backup|restore [--lang vi|en] (see the README)',
    vi: 'cách dùng: cli token|seed|rebuild|migrate|import|export|verify|export-log|verify-file|backup|restore [--lang vi|en] (xem README)',
  },
  'usage.import': { en: `import FILE ${IMPORT_OPTIONS}`, vi: `import TỆP ${IMPORT_OPTIONS}` },
  'usage.export': {
    en: 'export [--as-of YYYY-MM-DD] [--known-at DATE|INSTANT] [--format csv|json] [--ministry BTC] [--out FILE]',
    vi: 'export [--as-of YYYY-MM-DD] [--known-at NGÀY|THỜI_ĐIỂM] [--format csv|json] [--ministry BTC] [--out TỆP]',
  },
  'usage.backup': {
    en: 'backup --out FILE   (writes FILE and FILE.head.json; read-only, the service may run)',
    vi: 'backup --out TỆP   (ghi TỆP và TỆP.head.json; chỉ đọc, dịch vụ có thể đang chạy)',
  },
  'usage.restore': {
    en: 'restore FILE [--head position:hash]   (into an empty DATA_DIR; the service stopped)',
    vi: 'restore TỆP [--head vị_trí:mã_băm]   (vào một DATA_DIR trống; dừng dịch vụ trước)',
  },
  'usage.prefix': { en: (u: string) => `usage: cli ${u}`, vi: (u: string) => `cách dùng: cli ${u}` },

  // ------------------------------------------------------------------ options
  'option.role': { en: (roles: string) => `--role must be one of ${roles}`, vi: (roles: string) => `--role phải là một trong ${roles}` },
  'option.ministryForEditor': {
    en: '--ministry is required for a ministry-editor',
    vi: 'vai trò ministry-editor (biên tập viên của Bộ) cần --ministry',
  },
  'option.importAs': { en: '--as must be mic-admin or ministry-editor', vi: '--as phải là mic-admin hoặc ministry-editor' },
  'option.format': { en: '--format must be csv or json', vi: '--format phải là csv hoặc json' },
  'option.date': {
    en: (option: string) => `${option} must be a date as YYYY-MM-DD`,
    vi: (option: string) => `${option} phải là một ngày dạng YYYY-MM-DD`,
  },
  'option.knownAt': {
    en: '--known-at must be a date or an ISO 8601 instant with offset',
    vi: '--known-at phải là một ngày hoặc một thời điểm ISO 8601 có múi giờ',
  },
  'option.legalBasis': {
    en: 'a legal basis needs --document-number and --issued-on YYYY-MM-DD',
    vi: 'căn cứ pháp lý cần --document-number (số hiệu văn bản) và --issued-on YYYY-MM-DD (ngày ban hành)',
  },
  'option.head': {
    en: (option: string, got: string) => `${option} must be position:hash (64 lowercase hex digits), got '${got}'`,
    vi: (option: string, got: string) => `${option} phải có dạng vị_trí:mã_băm (64 chữ số hex viết thường), nhận được '${got}'`,
  },
  'option.after': { en: '--after must be a log position', vi: '--after phải là một vị trí trong nhật ký' },
  'option.migrateTo': {
    en: 'give --to <postgres://… or EventStoreDB connection string>',
    vi: 'hãy cho --to <postgres://… hoặc chuỗi kết nối EventStoreDB>',
  },

  // ------------------------------------------------------------------ files
  'file.notUtf8': {
    en: (file: string) => `${file} is not valid UTF-8 text: save it as UTF-8 (in Excel: "CSV UTF-8")`,
    vi: (file: string) => `${file} không phải văn bản UTF-8 hợp lệ: hãy lưu lại dạng UTF-8 (trong Excel: "CSV UTF-8")`,
  },
  'file.missing': { en: (file: string) => `no such file: ${file}`, vi: (file: string) => `không có tệp: ${file}` },
  'file.noLog': { en: (file: string) => `no event log at ${file} (set DATA_DIR)`, vi: (file: string) => `không có nhật ký sự kiện tại ${file} (đặt DATA_DIR)` },
  'file.unreadable': { en: (why: string) => `The file cannot be read: ${why}`, vi: (why: string) => `Không đọc được tệp: ${why}` },

  // ------------------------------------------------------------------ seed, rebuild, token, migrate
  'seed.done': { en: 'seeded the catalogue of dispatch 2765/BTTTT-CĐSQG', vi: 'đã nạp danh mục theo công văn 2765/BTTTT-CĐSQG' },
  'seed.notEmpty': { en: 'the store is not empty: nothing seeded', vi: 'kho dữ liệu không trống: không nạp gì' },
  'rebuild.progress': { en: (at: number) => `rebuilding: at position ${at}`, vi: (at: number) => `đang dựng lại: đến vị trí ${at}` },
  'rebuild.done': {
    en: (events: number, position: number, ms: number) => `rebuilt read models from ${events} events up to position ${position} in ${ms} ms`,
    vi: (events: number, position: number, ms: number) => `đã dựng lại mô hình đọc từ ${events} sự kiện, đến vị trí ${position}, trong ${ms} ms`,
  },
  'migrate.progress': {
    en: (done: number, total: number) => `${done}/${total} events`,
    vi: (done: number, total: number) => `${done}/${total} sự kiện`,
  },
  'migrate.copied': {
    en: (copied: number, there: number, total: number) => `copied ${copied} events (${there} were already there) of ${total}`,
    vi: (copied: number, there: number, total: number) => `đã chép ${copied} sự kiện (${there} đã có sẵn) trên tổng ${total}`,
  },
  'migrate.keys': {
    en: (added: number, there: number) => `copied ${added} idempotency keys (${there} were already there)`,
    vi: (added: number, there: number) => `đã chép ${added} khóa chống lặp (${there} đã có sẵn)`,
  },
  'migrate.failed': {
    en: (at: string) => `verification failed${at ? ` at event ${at}` : ''}`,
    vi: (at: string) => `kiểm tra sau khi chép không khớp${at ? ` tại sự kiện ${at}` : ''}`,
  },
  'export.wrote': {
    en: (n: number, asOf: string, file: string) => `wrote ${n} entries as of ${asOf} to ${file}`,
    vi: (n: number, asOf: string, file: string) => `đã ghi ${n} mục của danh mục tại ngày ${asOf} vào ${file}`,
  },

  // ------------------------------------------------------------------ integrity, backup, restore
  'integrity.ok': {
    en: (n: number, head: string) => `ok: ${n} events verified; head ${head}`,
    vi: (n: number, head: string) => `hợp lệ: đã kiểm tra ${n} sự kiện; đầu chuỗi ${head}`,
  },
  'integrity.notOk': {
    en: (at: string, reason: string) => `NOT OK: first bad position ${at}: ${reason}`,
    vi: (at: string, reason: string) => `KHÔNG HỢP LỆ: vị trí hỏng đầu tiên ${at}: ${reason}`,
  },
  'integrity.needsConfig': {
    en: (command: string) => `${command} needs the service's configuration`,
    vi: (command: string) => `${command} cần cấu hình của dịch vụ`,
  },
  'integrity.exportNeedsOut': { en: 'export-log needs --out FILE', vi: 'export-log cần --out TỆP' },
  'integrity.exported': {
    en: (n: number, file: string, head: string) => `exported ${n} events to ${file}; head ${head}`,
    vi: (n: number, file: string, head: string) => `đã xuất ${n} sự kiện ra ${file}; đầu chuỗi ${head}`,
  },
  'integrity.oneFile': { en: 'verify-file needs exactly one FILE', vi: 'verify-file cần đúng một TỆP' },
  'integrity.needsKey': {
    en: '--head-file needs --public-key (the PEM served at /v1/audit/public-key, obtained independently)',
    vi: '--head-file cần --public-key (tệp PEM tại /v1/audit/public-key, lấy qua một kênh độc lập)',
  },
  'integrity.badSignedHead': {
    en: (file: string, problem: string) => `NOT OK: the signed head in ${file} is not valid: ${problem}`,
    vi: (file: string, problem: string) => `KHÔNG HỢP LỆ: đầu chuỗi có chữ ký trong ${file} không hợp lệ: ${problem}`,
  },
  'integrity.undecodable': {
    en: (position: string, why: string) => `position ${position}: ${why}`,
    vi: (position: string, why: string) => `vị trí ${position}: ${why}`,
  },
  'backup.externalStore': {
    en: (command: string) =>
      `${command} is for the embedded SQLite log; back up EventStoreDB with its own tools (docs/operations.md), then check it with npm run verify`,
    vi: (command: string) =>
      `${command} chỉ dành cho nhật ký SQLite nhúng; hãy sao lưu EventStoreDB bằng công cụ của nó (docs/operations.md), rồi kiểm tra bằng npm run verify`,
  },
  'backup.insideDataDir': {
    en: 'write the backup outside DATA_DIR (another disk, ideally)',
    vi: 'hãy ghi bản sao lưu ra ngoài DATA_DIR (tốt nhất là một ổ đĩa khác)',
  },
  'backup.copyBad': {
    en: (why: string) => `the copy does not verify: ${why} (is the source log intact? npm run verify)`,
    vi: (why: string) => `bản sao không qua được kiểm tra: ${why} (nhật ký gốc còn nguyên vẹn không? npm run verify)`,
  },
  'backup.chainShort': {
    en: (chain: number, log: number) => `chain ends at ${chain}, log at ${log}`,
    vi: (chain: number, log: number) => `chuỗi băm dừng ở ${chain}, nhật ký ở ${log}`,
  },
  'backup.done': {
    en: (n: number, file: string, head: string) => `backed up ${n} events to ${file}; head ${head}`,
    vi: (n: number, file: string, head: string) => `đã sao lưu ${n} sự kiện vào ${file}; đầu chuỗi ${head}`,
  },
  'restore.noHead': {
    en: (file: string) => `no ${file}.head.json beside the backup: give the head it was taken at with --head position:hash`,
    vi: (file: string) => `không có ${file}.head.json bên cạnh bản sao lưu: hãy cho đầu chuỗi lúc sao lưu bằng --head vị_trí:mã_băm`,
  },
  'restore.notEmpty': {
    en: (dir: string, n: number, head: string) => `DATA_DIR ${dir} holds a log (${n} events, head ${head}); restore only into an empty DATA_DIR`,
    vi: (dir: string, n: number, head: string) => `DATA_DIR ${dir} đã có nhật ký (${n} sự kiện, đầu chuỗi ${head}); chỉ khôi phục vào một DATA_DIR trống`,
  },
  'restore.backupBad': {
    en: (at: string, why: string) => `the backup does not verify: position ${at}: ${why}`,
    vi: (at: string, why: string) => `bản sao lưu không qua được kiểm tra: vị trí ${at}: ${why}`,
  },
  'restore.backupShort': {
    en: (ends: number, recorded: number) => `the backup ends at position ${ends}, but its head was recorded at ${recorded}`,
    vi: (ends: number, recorded: number) => `bản sao lưu dừng ở vị trí ${ends}, nhưng đầu chuỗi đã ghi nhận ở ${recorded}`,
  },
  'restore.restoredBad': {
    en: (why: string) => `the restored log does not verify: ${why}`,
    vi: (why: string) => `nhật ký đã khôi phục không qua được kiểm tra: ${why}`,
  },
  'restore.done': {
    en: (n: number, dir: string, rebuilt: number, head: string) => `restored ${n} events into ${dir} (read models rebuilt: ${rebuilt} events); head ${head}`,
    vi: (n: number, dir: string, rebuilt: number, head: string) =>
      `đã khôi phục ${n} sự kiện vào ${dir} (mô hình đọc dựng lại từ ${rebuilt} sự kiện); đầu chuỗi ${head}`,
  },

  // ------------------------------------------------------------------ import report
  'import.step.register-ministry': { en: '+ ministry', vi: '+ Bộ/ngành' },
  'import.step.register': { en: '+ register', vi: '+ đăng ký' },
  'import.step.transfer': { en: '→ transfer', vi: '→ chuyển giao' },
  'import.step.amend': { en: '~ amend', vi: '~ sửa đổi' },
  'import.progress.register-ministry': { en: 'ministry', vi: 'Bộ/ngành' },
  'import.progress.register': { en: 'register', vi: 'đăng ký' },
  'import.progress.transfer': { en: 'transfer', vi: 'chuyển giao' },
  'import.progress.amend': { en: 'amend', vi: 'sửa đổi' },
  'import.row': { en: (n: number) => `row ${n}`, vi: (n: number) => `dòng ${n}` },
  'import.entry': { en: (n: number) => `entry ${n}`, vi: (n: number) => `mục ${n}` },
  'import.wholeFile': { en: 'the file', vi: 'cả tệp' },
  'import.effective': { en: (date: string) => `effective ${date}`, vi: (date: string) => `hiệu lực ${date}` },
  'import.replayed': { en: '(already recorded, repeated)', vi: '(đã có, lặp lại)' },
  'import.dryRun': { en: 'Dry run (nothing recorded)', vi: 'Chạy thử (không ghi gì)' },
  'import.refused': { en: 'Nothing recorded: the file has errors', vi: 'Không ghi gì: tệp có lỗi' },
  'import.done': { en: 'Imported', vi: 'Đã nhập' },
  'import.summary': {
    en: (rows: number, ministries: number, register: number, amend: number, transfer: number, unchanged: number, notInFile: number, invalid: number) =>
      `${rows} rows; ${ministries} new ministries, ${register} registered, ${amend} amended, ${transfer} transferred, ${unchanged} unchanged, ` +
      `${notInFile} entries not in the file (left as they are), ${invalid} invalid rows`,
    vi: (rows: number, ministries: number, register: number, amend: number, transfer: number, unchanged: number, notInFile: number, invalid: number) =>
      `${rows} dòng; ${ministries} bộ/ngành mới, ${register} đăng ký, ${amend} sửa đổi, ${transfer} chuyển giao, ${unchanged} không đổi, ` +
      `${notInFile} mục không có trong tệp (giữ nguyên), ${invalid} dòng lỗi`,
  },
  'import.failed': { en: (n: number) => `, ${n} commands refused`, vi: (n: number) => `, ${n} lệnh bị từ chối` },
  'import.defaultActor': { en: 'Catalogue import (command line)', vi: 'Nhập danh mục (dòng lệnh)' },
} satisfies Record<string, Entry>;

export type MessageKey = keyof typeof MESSAGES;
type Args<K extends MessageKey> = (typeof MESSAGES)[K]['en'] extends (...a: infer A) => string ? A : [];

/** The sentence `key` in the run's language. */
export function msg<K extends MessageKey>(key: K, ...args: Args<K>): string {
  const text = MESSAGES[key][current] as Text;
  return typeof text === 'function' ? (text as (...a: unknown[]) => string)(...args) : text;
}

/** `usage: cli …` for a command's usage line. */
export const usage = (key: 'usage.import' | 'usage.export' | 'usage.backup' | 'usage.restore'): string => msg('usage.prefix', msg(key));

/**
 * The messages of the file checks (catalogue-file.ts, import-plan.ts, import-runner.ts) in
 * Vietnamese: by pattern, as http/problem-messages.ts does for request validation. A message not
 * listed stays in English.
 */
const FILE_MESSAGES: Array<[RegExp, (...m: string[]) => string]> = [
  [/^(\w+) is required$/, (f) => `thiếu ${f} (bắt buộc)`],
  [/^(\w+) is longer than (\d+) characters$/, (f, n) => `${f} dài quá ${n} ký tự`],
  [/^(\w+) must be an http\(s\) URL$/, (f) => `${f} phải là một địa chỉ http(s)`],
  [
    /^(\w+) must be 1–(\d+) letters, digits, dots, dashes or underscores$/,
    (f, n) => `${f} phải gồm 1–${n} chữ cái, chữ số, dấu chấm, gạch ngang hoặc gạch dưới`,
  ],
  [/^(\w+) must be one of ([^(]+) \(or (.+)\)$/, (f, values, labels) => `${f} phải là một trong ${values} (hoặc ${labels})`],
  [/^(\w+) must be a ministry code such as BTC$/, (f) => `${f} phải là mã Bộ/ngành, ví dụ BTC`],
  [/^'(.+)' is not a ministry code$/, (c) => `'${c}' không phải mã Bộ/ngành`],
  [/^a co-operating ministry is named twice$/, () => 'một Bộ/ngành phối hợp được nêu hai lần'],
  [/^at most (\d+) ministries$/, (n) => `tối đa ${n} Bộ/ngành`],
  [/^(\w+) must be an e-mail address$/, (f) => `${f} phải là một địa chỉ thư điện tử`],
  [/^(\w+) must be a phone number$/, (f) => `${f} phải là một số điện thoại`],
  [/^(\w+) must be a date as YYYY-MM-DD$/, (f) => `${f} phải là một ngày dạng YYYY-MM-DD`],
  [/^the owning ministry cannot also co-operate$/, () => 'cơ quan chủ quản không thể đồng thời là Bộ/ngành phối hợp'],
  [
    /^only entries in force are imported \(status '(.+)'\);.*$/,
    (s) => `chỉ nhập các mục đang có hiệu lực (trạng thái '${s}'); muốn rút một mục khỏi danh mục, dùng POST /v1/platforms/{id}/withdraw kèm căn cứ pháp lý`,
  ],
  [
    /^coMinistryNames must name each of coMinistries, in the same order$/,
    () => 'coMinistryNames phải nêu tên từng Bộ/ngành trong coMinistries, theo cùng thứ tự',
  ],
  [/^each entry must be an object$/, () => 'mỗi mục phải là một đối tượng JSON'],
  [/^unknown fields?: (.+)$/, (f) => `trường không xác định: ${f}`],
  [/^the same entry as row (\d+)$/, (n) => `trùng với mục ở dòng ${n}`],
  [/^the same entry as entry (\d+)$/, (n) => `trùng với mục ${n}`],
  [/^ministry (\S+) is named both '(.+)' and '(.+)' in this file$/, (c, a, b) => `Bộ/ngành ${c} có hai tên trong tệp: '${a}' và '${b}'`],
  [/^ministry (\S+) is not in the catalogue and the file gives no name for it$/, (c) => `Bộ/ngành ${c} chưa có trong danh mục và tệp không cho biết tên`],
  [
    /^ministry (\S+) is not in the catalogue; only mic-admin may register ministries$/,
    (c) => `Bộ/ngành ${c} chưa có trong danh mục; chỉ mic-admin được đăng ký Bộ/ngành`,
  ],
  [
    /^ministry (\S+) is '(.+)' in the catalogue and '(.+)' in the file: not renamed \(use (.+)\)$/,
    (c, a, b, how) => `Bộ/ngành ${c} có tên '${a}' trong danh mục và '${b}' trong tệp: không đổi tên (dùng ${how})`,
  ],
  [
    /^matches entry (\S+), which is registered only from (\S+), after (\S+)$/,
    (id, from, on) => `khớp với mục ${id}, mục này chỉ được đăng ký từ ${from}, sau ngày ${on}`,
  ],
  [
    /^matches entry (\S+), which is withdrawn on (\S+): reinstate it first$/,
    (id, on) => `khớp với mục ${id}, mục này đã bị rút khỏi danh mục vào ngày ${on}: hãy khôi phục trước`,
  ],
  [
    /^entry (\S+) belongs to (\S+): moving it to (\S+) is a transfer, which needs mic-admin and a legal basis$/,
    (id, from, to) => `mục ${id} thuộc ${from}: chuyển sang ${to} là chuyển giao, cần vai trò mic-admin và căn cứ pháp lý`,
  ],
  [/^name must not be blank \(it shows nothing\)$/, () => 'tên không được để trống (không hiển thị gì)'],
  [/^recorded, but the read models do not show it yet: (.+)$/, (why) => `đã ghi, nhưng mô hình đọc chưa hiển thị: ${why}`],
  // File-level problems (FileError).
  [/^unknown columns?: ([^(]+) \(known: (.+)\)$/, (c, known) => `cột không xác định: ${c.trim()} (các cột hợp lệ: ${known})`],
  [/^the header row has no '(.+)' column$/, (c) => `dòng tiêu đề thiếu cột '${c}'`],
  [/^the header row names columns? (.+) twice$/, (c) => `dòng tiêu đề nêu ${c} hai lần`],
  [/^not a readable CSV file: (.+)$/, (why) => `không đọc được tệp CSV: ${why}`],
  [/^not a readable JSON file: (.+)$/, (why) => `không đọc được tệp JSON: ${why}`],
  [/^the file gives (.+) twice in the same object$/, (k) => `tệp nêu ${k} hai lần trong cùng một đối tượng`],
  [
    /^the file is not valid UTF-8: .*$/,
    () => 'tệp không phải UTF-8 hợp lệ: có ký tự thay thế U+FFFD ở chỗ không đọc được (hãy lưu lại dạng UTF-8; trong Excel: "CSV UTF-8")',
  ],
  [
    /^a JSON file must be an array of entries or an object with a "platforms" array$/,
    () => 'tệp JSON phải là một mảng các mục hoặc một đối tượng có mảng "platforms"',
  ],
  [/^unknown format '(.+)'; expected (.+)$/, (f, e) => `định dạng không xác định '${f}'; cần ${e}`],
];

/** A message of the file checks in the run's language. */
export function fileMessage(message: string): string {
  if (current === 'en') return message;
  for (const [re, vi] of FILE_MESSAGES) {
    const m = re.exec(message);
    if (m) return vi(...m.slice(1));
  }
  return translateMessage(message) ?? message;
}

/** A refused command's problem (status, code, detail) in the run's language, as the API words it. */
export function problemText(p: { status: number; code: string; detail: string }): string {
  if (current === 'en') return p.detail;
  return localizeProblem({ status: p.status, code: p.code, title: '', detail: p.detail }, 'vi').detail;
}

/** What the CLI prints for an error that ends the run: Node's own argument errors too, in the run's language. */
export function errorText(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  if (current === 'en') return message;
  const code = (e as { code?: unknown } | null)?.code;
  const option = /'([^']+)'/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `tùy chọn không xác định '${option}'`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `tùy chọn '${option.split(' ')[0]}' cần một giá trị`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `đối số thừa '${option}'`;
  return message;
}
