import type { FieldError } from '@mallcare/contracts';

/** Deeper than any request the API defines; a body nested thousands of levels would overflow the validators. */
export const MAX_INPUT_DEPTH = 32;

const FREE_TEXT = Symbol('mallcare:free-text');

/** A field where a person writes prose: newlines and tabs are allowed in it, other control characters still not. */
export const FreeText = (): PropertyDecorator => (target, property) => Reflect.defineMetadata(FREE_TEXT, true, target, property);

const isFreeText = (owner: object, property: string): boolean => {
  const prototype = Object.getPrototypeOf(owner) as object | null;
  return prototype !== null && prototype !== Object.prototype && Reflect.getMetadata(FREE_TEXT, prototype, property) === true;
};

// C0 controls, DEL and the C1 range; a NUL cannot even be stored by PostgreSQL.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
// eslint-disable-next-line no-control-regex -- as above, newline, carriage return and tab allowed
const CONTROL_EXCEPT_WHITESPACE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;

const join = (path: string, key: string | number): string => (path === '' ? String(key) : `${path}.${key}`);

interface Frame {
  value: unknown;
  path: string;
  depth: number;
  prose: boolean;
}

/**
 * The rules every text input follows, whatever the service: nesting at most MAX_INPUT_DEPTH levels and no
 * control characters (in free-text fields newlines and tabs are fine). Walks without recursion, so the
 * deepest input cannot overflow the stack here either. `where` prefixes the field names (a param's name);
 * `text: false` checks the depth alone (a raw body, before its free-text fields are known).
 */
export const inputRuleViolations = (input: unknown, where: string, { text = true }: { text?: boolean } = {}): FieldError[] => {
  const errors: FieldError[] = [];
  const stack: Frame[] = [{ value: input, path: where, depth: 0, prose: false }];
  while (stack.length > 0 && errors.length < 20) {
    const { value, path, depth, prose } = stack.pop() as Frame;
    if (typeof value === 'string') {
      if (text && (prose ? CONTROL_EXCEPT_WHITESPACE : CONTROL).test(value)) {
        errors.push({ field: path, messages: [prose ? 'must not contain control characters other than newlines and tabs' : 'must not contain control characters'] });
      }
      continue;
    }
    if (typeof value !== 'object' || value === null || value instanceof Date) continue;
    if (depth >= MAX_INPUT_DEPTH) {
      errors.push({ field: path, messages: [`must not be nested more than ${MAX_INPUT_DEPTH} levels deep`] });
      continue;
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => stack.push({ value: item, path: join(path, index), depth: depth + 1, prose }));
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      const field = join(path, key);
      if (text && CONTROL.test(key)) errors.push({ field, messages: ['field names must not contain control characters'] });
      else stack.push({ value: item, path: field, depth: depth + 1, prose: isFreeText(value, key) });
    }
  }
  return errors;
};
