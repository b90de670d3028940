import type { LegalBasis } from '@ndp/catalogue';
import { DateField, LegalBasisField, ReasonField } from '../shared/field-validators';

/** Withdrawal and reinstatement: a date, a reason and the legal document behind it, all required. */
export class StatusChangeDto {
  @DateField() effectiveDate: string;
  @ReasonField(true) reason: string;
  @LegalBasisField(true) legalBasis: LegalBasis;
}
