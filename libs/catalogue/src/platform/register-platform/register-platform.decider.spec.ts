import { registerPlatform, RegisterPlatform } from './register-platform.decider';
import { auditor, CONG_NGAN_SACH, CUA_KHAU_SO, editorOf, expectDomainError, given, MINISTRIES, micAdmin, registered, when } from '../../testing/decider-spec';

const registerCongNganSach: RegisterPlatform = { ...CONG_NGAN_SACH, effectiveDate: '2024-05-01' };
const registerCuaKhauSo: RegisterPlatform = { ...CUA_KHAU_SO, effectiveDate: '2024-06-01' };

describe('register platform', () => {
  it('records the registration on the platform stream, effective from the given date', () => {
    expect(when(registerPlatform, registerCongNganSach, editorOf('BTC'), given(), MINISTRIES)).toEqual([
      {
        type: 'platform.registered',
        streamId: 'platform-cong-cong-khai-ngan-sach',
        effectiveDate: '2024-05-01',
        // Every field of the command, and nothing else (the effective date is the envelope's).
        data: { ...CONG_NGAN_SACH },
      },
    ]);
  });

  it('keeps the effective date out of the event data', () => {
    const [event] = when(registerPlatform, registerCongNganSach, editorOf('BTC'), given(), MINISTRIES);
    expect(event.data).not.toHaveProperty('effectiveDate');
  });

  it('lets Finance register the border-gate platform it leads with Defence as co-ministry', () => {
    const [event] = when(registerPlatform, registerCuaKhauSo, editorOf('BTC'), given(), MINISTRIES);
    expect(event).toMatchObject({
      type: 'platform.registered',
      streamId: 'platform-nen-tang-cua-khau-so',
      effectiveDate: '2024-06-01',
      data: { ownerMinistry: 'BTC', coMinistries: ['BQP'], deploymentStatus: 'pilot' },
    });
  });

  it('lets mic-admin register an entry for any ministry', () => {
    const [event] = when(registerPlatform, registerCongNganSach, micAdmin, given(), MINISTRIES);
    expect(event.data).toMatchObject({ ownerMinistry: 'BTC' });
  });

  describe('authorization', () => {
    it("forbids an editor of another ministry to register Finance's entries", () => {
      expectDomainError(() => when(registerPlatform, registerCongNganSach, editorOf('BQP'), given(), MINISTRIES), 'forbidden', 'not-owner');
    });

    it('forbids an auditor', () => {
      expectDomainError(() => when(registerPlatform, registerCongNganSach, auditor, given(), MINISTRIES), 'forbidden', 'role-not-allowed');
    });

    it('forbids a ministry-editor without a ministry', () => {
      const orphan = { ...editorOf('BTC'), ministry: null };
      expectDomainError(() => when(registerPlatform, registerCongNganSach, orphan, given(), MINISTRIES), 'forbidden', 'role-not-allowed');
    });
  });

  it('refuses a platform id that already has a stream', () => {
    const existing = given([registered(CONG_NGAN_SACH, '2024-05-01')]);
    expectDomainError(() => when(registerPlatform, registerCongNganSach, editorOf('BTC'), existing, MINISTRIES), 'conflict', 'platform-exists');
  });

  describe('owning ministry', () => {
    it('must be known to the catalogue', () => {
      const cmd = { ...registerCongNganSach, ownerMinistry: 'BXYZ' };
      const error = expectDomainError(() => when(registerPlatform, cmd, micAdmin, given(), MINISTRIES), 'rule', 'unknown-ministry');
      expect(error.field).toBe('ownerMinistry');
    });

    it('must be registered on the effective date', () => {
      const cmd = { ...registerCongNganSach, ownerMinistry: 'BDTTG', effectiveDate: '2025-02-28' };
      const error = expectDomainError(() => when(registerPlatform, cmd, micAdmin, given(), MINISTRIES), 'rule', 'ministry-not-yet-registered');
      expect(error.field).toBe('ownerMinistry');
    });

    it('is accepted from the day it is registered', () => {
      const cmd = { ...registerCongNganSach, ownerMinistry: 'BDTTG', effectiveDate: '2025-03-01' };
      expect(when(registerPlatform, cmd, micAdmin, given(), MINISTRIES)).toHaveLength(1);
    });

    it('must not have ended (merged) by the effective date', () => {
      const cmd = { ...registerCongNganSach, ownerMinistry: 'BKHDT', effectiveDate: '2025-03-01' };
      const error = expectDomainError(() => when(registerPlatform, cmd, editorOf('BKHDT'), given(), MINISTRIES), 'rule', 'ministry-ended');
      expect(error.field).toBe('ownerMinistry');
    });

    it('may register late for a merged ministry, on a date when it still existed', () => {
      const cmd = { ...registerCongNganSach, ownerMinistry: 'BKHDT', effectiveDate: '2025-02-28' };
      expect(when(registerPlatform, cmd, editorOf('BKHDT'), given(), MINISTRIES)[0].effectiveDate).toBe('2025-02-28');
    });
  });

  describe('co-ministries', () => {
    it('may not list a ministry twice', () => {
      const cmd = { ...registerCuaKhauSo, coMinistries: ['BQP', 'BQP'] };
      const error = expectDomainError(() => when(registerPlatform, cmd, editorOf('BTC'), given(), MINISTRIES), 'rule', 'duplicate-co-ministry');
      expect(error.field).toBe('coMinistries');
    });

    it('may not include the owner', () => {
      const cmd = { ...registerCuaKhauSo, coMinistries: ['BQP', 'BTC'] };
      const error = expectDomainError(() => when(registerPlatform, cmd, editorOf('BTC'), given(), MINISTRIES), 'rule', 'owner-as-co-ministry');
      expect(error.field).toBe('coMinistries');
    });

    it('must be known', () => {
      const cmd = { ...registerCuaKhauSo, coMinistries: ['BXYZ'] };
      const error = expectDomainError(() => when(registerPlatform, cmd, editorOf('BTC'), given(), MINISTRIES), 'rule', 'unknown-ministry');
      expect(error.field).toBe('coMinistries');
    });

    it('must be registered on the effective date', () => {
      const cmd = { ...registerCuaKhauSo, coMinistries: ['BDTTG'], effectiveDate: '2024-06-01' };
      expectDomainError(() => when(registerPlatform, cmd, editorOf('BTC'), given(), MINISTRIES), 'rule', 'ministry-not-yet-registered');
    });

    it('must not have ended by the effective date', () => {
      const cmd = { ...registerCuaKhauSo, coMinistries: ['BKHDT'], effectiveDate: '2025-03-01' };
      expectDomainError(() => when(registerPlatform, cmd, editorOf('BTC'), given(), MINISTRIES), 'rule', 'ministry-ended');
    });
  });
});
