import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class ResolveCaseDto {
  @ApiProperty({ example: '更换3号扶梯驱动链 / replaced the drive chain of escalator 3' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  actionTaken!: string;

  @ApiProperty({ example: '已电话告知顾客维修完成 / told the customer by phone' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  customerToldWhat!: string;

  @ApiPropertyOptional({ description: 'Staff id of the handler resolving it' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  resolvedBy?: string;
}
