import { withdrawPlatform } from './withdraw-platform.decider';
import {
  amended,
  auditor,
  CONG_NGAN_SACH,
  CUA_KHAU_SO,
  editorOf,
  expectDomainError,
  given,
  MANG_DAU_THAU,
  micAdmin,
  registered,
  reinstated,
  transferred,
  withdrawn,
  when,
} from '../../testing/decider-spec';

const id = CONG_NGAN_SACH.platformId;
const congNganSach = given([registered(CONG_NGAN_SACH, '2024-05-01')]);
const withdraw = (effectiveDate: string) => ({ platformId: id, effectiveDate });

describe('withdraw platform', () => {
  it('records the withdrawal, effective from the given date', () => {
    expect(when(withdrawPlatform, withdraw('2024-12-31'), editorOf('BTC'), congNganSach)).toEqual([
      {
        type: 'platform.withdrawn',
        streamId: 'platform-cong-cong-khai-ngan-sach',
        effectiveDate: '2024-12-31',
        data: { platformId: 'cong-cong-khai-ngan-sach' },
      },
    ]);
  });

  it('may withdraw on the registration date itself', () => {
    expect(when(withdrawPlatform, withdraw('2024-05-01'), editorOf('BTC'), congNganSach)[0].effectiveDate).toBe('2024-05-01');
  });

  it('lets mic-admin withdraw any entry', () => {
    expect(when(withdrawPlatform, withdraw('2024-12-31'), micAdmin, congNganSach)).toHaveLength(1);
  });

  it('may withdraw again after a reinstatement', () => {
    const stream = given([registered(CONG_NGAN_SACH, '2024-05-01'), withdrawn(id, '2024-08-01'), reinstated(id, '2024-09-01')]);
    expect(when(withdrawPlatform, withdraw('2024-12-31'), editorOf('BTC'), stream)).toHaveLength(1);
  });

  describe('authorization', () => {
    it('forbids an editor of another ministry', () => {
      expectDomainError(() => when(withdrawPlatform, withdraw('2024-12-31'), editorOf('BQP'), congNganSach), 'forbidden', 'not-owner');
    });

    it('forbids an auditor', () => {
      expectDomainError(() => when(withdrawPlatform, withdraw('2024-12-31'), auditor, congNganSach), 'forbidden', 'role-not-allowed');
    });

    it('forbids a co-operating ministry', () => {
      const stream = given([registered(CUA_KHAU_SO, '2024-06-01')]);
      expectDomainError(
        () => when(withdrawPlatform, { platformId: CUA_KHAU_SO.platformId, effectiveDate: '2024-12-31' }, editorOf('BQP'), stream),
        'forbidden',
        'not-owner',
      );
    });

    it('follows ownership: after a transfer only the new owner may withdraw', () => {
      const stream = given([registered(MANG_DAU_THAU, '2024-05-01'), transferred(MANG_DAU_THAU.platformId, 'BKHDT', 'BTC', '2025-03-01', 'BKHDT')]);
      const cmd = { platformId: MANG_DAU_THAU.platformId, effectiveDate: '2025-06-01' };
      expect(when(withdrawPlatform, cmd, editorOf('BTC'), stream)).toHaveLength(1);
      expectDomainError(() => when(withdrawPlatform, cmd, editorOf('BKHDT'), stream), 'forbidden', 'outside-accountable-period');
    });
  });

  it('rejects an unknown platform', () => {
    expectDomainError(() => when(withdrawPlatform, withdraw('2024-12-31'), editorOf('BTC'), given()), 'not-found', 'unknown-platform');
  });

  it('rejects a date before the registration', () => {
    const error = expectDomainError(() => when(withdrawPlatform, withdraw('2024-04-30'), editorOf('BTC'), congNganSach), 'rule', 'before-registration');
    expect(error.field).toBe('effectiveDate');
  });

  it('rejects a date before the latest change', () => {
    const stream = given([registered(CONG_NGAN_SACH, '2024-05-01'), amended(id, { ndxpStatus: 'connected' }, '2024-09-01')]);
    const error = expectDomainError(
      () => when(withdrawPlatform, withdraw('2024-08-31'), editorOf('BTC'), stream),
      'rule',
      'effective-date-before-latest-change',
    );
    expect(error.field).toBe('effectiveDate');
  });

  it('rejects withdrawing an entry that is already withdrawn', () => {
    const stream = given([registered(CONG_NGAN_SACH, '2024-05-01'), withdrawn(id, '2024-12-31')]);
    expectDomainError(() => when(withdrawPlatform, withdraw('2025-01-15'), editorOf('BTC'), stream), 'rule', 'already-withdrawn');
  });

  it('treats a scheduled withdrawal as the latest change', () => {
    const stream = given([registered(CONG_NGAN_SACH, '2024-05-01'), withdrawn(id, '2025-01-01')]);
    expectDomainError(() => when(withdrawPlatform, withdraw('2024-12-01'), editorOf('BTC'), stream), 'rule', 'effective-date-before-latest-change');
  });
});
