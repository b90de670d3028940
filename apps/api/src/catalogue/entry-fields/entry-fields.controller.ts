import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ENTRY_FIELDS, FieldDef, PLATFORM_FIELDS } from '@ndp/catalogue';
import { CachedRead } from '../../http/cached-read.interceptor';

/** One field of the model as clients read it (the viewer builds its labels and forms from these). */
function describe(name: string, def: FieldDef) {
  return {
    name,
    type: def.type,
    label: def.label,
    required: def.required,
    nullable: def.nullable,
    editable: def.editable,
    default: def.default,
    csv: def.csv ?? [name],
    ...(def.type === 'text' ? { max: def.max, multiline: def.multiline ?? false } : {}),
    ...(def.type === 'url' || def.type === 'code' ? { max: def.max } : {}),
    ...(def.type === 'code' ? { pattern: def.pattern.source } : {}),
    ...(def.type === 'ministry-codes' ? { maxItems: def.maxItems } : {}),
    ...(def.type === 'enum' ? { values: def.values.map((value) => ({ value, label: def.labels[value] })) } : {}),
    ...(def.example !== undefined ? { example: def.example } : {}),
  };
}

@ApiTags('catalogue')
@Controller('v1/fields')
export class EntryFieldsController {
  @Get()
  @CachedRead()
  @ApiOperation({
    summary: 'The fields of a catalogue entry: type, labels in Vietnamese and English, limits, whether editable, CSV columns',
    description: 'The one definition the API validates against, the exports use, and the viewer builds its labels and forms from.',
  })
  fields() {
    return { fields: ENTRY_FIELDS.map((name) => describe(name, PLATFORM_FIELDS[name])) };
  }
}
