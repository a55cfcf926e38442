import { Body, Controller, Get, Param, Patch, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audited, CurrentIdentity, Roles, type Identity } from '@mallcare/platform';
import { GroupPolicy, PERMISSIONS, type MallSettings } from '@mallcare/policy';
import { AdminService } from './admin.service';
import {
  ClockChangeDto,
  GroupTargetsDto,
  GroupRoutingDto,
  MallCalendarDto,
  MallDepartmentsDto,
  MallProfileDto,
  MallRoutingDto,
  PolicyAtQueryDto,
  PolicyVersionsQueryDto,
  SettingsDto,
  StaffMemberDto,
} from './policy-change.dto';
import { PolicyHistoryPageDto } from './policy-history.dto';
import { StaffDirectoryDto } from './staff-directory.dto';

const MALL_ID = 'mallId';
const settingsOf = ({ effectiveFrom: _effectiveFrom, ...settings }: SettingsDto) => settings;

/** The organisation and its rules as data: each change is a GroupPolicyChanged event with a new version. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
// Every change of the organisation or its rules is audited: who, when, what, from where.
@Audited({ action: (request) => (request.params.staffId ? 'staff.changed' : 'policy.changed'), changesOnly: true })
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Get('policy')
  @ApiOperation({ summary: 'The policy in force (now or at ?at=); a mall’s staff see their own mall only' })
  @ApiOkResponse({ type: GroupPolicy })
  policy(@CurrentIdentity() identity: Identity, @Query() query: PolicyAtQueryDto) {
    return this.admin.viewFor(identity, query.at);
  }

  @Get('staff')
  @ApiOperation({ summary: 'The staff directory: id, name, mall and department of the caller’s mall’s staff and HQ’s (HQ: everyone), to name who did what' })
  @ApiOkResponse({ type: StaffDirectoryDto })
  staff(@CurrentIdentity() identity: Identity): StaffDirectoryDto {
    return this.admin.directory(identity);
  }

  @Get('policy/versions')
  @ApiOperation({ summary: 'Every policy version known, newest first' })
  versions(@Query() query: PolicyVersionsQueryDto) {
    return this.admin.versions(query.limit ?? 50, query.offset ?? 0);
  }

  @Get('policy/history')
  @Roles(...PERMISSIONS['policy.read-history'])
  @ApiOperation({ summary: 'Every policy change, newest first: who, when, from when it applies, and what changed (a mall GM: their own mall’s)' })
  @ApiOkResponse({ type: PolicyHistoryPageDto })
  history(@CurrentIdentity() identity: Identity, @Query() query: PolicyVersionsQueryDto) {
    return this.admin.history(identity, query.limit ?? 50, query.offset ?? 0);
  }

  @Put('malls/:mallId')
  @Roles(...PERMISSIONS['policy.change-mall'])
  @ApiOperation({ summary: 'Add a mall (group admin) or change its name, city, time zone and channels' })
  @ApiOkResponse({ description: 'The new version (changed=false when nothing differed)' })
  putMall(@CurrentIdentity() identity: Identity, @Param(MALL_ID) mallId: string, @Body() dto: MallProfileDto) {
    const { effectiveFrom, ...profile } = dto;
    return this.admin.change({ kind: 'mall-profile', mallId, profile }, identity, effectiveFrom);
  }

  @Put('malls/:mallId/routing')
  @Roles(...PERMISSIONS['policy.change-mall'])
  @ApiOperation({ summary: 'Set the mall’s own routing tables; a table left out follows the group' })
  putMallRouting(@CurrentIdentity() identity: Identity, @Param(MALL_ID) mallId: string, @Body() dto: MallRoutingDto) {
    const { effectiveFrom, ...routing } = dto;
    return this.admin.change(
      {
        kind: 'mall-routing',
        mallId,
        routing: {
          ...(routing.owningDepartmentByComplainantType ? { owningDepartmentByComplainantType: routing.owningDepartmentByComplainantType } : {}),
          ...(routing.handlingDepartmentRules ? { handlingDepartmentRules: routing.handlingDepartmentRules } : {}),
        },
      },
      identity,
      effectiveFrom,
    );
  }

  @Put('malls/:mallId/departments')
  @Roles(...PERMISSIONS['policy.change-mall'])
  @ApiOperation({ summary: 'Set the mall’s departments, their managers and duty rosters' })
  putMallDepartments(@CurrentIdentity() identity: Identity, @Param(MALL_ID) mallId: string, @Body() dto: MallDepartmentsDto) {
    const departments = dto.departments.map((department) => ({ ...department, managerStaffId: department.managerStaffId ?? null }));
    return this.admin.change({ kind: 'mall-departments', mallId, departments }, identity, dto.effectiveFrom);
  }

  @Put('malls/:mallId/calendar')
  @Roles(...PERMISSIONS['policy.change-mall'])
  @ApiOperation({ summary: 'Set the mall’s closures and extra working days on top of the national schedule; open working-day clocks are recomputed on them once it applies' })
  @ApiOkResponse({ description: 'The new version (changed=false when nothing differed)' })
  putMallCalendar(@CurrentIdentity() identity: Identity, @Param(MALL_ID) mallId: string, @Body() dto: MallCalendarDto) {
    const { effectiveFrom, ...calendar } = dto;
    return this.admin.change({ kind: 'mall-calendar', mallId, calendar }, identity, effectiveFrom);
  }

  @Patch('malls/:mallId/settings')
  @Roles(...PERMISSIONS['policy.change-mall'])
  @ApiOperation({ summary: 'Change the mall’s severity, collective, repeat or callback settings (null: follow the group)' })
  patchMallSettings(@CurrentIdentity() identity: Identity, @Param(MALL_ID) mallId: string, @Body() dto: SettingsDto) {
    const settings = settingsOf(dto) as { [K in keyof MallSettings]?: MallSettings[K] | null };
    return this.admin.change({ kind: 'mall-settings', mallId, settings }, identity, dto.effectiveFrom);
  }

  @Put('staff/:staffId')
  @Roles(...PERMISSIONS['policy.change-mall'])
  @ApiOperation({ summary: 'Add or change a staff member (roles, mall, department, active)' })
  putStaff(@CurrentIdentity() identity: Identity, @Param('staffId') staffId: string, @Body() dto: StaffMemberDto) {
    const { effectiveFrom, ...member } = dto;
    return this.admin.change(
      { kind: 'staff-member', member: { id: staffId, ...member, mallId: member.mallId ?? null, departmentId: member.departmentId ?? null } },
      identity,
      effectiveFrom,
    );
  }

  @Patch('settings')
  @Roles(...PERMISSIONS['policy.change-group'])
  @ApiOperation({ summary: 'Change the group-wide severity, collective, repeat or callback settings' })
  patchGroupSettings(@CurrentIdentity() identity: Identity, @Body() dto: SettingsDto) {
    const settings = Object.fromEntries(Object.entries(settingsOf(dto)).filter(([, value]) => value !== null && value !== undefined));
    return this.admin.change({ kind: 'group-settings', settings }, identity, dto.effectiveFrom);
  }

  @Patch('clocks/:kind')
  @Roles(...PERMISSIONS['policy.change-group'])
  @ApiOperation({ summary: 'Change a clock’s duration, warning points and escalation interval (group-wide); running clocks are recomputed once it applies' })
  patchClock(@CurrentIdentity() identity: Identity, @Param('kind') kind: string, @Body() dto: ClockChangeDto) {
    const { effectiveFrom, ...clock } = dto;
    return this.admin.change({ kind: 'group-clocks', clockKind: kind, clock }, identity, effectiveFrom);
  }

  @Patch('targets')
  @Roles(...PERMISSIONS['policy.change-group'])
  @ApiOperation({ summary: 'Change the group-wide targets analytics checks every mall against (first reply within 24 h, closure, satisfaction, data completeness)' })
  patchTargets(@CurrentIdentity() identity: Identity, @Body() dto: GroupTargetsDto) {
    const { effectiveFrom, ...targets } = dto;
    return this.admin.change({ kind: 'group-targets', targets }, identity, effectiveFrom);
  }

  @Put('routing')
  @Roles(...PERMISSIONS['policy.change-group'])
  @ApiOperation({ summary: 'Set the group’s routing tables (every mall without its own follows them)' })
  putGroupRouting(@CurrentIdentity() identity: Identity, @Body() dto: GroupRoutingDto) {
    const { effectiveFrom, ...routing } = dto;
    return this.admin.change({ kind: 'group-routing', routing }, identity, effectiveFrom);
  }
}
