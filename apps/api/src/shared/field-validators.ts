import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsObject,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CONTACT_LIMITS, EntryField, FieldDef, MINISTRY_CODE_PATTERN, PLATFORM_FIELDS } from '@ndp/catalogue';
import { IsCalendarDate, IsNotBlank, MINISTRY_CODE } from '../http/validation';

/** Field absent → skip; present (null included) → validate. For fields that cannot be cleared. */
export const IfPresent = () => ValidateIf((_, v) => v !== undefined);
/** Field absent or null → skip. For fields that may be cleared with null. */
export const Nullable = () => ValidateIf((_, v) => v !== undefined && v !== null);

/** A ministry's name, like an entry's (same limits). */
export const NameField = () =>
  applyDecorators(IsString(), IsNotBlank(), Length(1, PLATFORM_FIELDS.name.max), ApiProperty({ example: 'Bộ Tài chính', maxLength: PLATFORM_FIELDS.name.max }));
export const MinistryCodeField = (description = 'Ministry code, e.g. BTC') =>
  applyDecorators(
    IsString(),
    Matches(MINISTRY_CODE, { message: '$property must be a ministry code such as BTC' }),
    ApiProperty({ description, example: 'BTC' }),
  );
export const DateField = (example = '2024-07-03') => applyDecorators(IsCalendarDate(), ApiProperty({ format: 'date', example }));
export const ReasonField = (required: boolean) =>
  required
    ? applyDecorators(IsString(), IsNotBlank(), MaxLength(2000), ApiProperty({ maxLength: 2000 }))
    : applyDecorators(IsOptional(), IsString(), MaxLength(2000), ApiPropertyOptional({ maxLength: 2000 }));

export class ContactDto {
  @Nullable()
  @IsString()
  @MaxLength(CONTACT_LIMITS.name)
  @ApiPropertyOptional({ nullable: true })
  name?: string | null;

  @Nullable()
  @IsEmail({}, { message: 'contact.email must be an e-mail address' })
  @MaxLength(CONTACT_LIMITS.email)
  @ApiPropertyOptional({ nullable: true })
  email?: string | null;

  @Nullable()
  @Matches(CONTACT_LIMITS.phone, { message: 'contact.phone must be a phone number' })
  @ApiPropertyOptional({ nullable: true })
  phone?: string | null;
}

export class LegalBasisDto {
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  @ApiProperty({ example: '2765/BTTTT-CĐSQG' })
  documentNumber: string;

  @DateField('2024-07-15')
  issuedOn: string;

  @IsOptional()
  @IsString()
  @MaxLength(300)
  @ApiPropertyOptional({ example: 'Bộ Thông tin và Truyền thông' })
  issuer?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  @ApiPropertyOptional({ example: 'Phạm Đức Long' })
  signer?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  @ApiPropertyOptional()
  title?: string;
}

export const LegalBasisField = (required: boolean) =>
  required
    ? applyDecorators(
        IsDefined({ message: 'legalBasis is required for this change' }),
        IsObject(),
        ValidateNested(),
        Type(() => LegalBasisDto),
        ApiProperty({ type: LegalBasisDto }),
      )
    : applyDecorators(
        IsOptional(),
        IsObject(),
        ValidateNested(),
        Type(() => LegalBasisDto),
        ApiPropertyOptional({ type: LegalBasisDto }),
      );

/** The checks of one entry field's value, from its definition in the field model. */
function valueChecks(name: string, def: FieldDef): PropertyDecorator[] {
  switch (def.type) {
    case 'text':
      return [IsString(), ...(def.required ? [IsNotBlank()] : []), MaxLength(def.max)];
    case 'url':
      return [IsString(), MaxLength(def.max), IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: `${name} must be an http(s) URL` })];
    case 'enum':
      return [IsIn(def.values)];
    case 'code':
      return [IsString(), Matches(def.pattern, { message: `${name} must be 1–${def.max} letters, digits, dots, dashes or underscores` })];
    case 'ministry-code':
      return [IsString(), Matches(MINISTRY_CODE_PATTERN, { message: `${name} must be a ministry code such as BTC` })];
    case 'ministry-codes':
      return [
        IsArray(),
        ArrayMaxSize(def.maxItems),
        Matches(MINISTRY_CODE_PATTERN, { each: true, message: `each of ${name} must be a ministry code such as BQP` }),
      ];
    case 'contact':
      return [IsObject(), ValidateNested(), Type(() => ContactDto)];
  }
}

function documentation(def: FieldDef, required: boolean) {
  // No TypeScript declaration stands behind these properties, so Swagger needs the type spelled out.
  const options: ApiPropertyOptions = {
    type: String,
    description: def.label.en,
    nullable: def.nullable || undefined,
    example: def.example,
    ...(def.type === 'enum' ? { enum: [...def.values] } : {}),
    ...(def.type === 'text' || def.type === 'url' ? { maxLength: def.max } : {}),
    ...(def.type === 'ministry-codes' ? { type: [String] } : {}),
    ...(def.type === 'contact' ? { type: ContactDto } : {}),
  };
  return required ? ApiProperty(options) : ApiPropertyOptional(options);
}

/**
 * The decorators of an entry field in a request body, derived from the field model: on
 * registration a required field must be there; on a change every field is optional and the
 * nullable ones may be cleared with null.
 */
export function entryFieldDecorators(field: EntryField, mode: 'register' | 'change'): PropertyDecorator {
  const def: FieldDef = PLATFORM_FIELDS[field];
  const required = mode === 'register' && def.required;
  const presence = required ? [] : def.nullable ? [Nullable()] : [IfPresent()];
  return applyDecorators(...presence, ...valueChecks(field, def), documentation(def, required));
}

/** Declares the given entry fields on a DTO class (validation and OpenAPI), as if written out one by one. */
export function withEntryFields(target: abstract new () => object, fields: readonly EntryField[], mode: 'register' | 'change'): void {
  for (const field of fields) entryFieldDecorators(field, mode)(target.prototype, field);
}
