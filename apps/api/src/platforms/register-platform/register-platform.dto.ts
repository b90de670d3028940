import { IsOptional, IsString, Matches } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import type { EditableFields, LegalBasis } from '@ndp/catalogue';
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
