import type { LegalBasis } from '@ndp/catalogue';
import { DateField, LegalBasisField, MinistryCodeField, NameField, ReasonField } from '../../shared/field-validators';

export class RegisterMinistryDto {
  @MinistryCodeField() code: string;
  @NameField() name: string;
  @DateField() effectiveDate: string;
  @LegalBasisField(false) legalBasis?: LegalBasis;
  @ReasonField(false) reason?: string;
}
