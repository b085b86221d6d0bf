// What a synth costs beyond its work: cdktf's stack trace for every token, and a heap left to grow with garbage.
import { dirname, sep } from 'node:path';
import { setFlagsFromString } from 'node:v8';

/** cdktf's own code: a capture made there (its first frame) is a token's. */
const CDKTF_LIB = dirname(require.resolve('cdktf')) + sep;

/**
 * Runs `work` (building and synthesizing constructs) while the stack traces cdktf records for its tokens stay empty.
 *
 * cdktf's captureStackTrace (tokens/private/stack-trace.js) raises Error.stackTraceLimit to Number.MAX_SAFE_INTEGER,
 * captures into a plain `{ stack: "" }` object and splits the formatted text into the `creationStack` of every
 * Intrinsic, Lazy and ComplexComputedList token (one or more per resource): the largest single cost of creating
 * constructs, growing with the depth of the call stack. It is only ever read to describe a token that cannot be
 * resolved, and cdktf leaves the description out when the stack is empty (tokens/resolvable.js checks
 * `creationStack.length > 0`). So the formatter answers "" for exactly that capture — a target that is not an Error,
 * captured from cdktf's code — and formats everything else as before: an Error thrown inside keeps its stack.
 * AGENT_CONTRACT_TOKEN_TRACES=1 keeps the traces, for debugging an unresolvable token.
 */
export function withoutTokenTraces<T>(work: () => T, environment: NodeJS.ProcessEnv = process.env): T {
  if (environment.AGENT_CONTRACT_TOKEN_TRACES === '1') return work();
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (target: unknown, frames: NodeJS.CallSite[]) => {
    if (!(target instanceof Error) && frames[0]?.getFileName()?.startsWith(CDKTF_LIB)) return '';
    return previous ? previous(target as Error, frames) : v8Format(target, frames);
  };
  try {
    return work();
  } finally {
    Error.prepareStackTrace = previous;
  }
}

/** V8's own format when no Error.prepareStackTrace is set: the error's text, then one `at` line per frame. */
function v8Format(target: unknown, frames: readonly NodeJS.CallSite[]): string {
  return `${errorHeader(target)}${frames.map((frame) => `\n    at ${frame}`).join('')}`;
}

function errorHeader(target: unknown): string {
  try {
    return String(target);
  } catch {
    return '<error>';
  }
}

/** How far, in percent, the heap may grow past what the last full garbage collection kept, in a synth process. */
export const SYNTH_HEAP_GROWTH_PERCENT = 50;

/** V8's interrupt budget for a run of seconds: eight times V8 11's default of 67,584 bytes of bytecode run. */
export const SHORT_RUN_INTERRUPT_BUDGET = 540_672;

/**
 * Tunes the process that synthesizes (call it there, not in a library) with two V8 heuristics that steer only when
 * V8 works, never what a program computes; both are read as V8 goes, so setting them once it runs takes effect.
 *
 * The heap is held near what it keeps alive. V8 picks a growing factor of up to 4x the heap kept by each full
 * collection (heap-controller.cc, MemoryController::GrowingFactor); a synth creates garbage faster than it keeps
 * data, so at 20,000 tables the heap swelled past 1 GB around 400 MB of live data. A fixed factor of 1.5
 * (--heap-growing-percent) measured 0.59 GB there and less CPU time, not more (fewer pages to commit and sweep);
 * 1.2 saved little more memory for more CPU, and at 2,000 tables neither changed the time beyond noise.
 *
 * Tier-up is delayed. Most of a synth's code runs a few times only, yet the default budget sends it to TurboFan,
 * whose compile jobs on background threads cost more CPU than they save; eight times the budget
 * (--interrupt-budget) still optimizes the hot loops of a long run. Measured (CPU, node 20, 2 loaded cores):
 * 16 agents / 20 tables about 5 % less, 100 / 2,000 about 10 %, 800 / 20,000 about 12 %.
 */
export function tuneSynthProcess(): void {
  setFlagsFromString(`--heap-growing-percent=${SYNTH_HEAP_GROWTH_PERCENT}`);
  setFlagsFromString(`--interrupt-budget=${SHORT_RUN_INTERRUPT_BUDGET}`);
}
