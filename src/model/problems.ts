// Model problems: a path into the data, a message naming the bad value and the fix, and where in the file it is.
import { printable } from './plain-text';

export interface Problem {
  /** Path into the model, e.g. `schemas[2].owner`; empty for the document itself. */
  readonly path: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

export type PathSegment = string | number;

export function formatPath(segments: readonly PathSegment[]): string {
  return segments.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('');
}

export function formatProblem(problem: Problem, file?: string): string {
  const where = [file, problem.line, problem.column].filter((part) => part !== undefined).join(':');
  const subject = problem.path ? `${problem.path}: ` : '';
  // Printed escaped: a value quoted in a message never reaches the terminal raw, nor breaks the one-line format.
  return printable(`${where ? `${where}: ` : ''}${subject}${problem.message}`);
}

/** Thrown when a model is invalid; carries every problem found, not only the first. */
export class ModelError extends Error {
  constructor(
    readonly problems: readonly Problem[],
    readonly file?: string,
  ) {
    super(
      `${printable(file ?? 'model')} is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((problem) => `  ${formatProblem(problem, file)}`).join('\n'),
    );
    this.name = 'ModelError';
  }
}
