import { decidePublishEdition, PublishEdition } from './publish-edition.decider';
import { slugify } from '../../shared/text';
import { auditor, editorOf, expectDomainError, given, micAdmin } from '../../testing/decider-spec';

/** Dispatch 2765/BTTTT-CĐSQG of 15/7/2024: the catalogue updated to 3/7/2024. */
const publish2765: PublishEdition = {
  editionId: slugify('2765/BTTTT-CĐSQG'),
  documentNumber: '2765/BTTTT-CĐSQG',
  title: 'Danh mục nền tảng, hệ thống thông tin triển khai trên toàn quốc đến địa phương',
  issuedOn: '2024-07-15',
  signer: 'Phạm Đức Long',
  cutoffDate: '2024-07-03',
  logPosition: 412,
};

describe('publish edition', () => {
  it('freezes the cut-off date and the log position, effective on the issue date', () => {
    expect(decidePublishEdition(publish2765, micAdmin, given())).toEqual([
      {
        type: 'edition.published',
        streamId: 'edition-2765-BTTTT-CDSQG',
        effectiveDate: '2024-07-15',
        data: {
          editionId: '2765-BTTTT-CDSQG',
          documentNumber: '2765/BTTTT-CĐSQG',
          title: 'Danh mục nền tảng, hệ thống thông tin triển khai trên toàn quốc đến địa phương',
          issuedOn: '2024-07-15',
          signer: 'Phạm Đức Long',
          cutoffDate: '2024-07-03',
          logPosition: 412,
        },
      },
    ]);
  });

  it("records the hash chain's head at its log position, so that the edition is itself a published head", () => {
    const head = { position: 412, hash: 'ab'.repeat(32) };
    const [event] = decidePublishEdition({ ...publish2765, head }, micAdmin, given());
    expect(event.data).toMatchObject({ logPosition: 412, head });
    expect(() => decidePublishEdition({ ...publish2765, head: { ...head, position: 411 } }, micAdmin, given())).toThrow();
  });

  it('accepts a cut-off on the issue date itself', () => {
    const [event] = decidePublishEdition({ ...publish2765, cutoffDate: '2024-07-15' }, micAdmin, given());
    expect(event.data).toMatchObject({ cutoffDate: '2024-07-15', issuedOn: '2024-07-15' });
  });

  it('forbids a ministry editor', () => {
    expectDomainError(() => decidePublishEdition(publish2765, editorOf('BTC'), given()), 'forbidden', 'mic-admin-only');
  });

  it('forbids an auditor', () => {
    expectDomainError(() => decidePublishEdition(publish2765, auditor, given()), 'forbidden', 'mic-admin-only');
  });

  it('refuses to publish the same edition twice', () => {
    const [published] = decidePublishEdition(publish2765, micAdmin, given());
    expectDomainError(() => decidePublishEdition(publish2765, micAdmin, given([published])), 'conflict', 'edition-exists');
  });

  it('rejects a cut-off date after the issue date', () => {
    const error = expectDomainError(() => decidePublishEdition({ ...publish2765, cutoffDate: '2024-07-16' }, micAdmin, given()), 'rule', 'cutoff-after-issue');
    expect(error.field).toBe('cutoffDate');
  });
});
