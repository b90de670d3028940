import type { LegalBasis } from '@ndp/catalogue';
import { DateField, LegalBasisField, ReasonField } from '../../shared/field-validators';
import { PlatformChangesDto } from '../platform-changes.dto';

export class AmendPlatformDto extends PlatformChangesDto {
  @DateField() effectiveDate: string;
  @LegalBasisField(false) legalBasis?: LegalBasis;
  @ReasonField(false) reason?: string;
}
