import { amendPlatform } from './amend-platform.decider';
import { EditableFields } from '../../events';
import {
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
  reinstated,
  transferred,
  withdrawn,
  when,
} from '../../testing/decider-spec';

const id = CONG_NGAN_SACH.platformId;
const congNganSach = given([registered(CONG_NGAN_SACH, '2024-05-01')]);
const amend = (changes: Partial<EditableFields>, effectiveDate = '2024-09-01') => ({ platformId: id, changes, effectiveDate });

describe('amend platform', () => {
  it('records only the fields that change', () => {
    const cmd = amend({ name: CONG_NGAN_SACH.name, ndxpStatus: 'connected', url: 'https://congkhaingansach.mof.gov.vn' });
    expect(when(amendPlatform, cmd, editorOf('BTC'), congNganSach, MINISTRIES)).toEqual([
      {
        type: 'platform.amended',
        streamId: 'platform-cong-cong-khai-ngan-sach',
        effectiveDate: '2024-09-01',
        data: { platformId: id, changes: { ndxpStatus: 'connected', url: 'https://congkhaingansach.mof.gov.vn' } },
      },
    ]);
  });

  it('compares structured fields by value', () => {
    const contact = { name: 'Tổ hỗ trợ', email: null, phone: '024 2220 2828' };
    const stream = given([registered(CONG_NGAN_SACH, '2024-05-01'), amended(id, { contact }, '2024-06-01')]);
    expectDomainError(() => when(amendPlatform, amend({ contact: { ...contact } }), editorOf('BTC'), stream, MINISTRIES), 'rule', 'no-changes');
    const [event] = when(amendPlatform, amend({ contact: { ...contact, email: 'hotro@mof.gov.vn' } }), editorOf('BTC'), stream, MINISTRIES);
    expect(event.data).toEqual({ platformId: id, changes: { contact: { ...contact, email: 'hotro@mof.gov.vn' } } });
  });

  it('may be dated the same day as the latest change', () => {
    const stream = given([registered(CONG_NGAN_SACH, '2024-05-01'), amended(id, { ndxpStatus: 'connecting' }, '2024-09-01')]);
    const [event] = when(amendPlatform, amend({ ndxpStatus: 'connected' }), editorOf('BTC'), stream, MINISTRIES);
    expect(event).toMatchObject({ effectiveDate: '2024-09-01', data: { changes: { ndxpStatus: 'connected' } } });
  });

  it('lets mic-admin amend any entry', () => {
    expect(when(amendPlatform, amend({ deploymentStatus: 'pilot' }), micAdmin, congNganSach, MINISTRIES)).toHaveLength(1);
  });

  it('cannot change the owner: owner changes only by transfer', () => {
    const cmd = amend({ ownerMinistry: 'BQP' } as unknown as Partial<EditableFields>);
    expectDomainError(() => when(amendPlatform, cmd, editorOf('BTC'), congNganSach, MINISTRIES), 'rule', 'no-changes');
  });

  describe('authorization', () => {
    it('forbids an editor of another ministry', () => {
      expectDomainError(() => when(amendPlatform, amend({ ndxpStatus: 'connected' }), editorOf('BQP'), congNganSach, MINISTRIES), 'forbidden', 'not-owner');
    });

    it('forbids an auditor', () => {
      expectDomainError(() => when(amendPlatform, amend({ ndxpStatus: 'connected' }), auditor, congNganSach, MINISTRIES), 'forbidden', 'role-not-allowed');
    });

    it('follows the owner on the effective date, after a transfer', () => {
      const stream = given([registered(MANG_DAU_THAU, '2024-05-01'), transferred(MANG_DAU_THAU.platformId, 'BKHDT', 'BTC', '2025-03-01', 'BKHDT')]);
      const cmd = { platformId: MANG_DAU_THAU.platformId, changes: { ndxpStatus: 'connected' as const }, effectiveDate: '2025-04-01' };
      expect(when(amendPlatform, cmd, editorOf('BTC'), stream, MINISTRIES)).toHaveLength(1);
      // Before the merger takes effect BKHDT still writes, but not into BTC's period (I2)…
      expectDomainError(() => when(amendPlatform, cmd, editorOf('BKHDT'), stream, MINISTRIES), 'forbidden', 'outside-accountable-period');
      // …and once it has ended it writes nothing at all, and hears who answers now.
      const ended = expectDomainError(
        () => when(amendPlatform, cmd, editorOf('BKHDT'), stream, MINISTRIES, { today: '2025-06-01' }),
        'forbidden',
        'actor-ministry-ended',
      );
      expect(ended.message).toContain("'BTC'");
    });

    it('does not let a co-ministry amend the entry', () => {
      const stream = given([registered(CUA_KHAU_SO, '2024-06-01')]);
      const cmd = { platformId: CUA_KHAU_SO.platformId, changes: { deploymentStatus: 'operational' as const }, effectiveDate: '2024-09-01' };
      expectDomainError(() => when(amendPlatform, cmd, editorOf('BQP'), stream, MINISTRIES), 'forbidden', 'not-owner');
    });
  });

  it('rejects an unknown platform', () => {
    expectDomainError(() => when(amendPlatform, amend({ ndxpStatus: 'connected' }), editorOf('BTC'), given(), MINISTRIES), 'not-found', 'unknown-platform');
  });

  it('rejects a date before the registration', () => {
    const error = expectDomainError(
      () => when(amendPlatform, amend({ ndxpStatus: 'connected' }, '2024-04-30'), editorOf('BTC'), congNganSach, MINISTRIES),
      'rule',
      'before-registration',
    );
    expect(error.field).toBe('effectiveDate');
  });

  it('rejects a date before the latest change: the past is changed by correction', () => {
    const stream = given([registered(CONG_NGAN_SACH, '2024-05-01'), amended(id, { ndxpStatus: 'connecting' }, '2024-09-01')]);
    const error = expectDomainError(
      () => when(amendPlatform, amend({ url: null }, '2024-08-31'), editorOf('BTC'), stream, MINISTRIES),
      'rule',
      'effective-date-before-latest-change',
    );
    expect(error.field).toBe('effectiveDate');
  });

  it('rejects amending a withdrawn entry', () => {
    const stream = given([registered(CONG_NGAN_SACH, '2024-05-01'), withdrawn(id, '2024-08-01')]);
    expectDomainError(() => when(amendPlatform, amend({ ndxpStatus: 'connected' }), editorOf('BTC'), stream, MINISTRIES), 'rule', 'platform-withdrawn');
  });

  it('accepts amending a reinstated entry', () => {
    const stream = given([registered(CONG_NGAN_SACH, '2024-05-01'), withdrawn(id, '2024-08-01'), reinstated(id, '2024-08-15')]);
    expect(when(amendPlatform, amend({ ndxpStatus: 'connected' }), editorOf('BTC'), stream, MINISTRIES)).toHaveLength(1);
  });

  it('rejects an amendment that changes nothing', () => {
    expectDomainError(
      () => when(amendPlatform, amend({ name: CONG_NGAN_SACH.name, kind: 'portal' }), editorOf('BTC'), congNganSach, MINISTRIES),
      'rule',
      'no-changes',
    );
  });

  describe('co-ministries', () => {
    const cuaKhauSo = given([registered(CUA_KHAU_SO, '2024-06-01')]);
    const amendCo = (coMinistries: string[], effectiveDate = '2024-09-01') => ({
      platformId: CUA_KHAU_SO.platformId,
      changes: { coMinistries },
      effectiveDate,
    });

    it('adds a co-operating ministry', () => {
      expect(when(amendPlatform, amendCo(['BQP', 'BCA']), editorOf('BTC'), cuaKhauSo, MINISTRIES)).toEqual([
        {
          type: 'platform.amended',
          streamId: 'platform-nen-tang-cua-khau-so',
          effectiveDate: '2024-09-01',
          data: { platformId: 'nen-tang-cua-khau-so', changes: { coMinistries: ['BQP', 'BCA'] } },
        },
      ]);
    });

    it('rejects the owner as co-ministry', () => {
      expectDomainError(() => when(amendPlatform, amendCo(['BQP', 'BTC']), editorOf('BTC'), cuaKhauSo, MINISTRIES), 'rule', 'owner-as-co-ministry');
    });

    it('rejects a duplicate', () => {
      expectDomainError(() => when(amendPlatform, amendCo(['BCA', 'BCA']), editorOf('BTC'), cuaKhauSo, MINISTRIES), 'rule', 'duplicate-co-ministry');
    });

    it('rejects an unknown ministry', () => {
      expectDomainError(() => when(amendPlatform, amendCo(['BQP', 'BXYZ']), editorOf('BTC'), cuaKhauSo, MINISTRIES), 'rule', 'unknown-ministry');
    });

    it('rejects a ministry not yet registered on the date', () => {
      expectDomainError(() => when(amendPlatform, amendCo(['BQP', 'BDTTG']), editorOf('BTC'), cuaKhauSo, MINISTRIES), 'rule', 'ministry-not-yet-registered');
    });

    it('rejects a ministry that has ended by the date', () => {
      expectDomainError(() => when(amendPlatform, amendCo(['BQP', 'BKHDT'], '2025-03-01'), editorOf('BTC'), cuaKhauSo, MINISTRIES), 'rule', 'ministry-ended');
    });

    it('may drop a co-ministry', () => {
      const [event] = when(amendPlatform, amendCo([]), editorOf('BTC'), cuaKhauSo, MINISTRIES);
      expect(event.data).toEqual({ platformId: 'nen-tang-cua-khau-so', changes: { coMinistries: [] } });
    });
  });
});
