import type { LegalBasis } from '@ndp/catalogue';
import { DateField, LegalBasisField, MinistryCodeField, ReasonField } from '../../shared/field-validators';

export class MergeMinistriesDto {
  @MinistryCodeField('The surviving ministry') into: string;
  @DateField('2025-03-01') effectiveDate: string;
  @LegalBasisField(true) legalBasis: LegalBasis;
  @ReasonField(false) reason?: string;
}
