/**
 * A piece of SQL with its values where they are used: pieces compose (a value that is itself a piece
 * is inlined) and are numbered `$1…` only when sent, so no caller counts parameters by hand.
 */
export class Sql {
  constructor(
    readonly strings: readonly string[],
    readonly values: readonly unknown[],
  ) {}
}

export const sql = (strings: TemplateStringsArray, ...values: unknown[]): Sql => new Sql(strings, values);

/** Text taken as it is: names the code chooses (a schema, a CTE), never a value. */
export const rawSql = (text: string): Sql => new Sql([text], []);

/** Pieces one after the other with `separator` between them; none is empty SQL. */
export const joinSql = (pieces: readonly Sql[], separator: string): Sql => {
  if (pieces.length === 0) return new Sql([''], []);
  const strings = ['', ...pieces.slice(1).map(() => separator), ''];
  return new Sql(strings, pieces);
};

/** The text to send, its parameters numbered from `firstParam` (other parameters of the statement come before). */
export const renderSql = (piece: Sql, firstParam = 1): { text: string; values: unknown[] } => {
  const values: unknown[] = [];
  const write = (part: Sql): string => {
    let text = part.strings[0];
    part.values.forEach((value, i) => {
      if (value instanceof Sql) text += write(value);
      else text += `$${firstParam + values.push(value) - 1}`;
      text += part.strings[i + 1];
    });
    return text;
  };
  return { text: write(piece), values };
};
