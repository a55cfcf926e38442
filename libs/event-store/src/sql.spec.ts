import { joinSql, renderSql, sql } from './sql';

describe('sql pieces', () => {
  it('numbers the values of composed pieces in the order they are sent, from the first free parameter', () => {
    const ctes = joinSql([sql`a AS (SELECT ${1}::int)`, sql`b AS (SELECT ${'two'}::text, ${3}::int)`], ', ');
    const rendered = renderSql(sql`WITH ${ctes} INSERT INTO t VALUES (${'x'}, ${null})`, 3);
    expect(rendered.text).toBe('WITH a AS (SELECT $3::int), b AS (SELECT $4::text, $5::int) INSERT INTO t VALUES ($6, $7)');
    expect(rendered.values).toEqual([1, 'two', 3, 'x', null]);
  });

  it('joins nothing to empty SQL', () => {
    expect(renderSql(sql`SELECT 1${joinSql([], ', ')}`)).toEqual({ text: 'SELECT 1', values: [] });
  });
});
