/**
 * The words of problem details in the two languages the API speaks (API.md "Errors": `title` and
 * `detail` follow `Accept-Language`, Vietnamese or English; `type` codes never change).
 *
 * One table keyed by problem code. English is what the code raising the problem wrote (domain
 * errors carry English messages), so an English answer is the problem as raised. A Vietnamese
 * answer takes the title from the table (by status when the code is not in it) and the detail from
 * the table, or from the patterns below for the generic validation messages; a code not yet
 * translated keeps its English detail.
 */
export type Language = 'vi' | 'en';

export interface ProblemWords {
  status: number;
  code: string;
  title: string;
  detail: string;
  extra?: Record<string, unknown>;
}

interface Entry {
  title: { en: string; vi: string };
  /** Vietnamese detail; a function when it repeats facts of the problem. */
  vi?: string | ((p: ProblemWords) => string);
}

const n = (p: ProblemWords, key: string) => String(p.extra?.[key] ?? '?');

export const PROBLEM_TEXT: Record<string, Entry> = {
  'invalid-input': { title: { en: 'Invalid input', vi: 'Dữ liệu không hợp lệ' } },
  'malformed-json': { title: { en: 'Malformed JSON body', vi: 'Nội dung JSON sai cú pháp' }, vi: 'Nội dung yêu cầu không phải JSON hợp lệ' },
  'body-too-large': { title: { en: 'Request body too large', vi: 'Nội dung yêu cầu quá lớn' }, vi: 'Nội dung yêu cầu vượt quá giới hạn cho phép' },
  'unsupported-encoding': {
    title: { en: 'Unsupported content encoding', vi: 'Kiểu nén nội dung không được hỗ trợ' },
    vi: 'Kiểu nén nội dung không được hỗ trợ',
  },
  'unsupported-charset': { title: { en: 'Unsupported charset', vi: 'Bảng mã không được hỗ trợ' }, vi: 'Chỉ nhận nội dung UTF-8' },
  'unreadable-body': { title: { en: 'Unreadable request body', vi: 'Không đọc được nội dung yêu cầu' }, vi: 'Không đọc được nội dung yêu cầu' },
  unauthenticated: { title: { en: 'Unauthenticated', vi: 'Chưa xác thực' }, vi: 'Cần mã truy cập (Bearer token) hợp lệ' },
  'role-not-allowed': { title: { en: 'Not allowed', vi: 'Không được phép' }, vi: 'Vai trò của bạn không được thực hiện thao tác này' },
  'mic-admin-only': {
    title: { en: 'Not allowed', vi: 'Không được phép' },
    vi: 'Chỉ quản trị viên của Bộ Thông tin và Truyền thông được thực hiện thao tác này',
  },
  'not-owner': {
    title: { en: 'Not allowed', vi: 'Không được phép' },
    vi: 'Bộ của bạn không chịu trách nhiệm về mục này trong mọi giai đoạn mà thay đổi tác động',
  },
  'unknown-actor-ministry': { title: { en: 'Not allowed', vi: 'Không được phép' }, vi: 'Mã truy cập không nêu bộ, hoặc bộ đó không có trong danh mục' },
  'ministry-ended': {
    title: { en: 'Business rule broken', vi: 'Vi phạm quy tắc nghiệp vụ' },
    vi: 'Bộ đã chấm dứt hoạt động (sáp nhập hoặc giải thể) vào ngày hiệu lực',
  },
  'not-found': { title: { en: 'Not found', vi: 'Không tìm thấy' }, vi: 'Không có tài nguyên này' },
  'unknown-platform': { title: { en: 'Not found', vi: 'Không tìm thấy' }, vi: 'Không có mục này trong danh mục' },
  'unknown-ministry': { title: { en: 'Not found', vi: 'Không tìm thấy' }, vi: 'Không có bộ với mã này' },
  'unknown-edition': { title: { en: 'Not found', vi: 'Không tìm thấy' }, vi: 'Chưa có ấn bản nào với mã hoặc số hiệu này được công bố' },
  'not-in-force': { title: { en: 'Not found', vi: 'Không tìm thấy' }, vi: 'Mục chưa có hiệu lực vào ngày này' },
  'revision-conflict': {
    title: { en: 'Revision conflict', vi: 'Xung đột phiên bản' },
    vi: (p) => `Mục đã được thay đổi: phiên bản hiện tại là ${n(p, 'currentRevision')}; hãy đọc lại mục và gửi lại với If-Match: "${n(p, 'currentRevision')}"`,
  },
  'idempotency-key-reused': {
    title: { en: 'Idempotency-Key reused', vi: 'Idempotency-Key đã được dùng' },
    vi: 'Khóa Idempotency-Key này đã được dùng cho một yêu cầu có nội dung khác',
  },
  'if-match-required': {
    title: { en: 'Precondition required', vi: 'Thiếu điều kiện tiên quyết' },
    vi: 'Thay đổi này cần tiêu đề If-Match với phiên bản bạn đã đọc (xem ETag của GET /v1/platforms/{id})',
  },
  'platform-exists': { title: { en: 'Conflict', vi: 'Xung đột' }, vi: 'Mục này đã có trong danh mục' },
  'ministry-exists': { title: { en: 'Conflict', vi: 'Xung đột' }, vi: 'Bộ với mã này đã được đăng ký' },
  'edition-exists': { title: { en: 'Conflict', vi: 'Xung đột' }, vi: 'Ấn bản với số hiệu này đã được công bố' },
  'already-withdrawn': { title: { en: 'Business rule broken', vi: 'Vi phạm quy tắc nghiệp vụ' }, vi: 'Mục đã bị rút khỏi danh mục' },
  'not-withdrawn': { title: { en: 'Business rule broken', vi: 'Vi phạm quy tắc nghiệp vụ' }, vi: 'Mục chưa bị rút nên không thể khôi phục' },
  'platform-withdrawn': { title: { en: 'Business rule broken', vi: 'Vi phạm quy tắc nghiệp vụ' }, vi: 'Mục đã bị rút khỏi danh mục vào ngày hiệu lực' },
  'before-registration': { title: { en: 'Business rule broken', vi: 'Vi phạm quy tắc nghiệp vụ' }, vi: 'Ngày hiệu lực trước ngày mục được đăng ký' },
  'before-ministry-existed': { title: { en: 'Business rule broken', vi: 'Vi phạm quy tắc nghiệp vụ' }, vi: 'Ngày hiệu lực trước ngày bộ được đăng ký' },
  'ministry-not-yet-registered': { title: { en: 'Business rule broken', vi: 'Vi phạm quy tắc nghiệp vụ' }, vi: 'Bộ chưa được đăng ký vào ngày hiệu lực' },
  'legal-basis-required': { title: { en: 'Business rule broken', vi: 'Vi phạm quy tắc nghiệp vụ' }, vi: 'Thay đổi này cần căn cứ pháp lý (legalBasis)' },
  'no-changes': { title: { en: 'Business rule broken', vi: 'Vi phạm quy tắc nghiệp vụ' }, vi: 'Yêu cầu không thay đổi gì' },
  'same-owner': { title: { en: 'Business rule broken', vi: 'Vi phạm quy tắc nghiệp vụ' }, vi: 'Mục đã thuộc bộ này' },
  'merge-into-itself': { title: { en: 'Business rule broken', vi: 'Vi phạm quy tắc nghiệp vụ' }, vi: 'Không thể sáp nhập một bộ vào chính nó' },
  'successor-is-itself': { title: { en: 'Business rule broken', vi: 'Vi phạm quy tắc nghiệp vụ' }, vi: 'Bộ kế thừa không thể là chính bộ bị giải thể' },
  'code-taken': { title: { en: 'Business rule broken', vi: 'Vi phạm quy tắc nghiệp vụ' }, vi: 'Mã này đã được dùng cho một mục khác' },
  'rate-limited': { title: { en: 'Too many requests', vi: 'Quá nhiều yêu cầu' }, vi: 'Bạn đã gửi quá nhiều yêu cầu; hãy thử lại sau (xem Retry-After)' },
  'not-yet-projected': {
    title: { en: 'Not yet available', vi: 'Chưa sẵn sàng' },
    vi: 'Dữ liệu đọc chưa cập nhật tới vị trí yêu cầu; hãy thử lại sau giây lát',
  },
  'identity-provider-unavailable': {
    title: { en: 'Identity provider unavailable', vi: 'Không kết nối được máy chủ định danh' },
    vi: 'Không kết nối được máy chủ định danh để kiểm tra mã truy cập; hãy thử lại sau giây lát',
  },
  internal: { title: { en: 'Internal server error', vi: 'Lỗi máy chủ' }, vi: 'Đã xảy ra lỗi ngoài dự kiến; lỗi đã được ghi lại' },
};

/** Titles by status, for codes the table does not name. */
const TITLE_BY_STATUS: Record<number, string> = {
  400: 'Yêu cầu không hợp lệ',
  401: 'Chưa xác thực',
  403: 'Không được phép',
  404: 'Không tìm thấy',
  405: 'Phương thức không được hỗ trợ',
  408: 'Hết thời gian chờ yêu cầu',
  409: 'Xung đột',
  412: 'Thiếu điều kiện tiên quyết',
  413: 'Nội dung yêu cầu quá lớn',
  415: 'Kiểu nội dung không được hỗ trợ',
  422: 'Vi phạm quy tắc nghiệp vụ',
  429: 'Quá nhiều yêu cầu',
  431: 'Tiêu đề yêu cầu quá lớn',
  500: 'Lỗi máy chủ',
  503: 'Dịch vụ tạm thời không sẵn sàng',
  507: 'Không đủ dung lượng lưu trữ',
};

/** The generic English messages of validation (`errors[].message` and details built from them). */
const MESSAGE_PATTERNS: Array<[RegExp, (...m: string[]) => string]> = [
  [/^required$/, () => 'bắt buộc'],
  [/^(.+) is not a known field$/, (f) => `${f} không phải là trường được chấp nhận`],
  [/^(.+) is required$/, (f) => `${f} là bắt buộc`],
  [/^(.+) must not be blank$/, (f) => `${f} không được để trống`],
  [/^(.+) should not be empty$/, (f) => `${f} không được để trống`],
  [/^(.+) must be a real calendar date as YYYY-MM-DD$/, (f) => `${f} phải là ngày có thật, dạng YYYY-MM-DD`],
  [/^(.+) must be a date as YYYY-MM-DD$/, (f) => `${f} phải là ngày dạng YYYY-MM-DD`],
  [/^'(.*)' is not a real calendar date$/, (v) => `'${v}' không phải là ngày có thật`],
  [/^(.+) must be one of (.+)$/, (f, list) => `${f} phải là một trong các giá trị: ${list}`],
  [/^(.+) must be one of the following values: (.+)$/, (f, list) => `${f} phải là một trong các giá trị: ${list}`],
  [/^'(.*)' is not allowed$/, (v) => `giá trị '${v}' không được chấp nhận`],
  [/^(.+) must be a whole number from (\d+) to (\d+)$/, (f, a, b) => `${f} phải là số nguyên từ ${a} đến ${b}`],
  [/^(.+) must be a string$/, (f) => `${f} phải là chuỗi ký tự`],
  [/^(.+) must be longer than or equal to (\d+) characters$/, (f, k) => `${f} phải có ít nhất ${k} ký tự`],
  [/^(.+) must be shorter than or equal to (\d+) characters$/, (f, k) => `${f} chỉ được có tối đa ${k} ký tự`],
  [/^(.+) must be an email$/, (f) => `${f} phải là địa chỉ thư điện tử`],
  [/^(.+) must be a URL address$/, (f) => `${f} phải là địa chỉ URL`],
  [/^(.+) must be an array$/, (f) => `${f} phải là một danh sách`],
  [/^(.+) must be an object$/, (f) => `${f} phải là một đối tượng`],
  [/^(.+) must be a ministry code such as (.+)$/, (f, e) => `${f} phải là mã bộ, ví dụ ${e}`],
  [/^not a ministry code$/, () => 'không phải là mã bộ'],
  [/^invalid value$/, () => 'giá trị không hợp lệ'],
  [/^out of range$/, () => 'ngoài khoảng cho phép'],
  [/^too long$/, () => 'quá dài'],
  [/^(.+) is not valid$/, (f) => `${f} không hợp lệ`],
  [/^The request body must be a JSON object$/, () => 'Nội dung yêu cầu phải là một đối tượng JSON'],
  [/^Invalid input$/, () => 'Dữ liệu không hợp lệ'],
  [/^not a cursor of this query$/, () => 'không phải con trỏ trang của truy vấn này'],
  [/^cursor is not valid: .*$/, () => 'cursor không hợp lệ (hỏng, hoặc thuộc một truy vấn khác); hãy bắt đầu lại không có cursor'],
];

/** One message in Vietnamese when it has a known form (several joined by "; " each translated), else null. */
export function translateMessage(message: string): string | null {
  const parts = message.split('; ');
  const out: string[] = [];
  for (const part of parts) {
    const hit = MESSAGE_PATTERNS.find(([re]) => re.test(part));
    if (!hit) return null;
    const m = hit[0].exec(part)!;
    out.push(hit[1](...m.slice(1)));
  }
  return out.join('; ');
}

/**
 * The language asked for by `Accept-Language`: Vietnamese when a `vi` tag is preferred to any
 * English one (by q-value, then order), English otherwise — also when the header is absent.
 */
export function preferredLanguage(header: string | string[] | undefined): Language {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  let best: { lang: Language; q: number } | null = null;
  for (const item of text.split(',').slice(0, 20)) {
    const [tag, ...params] = item.trim().toLowerCase().split(';');
    const lang = tag === 'vi' || tag.startsWith('vi-') ? 'vi' : tag === 'en' || tag.startsWith('en-') || tag === '*' ? 'en' : null;
    if (!lang) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { lang, q };
  }
  return best?.lang ?? 'en';
}

/** The problem in the language asked for; `type` (the code) and every other member unchanged. */
export function localizeProblem<P extends ProblemWords>(p: P, lang: Language): P {
  if (lang === 'en') return p;
  const entry = PROBLEM_TEXT[p.code];
  const title = entry?.title.vi ?? TITLE_BY_STATUS[p.status] ?? p.title;
  const detail = typeof entry?.vi === 'function' ? entry.vi(p) : (entry?.vi ?? translateMessage(p.detail) ?? p.detail);
  const errors = p.extra?.errors;
  const extra = Array.isArray(errors)
    ? {
        ...p.extra,
        // A domain error repeats its message on its field: it reads as the detail does.
        errors: errors.map((e: { field: string; message: string }) => ({
          ...e,
          message: e.message === p.detail && detail !== p.detail ? detail : (translateMessage(e.message) ?? e.message),
        })),
      }
    : p.extra;
  return { ...p, title, detail, extra };
}
