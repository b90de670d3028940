import { correctPlatform } from './correct-platform.decider';
import { EditableFields } from '../../events';
import { platformAsOf } from '../platform.state';
import {
  corrected,
  amended,
  auditor,
  CONG_NGAN_SACH,
  CUA_KHAU_SO,
  editorOf,
  expectDomainError,
  given,
  MANG_DAU_THAU,
  MINISTRIES,
  micAdmin,
  registered,
  transferred,
  withdrawn,
  when,
} from '../../testing/decider-spec';

const id = CONG_NGAN_SACH.platformId;
const TYPO = 'Cổng công khai ngân sach nhà nước';
/** Registered with a typo on 2024-05-01, then connected to NDXP on 2024-09-01. */
const withTypo = given([registered({ ...CONG_NGAN_SACH, name: TYPO }, '2024-05-01'), amended(id, { ndxpStatus: 'connected' }, '2024-09-01')]);
const correct = (changes: Partial<EditableFields>, effectiveFrom = '2024-05-01') => ({ platformId: id, changes, effectiveFrom });

describe('correct platform', () => {
  it('fixes a fact from the registration date, before the latest change', () => {
    expect(when(correctPlatform, correct({ name: CONG_NGAN_SACH.name }), editorOf('BTC'), withTypo, MINISTRIES)).toEqual([
      {
        type: 'platform.corrected',
        streamId: 'platform-cong-cong-khai-ngan-sach',
        effectiveDate: '2024-05-01',
        data: { platformId: id, changes: { name: 'Cổng công khai ngân sách nhà nước' } },
      },
    ]);
  });

  it('compares with the values in force on effectiveFrom, not with the latest ones', () => {
    // ndxpStatus was 'not-connected' on 2024-06-01 even though it is 'connected' now.
    expectDomainError(
      () => when(correctPlatform, correct({ ndxpStatus: 'not-connected' }, '2024-06-01'), editorOf('BTC'), withTypo, MINISTRIES),
      'rule',
      'no-changes',
    );
    const [event] = when(correctPlatform, correct({ ndxpStatus: 'connected' }, '2024-06-01'), editorOf('BTC'), withTypo, MINISTRIES);
    expect(event).toMatchObject({ effectiveDate: '2024-06-01', data: { changes: { ndxpStatus: 'connected' } } });
  });

  it('keeps only the fields that differ', () => {
    const [event] = when(correctPlatform, correct({ name: CONG_NGAN_SACH.name, kind: 'portal' }), editorOf('BTC'), withTypo, MINISTRIES);
    expect(event.data).toEqual({ platformId: id, changes: { name: CONG_NGAN_SACH.name } });
  });

  it('rewrites the past once recorded, while later amendments still win after their date', () => {
    const [event] = when(correctPlatform, correct({ ndxpStatus: 'connecting' }, '2024-07-01'), editorOf('BTC'), withTypo, MINISTRIES);
    const after = [...withTypo.events, { ...event, position: withTypo.events.length + 1 }];
    expect(platformAsOf(after, '2024-06-30')?.ndxpStatus).toBe('not-connected');
    expect(platformAsOf(after, '2024-07-03')?.ndxpStatus).toBe('connecting');
    expect(platformAsOf(after, '2024-09-01')?.ndxpStatus).toBe('connected');
  });

  it('may correct the facts of a period before the entry was withdrawn', () => {
    const stream = given([registered({ ...CONG_NGAN_SACH, name: TYPO }, '2024-05-01'), withdrawn(id, '2024-12-31')]);
    expect(when(correctPlatform, correct({ name: CONG_NGAN_SACH.name }), editorOf('BTC'), stream, MINISTRIES)).toHaveLength(1);
  });

  it('rejects an unknown platform', () => {
    expectDomainError(
      () => when(correctPlatform, correct({ name: CONG_NGAN_SACH.name }), editorOf('BTC'), given(), MINISTRIES),
      'not-found',
      'unknown-platform',
    );
  });

  it('rejects a date before the registration', () => {
    const error = expectDomainError(
      () => when(correctPlatform, correct({ name: CONG_NGAN_SACH.name }, '2024-04-30'), editorOf('BTC'), withTypo, MINISTRIES),
      'rule',
      'before-registration',
    );
    expect(error.field).toBe('effectiveFrom');
  });

  it('rejects a correction that changes nothing', () => {
    expectDomainError(() => when(correctPlatform, correct({ name: TYPO }), editorOf('BTC'), withTypo, MINISTRIES), 'rule', 'no-changes');
  });

  describe('authorization', () => {
    it('forbids an editor of another ministry', () => {
      expectDomainError(() => when(correctPlatform, correct({ name: CONG_NGAN_SACH.name }), editorOf('BQP'), withTypo, MINISTRIES), 'forbidden', 'not-owner');
    });

    it('forbids an auditor', () => {
      expectDomainError(() => when(correctPlatform, correct({ name: CONG_NGAN_SACH.name }), auditor, withTypo, MINISTRIES), 'forbidden', 'role-not-allowed');
    });

    it('lets mic-admin correct any entry', () => {
      expect(when(correctPlatform, correct({ name: CONG_NGAN_SACH.name }), micAdmin, withTypo, MINISTRIES)).toHaveLength(1);
    });

    describe('after the 2025 merger moved an entry from BKHDT to BTC', () => {
      const dauThau = MANG_DAU_THAU.platformId;
      const stream = given([
        registered({ ...MANG_DAU_THAU, name: 'Hệ thống mạng đấu thầu quốc gla' }, '2024-05-01'),
        transferred(dauThau, 'BKHDT', 'BTC', '2025-03-01', 'BKHDT'),
      ]);
      const fixName = { platformId: dauThau, changes: { name: MANG_DAU_THAU.name }, effectiveFrom: '2024-05-01' };

      it('lets the current owner correct a fact from before the merger', () => {
        expect(when(correctPlatform, fixName, editorOf('BTC'), stream, MINISTRIES)).toEqual([
          {
            type: 'platform.corrected',
            streamId: 'platform-he-thong-mang-dau-thau',
            effectiveDate: '2024-05-01',
            data: { platformId: dauThau, changes: { name: 'Hệ thống mạng đấu thầu quốc gia' } },
          },
        ]);
      });

      it("refuses the owner at the time when the correction reaches into the successor's period (I2)", () => {
        expectDomainError(() => when(correctPlatform, fixName, editorOf('BKHDT'), stream, MINISTRIES), 'forbidden', 'outside-accountable-period');
      });

      it('lets the owner at the time correct a value that held only in its own period', () => {
        const renamedByBtc = given([...stream.events, corrected(dauThau, { name: 'Hệ thống mạng đấu thầu quốc gia' }, '2025-03-01')]);
        expect(when(correctPlatform, fixName, editorOf('BKHDT'), renamedByBtc, MINISTRIES)).toHaveLength(1);
      });

      it('forbids a ministry that never owned it', () => {
        expectDomainError(() => when(correctPlatform, fixName, editorOf('BCA'), stream, MINISTRIES), 'forbidden', 'not-owner');
      });
    });
  });

  describe('co-ministries', () => {
    const cuaKhauSo = given([registered(CUA_KHAU_SO, '2024-06-01'), amended(CUA_KHAU_SO.platformId, { deploymentStatus: 'operational' }, '2024-10-01')]);
    const correctCo = (coMinistries: string[], effectiveFrom = '2024-06-01') => ({
      platformId: CUA_KHAU_SO.platformId,
      changes: { coMinistries },
      effectiveFrom,
    });

    it('corrects the list of co-operating ministries from the past', () => {
      const [event] = when(correctPlatform, correctCo(['BQP', 'BCA']), editorOf('BTC'), cuaKhauSo, MINISTRIES);
      expect(event).toEqual({
        type: 'platform.corrected',
        streamId: 'platform-nen-tang-cua-khau-so',
        effectiveDate: '2024-06-01',
        data: { platformId: 'nen-tang-cua-khau-so', changes: { coMinistries: ['BQP', 'BCA'] } },
      });
    });

    it('rejects the owner as co-ministry', () => {
      expectDomainError(() => when(correctPlatform, correctCo(['BTC']), editorOf('BTC'), cuaKhauSo, MINISTRIES), 'rule', 'owner-as-co-ministry');
    });

    it('rejects a duplicate', () => {
      expectDomainError(() => when(correctPlatform, correctCo(['BCA', 'BCA']), editorOf('BTC'), cuaKhauSo, MINISTRIES), 'rule', 'duplicate-co-ministry');
    });

    it('rejects an unknown ministry', () => {
      expectDomainError(() => when(correctPlatform, correctCo(['BXYZ']), editorOf('BTC'), cuaKhauSo, MINISTRIES), 'rule', 'unknown-ministry');
    });

    it('checks the ministry on effectiveFrom: not yet registered then', () => {
      expectDomainError(
        () => when(correctPlatform, correctCo(['BQP', 'BDTTG']), editorOf('BTC'), cuaKhauSo, MINISTRIES),
        'rule',
        'ministry-not-yet-registered',
      );
    });

    it('checks the ministry on effectiveFrom: in force then, although it has ended since', () => {
      const [correction, followOn] = when(correctPlatform, correctCo(['BQP', 'BKHDT']), editorOf('BTC'), cuaKhauSo, MINISTRIES);
      expect(correction.type).toBe('platform.corrected');
      // …and the reference follows the merger: BKHDT's successor BTC owns the entry, so it drops (I1).
      expect(followOn).toMatchObject({
        type: 'platform.co-ministries-reassigned',
        effectiveDate: '2025-03-01',
        data: { coMinistries: ['BQP'], replaced: [{ from: 'BKHDT', to: null }] },
      });
    });
  });
});
