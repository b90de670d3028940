import { EDITABLE_FIELDS, EditableFields, normaliseFieldValue } from '@ndp/catalogue';
import { withEntryFields } from '../shared/field-validators';
import { badRequest } from '../http/problem';

/**
 * The editable fields of an entry, each optional: used by amendments and corrections. The
 * properties and their checks come from the field model (libs/catalogue platform.fields.ts).
 */
// The properties are declared at run time by withEntryFields (validation, OpenAPI); the interface gives them their types.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface PlatformChangesDto extends Partial<EditableFields> {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class PlatformChangesDto {}
withEntryFields(PlatformChangesDto, EDITABLE_FIELDS, 'change');

/** The fields the client actually sent (JSON has no undefined: absent means unchanged). */
export function changesFrom(dto: PlatformChangesDto): Partial<EditableFields> {
  const changes: Record<string, unknown> = {};
  for (const f of EDITABLE_FIELDS) if (dto[f] !== undefined) changes[f] = normaliseFieldValue(f, dto[f]);
  if (Object.keys(changes).length === 0)
    throw badRequest(`Send at least one field to change: ${EDITABLE_FIELDS.join(', ')}`, [{ field: 'body', message: 'no field to change' }]);
  return changes as Partial<EditableFields>;
}
