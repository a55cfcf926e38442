import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentIdentity, Roles, type Identity } from '@mallcare/platform';
import { PERMISSIONS } from '@mallcare/policy';
import { ClocksService, type ClockPage } from './clocks.service';
import { ClockListQueryDto, PauseClocksDto } from './dto/clocks.dto';

const CLOCK_READER_ROLES = PERMISSIONS['clock.read'];
/** Who may stop a case's clocks while waiting for the customer: the handling side and its leaders. */
const CLOCK_PAUSER_ROLES = PERMISSIONS['clock.pause'];

@ApiTags('clocks')
@ApiBearerAuth()
@Controller('clocks')
export class ClocksController {
  constructor(private readonly clocks: ClocksService) {}

  @Get()
  @Roles(...CLOCK_READER_ROLES)
  @ApiOperation({ summary: 'Open clocks (or one state) by mall and department, nearest deadline first; paged' })
  list(@Query() query: ClockListQueryDto, @CurrentIdentity() identity: Identity): Promise<ClockPage> {
    return this.clocks.list(query, identity);
  }

  @Get(':complaintId')
  @Roles(...CLOCK_READER_ROLES)
  @ApiOperation({ summary: "A case's clocks: state, deadlines, warnings, escalations, pauses" })
  get(@Param('complaintId', new ParseUUIDPipe()) complaintId: string, @CurrentIdentity() identity: Identity) {
    return this.clocks.clocks(complaintId, identity);
  }

  @Post(':complaintId/pause')
  @HttpCode(HttpStatus.OK)
  @Roles(...CLOCK_PAUSER_ROLES)
  @ApiOperation({ summary: "Pause the case's pausable running clocks, with the reason (409 when none runs)" })
  pause(@Param('complaintId', new ParseUUIDPipe()) complaintId: string, @Body() dto: PauseClocksDto, @CurrentIdentity() identity: Identity) {
    return this.clocks.pause(complaintId, identity, dto.reason);
  }

  @Post(':complaintId/resume')
  @HttpCode(HttpStatus.OK)
  @Roles(...CLOCK_PAUSER_ROLES)
  @ApiOperation({ summary: 'Resume the paused clocks; each deadline moves by the time it was paused (409 when none is paused)' })
  resume(@Param('complaintId', new ParseUUIDPipe()) complaintId: string, @CurrentIdentity() identity: Identity) {
    return this.clocks.resume(complaintId, identity);
  }
}
