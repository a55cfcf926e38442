import { plainToInstance } from 'class-transformer';
import { IsBoolean, IsOptional, validateSync } from 'class-validator';
import { QueryBoolean } from './query-boolean';

class Filters {
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  resolved?: boolean;
}

describe('QueryBoolean', () => {
  it("reads a query string's true and false as booleans and leaves anything else for IsBoolean to refuse", () => {
    expect(plainToInstance(Filters, { resolved: 'true' }).resolved).toBe(true);
    expect(plainToInstance(Filters, { resolved: 'false' }).resolved).toBe(false);
    const odd = plainToInstance(Filters, { resolved: 'yes' });
    expect(odd.resolved).toBe('yes');
    expect(validateSync(odd).map((error) => error.property)).toEqual(['resolved']);
  });
});
