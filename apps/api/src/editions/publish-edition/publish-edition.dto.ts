import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { IsNotBlank } from '../../http/validation';
import { DateField } from '../../shared/field-validators';

export class PublishEditionDto {
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  @ApiProperty({ example: '2765/BTTTT-CĐSQG' })
  documentNumber: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  @ApiPropertyOptional({ example: 'Danh mục nền tảng triển khai toàn quốc' })
  title?: string;

  @DateField('2024-07-15') issuedOn: string;

  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  @ApiProperty({ example: 'Phạm Đức Long' })
  signer: string;

  /** The valid-time date the edition describes (cập nhật đến ngày). */
  @DateField('2024-07-03') cutoffDate: string;
}
