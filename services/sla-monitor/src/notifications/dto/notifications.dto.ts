import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { PageQuery, QueryBoolean } from '@mallcare/platform';
import { NOTIFICATION_CHANNELS, NOTIFICATION_KINDS, type NotificationChannel, type NotificationKind } from '@mallcare/policy';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsMobilePhone, IsOptional, ValidateIf, ValidateNested } from 'class-validator';

export class InboxQueryDto extends PageQuery {
  @ApiPropertyOptional({ description: 'Only messages not yet read' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  unread?: boolean;
}

/** A person's e-mail and mobile (null clears one); stored encrypted, shown masked to anyone but them. */
export class StaffContactsDto {
  @ApiProperty({ nullable: true, example: 'zhang.wei@example.com' })
  @ValidateIf((_, value) => value !== null)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email!: string | null;

  @ApiProperty({ nullable: true, example: '13800138000' })
  @ValidateIf((_, value) => value !== null)
  @IsMobilePhone('zh-CN', {}, { message: 'mobile must be a mainland China mobile number' })
  mobile!: string | null;
}

export class OptOutDto {
  @ApiProperty({ enum: NOTIFICATION_KINDS })
  @IsIn(NOTIFICATION_KINDS)
  kind!: NotificationKind;

  @ApiProperty({ enum: NOTIFICATION_CHANNELS })
  @IsIn(NOTIFICATION_CHANNELS)
  channel!: NotificationChannel;
}

export class OptOutsDto {
  @ApiProperty({ type: [OptOutDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OptOutDto)
  optOuts!: OptOutDto[];
}

export class DeliveryListQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: ['pending', 'sent', 'failed'] })
  @IsOptional()
  @IsIn(['pending', 'sent', 'failed'])
  status?: 'pending' | 'sent' | 'failed';

  @ApiPropertyOptional({ enum: NOTIFICATION_CHANNELS })
  @IsOptional()
  @IsIn(NOTIFICATION_CHANNELS)
  channel?: NotificationChannel;
}
