import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiOkResponse, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { documentFromValidation } from './documented-by-validation';

class Stretch {
  @IsInt()
  @Min(1)
  @Max(100)
  amount!: number;

  @IsIn(['hours', 'days'])
  unit!: string;
}

class Base {
  @Matches(/^[a-z]+$/, { context: { description: 'A lower-case code' } })
  code!: string;
}

class Plan extends Base {
  @IsOptional({ context: { nullable: true, type: () => Stretch } })
  @IsObject()
  @ValidateNested()
  @Type(() => Stretch)
  stretch?: Stretch | null;

  @IsArray({ context: { type: () => Stretch } })
  @ArrayMaxSize(3)
  @ValidateNested({ each: true })
  @Type(() => Stretch)
  stretches!: Stretch[];

  @IsOptional()
  @IsString()
  note?: string;
}
documentFromValidation(Plan);

@Controller('plans')
class PlansController {
  @Get()
  @ApiOkResponse({ type: Plan })
  plan(): Plan {
    return { code: 'a', stretches: [] };
  }
}

@Module({ controllers: [PlansController] })
class PlansModule {}

describe('documentFromValidation', () => {
  it('gives a class validated by class-validator its OpenAPI schema: types, enums, bounds, optional, nested and inherited fields', async () => {
    const app = await NestFactory.create(PlansModule, { logger: false });
    const schemas = SwaggerModule.createDocument(app, new DocumentBuilder().build()).components?.schemas ?? {};
    await app.close();
    expect(schemas.Plan).toMatchObject({
      type: 'object',
      required: ['code', 'stretches'],
      properties: {
        code: { type: 'string', pattern: '^[a-z]+$', description: 'A lower-case code' },
        stretches: { type: 'array', maxItems: 3, items: { $ref: '#/components/schemas/Stretch' } },
        note: { type: 'string' },
        stretch: { nullable: true },
      },
    });
    expect(schemas.Stretch).toMatchObject({
      required: ['amount', 'unit'],
      properties: { amount: { type: 'integer', minimum: 1, maximum: 100 }, unit: { type: 'string', enum: ['hours', 'days'] } },
    });
  });
});
