import { BadRequestException } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { FreeText, MAX_INPUT_DEPTH } from '../validation/input-rules';
import { createValidationPipe } from './validation-pipe';

class Place {
  @IsString()
  @MaxLength(100)
  name!: string;

  @FreeText()
  @IsOptional()
  @IsString()
  directions?: string;
}

class Report {
  @FreeText()
  @IsString()
  description!: string;

  @IsString()
  reporterName!: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => Place)
  place?: Place;
}

class Filters {
  @IsOptional()
  @IsString()
  departmentId?: string;
}

const pipe = createValidationPipe();
const body = (value: unknown) => pipe.transform(value, { type: 'body', metatype: Report, data: undefined });
const query = (value: unknown) => pipe.transform(value, { type: 'query', metatype: Filters, data: undefined });

const fieldErrors = async (attempt: Promise<unknown>) => {
  const error = await attempt.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(BadRequestException);
  return ((error as BadRequestException).getResponse() as { errors: { field: string; messages: string[] }[] }).errors;
};

describe('the rules every text input follows', () => {
  it('lets prose keep its newlines and tabs, in nested objects too', async () => {
    const accepted = await body({ description: '扶梯停了\n\t顾客受惊', reporterName: '张三', place: { name: '1F', directions: 'left\nthen right' } });
    expect(accepted).toBeInstanceOf(Report);
  });

  it('rejects a NUL or other control character in any body text, naming the field', async () => {
    expect(await fieldErrors(body({ description: 'a\u0000b', reporterName: 'ok' }))).toEqual([
      { field: 'description', messages: ['must not contain control characters other than newlines and tabs'] },
    ]);
    expect(await fieldErrors(body({ description: 'ok', reporterName: 'Zhang\u0000' }))).toEqual([
      { field: 'reporterName', messages: ['must not contain control characters'] },
    ]);
    expect(await fieldErrors(body({ description: 'ok', reporterName: 'Zhang', place: { name: 'line\nbreak' } }))).toEqual([
      { field: 'place.name', messages: ['must not contain control characters'] },
    ]);
    expect(await fieldErrors(body({ description: 'bell\u0007', reporterName: 'x' }))).toHaveLength(1);
  });

  it('rejects control characters in query filters and path parameters', async () => {
    expect(await fieldErrors(query({ departmentId: 'T\u0000x' }))).toEqual([{ field: 'departmentId', messages: ['must not contain control characters'] }]);
    expect(await fieldErrors(pipe.transform('C-1\u0000', { type: 'param', metatype: String, data: 'id' }))).toEqual([
      { field: 'id', messages: ['must not contain control characters'] },
    ]);
    await expect(query({ departmentId: 'engineering' })).resolves.toEqual({ departmentId: 'engineering' });
  });

  it('rejects nesting deeper than the limit before the validators recurse into it', async () => {
    let deep: unknown = 'bottom';
    for (let level = 0; level < 20_000; level += 1) deep = { a: deep };
    const errors = await fieldErrors(body({ description: 'x', reporterName: 'y', place: deep }));
    expect(errors[0].messages).toEqual([`must not be nested more than ${MAX_INPUT_DEPTH} levels deep`]);
    let array: unknown = [];
    for (let level = 0; level < 20_000; level += 1) array = [array];
    expect(await fieldErrors(body(array))).toHaveLength(1);
  });
});
