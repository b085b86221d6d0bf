// Spark SQL column types as Unity Catalog tables take them, parsed rather than pattern-matched, so a malformed
// type is refused with its position instead of failing at CREATE TABLE time (Databricks docs, "Data types").

const PRIMITIVES = new Set([
  'BIGINT',
  'LONG',
  'BINARY',
  'BOOLEAN',
  'DATE',
  'DOUBLE',
  'FLOAT',
  'REAL',
  'INT',
  'INTEGER',
  'SMALLINT',
  'SHORT',
  'TINYINT',
  'BYTE',
  'STRING',
  'TIMESTAMP',
  'TIMESTAMP_LTZ',
  'TIMESTAMP_NTZ',
  'VARIANT',
  'VOID',
]);
const DECIMALS = new Set(['DECIMAL', 'DEC', 'NUMERIC']);
const SIZED = new Set(['CHAR', 'VARCHAR']);
/** Deeper nesting than this is a generated mistake, not a schema. */
const MAX_DEPTH = 32;

class TypeError_ extends Error {}

/** Undefined when `text` is a valid column type; otherwise what is wrong, with the position. */
export function columnTypeProblem(text: string): string | undefined {
  let at = 0;
  const fail = (what: string): never => {
    throw new TypeError_(`${what} at position ${at + 1}`);
  };
  const space = () => {
    while (text[at] === ' ') at++;
  };
  const word = (): string => {
    space();
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(at));
    if (!match) fail('expected a type name');
    at += (match as RegExpExecArray)[0].length;
    return (match as RegExpExecArray)[0];
  };
  const expect = (symbol: string) => {
    space();
    if (text[at] !== symbol) fail(`expected '${symbol}'`);
    at++;
  };
  const integer = (): number => {
    space();
    // Up to 5 digits: VARCHAR(65535) is valid; DECIMAL's own bounds are checked below.
    const match = /^\d{1,5}/.exec(text.slice(at));
    if (!match) fail('expected a number');
    at += (match as RegExpExecArray)[0].length;
    return Number((match as RegExpExecArray)[0]);
  };
  const type = (depth: number): void => {
    if (depth > MAX_DEPTH) fail(`nesting deeper than ${MAX_DEPTH}`);
    const name = word().toUpperCase();
    if (PRIMITIVES.has(name)) return;
    if (DECIMALS.has(name)) {
      space();
      if (text[at] !== '(') return;
      expect('(');
      const precision = integer();
      let scale = 0;
      space();
      if (text[at] === ',') {
        at++;
        scale = integer();
      }
      expect(')');
      if (precision < 1 || precision > 38) fail(`DECIMAL precision ${precision} is outside 1–38`);
      if (scale > precision) fail(`DECIMAL scale ${scale} exceeds its precision ${precision}`);
      return;
    }
    if (SIZED.has(name)) {
      expect('(');
      if (integer() < 1) fail(`${name} length must be positive`);
      expect(')');
      return;
    }
    if (name === 'ARRAY') {
      expect('<');
      type(depth + 1);
      expect('>');
      return;
    }
    if (name === 'MAP') {
      expect('<');
      type(depth + 1);
      expect(',');
      type(depth + 1);
      expect('>');
      return;
    }
    if (name === 'STRUCT') {
      expect('<');
      const fields = new Set<string>();
      do {
        const field = word().toLowerCase();
        if (fields.has(field)) fail(`duplicate STRUCT field '${field}'`);
        fields.add(field);
        expect(':');
        type(depth + 1);
        space();
        if (/^NOT\s+NULL\b/i.test(text.slice(at))) at += /^NOT\s+NULL/i.exec(text.slice(at))![0].length;
        space();
      } while (text[at] === ',' && ++at);
      expect('>');
      return;
    }
    at -= name.length;
    fail(`'${name}' is not a Spark SQL type`);
  };
  try {
    type(0);
    space();
    if (at !== text.length) fail('unexpected text after the type');
    return undefined;
  } catch (error) {
    if (error instanceof TypeError_) return error.message;
    throw error;
  }
}
