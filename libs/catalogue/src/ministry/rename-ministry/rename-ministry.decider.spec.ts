import { decideRenameMinistry } from './rename-ministry.decider';
import { auditor, editorOf, expectDomainError, given, micAdmin, ministryMerged, ministryRegistered, ministryRenamed } from '../../testing/decider-spec';

const MIC = 'Bộ Thông tin và Truyền thông';
const bttt = given([ministryRegistered('BTTTT', MIC, '2007-08-01')]);
const rename = (name: string, effectiveDate: string) => ({ code: 'BTTTT', name, effectiveDate });

describe('rename ministry', () => {
  it('records the new name with the name in force before it', () => {
    expect(decideRenameMinistry(rename('Bộ Thông tin và Truyền thông (Việt Nam)', '2024-09-01'), micAdmin, bttt)).toEqual([
      {
        type: 'ministry.renamed',
        streamId: 'ministry-BTTTT',
        effectiveDate: '2024-09-01',
        data: { code: 'BTTTT', name: 'Bộ Thông tin và Truyền thông (Việt Nam)', previousName: MIC },
      },
    ]);
  });

  it('takes previousName from the latest rename', () => {
    const stream = given([ministryRegistered('BTTTT', MIC, '2007-08-01'), ministryRenamed('BTTTT', 'Bộ TT&TT', MIC, '2024-01-01')]);
    const [event] = decideRenameMinistry(rename(MIC, '2024-09-01'), micAdmin, stream);
    expect(event.data).toEqual({ code: 'BTTTT', name: MIC, previousName: 'Bộ TT&TT' });
  });

  it('forbids a ministry editor, even of that ministry', () => {
    expectDomainError(() => decideRenameMinistry(rename('Bộ TT&TT', '2024-09-01'), editorOf('BTTTT'), bttt), 'forbidden', 'mic-admin-only');
  });

  it('forbids an auditor', () => {
    expectDomainError(() => decideRenameMinistry(rename('Bộ TT&TT', '2024-09-01'), auditor, bttt), 'forbidden', 'mic-admin-only');
  });

  it('rejects an unknown ministry', () => {
    expectDomainError(() => decideRenameMinistry(rename('Bộ TT&TT', '2024-09-01'), micAdmin, given()), 'not-found', 'unknown-ministry');
  });

  it('rejects a date before the ministry was registered', () => {
    const error = expectDomainError(() => decideRenameMinistry(rename('Bộ TT&TT', '2007-07-31'), micAdmin, bttt), 'rule', 'before-ministry-existed');
    expect(error.field).toBe('effectiveDate');
  });

  it('rejects renaming a ministry that has merged away', () => {
    const stream = given([ministryRegistered('BTTTT', MIC, '2007-08-01'), ministryMerged('BTTTT', 'BKHCN', '2025-03-01')]);
    expectDomainError(() => decideRenameMinistry(rename('Bộ TT&TT', '2025-03-01'), micAdmin, stream), 'rule', 'ministry-ended');
  });

  it('rejects a date before the latest change', () => {
    const stream = given([ministryRegistered('BTTTT', MIC, '2007-08-01'), ministryRenamed('BTTTT', 'Bộ TT&TT', MIC, '2024-09-01')]);
    const error = expectDomainError(() => decideRenameMinistry(rename(MIC, '2024-08-31'), micAdmin, stream), 'rule', 'effective-date-before-latest-change');
    expect(error.field).toBe('effectiveDate');
  });

  it('rejects the name it already has', () => {
    const error = expectDomainError(() => decideRenameMinistry(rename(MIC, '2024-09-01'), micAdmin, bttt), 'rule', 'no-changes');
    expect(error.field).toBe('name');
  });
});
