import { ApiPropertyOptional, IntersectionType, OmitType, PartialType, PickType } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { documentFromValidation, PageQuery } from '@mallcare/platform';
import { ClockPolicy, GroupPolicy, GroupTargets, MallCalendar, MallPolicy, MallSettings, RoutingTables, StaffMember } from '@mallcare/policy';

// The admin API's bodies are parts of the policy document, checked and documented as the document is.
documentFromValidation(GroupPolicy);

/** Every change may name from when it applies; without it, at once. */
export class PolicyChangeDto {
  @ApiPropertyOptional({ description: 'From when the new version applies (ISO instant, not in the past); default now', example: '2026-12-01T00:00:00+08:00' })
  @IsOptional()
  @IsISO8601({ strict: true })
  effectiveFrom?: string;
}

/** PUT /admin/malls/:mallId/routing — a table left out (or null) follows the group's table. */
export class MallRoutingDto extends IntersectionType(PartialType(RoutingTables), PolicyChangeDto) {}

/** PUT /admin/routing — the group's own tables. */
export class GroupRoutingDto extends IntersectionType(RoutingTables, PolicyChangeDto) {}

/** PUT /admin/malls/:mallId/departments — the mall's departments with managers and duty rosters. */
export class MallDepartmentsDto extends IntersectionType(PickType(MallPolicy, ['departments'] as const), PolicyChangeDto) {}

/** PUT /admin/malls/:mallId — add a mall (group admin) or change its name, city, time zone and channels. */
export class MallProfileDto extends IntersectionType(PickType(MallPolicy, ['name', 'nameEn', 'city', 'timeZone', 'enabledChannels'] as const), PolicyChangeDto) {}

/** PUT /admin/malls/:mallId/calendar — the mall's own dates on top of the national schedule (working-day clocks follow them). */
export class MallCalendarDto extends IntersectionType(MallCalendar, PolicyChangeDto) {}

/** PATCH settings: only the blocks sent change; for a mall, null makes a block follow the group again. */
export class SettingsDto extends IntersectionType(MallSettings, PolicyChangeDto) {}

/** PUT /admin/staff/:staffId — add or change a staff member (deactivate instead of deleting: the log names them). */
export class StaffMemberDto extends IntersectionType(OmitType(StaffMember, ['id'] as const), PolicyChangeDto) {}

/** A clock's timing (DOMAIN §6): `PATCH /admin/clocks/:kind`, group admins only. */
export class ClockChangeDto extends IntersectionType(PickType(ClockPolicy, ['target', 'warnAtPercent', 'escalateEvery'] as const), PolicyChangeDto) {}

/** The group-wide targets analytics checks (docs/domain.md §6): `PATCH /admin/targets`, group admins only; left out = as it was. */
export class GroupTargetsDto extends IntersectionType(PartialType(GroupTargets), PolicyChangeDto) {}

export class PolicyAtQueryDto {
  @ApiPropertyOptional({ description: 'The version in force at this instant (ISO); default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;
}

/** Paging only, for now. */
export class PolicyVersionsQueryDto extends PageQuery {}
