// The model's own parsers: Spark SQL column types and the JSON reader. Each accepts what its format allows and
// refuses the rest with a position and the fix, before anything reaches Terraform or Databricks.
import { columnTypeProblem } from '../src/model/column-type';
import { readJson } from '../src/model/json-reader';
import { ModelError } from '../src/model/problems';
import { problemsOf } from './helpers';

describe('column types', () => {
  // Spark SQL types as Databricks documents them (Databricks docs, "Data types"): DECIMAL(p, s) with 1 <= p <= 38 and
  // s <= p, CHAR/VARCHAR(n) with n > 0, ARRAY<T>, MAP<K, V>, STRUCT<name: T [NOT NULL], ...>; names are case-insensitive.
  it.each([
    'STRING',
    'bigint',
    'TIMESTAMP_NTZ',
    'DECIMAL',
    'DECIMAL(10)',
    'dec(38, 0)',
    'NUMERIC(12,2)',
    'DECIMAL (10,2)',
    'VARCHAR(255)',
    'char(1)',
    'ARRAY<STRING>',
    'ARRAY< STRING >',
    'MAP<STRING, ARRAY<INT>>',
    'STRUCT<a: INT, b: STRING NOT NULL>',
    'struct<a:int,b:map<string,double>>',
    `${'ARRAY<'.repeat(32)}INT${'>'.repeat(32)}`,
  ])('accepts %s', (type) => {
    expect(columnTypeProblem(type)).toBeUndefined();
  });

  it.each([
    ['', 'expected a type name at position 1'],
    ['TEXT', "'TEXT' is not a Spark SQL type at position 1"],
    ['INT extra', 'unexpected text after the type at position 5'],
    ['DECIMAL(40,2)', 'DECIMAL precision 40 is outside 1–38'],
    ['DECIMAL(0)', 'DECIMAL precision 0 is outside 1–38'],
    ['DECIMAL(5,6)', 'DECIMAL scale 6 exceeds its precision 5'],
    ['DECIMAL(x)', 'expected a number at position 9'],
    ['VARCHAR', "expected '(' at position 8"],
    ['VARCHAR(0)', 'VARCHAR length must be positive'],
    ['ARRAY<>', 'expected a type name at position 7'],
    ['ARRAY<STRING', "expected '>' at position 13"],
    ['MAP<STRING>', "expected ',' at position 11"],
    ['STRUCT<a INT>', "expected ':' at position 10"],
    ['STRUCT<a: INT, A: STRING>', "duplicate STRUCT field 'a'"],
    [`${'ARRAY<'.repeat(40)}INT${'>'.repeat(40)}`, 'nesting deeper than 32'],
  ])('refuses %j: %s', (type, problem) => {
    expect(columnTypeProblem(type)).toContain(problem);
  });

  it("refuses a table column's malformed type in the model, naming the value and an example", () => {
    expect(problemsOf((d) => (d.tables[0].columns[0].type = 'MAP<STRING>'))).toEqual([
      {
        path: 'tables[0].columns[0].type',
        message: "'MAP<STRING>' is not a Spark SQL type (expected ',' at position 11): use e.g. STRING, BIGINT, DECIMAL(10,2), ARRAY<STRING>",
      },
    ]);
  });
});

describe('the JSON reader', () => {
  /** The problem messages of `text`, or its value when it reads. */
  const read = (text: string): unknown => {
    try {
      return readJson(text, 'team.json').value;
    } catch (error) {
      if (!(error instanceof ModelError)) throw error;
      return error.problems.map((p) => `${p.line}:${p.column}: ${p.path ? `${p.path}: ` : ''}${p.message}`);
    }
  };

  it.each([
    '{"a": "\\u0041\\n\\t\\/\\\\\\"\\b\\f\\r"}',
    '{"n": [0, -1.5, 2e3, 1E-2], "t": true, "f": false, "z": null, "o": {}, "l": []}',
    ' \n{"nested": {"deeper": [{"x": "é"}]}}\n',
  ])('reads %j as JSON.parse does', (text) => {
    expect(read(text)).toEqual(JSON.parse(text));
  });

  it('keeps a "__proto__" key as data, without touching the prototype', () => {
    const value = read('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['an unknown escape', '{"a": "\\x"}', "1:8: a: JSON syntax error: invalid escape '\\x' in a string: write \\\\ for a backslash"],
    ['a short \\u escape', '{"a": "\\u12G4"}', "1:8: a: JSON syntax error: invalid escape '\\u12G4' in a string: write \\u and four hex digits"],
    ['a missing colon', '{"a" 1}', "1:6: JSON syntax error: unexpected '1': expected ':' after the key 'a'"],
    ['a trailing comma in a list', '{"a": [1,]}', "1:10: a: JSON syntax error: unexpected ']' after ',': JSON allows no trailing comma"],
    ['a missing comma in a list', '{"a": [1 2]}', "1:10: a: JSON syntax error: unexpected '2': expected ',' or ']'"],
    ['a missing comma in an object', '{"a": 1 "b": 2}', "1:9: JSON syntax error: unexpected '\"': expected ',' or '}'"],
    ['a sign without digits', '{"a": -}', "1:7: a: JSON syntax error: unexpected '-': expected a number"],
    [
      'a misspelled literal',
      '{"a": tru}',
      "1:7: a: JSON syntax error: unexpected 't': expected a value (an object, array, string, number, true, false or null)",
    ],
    [
      'a raw control character in a string',
      '{"a": "x\u0001"}',
      '1:9: a: JSON syntax error: control character U+0001 inside a string: write it as an escape such as \\n or \\t',
    ],
    ['text after the model', '{"a": 1}}', "1:9: JSON syntax error: unexpected '}' after the end of the model: remove it"],
  ])('refuses %s with its line and column', (_what, text, message) => {
    expect(read(text)).toEqual([message]);
  });

  it('names the end of the file when the model stops early', () => {
    expect(read('{"a":\n')).toEqual([expect.stringMatching(/^2:1: a: JSON syntax error: unexpected end of file: expected a value/)]);
  });

  it('gives the position of a path (the key that names it) when tracked, and nothing when not', () => {
    const text = '{\n  "a": [\n    1,\n    {"b": 2}\n  ]\n}';
    expect(readJson(text, 'team.json', true).position(['a', 1, 'b'])).toEqual({ line: 4, column: 6 });
    expect(readJson(text, 'team.json', true).position(['a', 1])).toEqual({ line: 4, column: 5 });
    // A path that leaves the document stops at the last part it reached.
    expect(readJson(text, 'team.json', true).position(['a', 'x'])).toEqual({ line: 2, column: 3 });
    expect(readJson(text, 'team.json').position(['a'])).toBeUndefined();
  });
});
