import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { CallbacksService } from './callbacks.service';

export class DueCallbacksQuery {
  @IsOptional()
  @Matches(/^[A-Z0-9]{2,8}$/, { message: 'mallId must be a mall code of 2–8 capital letters or digits' })
  mallId?: string;
}

@ApiTags('callbacks')
@Controller('callbacks')
export class CallbacksController {
  constructor(private readonly callbacks: CallbacksService) {}

  @Get('due')
  due(@Query() query: DueCallbacksQuery) {
    return this.callbacks.due(query.mallId);
  }
}
