import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
import { DEPLOYMENT_STATUSES, NDXP_STATUSES, PLATFORM_KINDS } from '@ndp/catalogue';
import { IsCalendarDate, IsNotBlank, MINISTRY_CODE } from '../http/validation';

/** Field absent → skip; present (null included) → validate. For fields that cannot be cleared. */
export const IfPresent = () => ValidateIf((_, v) => v !== undefined);
/** Field absent or null → skip. For fields that may be cleared with null. */
export const Nullable = () => ValidateIf((_, v) => v !== undefined && v !== null);

export const NAME_MAX = 300;

export const NameField = () =>
  applyDecorators(IsString(), IsNotBlank(), Length(1, NAME_MAX), ApiProperty({ example: 'Cổng công khai ngân sách nhà nước', maxLength: NAME_MAX }));
export const KindField = () => applyDecorators(IsIn(PLATFORM_KINDS), ApiProperty({ enum: PLATFORM_KINDS }));
export const DeploymentStatusField = () => applyDecorators(IsIn(DEPLOYMENT_STATUSES), ApiProperty({ enum: DEPLOYMENT_STATUSES }));
export const NdxpStatusField = () => applyDecorators(IsIn(NDXP_STATUSES), ApiPropertyOptional({ enum: NDXP_STATUSES }));
export const MinistryCodeField = (description = 'Ministry code, e.g. BTC') =>
  applyDecorators(IsString(), Matches(MINISTRY_CODE, { message: '$property must be a ministry code such as BTC' }), ApiProperty({ description, example: 'BTC' }));
export const CoMinistriesField = () =>
  applyDecorators(
    IsArray(),
    ArrayMaxSize(30),
    Matches(MINISTRY_CODE, { each: true, message: 'each of coMinistries must be a ministry code such as BQP' }),
    ApiPropertyOptional({ type: [String], example: ['BQP'] }),
  );
export const TextField = (max: number) =>
  applyDecorators(Nullable(), IsString(), MaxLength(max), ApiPropertyOptional({ maxLength: max, nullable: true }));
export const UrlField = () =>
  applyDecorators(
    Nullable(),
    IsString(),
    MaxLength(2000),
    IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'url must be an http(s) URL' }),
    ApiPropertyOptional({ nullable: true, example: 'https://congkhaingansach.vn' }),
  );
export const DateField = (example = '2024-07-03') => applyDecorators(IsCalendarDate(), ApiProperty({ format: 'date', example }));
export const ReasonField = (required: boolean) =>
  required
    ? applyDecorators(IsString(), IsNotBlank(), MaxLength(2000), ApiProperty({ maxLength: 2000 }))
    : applyDecorators(IsOptional(), IsString(), MaxLength(2000), ApiPropertyOptional({ maxLength: 2000 }));

export class ContactDto {
  @Nullable() @IsString() @MaxLength(200) @ApiPropertyOptional({ nullable: true })
  name?: string | null;

  @Nullable() @IsEmail({}, { message: 'contact.email must be an e-mail address' }) @MaxLength(200) @ApiPropertyOptional({ nullable: true })
  email?: string | null;

  @Nullable() @Matches(/^\+?[0-9 ().-]{6,30}$/, { message: 'contact.phone must be a phone number' }) @ApiPropertyOptional({ nullable: true })
  phone?: string | null;
}

export const ContactField = () =>
  applyDecorators(Nullable(), IsObject(), ValidateNested(), Type(() => ContactDto), ApiPropertyOptional({ type: ContactDto, nullable: true }));

export class LegalBasisDto {
  @IsString() @IsNotBlank() @MaxLength(100) @ApiProperty({ example: '2765/BTTTT-CĐSQG' })
  documentNumber: string;

  @DateField('2024-07-15')
  issuedOn: string;

  @IsOptional() @IsString() @MaxLength(300) @ApiPropertyOptional({ example: 'Bộ Thông tin và Truyền thông' })
  issuer?: string;

  @IsOptional() @IsString() @MaxLength(200) @ApiPropertyOptional({ example: 'Phạm Đức Long' })
  signer?: string;

  @IsOptional() @IsString() @MaxLength(500) @ApiPropertyOptional()
  title?: string;
}

export const LegalBasisField = (required: boolean) =>
  required
    ? applyDecorators(IsDefined({ message: 'legalBasis is required for this change' }), IsObject(), ValidateNested(), Type(() => LegalBasisDto), ApiProperty({ type: LegalBasisDto }))
    : applyDecorators(IsOptional(), IsObject(), ValidateNested(), Type(() => LegalBasisDto), ApiPropertyOptional({ type: LegalBasisDto }));

/** Optional object fields arrive as class instances; the domain wants plain data. */
export function plainContact(c: ContactDto | null | undefined): { name: string | null; email: string | null; phone: string | null } | null {
  return c ? { name: c.name ?? null, email: c.email ?? null, phone: c.phone ?? null } : null;
}
