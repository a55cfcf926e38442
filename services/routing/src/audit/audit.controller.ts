import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { AuditTrail, CurrentIdentity, IdentityException, PageQuery, Roles, type Identity } from '@mallcare/platform';
import { PERMISSIONS } from '@mallcare/policy';
import { IsISO8601, IsOptional, Matches } from 'class-validator';

const TOKEN = /^[A-Za-z0-9._:@-]{1,128}$/;

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Who: a staff id (for failed sign-ins, the id that was tried)' })
  @IsOptional()
  @Matches(TOKEN, { message: 'actorId must be a staff id' })
  actorId?: string;

  @ApiPropertyOptional({ example: 'personal-data.read', description: 'personal-data.read|looked-up|erased, policy.changed, staff.changed, staff.password-set, sign-in.succeeded|failed|locked|demo-token' })
  @IsOptional()
  @Matches(/^[a-z-]+(\.[a-z-]+)*$/, { message: 'action must be like personal-data.read' })
  action?: string;

  @ApiPropertyOptional({ description: 'What: a case id, a person’s subject id, a staff id' })
  @IsOptional()
  @Matches(TOKEN, { message: 'subject must be an id' })
  subject?: string;

  @ApiPropertyOptional({ example: 'SH01' })
  @IsOptional()
  @Matches(/^[A-Z0-9]{2,8}$/, { message: 'mallId must be a mall code' })
  mallId?: string;

  @ApiPropertyOptional({ description: 'From this instant (ISO, inclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Before this instant (ISO, exclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

class AuditRecordResponse {
  @ApiProperty() id!: string;
  @ApiProperty() at!: string;
  @ApiProperty() service!: string;
  @ApiProperty() actorId!: string;
  @ApiProperty({ type: [String] }) actorRoles!: string[];
  @ApiProperty() action!: string;
  @ApiProperty({ enum: ['success', 'failure'] }) outcome!: string;
  @ApiProperty({ nullable: true, type: String }) subject!: string | null;
  @ApiProperty({ nullable: true, type: String }) mallId!: string | null;
  @ApiProperty({ nullable: true, type: String }) clientAddress!: string | null;
}

/** HQ's view of the audit trail: who read or erased personal data, changed the policy or staff, signed in. */
@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly trail: AuditTrail) {}

  @Get()
  @Roles(...PERMISSIONS['audit.read'])
  @ApiOperation({ summary: 'The audit trail, newest first, filtered by who, what, which mall and when (HQ only)' })
  list(@CurrentIdentity() identity: Identity, @Query() query: AuditQuery) {
    if (identity.mallId !== null) throw new IdentityException('IDENTITY_OTHER_MALL', 'the audit trail is for HQ staff');
    const { limit = 50, offset = 0, ...filter } = query;
    return this.trail.list({ ...filter, limit, offset }) as Promise<{ items: AuditRecordResponse[]; total: number; limit: number; offset: number }>;
  }
}
