import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ClocksService } from './clocks.service';

@ApiTags('clocks')
@Controller('clocks')
export class ClocksController {
  constructor(private readonly clocks: ClocksService) {}

  @Get(':complaintId')
  get(@Param('complaintId', new ParseUUIDPipe()) complaintId: string) {
    return this.clocks.clocks(complaintId);
  }
}
