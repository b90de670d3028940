/**
 * Given / when / then for the pure deciders, in the spirit of Emmett's DeciderSpecification:
 * given these recorded events, when this command by this actor, then these events or this
 * typed DomainError. Test-only: nothing in the library imports it.
 */
import { CalendarDate } from '../shared/calendar';
import { MinistryHistories, StreamHistory } from '../shared/decision';
import { DomainError, DomainErrorKind } from '../shared/errors';
import { Actor } from '../shared/metadata';
import { completeFields, DomainEvent, EditableFields, PendingEvent, PlatformRegisteredData, RecordedDomainEvent } from '../events';
import { decidePlatformCommand, PlatformCommand } from '../platform/platform-command';

/** An event as a test states it: payload and valid time; the log order is its place in the list. */
export type GivenEvent = DomainEvent & { effectiveDate: CalendarDate };

/** A stream whose events were recorded in the order listed (positions 1, 2, …). */
export function given(events: readonly GivenEvent[] = []): StreamHistory {
  const recorded: RecordedDomainEvent[] = events.map((e, i) => ({ ...e, position: i + 1 }));
  return { revision: recorded.length - 1, events: recorded };
}

/** Ministry histories keyed by code; a code left out is unknown to the catalogue. */
export function ministries(histories: Record<string, readonly GivenEvent[]>): MinistryHistories {
  return new Map(Object.entries(histories).map(([code, events]) => [code, given(events).events]));
}

// ── Actors ──────────────────────────────────────────────────────────────────────────────
export const micAdmin: Actor = { sub: 'mic-1', name: 'Cục Chuyển đổi số quốc gia', role: 'mic-admin', ministry: null };
export const auditor: Actor = { sub: 'audit-1', name: 'Kiểm toán viên', role: 'auditor', ministry: null };
export const editorOf = (ministry: string): Actor => ({
  sub: `editor-${ministry}`,
  name: `Biên tập viên ${ministry}`,
  role: 'ministry-editor',
  ministry,
});

// ── Then: a typed DomainError ───────────────────────────────────────────────────────────
/** Runs `fn`, expects it to throw a DomainError of this kind and code, and returns it. */
export function expectDomainError(fn: () => unknown, kind: DomainErrorKind, code: string): DomainError {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(DomainError);
  expect({ kind: (thrown as DomainError).kind, code: (thrown as DomainError).code }).toEqual({ kind, code });
  return thrown as DomainError;
}

// ── Events ──────────────────────────────────────────────────────────────────────────────
export const ministryRegistered = (code: string, name: string, effectiveDate: CalendarDate): GivenEvent => ({
  type: 'ministry.registered',
  effectiveDate,
  data: { code, name },
});
export const ministryRenamed = (code: string, name: string, previousName: string, effectiveDate: CalendarDate): GivenEvent => ({
  type: 'ministry.renamed',
  effectiveDate,
  data: { code, name, previousName },
});
export const ministryMerged = (code: string, into: string, effectiveDate: CalendarDate): GivenEvent => ({
  type: 'ministry.merged',
  effectiveDate,
  data: { code, into },
});
export const registered = (data: PlatformRegisteredData, effectiveDate: CalendarDate): GivenEvent => ({
  type: 'platform.registered',
  effectiveDate,
  data,
});
export const amended = (platformId: string, changes: Partial<EditableFields>, effectiveDate: CalendarDate): GivenEvent => ({
  type: 'platform.amended',
  effectiveDate,
  data: { platformId, changes },
});
export const corrected = (platformId: string, changes: Partial<EditableFields>, effectiveDate: CalendarDate): GivenEvent => ({
  type: 'platform.corrected',
  effectiveDate,
  data: { platformId, changes },
});
export const withdrawn = (platformId: string, effectiveDate: CalendarDate): GivenEvent => ({
  type: 'platform.withdrawn',
  effectiveDate,
  data: { platformId },
});
export const reinstated = (platformId: string, effectiveDate: CalendarDate): GivenEvent => ({
  type: 'platform.reinstated',
  effectiveDate,
  data: { platformId },
});
export const transferred = (
  platformId: string,
  fromMinistry: string,
  toMinistry: string,
  effectiveDate: CalendarDate,
  mergerOf: string | null = null,
): GivenEvent => ({
  type: 'platform.transferred',
  effectiveDate,
  data: { platformId, fromMinistry, toMinistry, reorganisation: mergerOf ? { kind: 'merger', ministry: mergerOf } : null },
});

// ── When: an entry command through the one decision path ────────────────────────────────
export interface WhenOptions {
  /** Today in Vietnam; by default a day before the 2025 reorganisation of the fixtures. */
  today?: CalendarDate;
  expectedRevision?: number | null;
  hasLegalBasis?: boolean;
  related?: ReadonlyMap<string, StreamHistory>;
}
export function when<C>(
  command: PlatformCommand<C>,
  cmd: C,
  actor: Actor,
  stream: StreamHistory,
  known: MinistryHistories = MINISTRIES,
  options: WhenOptions = {},
): PendingEvent[] {
  return decidePlatformCommand(command, cmd, {
    actor,
    stream,
    ministries: known,
    related: options.related ?? new Map(),
    today: options.today ?? '2025-01-01',
    expectedRevision: options.expectedRevision ?? null,
    hasLegalBasis: options.hasLegalBasis ?? true,
  });
}

// ── Fixtures from dispatch 2765/BTTTT-CĐSQG and the 2025 reorganisation ───────────────────
/** BTC, BQP, BCA since 2000; BKHDT merged into BTC from 2025-03-01; BDTTG created 2025-03-01. */
export const MINISTRIES = ministries({
  BTC: [ministryRegistered('BTC', 'Bộ Tài chính', '2000-01-01')],
  BQP: [ministryRegistered('BQP', 'Bộ Quốc phòng', '2000-01-01')],
  BCA: [ministryRegistered('BCA', 'Bộ Công an', '2000-01-01')],
  BKHDT: [ministryRegistered('BKHDT', 'Bộ Kế hoạch và Đầu tư', '2000-01-01'), ministryMerged('BKHDT', 'BTC', '2025-03-01')],
  BDTTG: [ministryRegistered('BDTTG', 'Bộ Dân tộc và Tôn giáo', '2025-03-01')],
});

const entry = (platformId: string, ownerMinistry: string, name: string, kind: EditableFields['kind']): PlatformRegisteredData => ({
  platformId,
  code: null,
  ownerMinistry,
  ...completeFields({ name, kind, deploymentStatus: 'operational' }),
});

/** Finance's budget transparency portal, in the 2765 list (updated to 2024-07-03). */
export const CONG_NGAN_SACH: PlatformRegisteredData = {
  ...entry('cong-cong-khai-ngan-sach', 'BTC', 'Cổng công khai ngân sách nhà nước', 'portal'),
  operator: 'Cục Tin học và Thống kê tài chính',
  url: 'https://www.mof.gov.vn',
};
/** Finance leads the digital border-gate platform with Defence; a pilot. */
export const CUA_KHAU_SO: PlatformRegisteredData = {
  ...entry('nen-tang-cua-khau-so', 'BTC', 'Nền tảng cửa khẩu số', 'platform'),
  coMinistries: ['BQP'],
  deploymentStatus: 'pilot',
};
/** Two of Planning and Investment's systems, which move to Finance with the 2025 merger. */
export const MANG_DAU_THAU = entry('he-thong-mang-dau-thau', 'BKHDT', 'Hệ thống mạng đấu thầu quốc gia', 'information-system');
export const DANG_KY_DOANH_NGHIEP = entry(
  'he-thong-dang-ky-doanh-nghiep',
  'BKHDT',
  'Hệ thống thông tin quốc gia về đăng ký doanh nghiệp',
  'information-system',
);
