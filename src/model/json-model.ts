// Parses and validates a model written as JSON through the JSON reader alone: duplicate keys, syntax errors,
// limits and validation problems all come with their line and column, and the YAML parser is never loaded.
import { readJson } from './json-reader';
import { ModelError, formatPath } from './problems';
import { EMPTY_MODEL } from './empty-model';
import { validateRaw, type ModelCheck } from './validate';
import type { TeamModel } from './types';

/** Parses and validates JSON model text; throws ModelError listing every problem with its line and column. */
export function parseJsonModel(text: string, file: string | undefined, checks: readonly ModelCheck[]): TeamModel {
  const { value } = readJson(text, file);
  if (value === null) throw new ModelError([{ path: '', message: EMPTY_MODEL }], file);
  const result = validateRaw(value, checks);
  if (result.ok) return result.model;
  // Positions cost a second read; only an invalid model pays it.
  const document = readJson(text, file, true);
  throw new ModelError(
    result.problems.map((problem) => ({ path: formatPath(problem.segments), message: problem.message, ...document.position(problem.segments) })),
    file,
  );
}
