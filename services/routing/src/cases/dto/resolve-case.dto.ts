import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { FreeText } from '@mallcare/platform';

/** For an invalid or non-responsible case, `customerToldWhat` is the explanation the customer was given (DOMAIN §4). */
export class ResolveCaseDto {
  @ApiProperty({ example: '更换3号扶梯驱动链 / replaced the drive chain of escalator 3' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  @FreeText()
  actionTaken!: string;

  @ApiProperty({ example: '已电话告知顾客维修完成 / told the customer by phone' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  @FreeText()
  customerToldWhat!: string;

  /** Kept so clients of the thin flow are not rejected; who resolved is the caller's verified identity. */
  @ApiPropertyOptional({ deprecated: true, description: 'Ignored: the resolver is the caller (token identity)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  resolvedBy?: string;
}
