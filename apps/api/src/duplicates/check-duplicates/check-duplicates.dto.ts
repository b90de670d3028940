import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsCalendarDate } from '../../http/validation';
import { entryFieldDecorators } from '../../shared/field-validators';

export const DUPLICATES_MAX_LIMIT = 50;

export class CheckDuplicatesDto {
  /** The proposed system's name, e.g. "Phần mềm quản lý hóa đơn điện tử của tỉnh". */
  @entryFieldDecorators('name', 'register') name: string;
  /** What it does, in a few sentences: the more it says, the better the comparison. */
  @entryFieldDecorators('description', 'change') description?: string | null;

  @IsOptional()
  @IsCalendarDate()
  @ApiPropertyOptional({ format: 'date', description: 'Compare with the catalogue in force on this date; default today in Vietnam' })
  asOf?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(DUPLICATES_MAX_LIMIT)
  @ApiPropertyOptional({ minimum: 1, maximum: DUPLICATES_MAX_LIMIT, default: 5 })
  limit?: number;
}
