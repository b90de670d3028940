import { completeFields, EDITABLE_FIELDS, EntryFields, normaliseFieldValue } from '@ndp/catalogue';
import type { LegalBasis, RegisterPlatform } from '@ndp/catalogue';
import { DateField, LegalBasisField, ReasonField, withEntryFields } from '../../shared/field-validators';

/** A registration: every entry field as the field model defines it, and when and why. */
// The properties are declared at run time by withEntryFields (validation, OpenAPI); the interface gives them their types.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface RegisterPlatformDto extends Partial<EntryFields> {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class RegisterPlatformDto {
  @DateField() effectiveDate: string;
  @LegalBasisField(false) legalBasis?: LegalBasis;
  @ReasonField(false) reason?: string;
}
withEntryFields(RegisterPlatformDto, ['code', 'ownerMinistry', ...EDITABLE_FIELDS], 'register');

/** The registration command from a validated body; the id is chosen once, so a retry keeps it. */
export function registrationFrom(dto: RegisterPlatformDto, platformId: string): RegisterPlatform {
  const given: Record<string, unknown> = {};
  for (const f of EDITABLE_FIELDS) if (dto[f] !== undefined) given[f] = normaliseFieldValue(f, dto[f]);
  return {
    platformId,
    code: dto.code ?? null,
    ownerMinistry: dto.ownerMinistry!,
    ...completeFields(given),
    effectiveDate: dto.effectiveDate,
  };
}
