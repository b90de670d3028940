/**
 * Scenario 9 — Similarity check (issue 14 point 6): the duplicate check a registration runs
 * (`minScore` = the warning level, the new entry left out), on generated catalogues of 1k and
 * 10k entries, answered by the maintained {@link SimilarityIndex} (the registration's upsert
 * included) against the control of scanning every entry ({@link similarPlatforms}), in the same
 * process, on the same catalogue, with the same proposals. Every answer of the control is
 * compared with the index's. In memory only: both paths would read the same catalogue from the
 * read models (the scan each time, the index once and then what changed), which is not timed.
 *
 * Names are generated the way the catalogue's are written ("Hệ thống thông tin quản lý hóa đơn
 * điện tử cấp tỉnh"): a kind of system, an action, one or two objects, sometimes a qualifier.
 * Objects are real ones from dispatch 2765 (15 %: a few hundred entries share each at 10k) and
 * two-syllable words out of ~9,000 made from common syllables ("khoáng sản", "thủy lợi"): every
 * syllable is shared by hundreds of entries at 10k, each word by one or two, as the systems of
 * a real catalogue are mostly about different things, the kinds and actions being common to all.
 */
import { completeFields } from '@ndp/catalogue';
import { HIGH_SIMILARITY, PlatformView, SimilarityIndex, similarPlatforms } from '@ndp/projections';
import { Row, row } from '../lib/results';
import { summarize, Summary } from '../lib/stats';
import { prng } from '../../libs/projections/src/testing/random-history';

export const SIMILARITY_SCENARIO = '9 similarity';

const KINDS = ['Hệ thống thông tin', 'Nền tảng', 'Cơ sở dữ liệu', 'Ứng dụng', 'Cổng dịch vụ công', 'Phần mềm', 'Hệ thống', 'Cổng thông tin'];
const ACTIONS = [
  'quản lý',
  'tra cứu',
  'giám sát',
  'cấp',
  'đăng ký',
  'theo dõi',
  'kết nối',
  'thanh toán',
  'hỗ trợ',
  'tư vấn',
  'đánh giá',
  'thống kê',
  'báo cáo',
  'tiếp nhận',
  'xử lý',
  'chia sẻ',
];
const OBJECTS = [
  'hóa đơn điện tử',
  'ấn chỉ thuế',
  'giấy phép lái xe',
  'dân cư',
  'căn cước',
  'đầu tư công',
  'đấu thầu',
  'khám, chữa bệnh từ xa',
  'tiêm chủng',
  'bảo hiểm y tế',
  'đất đai',
  'ngân sách nhà nước',
  'hộ kinh doanh',
  'doanh nghiệp',
  'hợp tác xã',
  'giá xây dựng',
  'quy hoạch đô thị',
  'nhà ở',
  'thị trường bất động sản',
  'hành trình',
  'vận tải',
  'văn bản',
  'hồ sơ sức khỏe',
  'đơn thuốc',
  'chứng thư số',
  'biên lai',
  'trước bạ',
  'hải quan',
];
const QUALIFIERS = [
  'cấp tỉnh',
  'cấp Bộ',
  'liên thông',
  'trực tuyến',
  'ngành thuế',
  'ngành y tế',
  'toàn quốc',
  'dùng chung',
  'Hà Nội',
  'Đà Nẵng',
  'Cần Thơ',
  'Lào Cai',
];
// Vietnamese syllables that make up the long tail of objects ("khoáng sản", "thủy lợi"…).
const SYLLABLES = (
  'an bảo biển bình cảng cầu chăn chất cơ công cư dầu dịch du đào điện định đô đường gạo giống hàng hạ hải hóa học khí khoáng kho ' +
  'lâm lao lúa lưới mạng môi mỏ năng ngân nghề nghiệp nguồn nhân nông nước phát phòng quặng rác rừng sản sinh sông sức tài tàu than ' +
  'thị thủy thương tín trạm trồng trường tuyến vật viễn xăng xây xuất y'
).split(' ');

/** Deterministic pseudo-random numbers: every run compares the same catalogues. */
function random(seed: number) {
  const next = prng(seed);
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] };
}

/** Two-syllable words made of the syllables below, in a fixed random order (~9,000). */
function twoSyllableWords(r: ReturnType<typeof random>): string[] {
  const words: string[] = [];
  for (const a of SYLLABLES) for (const b of SYLLABLES) if (a !== b) words.push(`${a} ${b}`);
  for (let i = words.length - 1; i > 0; i--) {
    const j = Math.floor(r.next() * (i + 1));
    [words[i], words[j]] = [words[j], words[i]];
  }
  return words;
}

function generator(seed: number) {
  const r = random(seed);
  const words = twoSyllableWords(r);
  const object = () => (r.next() < 0.15 ? r.pick(OBJECTS) : r.pick(words));
  let n = 0;
  const name = () => {
    const parts = [r.pick(KINDS), r.pick(ACTIONS), object()];
    if (r.next() < 0.3) parts.push(object());
    if (r.next() < 0.4) parts.push(r.pick(QUALIFIERS));
    return parts.join(' ');
  };
  const description = () =>
    r.next() < 0.5 ? `${r.pick(ACTIONS)} ${object()} và ${r.pick(ACTIONS)} ${object()} cho ${r.pick(['người dân', 'doanh nghiệp', 'cơ quan nhà nước'])}` : null;
  const entry = (): PlatformView => ({
    id: `e${++n}`,
    code: null,
    ownerMinistry: 'BTC',
    ownerMinistryName: 'Bộ Tài chính',
    ...completeFields({ name: name(), kind: 'platform', deploymentStatus: 'operational', description: description() }),
    status: r.next() < 0.05 ? 'withdrawn' : 'in-force',
    registeredOn: '2024-07-03',
    validFrom: '2024-07-03',
  });
  return { entry };
}

interface SizeResult {
  entries: number;
  index: Summary;
  scan: Summary;
  buildMs: number;
  scoredPerCheck: number;
  walkedPerCheck: number;
  examinedPerCheck: number;
  compared: number;
  identical: number;
  warned: number;
}

/** Registers `checks` entries one by one; each is checked against the catalogue before it (index), the first `scans` also by the scan. */
function measure(entries: number, checks: number, scans: number): SizeResult {
  const gen = generator(2765);
  const platforms = Array.from({ length: entries }, () => gen.entry());
  const t0 = performance.now();
  const index = new SimilarityIndex(platforms);
  const buildMs = performance.now() - t0;
  const indexMs: number[] = [];
  const scanMs: number[] = [];
  let scored = 0;
  let walked = 0;
  let examined = 0;
  let identical = 0;
  let warned = 0;
  const warmup = Math.min(20, checks);
  for (let i = 0; i < warmup + checks; i++) {
    const p = gen.entry();
    const options = { limit: 5, minScore: HIGH_SIMILARITY, exclude: new Set([p.id]) };
    const proposal = { name: p.name, description: p.description };
    // As a registration: the new entry reaches the index (the projection follows it), then the check.
    const a = performance.now();
    index.upsert(p);
    const fromIndex = index.similar(proposal, options);
    const b = performance.now();
    platforms.push(p);
    if (i < warmup) continue;
    indexMs.push(b - a);
    scored += index.lastScored;
    walked += index.lastWalked;
    examined += index.lastExamined;
    if (fromIndex.length) warned++;
    if (i - warmup < scans) {
      const c = performance.now();
      const scanned = similarPlatforms(platforms, proposal, options);
      scanMs.push(performance.now() - c);
      if (JSON.stringify(scanned) === JSON.stringify(fromIndex)) identical++;
    }
  }
  return {
    entries,
    index: summarize(indexMs),
    scan: summarize(scanMs),
    buildMs,
    scoredPerCheck: scored / checks,
    walkedPerCheck: walked / checks,
    examinedPerCheck: examined / checks,
    compared: scanMs.length,
    identical,
    warned,
  };
}

export function similarityScenario(mode: 'quick' | 'full', log: (msg: string) => void = () => {}): Row[] {
  const plan = mode === 'quick' ? { checks: 300, scans: 40 } : { checks: 2000, scans: 200 };
  const results: SizeResult[] = [];
  for (const entries of [1000, 10000]) {
    log(`similarity: ${entries} entries, ${plan.checks} registration checks (${plan.scans} also scanned)`);
    results.push(measure(entries, plan.checks, plan.scans));
  }
  const rows: Row[] = [];
  for (const r of results) {
    const label = `${SIMILARITY_SCENARIO} (${r.entries / 1000}k)`;
    rows.push(
      row(label, 'registration check p50 (control: scan of every entry)', 'ms', r.index.p50, r.scan.p50, 'lower'),
      row(label, 'registration check p99', 'ms', r.index.p99, r.scan.p99, 'lower'),
      row(label, `entries scored per check (of ${r.entries.toLocaleString('en-US')})`, 'entries', r.scoredPerCheck, r.entries, 'lower'),
      // Diagnostics of the work that still grows with the catalogue: postings of the proposal's rarer features walked, and entries whose bounds sent them to a look at their common features.
      row(label, 'postings walked per check (diagnostic)', 'postings', r.walkedPerCheck, null, null),
      row(label, 'entries looked at beyond the bounds per check (diagnostic)', 'entries', r.examinedPerCheck, null, null),
      row(label, `answers identical to the scan (${r.warned} of ${plan.checks} checks warned)`, 'answers', r.identical, r.compared, null, {
        text: 'all',
        met: (v) => v === r.compared,
      }),
      row(label, 'index build from the catalogue (once; then followed)', 'ms', r.buildMs, null, null),
    );
  }
  const [small, large] = results;
  const growth = (s: Summary, l: Summary) => l.p50 / s.p50;
  rows.push(
    row(
      SIMILARITY_SCENARIO,
      'growth 1k → 10k of the p50 (control: the scan’s)',
      '×',
      growth(small.index, large.index),
      growth(small.scan, large.scan),
      'lower',
      {
        text: '≤ 3× (linear: 10×)',
        met: (v) => v <= 3,
      },
    ),
  );
  return rows;
}
