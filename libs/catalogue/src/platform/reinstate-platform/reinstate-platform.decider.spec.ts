import { reinstatePlatform } from './reinstate-platform.decider';
import {
  auditor,
  CONG_NGAN_SACH,
  DANG_KY_DOANH_NGHIEP,
  editorOf,
  expectDomainError,
  given,
  ministries,
  ministryRegistered,
  MINISTRIES,
  micAdmin,
  registered,
  reinstated,
  withdrawn,
  when,
} from '../../testing/decider-spec';

const id = CONG_NGAN_SACH.platformId;
const withdrawnCongNganSach = given([registered(CONG_NGAN_SACH, '2024-05-01'), withdrawn(id, '2024-08-01')]);
const reinstate = (effectiveDate: string) => ({ platformId: id, effectiveDate });

describe('reinstate platform', () => {
  it('records the reinstatement, effective from the given date', () => {
    expect(when(reinstatePlatform, reinstate('2024-10-01'), editorOf('BTC'), withdrawnCongNganSach, MINISTRIES)).toEqual([
      {
        type: 'platform.reinstated',
        streamId: 'platform-cong-cong-khai-ngan-sach',
        effectiveDate: '2024-10-01',
        data: { platformId: 'cong-cong-khai-ngan-sach' },
      },
    ]);
  });

  it('may reinstate on the day of the withdrawal', () => {
    expect(when(reinstatePlatform, reinstate('2024-08-01'), editorOf('BTC'), withdrawnCongNganSach, MINISTRIES)).toHaveLength(1);
  });

  it('lets mic-admin reinstate any entry', () => {
    expect(when(reinstatePlatform, reinstate('2024-10-01'), micAdmin, withdrawnCongNganSach, MINISTRIES)).toHaveLength(1);
  });

  describe('authorization', () => {
    it('forbids an editor of another ministry', () => {
      expectDomainError(() => when(reinstatePlatform, reinstate('2024-10-01'), editorOf('BQP'), withdrawnCongNganSach, MINISTRIES), 'forbidden', 'not-owner');
    });

    it('forbids an auditor', () => {
      expectDomainError(() => when(reinstatePlatform, reinstate('2024-10-01'), auditor, withdrawnCongNganSach, MINISTRIES), 'forbidden', 'role-not-allowed');
    });
  });

  it('rejects an unknown platform', () => {
    expectDomainError(() => when(reinstatePlatform, reinstate('2024-10-01'), editorOf('BTC'), given(), MINISTRIES), 'not-found', 'unknown-platform');
  });

  it('rejects a date before the registration', () => {
    const error = expectDomainError(
      () => when(reinstatePlatform, reinstate('2024-04-01'), editorOf('BTC'), withdrawnCongNganSach, MINISTRIES),
      'rule',
      'before-registration',
    );
    expect(error.field).toBe('effectiveDate');
  });

  it('rejects a date before the latest change (the withdrawal)', () => {
    expectDomainError(
      () => when(reinstatePlatform, reinstate('2024-07-31'), editorOf('BTC'), withdrawnCongNganSach, MINISTRIES),
      'rule',
      'effective-date-before-latest-change',
    );
  });

  it('rejects reinstating an entry that is in force', () => {
    const inForce = given([registered(CONG_NGAN_SACH, '2024-05-01')]);
    expectDomainError(() => when(reinstatePlatform, reinstate('2024-10-01'), editorOf('BTC'), inForce, MINISTRIES), 'rule', 'not-withdrawn');
  });

  it('rejects reinstating twice', () => {
    const stream = given([registered(CONG_NGAN_SACH, '2024-05-01'), withdrawn(id, '2024-08-01'), reinstated(id, '2024-09-01')]);
    expectDomainError(() => when(reinstatePlatform, reinstate('2024-10-01'), editorOf('BTC'), stream, MINISTRIES), 'rule', 'not-withdrawn');
  });

  describe('the owning ministry must be in force on the date', () => {
    const dkdn = DANG_KY_DOANH_NGHIEP.platformId;
    const stream = given([registered(DANG_KY_DOANH_NGHIEP, '2024-05-01'), withdrawn(dkdn, '2024-11-01')]);

    it('accepts it while the ministry exists', () => {
      const [reinstated, followOn] = when(reinstatePlatform, { platformId: dkdn, effectiveDate: '2025-02-28' }, editorOf('BKHDT'), stream, MINISTRIES);
      expect(reinstated.type).toBe('platform.reinstated');
      // The stream lacks the merger's transfer, so the decision carries it (I1).
      expect(followOn).toMatchObject({ type: 'platform.transferred', effectiveDate: '2025-03-01', data: { toMinistry: 'BTC' } });
    });

    it('rejects it once the ministry has merged away: transfer it first', () => {
      const error = expectDomainError(
        () => when(reinstatePlatform, { platformId: dkdn, effectiveDate: '2025-03-01' }, micAdmin, stream, MINISTRIES),
        'rule',
        'ministry-ended',
      );
      expect(error.field).toBe('ownerMinistry');
    });

    it('rejects it when the ministry is unknown to the catalogue', () => {
      const withoutBkhdt = ministries({ BTC: [ministryRegistered('BTC', 'Bộ Tài chính', '2000-01-01')] });
      expectDomainError(
        () => when(reinstatePlatform, { platformId: dkdn, effectiveDate: '2025-01-01' }, micAdmin, stream, withoutBkhdt),
        'rule',
        'unknown-ministry',
      );
    });
  });
});
