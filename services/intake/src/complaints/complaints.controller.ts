import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { TimelineService } from '../timeline/timeline.service';
import { ComplaintsService } from './complaints.service';
import { ComplaintRegisteredResponse, RegisterComplaintDto } from './register-complaint.dto';

@ApiTags('complaints')
@Controller('complaints')
export class ComplaintsController {
  constructor(
    private readonly complaints: ComplaintsService,
    private readonly timelines: TimelineService,
  ) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiCreatedResponse({ type: ComplaintRegisteredResponse })
  register(@Body() dto: RegisterComplaintDto): Promise<ComplaintRegisteredResponse> {
    return this.complaints.register(dto);
  }

  @Get(':id')
  async get(@Param('id', new ParseUUIDPipe()) id: string) {
    const registered = await this.complaints.registration(id);
    return { id, mallId: registered.metadata.mallId, ...registered.data };
  }

  @Get(':id/timeline')
  timeline(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.timelines.timeline(id);
  }
}
