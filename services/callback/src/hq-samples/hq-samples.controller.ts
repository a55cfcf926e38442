import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentIdentity, Roles, type Identity } from '@mallcare/platform';
import { PERMISSIONS } from '@mallcare/policy';
import { DrawnSampleDto, DrawSampleDto, RecordSampleCallbackDto, SampledCaseDto, SamplePageDto, SampleQueryDto } from './hq-samples.dto';
import { HqSamplesService } from './hq-samples.service';

/** HQ operations only; registered before the callbacks controller so `samples` is not read as a complaint id. */
@ApiTags('hq-sample-callbacks')
@ApiBearerAuth()
@Roles(...PERMISSIONS['hq-sample.run'])
@Controller('callbacks/samples')
export class HqSamplesController {
  constructor(private readonly samples: HqSamplesService) {}

  @Post()
  @ApiCreatedResponse({ type: DrawnSampleDto })
  @ApiOperation({ summary: 'Draw a random sample of a mall’s resolved major/critical cases for HQ’s independent callback' })
  draw(@CurrentIdentity() identity: Identity, @Body() dto: DrawSampleDto): Promise<DrawnSampleDto> {
    return this.samples.draw(identity, dto);
  }

  @Get()
  @ApiOkResponse({ type: SamplePageDto })
  @ApiOperation({ summary: 'Sampled cases and HQ’s results, kept apart from the malls’ callbacks; paged' })
  list(@CurrentIdentity() identity: Identity, @Query() query: SampleQueryDto): Promise<SamplePageDto> {
    return this.samples.list(identity, query);
  }

  @Post(':sampleId/cases/:complaintId/result')
  @ApiCreatedResponse({ type: SampledCaseDto })
  @ApiOperation({ summary: 'Record HQ’s callback of a sampled case (it neither closes nor reopens the case)' })
  record(
    @CurrentIdentity() identity: Identity,
    @Param('sampleId', new ParseUUIDPipe()) sampleId: string,
    @Param('complaintId', new ParseUUIDPipe()) complaintId: string,
    @Body() dto: RecordSampleCallbackDto,
  ): Promise<SampledCaseDto> {
    return this.samples.record(identity, sampleId, complaintId, dto);
  }
}
