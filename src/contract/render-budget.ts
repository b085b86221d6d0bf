// Bounds what a custom template may produce: loops nested over the roster multiply (five levels over 16 agents
// are a million copies), and Handlebars builds each loop's whole output in memory before returning it. The
// `each` helper of a custom template's environment counts, as it goes, the text every iteration adds, and stops
// the render once the total passes the cap, long before the heap runs out.

/** The largest CONTRACT.md a custom template may render: over five times the 200-agent benchmark's 3 MB contract. */
export const MAX_RENDERED_CHARACTERS = 16 * 1024 * 1024;

export class RenderTooLargeError extends Error {
  constructor() {
    super(
      `it renders more than ${MAX_RENDERED_CHARACTERS / 1024 / 1024} MiB of text, the limit (the 200-agent benchmark's contract is 3 MB): ` +
        'look for loops nested inside loops over the same lists',
    );
    this.name = 'RenderTooLargeError';
  }
}

interface Budget {
  used: number;
  /** Per open iteration, innermost last: the length of the nested iterations' output already counted. */
  readonly counted: number[];
}

let current: Budget | undefined;

export interface TemplateLocation {
  readonly line: number;
  readonly column: number;
}

const failedAt = new WeakMap<object, TemplateLocation | undefined>();

function locationOf(loc: unknown): TemplateLocation | undefined {
  const start = (loc as { start?: { line?: unknown; column?: unknown } } | undefined)?.start;
  return typeof start?.line === 'number' ? { line: start.line, column: Number(start.column ?? 0) + 1 } : undefined;
}

/** Where in the template a render failed: Handlebars' own line for its errors, else the innermost loop's. */
export function failureLocation(error: unknown): TemplateLocation | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const { lineNumber, column } = error as { lineNumber?: unknown; column?: unknown };
  if (typeof lineNumber === 'number') return { line: lineNumber, column: Number(column ?? 0) + 1 };
  return failedAt.get(error);
}

type Block = ((context: unknown, options?: unknown) => string) & Record<string, unknown>;
type Helper = (this: unknown, context: unknown, options: { fn: Block } & Record<string, unknown>) => unknown;

/** Handlebars' `each`, counting the text each iteration adds against the budget of the render under way. */
export function boundedEach(each: Helper): Helper {
  return function (this: unknown, context, options) {
    const fn = options.fn;
    const counting = Object.assign((item: unknown, blockOptions?: unknown) => {
      const budget = current;
      if (!budget) return fn(item, blockOptions);
      budget.counted.push(0);
      let out: string;
      let nested = 0;
      try {
        out = fn(item, blockOptions);
      } catch (error) {
        // The innermost loop a failure happened in: where the message points when the error itself knows no line.
        if (error && typeof error === 'object' && !failedAt.has(error)) failedAt.set(error, locationOf(options.loc));
        throw error;
      } finally {
        nested = budget.counted.pop() ?? 0;
      }
      budget.used += out.length - nested;
      if (budget.counted.length) budget.counted[budget.counted.length - 1] += out.length;
      if (budget.used > MAX_RENDERED_CHARACTERS) {
        const error = new RenderTooLargeError();
        failedAt.set(error, locationOf(options.loc));
        throw error;
      }
      return out;
    }, fn);
    return each.call(this, context, { ...options, fn: counting });
  };
}

/** Runs `render` with a fresh budget; the whole text is checked against the cap as well. */
export function withinBudget(render: () => string): string {
  const outer = current;
  current = { used: 0, counted: [] };
  try {
    const text = render();
    if (text.length > MAX_RENDERED_CHARACTERS) throw new RenderTooLargeError();
    return text;
  } finally {
    current = outer;
  }
}
