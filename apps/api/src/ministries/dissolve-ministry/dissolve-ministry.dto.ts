import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional } from 'class-validator';
import type { LegalBasis } from '@ndp/catalogue';
import { DateField, LegalBasisField, MinistryCodeField, ReasonField } from '../../shared/field-validators';
import { IsAssignments } from '../../http/validation';

export class DissolveMinistryDto {
  @DateField('2025-03-01') effectiveDate: string;
  @LegalBasisField(true) legalBasis: LegalBasis;
  @ReasonField(false) reason?: string;
  @MinistryCodeField('Takes every entry not assigned otherwise, and every co-ministry reference') defaultSuccessor: string;

  @IsOptional()
  @IsObject()
  @IsAssignments()
  @ApiPropertyOptional({ description: 'Entry id → the ministry that takes it over (its task’s new home)', example: { '3f0c…': 'BGDDT' } })
  assignments?: Record<string, string>;
}
