import { IsOptional, IsString, Matches } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import type { EditableFields, LegalBasis, RegisterPlatform } from '@ndp/catalogue';
import {
  CoMinistriesField,
  ContactDto,
  ContactField,
  DateField,
  DeploymentStatusField,
  IfPresent,
  KindField,
  LegalBasisField,
  MinistryCodeField,
  NameField,
  NdxpStatusField,
  plainContact,
  ReasonField,
  TextField,
  UrlField,
} from '../../shared/field-validators';

export class RegisterPlatformDto {
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { message: 'code must be 1–64 letters, digits, dots, dashes or underscores' })
  @ApiPropertyOptional({ description: 'A short code unique in the catalogue', example: 'BTC-CKNS' })
  code?: string;

  @NameField() name: string;
  @KindField() kind: EditableFields['kind'];
  @MinistryCodeField('The owning ministry (cơ quan chủ quản)') ownerMinistry: string;
  @IfPresent() @CoMinistriesField() coMinistries?: string[];
  @TextField(5000) description?: string | null;
  @TextField(500) operator?: string | null;
  @ContactField() contact?: ContactDto | null;
  @UrlField() url?: string | null;
  @DeploymentStatusField() deploymentStatus: EditableFields['deploymentStatus'];
  @IfPresent() @NdxpStatusField() ndxpStatus?: EditableFields['ndxpStatus'];
  @DateField() effectiveDate: string;
  @LegalBasisField(false) legalBasis?: LegalBasis;
  @ReasonField(false) reason?: string;
}

/** The registration command from a validated body; the id is chosen once, so a retry keeps it. */
export function registrationFrom(dto: RegisterPlatformDto, platformId: string): RegisterPlatform {
  return {
    platformId,
    code: dto.code ?? null,
    name: dto.name.trim(),
    kind: dto.kind,
    ownerMinistry: dto.ownerMinistry,
    coMinistries: dto.coMinistries ?? [],
    description: dto.description ?? null,
    operator: dto.operator ?? null,
    contact: plainContact(dto.contact),
    url: dto.url ?? null,
    deploymentStatus: dto.deploymentStatus,
    ndxpStatus: dto.ndxpStatus ?? 'not-connected',
    effectiveDate: dto.effectiveDate,
  };
}
