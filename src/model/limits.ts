// The size limits every model obeys, whatever it is written in, and the walk that enforces them on plain data.
// Models are small (the 200-agent / 5,000-table benchmark: ~200,000 keys and values; the reference model nests
// 6 levels): the limits are far above that, and far below what exhausts the stack or heap parsing or validating.
import { formatPath, type PathSegment } from './problems';

/** Largest model file read, in bytes. */
export const MAX_MODEL_BYTES = 64 * 1024 * 1024;
/** Deepest nesting of objects and arrays (the root is level 1); the reference model needs 6. */
export const MAX_DEPTH = 64;
/** Most keys and values in one model (every key, array item and scalar counts). */
export const MAX_NODES = 1_000_000;

/** 1000000 → '1,000,000' (toLocaleString would load ICU's locale data, ~15 ms, on every run). */
export const formatCount = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

export const TOO_DEEP = `nested deeper than ${MAX_DEPTH} levels, the limit: a model needs 6; remove the extra nesting`;
export const TOO_MANY = `the model has more than ${formatCount(MAX_NODES)} keys and values, the limit (the 200-agent / 5,000-table benchmark model has 200,000): look for generated or repeated data`;
export const tooBig = (bytes: number): string =>
  `it is ${formatCount(bytes)} bytes, over the ${MAX_MODEL_BYTES / 1024 / 1024} MiB limit: check that this is the right file (the 200-agent benchmark model is 2 MB)`;

/** A path, shortened to its first levels when it runs too deep to print whole. */
export function shortPath(segments: readonly PathSegment[]): string {
  return segments.length > 6 ? `${formatPath(segments.slice(0, 6))}…` : formatPath(segments);
}

export interface LimitProblem {
  readonly segments: readonly PathSegment[];
  readonly message: string;
}

/** The first limit `data` breaks, if any: for data that did not come through the JSON reader (YAML, a module). */
export function limitProblem(data: unknown): LimitProblem | undefined {
  let nodes = 0;
  const path: PathSegment[] = [];
  // Recursion is safe: it never goes deeper than MAX_DEPTH + 1. A cycle (a recursive YAML alias, a module's
  // object graph) ends as "too deep" instead of looping.
  const visit = (value: unknown, depth: number): LimitProblem | undefined => {
    if (++nodes > MAX_NODES) return { segments: [], message: TOO_MANY };
    if (typeof value !== 'object' || value === null) return undefined;
    if (depth > MAX_DEPTH) return { segments: [...path], message: TOO_DEEP };
    const entries: [PathSegment, unknown][] = Array.isArray(value) ? value.map((item, i) => [i, item]) : Object.entries(value);
    for (const [segment, child] of entries) {
      // A key counts as a node, as in the JSON reader.
      if (typeof segment === 'string' && ++nodes > MAX_NODES) return { segments: [], message: TOO_MANY };
      path.push(segment);
      const problem = visit(child, depth + 1);
      path.pop();
      if (problem) return problem;
    }
    return undefined;
  };
  return visit(data, 1);
}
