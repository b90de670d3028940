import type { LegalBasis } from '@ndp/catalogue';
import { DateField, LegalBasisField, MinistryCodeField, ReasonField } from '../../shared/field-validators';

export class TransferPlatformDto {
  @MinistryCodeField('The ministry that takes the entry over') toMinistry: string;
  @DateField() effectiveDate: string;
  @LegalBasisField(true) legalBasis: LegalBasis;
  @ReasonField(false) reason?: string;
}
