import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CasesService } from './cases.service';
import { ResolveCaseDto } from './resolve-case.dto';

@ApiTags('cases')
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Get(':id')
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.cases.load(id);
  }

  @Post(':id/resolve')
  @HttpCode(HttpStatus.OK)
  async resolve(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: ResolveCaseDto) {
    const events = await this.cases.resolve(id, dto);
    return { complaintId: id, events };
  }
}
