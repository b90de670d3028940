import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { LegalBasis } from '@ndp/catalogue';
import { IsCalendarDate } from '../../http/validation';
import { LegalBasisField, ReasonField } from '../../shared/field-validators';

export class ImportCatalogueDto {
  @IsIn(['csv', 'json'])
  @ApiProperty({ enum: ['csv', 'json'] })
  format: 'csv' | 'json';

  /** The file's text (UTF-8). Its size is bounded by the service's BODY_LIMIT (256 kB by default). */
  @IsString()
  @ApiProperty({ description: 'The whole file as text (UTF-8), in the format of docs/import-export.md' })
  content: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[^\\/\r\n]+$/, { message: 'fileName must be a plain file name' })
  @ApiPropertyOptional({ example: 'danh-muc.csv', description: 'Shown in the reason recorded with each change' })
  fileName?: string;

  @IsOptional()
  @IsBoolean()
  @ApiPropertyOptional({ default: false, description: 'true: only list what would change; record nothing' })
  dryRun?: boolean;

  @IsOptional()
  @IsCalendarDate()
  @ApiPropertyOptional({
    format: 'date',
    description: 'Effective date of amendments and transfers, and of registrations whose row has no registeredOn; default today in Vietnam',
  })
  effectiveDate?: string;

  @LegalBasisField(false) legalBasis?: LegalBasis;
  @ReasonField(false) reason?: string;
}
