import { completeFields } from '@ndp/catalogue';
import { PlatformView } from '../queries/presenters';
import { HIGH_SIMILARITY, SimilarEntry, similarPlatforms } from './similarity';
import { SimilarityIndex } from './similarity-index';
import { prng } from '../testing/random-history';

/** Deterministic pseudo-random numbers, so that a failure can be replayed by its seed. */
function random(seed: number) {
  const next = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  // Skewed towards the first items, as words are in a catalogue: some common, most rare.
  const skewed = <T>(xs: readonly T[]): T => xs[Math.floor(next() ** 2 * xs.length)];
  return { next, pick, skewed, int: (n: number) => Math.floor(next() * n) };
}

// Words of real entry names: generic kinds, function words, and words that tell systems apart,
// some of them differing only in diacritics (đầu/đấu, văn/vận, tư/từ/tử, giá/gia).
const KINDS = ['Hệ thống thông tin', 'Nền tảng', 'Cơ sở dữ liệu quốc gia về', 'Ứng dụng quản lý', 'Cổng dịch vụ công', 'Phần mềm'];
const WORDS = [
  'hóa đơn',
  'điện tử',
  'ấn chỉ',
  'thuế',
  'khám',
  'chữa bệnh',
  'từ xa',
  'tư vấn',
  'đầu tư',
  'đấu thầu',
  'văn bản',
  'vận tải',
  'giá',
  'quốc gia',
  'dân cư',
  'giấy phép',
  'lái xe',
  'đăng ký',
  'doanh nghiệp',
  'ngân sách',
  'bảo hiểm',
  'y tế',
  'tử',
  'và',
  'của',
  'cho',
  'hộ kinh doanh',
  'giám sát',
  'hành trình',
  'định danh',
  'xác thực',
  'tiêm chủng',
  'đất đai',
];
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');

function name(r: ReturnType<typeof random>): string {
  const words = Array.from({ length: 1 + r.int(5) }, () => r.skewed(WORDS));
  return `${r.pick(KINDS)} ${words.join(' ')}`;
}

let n = 0;
function entry(r: ReturnType<typeof random>): PlatformView {
  const description = r.next() < 0.4 ? Array.from({ length: 3 + r.int(8) }, () => r.skewed(WORDS)).join(' ') : null;
  return {
    id: `e${++n}`,
    code: null,
    ownerMinistry: r.pick(['BTC', 'BYT', 'BCA']),
    ownerMinistryName: null,
    ...completeFields({ name: name(r), kind: 'platform', deploymentStatus: 'operational', description }),
    status: r.next() < 0.15 ? 'withdrawn' : 'in-force',
    registeredOn: '2024-07-03',
    validFrom: '2024-07-03',
  };
}

// Every field of the answer, the entry by its id and status (the views themselves are the same objects).
const compact = (xs: SimilarEntry[]) =>
  xs.map((x) => `${x.platform.id} ${x.platform.status} ${x.score} ${x.level} ${x.nameOverlap} ${x.matchingWords.join(',')}`);

describe('SimilarityIndex: the same answers as the scan, scoring fewer entries', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('random catalogue %i: every check, and every check after changes, equals the scan', (seed) => {
    const r = random(seed);
    const platforms = Array.from({ length: 20 + r.int(200) }, () => entry(r));
    const index = new SimilarityIndex(platforms);
    let scored = 0;
    let compared = 0;
    const check = (rounds: number) => {
      for (let i = 0; i < rounds; i++) {
        // Half of them near an entry's name: the name itself, with a word added, or with its last word left out.
        const roll = r.next();
        const near = r.pick(index.platforms()).name;
        const base = roll < 0.5 ? name(r) : roll < 0.65 ? near : roll < 0.85 ? `${near} ${r.pick(WORDS)}` : near.split(' ').slice(0, -1).join(' ') || near;
        const proposal = {
          name: r.next() < 0.3 ? fold(base) : base,
          description: r.next() < 0.3 ? Array.from({ length: 2 + r.int(6) }, () => r.pick(WORDS)).join(' ') : null,
        };
        const options = {
          minScore: r.pick([undefined, HIGH_SIMILARITY, 0.3, 0.45, 0.05]),
          limit: r.pick([undefined, 5]),
          exclude: r.next() < 0.3 ? new Set([r.pick(index.platforms()).id]) : undefined,
        };
        expect(compact(index.similar(proposal, options))).toEqual(compact(similarPlatforms(index.platforms(), proposal, options)));
        scored += index.lastScored;
        compared += index.size;
      }
    };
    check(20);
    // The index follows changes: registrations, renames, description edits, removals.
    for (let i = 0; i < 40; i++) {
      const roll = r.next();
      const some = r.pick(index.platforms());
      if (roll < 0.4) index.upsert(entry(r));
      else if (roll < 0.6) index.upsert({ ...some, name: name(r) });
      else if (roll < 0.8) index.upsert({ ...some, status: some.status === 'withdrawn' ? 'in-force' : 'withdrawn' });
      else index.remove(some.id);
    }
    check(20);
    // Most entries share a common word with most proposals; the index scores the others only.
    expect(scored / compared).toBeLessThan(0.7);
  });

  // A description in words no entry has: the proposal's vector is mostly these, so the cosine with
  // the target is low and only its name containment finds it, through words common in the catalogue.
  const LONG_DESCRIPTION = Array.from({ length: 30 }, (_, i) => `từkhác${i} chữkhác${i}`).join(' ');

  it('finds the duplicate among many entries, by its name, without scoring most of them', () => {
    const r = random(99);
    const platforms = Array.from({ length: 2000 }, () => entry(r));
    const index = new SimilarityIndex(platforms);
    index.upsert({ ...platforms[0], id: 'target', name: 'Nền tảng khám, chữa bệnh từ xa', description: null });
    for (const description of [null, LONG_DESCRIPTION]) {
      const proposal = { name: 'Nền tảng tư vấn khám, chữa bệnh từ xa', description };
      for (const minScore of [HIGH_SIMILARITY, undefined]) {
        const fromIndex = index.similar(proposal, { minScore });
        expect(fromIndex.find((x) => x.platform.id === 'target')).toMatchObject({ level: 'high' });
        expect(compact(fromIndex)).toEqual(compact(similarPlatforms(index.platforms(), proposal, { minScore })));
        expect(index.lastScored).toBeLessThan(index.size * (minScore ? 0.5 : 0.7));
      }
    }
  });
});

/**
 * Catalogues written as real ones are (a kind, an action, an object, sometimes a qualifier) where
 * most objects are rare words: the shape for which the index prunes most, so every step of its
 * pruning (common features left unwalked, the per-entry bounds with the entry's own rare words,
 * the name-only settlement) decides, and a bound that is not a true bound shows as a difference.
 */
describe('SimilarityIndex pruning: identical to the scan at the edges', () => {
  const ACTIONS = ['quản lý', 'tra cứu', 'giám sát', 'cấp', 'đăng ký', 'theo dõi', 'kết nối', 'thanh toán'];
  const QUALIFIERS = ['cấp tỉnh', 'cấp Bộ', 'liên thông', 'trực tuyến', 'toàn quốc', 'dùng chung'];
  const SYLLABLES =
    'an bảo biển bình cảng cầu chăn chất dầu đào điện định gạo giống hàng hải khí khoáng kho lâm lúa lưới mỏ năng nước quặng rác rừng sản sông tàu than thủy trạm tuyến xăng'.split(
      ' ',
    );

  function shaped(r: ReturnType<typeof random>) {
    const object = () => (r.next() < 0.2 ? r.pick(WORDS) : `${r.pick(SYLLABLES)} ${r.pick(SYLLABLES)}`);
    const name = () => {
      const parts = [r.pick(KINDS), r.pick(ACTIONS), object()];
      if (r.next() < 0.3) parts.push(object());
      if (r.next() < 0.4) parts.push(r.pick(QUALIFIERS));
      return parts.join(' ');
    };
    const description = () => (r.next() < 0.5 ? `${r.pick(ACTIONS)} ${object()} và ${r.pick(ACTIONS)} ${object()} cho người dân` : null);
    return { name, description, entry: (): PlatformView => ({ ...entry(r), name: name(), description: description() }) };
  }

  /** A proposal near an entry: its name, with a word more or less, another kind, or folded; or a new one. */
  function proposalNear(r: ReturnType<typeof random>, index: SimilarityIndex, g: ReturnType<typeof shaped>) {
    const near = r.pick(index.platforms());
    const words = near.name.split(' ');
    const roll = r.next();
    const name =
      roll < 0.2
        ? g.name()
        : roll < 0.4
          ? near.name
          : roll < 0.55
            ? `${near.name} ${r.pick(QUALIFIERS)}`
            : roll < 0.7
              ? words.slice(0, -1).join(' ') || near.name
              : roll < 0.85
                ? `${r.pick(KINDS)} ${words.slice(2).join(' ')}`
                : words.slice(1).join(' ') || near.name;
    return { name: r.next() < 0.2 ? fold(name) : name, description: r.next() < 0.4 ? near.description : r.next() < 0.5 ? g.description() : null };
  }

  it.each([21, 22, 23])('catalogue %i: at the warning level, at levels equal to scores the scan found and just above them, after changes', (seed) => {
    const r = random(seed);
    const g = shaped(r);
    const platforms = Array.from({ length: 300 + r.int(200) }, () => g.entry());
    // Ties: some entries twice under other ids (same words, same score, ordered by the catalogue order).
    for (const p of platforms.slice(0, 30)) platforms.push({ ...p, id: `${p.id}-twin`, status: r.next() < 0.5 ? 'withdrawn' : 'in-force' });
    const index = new SimilarityIndex(platforms);
    let atLevel = 0;
    let scored = 0;
    let compared = 0;
    const check = (rounds: number) => {
      for (let i = 0; i < rounds; i++) {
        const proposal = proposalNear(r, index, g);
        const exclude = r.next() < 0.5 ? new Set([r.pick(index.platforms()).id]) : undefined;
        const all = similarPlatforms(index.platforms(), proposal, { exclude, minScore: 0.05 });
        // Levels taken from the scan's own scores: entries exactly at the level must be kept, those just under it left out.
        const observed = all.length ? all[r.int(all.length)].score : HIGH_SIMILARITY;
        for (const minScore of [HIGH_SIMILARITY, observed, Math.round((observed + 0.001) * 1000) / 1000]) {
          const options = { minScore, exclude, limit: r.pick([undefined, 5]) };
          const expected = similarPlatforms(index.platforms(), proposal, options);
          expect(compact(index.similar(proposal, options))).toEqual(compact(expected));
          if (expected.some((x) => x.score === minScore)) atLevel++;
          if (minScore === HIGH_SIMILARITY) {
            scored += index.lastScored;
            compared += index.size;
          }
        }
      }
    };
    check(20);
    // Changes, some making an entry's rare words common after it was indexed (its kept bound goes stale, never wrong).
    const rare = r.pick(index.platforms());
    for (let i = 0; i < 60; i++) index.upsert({ ...g.entry(), name: `${r.pick(KINDS)} ${r.pick(ACTIONS)} ${rare.name.split(' ').slice(-2).join(' ')}` });
    for (let i = 0; i < 40; i++) {
      const some = r.pick(index.platforms());
      const roll = r.next();
      if (roll < 0.3) index.upsert({ ...some, name: g.name() });
      else if (roll < 0.6) index.upsert({ ...some, status: some.status === 'withdrawn' ? 'in-force' : 'withdrawn' });
      else index.remove(some.id);
    }
    check(20);
    expect(atLevel).toBeGreaterThan(10);
    // The point of the pruning: at the warning level, at most a few entries in a hundred are scored.
    expect(scored / compared).toBeLessThan(0.05);
  });

  it('a name held inside a longer one, at the containment limits: found when the rule holds, not when the longer name weighs too much more', () => {
    const r = random(31);
    const g = shaped(r);
    const platforms = Array.from({ length: 600 }, () => g.entry());
    const index = new SimilarityIndex(platforms);
    const short = 'Nền tảng giám sát khoáng sản';
    // The same name with one qualifier more (held, weights alike), then with ever more words of its own.
    const longer = [`${short} toàn quốc`, `${short} rừng biển tàu than`, `${short} rừng biển tàu than kho quặng rác giống lúa`];
    longer.forEach((name, i) => index.upsert({ ...platforms[i], id: `long-${i}`, name, description: null }));
    const found = index.similar({ name: short }, { minScore: HIGH_SIMILARITY });
    expect(compact(found)).toEqual(compact(similarPlatforms(index.platforms(), { name: short }, { minScore: HIGH_SIMILARITY })));
    expect(found.map((x) => x.platform.id)).toContain('long-0');
    expect(found.map((x) => x.platform.id)).not.toContain('long-2');
    // And the other way: the long name proposed, the short one registered.
    index.upsert({ ...platforms[5], id: 'short', name: short, description: null });
    for (const name of longer) {
      const options = { minScore: HIGH_SIMILARITY, exclude: new Set(['long-0', 'long-1', 'long-2']) };
      expect(compact(index.similar({ name }, options))).toEqual(compact(similarPlatforms(index.platforms(), { name }, options)));
    }
  });
});
