import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Lazy, Token, Tokenization } from 'cdktf';
import { SHORT_RUN_INTERRUPT_BUDGET, SYNTH_HEAP_GROWTH_PERCENT, tuneSynthProcess, withoutTokenTraces } from '../src/synth-process';
import { synthSelectedModel } from '../src/cli/model-app';

// The module object itself (an `import * as` namespace cannot be spied on).
const v8 = require('node:v8') as typeof import('node:v8');

/** The stack cdktf recorded for a token: every Intrinsic and Lazy keeps it (cdktf tokens/private/intrinsic.js, lazy.js). */
const creationStackOf = (token: string): string[] =>
  (Tokenization.reverseString(token).firstToken as unknown as { creationStack: string[] }).creationStack;

describe('withoutTokenTraces', () => {
  const previous = Error.prepareStackTrace;
  afterEach(() => {
    Error.prepareStackTrace = previous;
  });

  it('leaves the creation stack of tokens made inside empty, and of tokens made outside whole', () => {
    const inside = withoutTokenTraces(() => [Token.asString({ value: 1 }), Lazy.stringValue({ produce: () => 'x' })], {});
    expect(inside.map(creationStackOf)).toEqual([[], []]);
    const outside = Token.asString({ value: 2 });
    expect(creationStackOf(outside).length).toBeGreaterThan(0);
    expect(creationStackOf(outside).join('\n')).toContain('synth-process.test');
  });

  it("keeps the stack of an Error made inside in V8's format: message first, then its frames", () => {
    delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
    const error = withoutTokenTraces(() => new Error('boom'), {});
    expect(error.stack?.split('\n')[0]).toBe('Error: boom');
    expect(error.stack).toMatch(/\n {4}at .*synth-process\.test/);
  });

  it('hands Errors to a formatter already installed, and puts it back afterwards, also when the work throws', () => {
    const installed = (error: Error) => `formatted ${error.message}`;
    Error.prepareStackTrace = installed;
    const error = withoutTokenTraces(() => new Error('inner'), {});
    expect(error.stack).toBe('formatted inner');
    expect(() =>
      withoutTokenTraces(() => {
        throw new Error('thrown');
      }, {}),
    ).toThrow('thrown');
    expect(Error.prepareStackTrace).toBe(installed);
  });

  it('keeps the traces when AGENT_CONTRACT_TOKEN_TRACES=1 asks for them', () => {
    const token = withoutTokenTraces(() => Token.asString({ value: 3 }), { AGENT_CONTRACT_TOKEN_TRACES: '1' });
    expect(creationStackOf(token).length).toBeGreaterThan(0);
  });

  it('keeps the frames of a plain object captured outside cdktf', () => {
    const target: { stack?: string } = {};
    withoutTokenTraces(() => Error.captureStackTrace(target), {});
    expect(target.stack).toMatch(/\n {4}at .*synth-process\.test/);
  });
});

describe('tuneSynthProcess', () => {
  it('sets flags this V8 knows (it ignores unknown ones without a word), to the values measured', () => {
    // `node --v8-options` lists every flag of the running V8 with its default.
    const options = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    expect(options).toContain('--heap-growing-percent (specifies heap growing factor as (1 + heap_growing_percent/100))');
    expect(options).toMatch(/--interrupt-budget \(.*\)\n\s+type: int {2}default: --interrupt-budget=67584\n/);
    const set = jest.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined);
    try {
      tuneSynthProcess();
      expect(set.mock.calls).toEqual([['--heap-growing-percent=50'], ['--interrupt-budget=540672']]);
      expect(SHORT_RUN_INTERRUPT_BUDGET).toBe(8 * 67_584);
      expect(SYNTH_HEAP_GROWTH_PERCENT).toBe(50);
    } finally {
      set.mockRestore();
    }
  });

  it('gives the CLI the same tier-up budget as the synth process', () => {
    const bin = readFileSync(join(__dirname, '..', 'bin', 'agent-contract.js'), 'utf8');
    expect(bin).toContain(`require('node:v8').setFlagsFromString('--interrupt-budget=${SHORT_RUN_INTERRUPT_BUDGET}');`);
  });

  it('is called by the app cdktf runs, before the model is loaded', () => {
    const set = jest.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined);
    try {
      // A model that does not exist: the process is tuned first, then loading fails.
      expect(() => synthSelectedModel({ AGENT_CONTRACT_MODEL: 'no/such/team.yaml' }, { write: () => true })).toThrow();
      expect(set.mock.calls).toEqual([['--heap-growing-percent=50'], ['--interrupt-budget=540672']]);
    } finally {
      set.mockRestore();
    }
  });
});
