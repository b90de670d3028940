/**
 * A deterministic synthetic catalogue history for the benchmarks.
 *
 * N entries (platforms) with M events each (the registration and M-1 changes), a few dozen
 * ministries, a few renames, ministry merges with the transfers of every entry the merged
 * ministry owned, two published editions, and retroactive corrections. Every event is one
 * the real deciders would accept (amendments and transfers at the end of valid time, changes
 * that change something, corrections with a legal basis, no change to a withdrawn entry but
 * reinstatement or correction), so the data exercises the same shapes as production.
 *
 * Shape over time: the recorded clock runs linearly from START to END across the whole log.
 * Round 0 registers every entry; round r (1…M-1) gives every entry, in a seeded shuffled order,
 * its r-th change. Effective dates follow the recorded date (sometimes a few days late), except
 * corrections, which reach back into the past: two thirds within the last 90 days, one third
 * anywhere since the entry's registration.
 *
 * Same seed and options → the same events, byte for byte, on every machine.
 */
import { addDays, fromDayNumber, PLATFORM_KINDS, toDayNumber, vietnamDateOf } from '@ndp/catalogue';
import type { EventActor, EventLegalBasis, NewEvent } from '@ndp/event-store';
import { prng } from '../../libs/projections/src/testing/random-history';

export interface HistoryOptions {
  seed: number;
  /** Number of catalogue entries (platforms). */
  entries: number;
  /** Events per entry, its registration included (merger transfers come on top). */
  versions: number;
  ministries?: number;
  merges?: number;
  renames?: number;
  /** Share of an entry's changes that are retroactive corrections. */
  correctionRate?: number;
}

/** One generated event with the simulated instant it is recorded at (ms since epoch). */
export interface GeneratedEvent {
  streamId: string;
  event: NewEvent;
  recordedAt: number;
}

/** One atomic append: ordinary events are batched by the builder; a merger is one append of its own. */
export type GeneratedStep = { kind: 'event'; item: GeneratedEvent } | { kind: 'atomic'; items: GeneratedEvent[] };

export const HISTORY_START = Date.parse('2016-01-04T01:00:00.000Z');
export const HISTORY_END = Date.parse('2025-06-30T10:00:00.000Z');
export const HISTORY_FIRST_DAY = '2015-12-01';
export const HISTORY_LAST_DAY = vietnamDateOf(new Date(HISTORY_END));

const MINISTRY_NAMES: Array<[string, string]> = [
  ['BCA', 'Bộ Công an'],
  ['BTC', 'Bộ Tài chính'],
  ['BKHDT', 'Bộ Kế hoạch và Đầu tư'],
  ['BXD', 'Bộ Xây dựng'],
  ['BGTVT', 'Bộ Giao thông vận tải'],
  ['BTP', 'Bộ Tư pháp'],
  ['BGDDT', 'Bộ Giáo dục và Đào tạo'],
  ['BNV', 'Bộ Nội vụ'],
  ['BQP', 'Bộ Quốc phòng'],
  ['BTTTT', 'Bộ Thông tin và Truyền thông'],
  ['BCT', 'Bộ Công Thương'],
  ['BLDTBXH', 'Bộ Lao động Thương binh và Xã hội'],
  ['BNNPTNT', 'Bộ Nông nghiệp và Phát triển nông thôn'],
  ['BYT', 'Bộ Y tế'],
  ['BVHTTDL', 'Bộ Văn hóa, Thể thao và Du lịch'],
  ['BTNMT', 'Bộ Tài nguyên và Môi trường'],
  ['BNG', 'Bộ Ngoại giao'],
  ['BKHCN', 'Bộ Khoa học và Công nghệ'],
  ['NHNN', 'Ngân hàng Nhà nước Việt Nam'],
  ['TTCP', 'Thanh tra Chính phủ'],
  ['UBDT', 'Ủy ban Dân tộc'],
  ['VPCP', 'Văn phòng Chính phủ'],
  ['BHXH', 'Bảo hiểm xã hội Việt Nam'],
  ['TTXVN', 'Thông tấn xã Việt Nam'],
];

const NOUNS = ['Nền tảng', 'Hệ thống thông tin', 'Cơ sở dữ liệu', 'Cổng thông tin', 'Ứng dụng'];
const TOPICS = [
  'quản lý ngân sách',
  'dịch vụ công trực tuyến',
  'hộ tịch điện tử',
  'đăng ký doanh nghiệp',
  'bảo hiểm y tế',
  'giáo dục số',
  'thuế điện tử',
  'hải quan một cửa',
  'quản lý đất đai',
  'giao thông thông minh',
  'văn bản điều hành',
  'thống kê quốc gia',
];

/** UUID-shaped, deterministic ids: the real service uses random UUIDs, the shape is what matters. */
function uuidFrom(tag: number, n: number): string {
  const hex = (v: number, w: number) => v.toString(16).padStart(w, '0').slice(-w);
  return `${hex(tag, 8)}-0000-4000-8000-${hex(n, 12)}`;
}

interface EntryState {
  id: string;
  index: number;
  owner: string;
  withdrawn: boolean;
  registeredDay: number;
  latestDay: number;
  deploymentStatus: 'pilot' | 'operational';
  ndxpStatus: 'not-connected' | 'connecting' | 'connected';
  baseName: string;
}

/** The history as a lazy sequence of append steps, in log order. */
export function* generateHistory(o: HistoryOptions): Generator<GeneratedStep> {
  const rnd = prng(o.seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const ministryCount = Math.min(o.ministries ?? 24, MINISTRY_NAMES.length);
  const merges = Math.min(o.merges ?? 3, ministryCount - 2);
  const renames = o.renames ?? 5;
  const correctionRate = o.correctionRate ?? 0.05;
  const totalSlots = o.entries * o.versions;
  const msPerSlot = (HISTORY_END - HISTORY_START) / Math.max(1, totalSlots);

  let eventCounter = 0;
  let emitted = 0; // events handed out so far = log position of the last one
  let commandCounter = 0;
  const revisions = new Map<string, number>();
  const make = (
    streamId: string,
    type: string,
    data: unknown,
    effectiveDate: string,
    actor: EventActor,
    recordedAt: number,
    extra: { legalBasis?: EventLegalBasis | null; reason?: string | null; causationId?: string } = {},
  ): GeneratedEvent => {
    eventCounter += 1;
    revisions.set(streamId, (revisions.get(streamId) ?? -1) + 1);
    return {
      streamId,
      recordedAt,
      event: {
        eventId: uuidFrom(0xe0e0e0e0, eventCounter),
        type,
        schemaVersion: 1,
        data,
        metadata: {
          effectiveDate,
          actor,
          legalBasis: extra.legalBasis ?? null,
          reason: extra.reason ?? null,
          idempotencyKey: null,
          correlationId: uuidFrom(0xc0c0c0c0, commandCounter),
          causationId: extra.causationId ?? uuidFrom(0xcadcadca, commandCounter),
        },
      },
    };
  };
  const admin: EventActor = { sub: 'mic:admin', name: 'Cục Chuyển đổi số quốc gia', role: 'mic-admin', ministry: null };
  const editor = (code: string): EventActor => ({ sub: `editor:${code}`, name: `Cán bộ đầu mối ${code}`, role: 'ministry-editor', ministry: code });
  const legal = (code: string, day: number): EventLegalBasis => ({
    documentNumber: `${1 + int(9000)}/QĐ-${code}`,
    issuedOn: fromDayNumber(day),
    signer: 'Thứ trưởng',
  });

  // Ministries, all in force from before the first entry.
  const ministries = MINISTRY_NAMES.slice(0, ministryCount).map(([code, name]) => ({ code, name, ended: false }));
  for (const m of ministries) {
    commandCounter++;
    const item = make(`ministry-${m.code}`, 'ministry.registered', { code: m.code, name: m.name }, HISTORY_FIRST_DAY, admin, HISTORY_START);
    emitted++;
    yield { kind: 'event', item };
  }
  const inForce = () => ministries.filter((m) => !m.ended);

  // Scheduled ministry events: merges, renames and editions, each at the start of some round.
  const scheduled = new Map<number, Array<'merge' | 'rename' | 'edition'>>();
  const schedule = (round: number, what: 'merge' | 'rename' | 'edition') => {
    const r = Math.max(1, Math.min(o.versions - 1, round));
    scheduled.set(r, [...(scheduled.get(r) ?? []), what]);
  };
  for (let k = 0; k < merges; k++) schedule(Math.round(((k + 1) * o.versions) / (merges + 1)) + 1, 'merge');
  for (let k = 0; k < renames; k++) schedule(Math.round(((k + 0.5) * o.versions) / renames), 'rename');
  schedule(Math.round(o.versions / 3), 'edition');
  schedule(Math.round((2 * o.versions) / 3), 'edition');

  const entries: EntryState[] = [];
  const order = Array.from({ length: o.entries }, (_, i) => i);
  let slot = 0;
  let editions = 0;
  for (let round = 0; round < o.versions; round++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = int(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const what of round === 0 ? [] : (scheduled.get(round) ?? [])) {
      const now = Math.floor(HISTORY_START + slot * msPerSlot);
      const day = toDayNumber(vietnamDateOf(new Date(now)));
      const date = fromDayNumber(day);
      commandCounter++;
      if (what === 'merge') {
        const candidates = inForce();
        if (candidates.length < 2) continue;
        const merged = pick(candidates);
        const survivor = pick(candidates.filter((m) => m !== merged));
        merged.ended = true;
        const basis = { documentNumber: `${1 + int(200)}/2025/QH15`, issuedOn: fromDayNumber(day - 10), signer: 'Chủ tịch Quốc hội' };
        const head = make(`ministry-${merged.code}`, 'ministry.merged', { code: merged.code, into: survivor.code }, date, admin, now, {
          legalBasis: basis,
          reason: 'Sắp xếp tổ chức bộ máy',
        });
        const items = [head];
        for (const e of entries) {
          if (e.owner !== merged.code) continue;
          items.push(
            make(
              `platform-${e.id}`,
              'platform.transferred',
              { platformId: e.id, fromMinistry: merged.code, toMinistry: survivor.code, mergerOf: merged.code },
              date,
              admin,
              now,
              {
                legalBasis: basis,
                reason: 'Sắp xếp tổ chức bộ máy',
                causationId: head.event.eventId,
              },
            ),
          );
          e.owner = survivor.code;
          e.latestDay = Math.max(e.latestDay, day);
        }
        emitted += items.length;
        yield { kind: 'atomic', items };
      } else if (what === 'rename') {
        const m = pick(inForce());
        const previousName = m.name;
        m.name = `${previousName.split(' (')[0]} (tên mới ${round})`;
        emitted++;
        yield {
          kind: 'event',
          item: make(`ministry-${m.code}`, 'ministry.renamed', { code: m.code, name: m.name, previousName }, date, admin, now, {
            legalBasis: legal('TTg', day - 3),
          }),
        };
      } else {
        editions++;
        const editionId = uuidFrom(0xed000000, editions);
        emitted++;
        yield {
          kind: 'event',
          item: make(
            `edition-${editionId}`,
            'edition.published',
            {
              editionId,
              documentNumber: `${2700 + editions}/BTTTT-CĐSQG`,
              title: `Danh mục nền tảng số quốc gia, lần ${editions}`,
              issuedOn: date,
              signer: 'Cục trưởng',
              cutoffDate: addDays(date, -12),
              logPosition: emitted - 1,
            },
            date,
            admin,
            now,
            { legalBasis: { documentNumber: `${2700 + editions}/BTTTT-CĐSQG`, issuedOn: date, signer: 'Cục trưởng' } },
          ),
        };
      }
    }

    for (const index of round === 0 ? Array.from(order).sort((a, b) => a - b) : order) {
      const now = Math.floor(HISTORY_START + slot * msPerSlot);
      slot++;
      const today = toDayNumber(vietnamDateOf(new Date(now)));
      const lag = rnd() < 0.2 ? 1 + int(20) : 0;
      commandCounter++;
      if (round === 0) {
        const owner = pick(inForce()).code;
        const id = uuidFrom(0x0d900000, index + 1);
        const day = Math.max(toDayNumber(HISTORY_FIRST_DAY), today - (rnd() < 0.3 ? int(60) : 0));
        const baseName = `${pick(NOUNS)} ${pick(TOPICS)} số ${index + 1}`;
        const e: EntryState = {
          id,
          index,
          owner,
          withdrawn: false,
          registeredDay: day,
          latestDay: day,
          deploymentStatus: rnd() < 0.5 ? 'pilot' : 'operational',
          ndxpStatus: pick(['not-connected', 'connecting', 'connected'] as const),
          baseName,
        };
        entries[index] = e;
        const data = {
          platformId: id,
          code: `NDP-${String(index + 1).padStart(6, '0')}`,
          name: baseName,
          kind: pick(PLATFORM_KINDS),
          ownerMinistry: owner,
          coMinistries: [],
          description: `Phục vụ ${pick(TOPICS)} trên phạm vi toàn quốc`,
          operator: `Trung tâm công nghệ thông tin ${owner}`,
          contact: { name: 'Đầu mối kỹ thuật', email: `ndp${index + 1}@example.gov.vn`, phone: '024 0000 0000' },
          url: `https://ndp${index + 1}.example.gov.vn`,
          deploymentStatus: e.deploymentStatus,
          ndxpStatus: e.ndxpStatus,
        };
        emitted++;
        yield { kind: 'event', item: make(`platform-${id}`, 'platform.registered', data, fromDayNumber(day), editor(owner), now) };
        continue;
      }

      const e = entries[index];
      const stream = `platform-${e.id}`;
      const day = Math.max(e.latestDay, today - lag);
      const u = rnd();
      let item: GeneratedEvent;
      if (u < correctionRate || (e.withdrawn && u > 0.7)) {
        // A retroactive correction: fixes a value from a date in the past.
        const from = rnd() < 2 / 3 ? Math.max(e.registeredDay, e.latestDay - 90) : e.registeredDay;
        const fixDay = from + int(e.latestDay - from + 1);
        const changes = rnd() < 0.5 ? { name: `${e.baseName} (đính chính ${round})` } : { description: `Mô tả đã đính chính lần ${round} cho ${e.baseName}` };
        item = make(stream, 'platform.corrected', { platformId: e.id, changes }, fromDayNumber(fixDay), editor(e.owner), now, {
          legalBasis: legal(e.owner, today - 1),
          reason: 'Đính chính thông tin đã công bố',
        });
      } else if (e.withdrawn) {
        e.withdrawn = false;
        e.latestDay = day;
        item = make(stream, 'platform.reinstated', { platformId: e.id }, fromDayNumber(day), editor(e.owner), now, {
          legalBasis: legal(e.owner, today - 2),
          reason: 'Tiếp tục vận hành',
        });
      } else if (u < correctionRate + 0.02) {
        e.withdrawn = true;
        e.latestDay = day;
        item = make(stream, 'platform.withdrawn', { platformId: e.id }, fromDayNumber(day), editor(e.owner), now, {
          legalBasis: legal(e.owner, today - 2),
          reason: 'Ngừng vận hành',
        });
      } else if (u < correctionRate + 0.03 && inForce().length > 1) {
        const to = pick(inForce().filter((m) => m.code !== e.owner)).code;
        item = make(
          stream,
          'platform.transferred',
          { platformId: e.id, fromMinistry: e.owner, toMinistry: to, mergerOf: null },
          fromDayNumber(day),
          admin,
          now,
          {
            legalBasis: legal('TTg', today - 5),
            reason: 'Điều chuyển cơ quan chủ quản',
          },
        );
        e.owner = to;
        e.latestDay = day;
      } else {
        const changes: Record<string, unknown> = {};
        const first = int(6);
        const picked = rnd() < 0.5 ? [first] : [first, (first + 1 + int(5)) % 6];
        for (const which of picked) {
          if (which === 0) changes.name = `${e.baseName} (phiên bản ${round})`;
          else if (which === 1) changes.description = `Cập nhật chức năng đợt ${round}: ${pick(TOPICS)}`;
          else if (which === 2) changes.url = `https://ndp${e.index + 1}-v${round}.example.gov.vn`;
          else if (which === 3) changes.operator = `Đơn vị vận hành ${e.owner} số ${round}`;
          else if (which === 4) {
            e.deploymentStatus = e.deploymentStatus === 'pilot' ? 'operational' : 'pilot';
            changes.deploymentStatus = e.deploymentStatus;
          } else {
            e.ndxpStatus = e.ndxpStatus === 'connected' ? 'connecting' : e.ndxpStatus === 'connecting' ? 'connected' : 'connecting';
            changes.ndxpStatus = e.ndxpStatus;
          }
        }
        e.latestDay = day;
        item = make(stream, 'platform.amended', { platformId: e.id, changes }, fromDayNumber(day), editor(e.owner), now, {
          reason: rnd() < 0.5 ? 'Cập nhật thông tin' : null,
        });
      }
      emitted++;
      yield { kind: 'event', item };
    }
  }
}

/** The ids of the generated entries, in index order (for picking query targets). */
export function entryIds(o: Pick<HistoryOptions, 'entries'>): string[] {
  return Array.from({ length: o.entries }, (_, i) => uuidFrom(0x0d900000, i + 1));
}
