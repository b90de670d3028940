import type { LegalBasis } from '@ndp/catalogue';
import { DateField, LegalBasisField, ReasonField } from '../../shared/field-validators';
import { PlatformChangesDto } from '../platform-changes.dto';

export class CorrectPlatformDto extends PlatformChangesDto {
  /** The date from which the corrected values hold. */
  @DateField('2024-05-01') effectiveFrom: string;
  @ReasonField(true) reason: string;
  @LegalBasisField(true) legalBasis: LegalBasis;
}
