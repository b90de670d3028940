import { EditableFields } from '@ndp/catalogue';
import {
  CoMinistriesField,
  ContactDto,
  ContactField,
  DeploymentStatusField,
  IfPresent,
  KindField,
  NameField,
  NdxpStatusField,
  plainContact,
  TextField,
  UrlField,
} from '../shared/field-validators';
import { badRequest } from '../http/problem';

/**
 * The editable fields of an entry, each optional: used by amendments and corrections. Fields
 * that cannot be empty refuse null; the others accept null to clear them.
 */
export class PlatformChangesDto {
  @IfPresent() @NameField() name?: string;
  @IfPresent() @KindField() kind?: EditableFields['kind'];
  @IfPresent() @CoMinistriesField() coMinistries?: string[];
  @TextField(5000) description?: string | null;
  @TextField(500) operator?: string | null;
  @ContactField() contact?: ContactDto | null;
  @UrlField() url?: string | null;
  @IfPresent() @DeploymentStatusField() deploymentStatus?: EditableFields['deploymentStatus'];
  @IfPresent() @NdxpStatusField() ndxpStatus?: EditableFields['ndxpStatus'];
}

const EDITABLE: Array<keyof PlatformChangesDto> = ['name', 'kind', 'coMinistries', 'description', 'operator', 'contact', 'url', 'deploymentStatus', 'ndxpStatus'];

/** The fields the client actually sent (JSON has no undefined: absent means unchanged). */
export function changesFrom(dto: PlatformChangesDto): Partial<EditableFields> {
  const changes: Record<string, unknown> = {};
  for (const f of EDITABLE) {
    if (dto[f] === undefined) continue;
    changes[f] = f === 'contact' ? plainContact(dto.contact) : f === 'name' ? dto.name!.trim() : dto[f];
  }
  if (Object.keys(changes).length === 0)
    throw badRequest(`Send at least one field to change: ${EDITABLE.join(', ')}`, [{ field: 'body', message: 'no field to change' }]);
  return changes as Partial<EditableFields>;
}
