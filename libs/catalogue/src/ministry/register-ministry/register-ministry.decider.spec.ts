import { decideRegisterMinistry } from './register-ministry.decider';
import { auditor, editorOf, expectDomainError, given, micAdmin, ministryRegistered } from '../../testing/decider-spec';

const registerBDTTG = { code: 'BDTTG', name: 'Bộ Dân tộc và Tôn giáo', effectiveDate: '2025-03-01' };

describe('register ministry', () => {
  it('records the ministry on its own stream, effective from the given date', () => {
    expect(decideRegisterMinistry(registerBDTTG, micAdmin, given())).toEqual([
      {
        type: 'ministry.registered',
        streamId: 'ministry-BDTTG',
        effectiveDate: '2025-03-01',
        data: { code: 'BDTTG', name: 'Bộ Dân tộc và Tôn giáo' },
      },
    ]);
  });

  it('forbids a ministry editor', () => {
    expectDomainError(() => decideRegisterMinistry(registerBDTTG, editorOf('BTC'), given()), 'forbidden', 'mic-admin-only');
  });

  it('forbids an auditor', () => {
    expectDomainError(() => decideRegisterMinistry(registerBDTTG, auditor, given()), 'forbidden', 'mic-admin-only');
  });

  it('refuses a code that is already registered', () => {
    const existing = given([ministryRegistered('BDTTG', 'Bộ Dân tộc và Tôn giáo', '2025-03-01')]);
    expectDomainError(() => decideRegisterMinistry(registerBDTTG, micAdmin, existing), 'conflict', 'ministry-exists');
  });
});
