import type { LegalBasis } from '@ndp/catalogue';
import { DateField, LegalBasisField, NameField, ReasonField } from '../../shared/field-validators';

export class RenameMinistryDto {
  @NameField() name: string;
  @DateField('2025-03-01') effectiveDate: string;
  @LegalBasisField(true) legalBasis: LegalBasis;
  @ReasonField(false) reason?: string;
}
