import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import * as stableJsonFile from '../src/constructs/stable-json-file';
import { writeStableJsonFile } from '../src/constructs/stable-json-file';
import { addEnvironmentStacks, synthBuilt } from '../src/app';
import { modelFrom } from './helpers';

// The serializer cdktf writes cdk.tf.json with (cdktf/lib/synthesize/synthesizer.js: stringify(json, { space: 2 })).
const cdktfStringify = require(require.resolve('json-stable-stringify', { paths: [require.resolve('cdktf')] })) as (
  value: unknown,
  options: { space: number },
) => string;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stable-json-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const written = (value: unknown): string => {
  const file = join(dir, 'out.json');
  writeStableJsonFile(file, value);
  return readFileSync(file, 'utf8');
};

describe('writeStableJsonFile', () => {
  const cases: Record<string, unknown> = {
    'keys out of order, nested': { b: { z: 1, a: [3, 2, 1] }, a: 'x', _: null, Z: true },
    'keys beyond ASCII, sorted by code unit': { é: 1, e: 2, E: 3, '€': 4, '😀': 5, ﬀ: 6 },
    'empty arrays and objects, at every depth': { a: [], o: {}, deep: { list: [[], {}, [[]]], nothing: {} } },
    'members JSON leaves out': { keep: 1, gone: undefined, fn: () => 1, sym: Symbol('s'), list: [undefined, () => 1, 2] },
    'numbers JSON cannot write, and escapes': { nan: NaN, inf: -Infinity, zero: -0, big: 1e21, text: 'a"b\\c\n\t\u0001${x}%{y}é😀' },
    'toJSON, as a Date has it': { at: new Date(Date.UTC(2026, 11, 3)), own: { toJSON: () => ({ b: 1, a: [] }) } },
    'a top-level array': [{ b: 1, a: 2 }, [], 'x'],
    'a top-level string': 'just text',
    'an empty object': {},
  };
  it.each(Object.entries(cases))('writes the bytes cdktf writes: %s', (_, value) => {
    expect(written(value)).toBe(cdktfStringify(value, { space: 2 }));
  });

  it('writes more than one chunk of text (over a million characters) in the same bytes', () => {
    const value = { rows: Array.from({ length: 30_000 }, (_, i) => ({ name: `row-${i}`, padding: 'x'.repeat(40), list: [i, {}] })) };
    const text = written(value);
    expect(text.length).toBeGreaterThan(2_000_000);
    expect(text).toBe(cdktfStringify(value, { space: 2 }));
  });

  it('refuses a circular structure, as JSON does', () => {
    const value: Record<string, unknown> = { a: 1 };
    value.self = value;
    expect(() => written(value)).toThrow(new TypeError('Converting circular structure to JSON'));
  });

  it('refuses a value with no JSON text at all', () => {
    expect(() => written(undefined)).toThrow(TypeError);
  });
});

describe("an EnvironmentStack's cdk.tf.json", () => {
  const synthesizeInto = (outdir: string, options: { skipValidation?: boolean } = {}) => {
    const app = new App({ outdir, skipValidation: options.skipValidation });
    const stacks = addEnvironmentStacks(app, modelFrom());
    synthBuilt({ app, stacks });
    return stacks;
  };

  it('is streamed in the bytes cdktf would write, and the stack still resolves whole afterwards', () => {
    const streamed = jest.spyOn(stableJsonFile, 'writeStableJsonFile');
    const stacks = synthesizeInto(dir);
    expect(streamed.mock.calls.map(([file]) => file)).toEqual(stacks.map((stack) => join(dir, 'stacks', stack.node.id, 'cdk.tf.json')));
    streamed.mockRestore();
    for (const stack of stacks) {
      const file = join(dir, 'stacks', stack.node.id, 'cdk.tf.json');
      const json = stack.toTerraform();
      expect(Object.keys((json.resource ?? {}) as object).length).toBeGreaterThan(10);
      expect(readFileSync(file, 'utf8')).toBe(cdktfStringify(json, { space: 2 }));
    }
  });

  it('is written by cdktf itself when validations are skipped, the same bytes', () => {
    const streamed = jest.spyOn(stableJsonFile, 'writeStableJsonFile');
    const stacks = synthesizeInto(dir, { skipValidation: true });
    expect(streamed).not.toHaveBeenCalled();
    streamed.mockRestore();
    const dev = stacks[0];
    expect(readFileSync(join(dir, 'stacks', dev.node.id, 'cdk.tf.json'), 'utf8')).toBe(cdktfStringify(dev.toTerraform(), { space: 2 }));
  });

  it('is not written at all when cdktf writes HCL (SYNTH_HCL_OUTPUT, read when a stack is created)', () => {
    const previous = process.env.SYNTH_HCL_OUTPUT;
    process.env.SYNTH_HCL_OUTPUT = 'true';
    try {
      const [dev] = synthesizeInto(dir);
      expect(existsSync(join(dir, 'stacks', dev.node.id, 'cdk.tf.json'))).toBe(false);
      expect(readFileSync(join(dir, 'stacks', dev.node.id, 'cdk.tf'), 'utf8')).toContain('resource "databricks_catalog"');
    } finally {
      if (previous === undefined) delete process.env.SYNTH_HCL_OUTPUT;
      else process.env.SYNTH_HCL_OUTPUT = previous;
    }
  });
});
