// Loads a model written as a TypeScript or JavaScript module (its default export) through the same checks as
// a YAML or JSON model; whatever the module throws or exports becomes a message, never a crash.
import { resolve } from 'node:path';
import { limitProblem, shortPath } from './limits';
import { ModelFileError } from './model-file-error';
import { ModelError } from './problems';
import { checkRegularFile } from './read-model-file';
import { validateModel, type ModelCheck } from './validate';
import type { TeamModel } from './types';

const EXAMPLE = 'export default { project: …, agents: … } as in stacks/team.example.ts';

/** An Error, also from another realm (a module run in a vm context), where instanceof Error is false. */
function isError(value: unknown): value is Error {
  return value instanceof Error || Object.prototype.toString.call(value) === '[object Error]';
}

/** A short, safe description of any value: a module may throw or export anything, even things that throw when printed. */
export function describeValue(value: unknown): string {
  try {
    if (isError(value)) return String(value.message).split('\n')[0] || value.name;
    if (value === null || value === undefined || typeof value !== 'object') {
      const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
      return text.length > 60 ? `${text.slice(0, 57)}...` : text;
    }
    return Array.isArray(value) ? `an array of ${value.length}` : `an object (${Object.prototype.toString.call(value)})`;
  } catch {
    return 'a value that cannot be printed';
  }
}

/** What a default export is instead of an object, e.g. `a number (42)`. */
function whatExport(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `an array (${value.length} items)`;
  return typeof value === 'function' ? 'a function' : `a ${typeof value} (${describeValue(value)})`;
}

/** The default export, or a CommonJS module's `module.exports`. */
function defaultExport(exported: unknown, path: string): unknown {
  if (typeof exported !== 'object' || exported === null) return exported;
  if ('default' in exported) return (exported as { default: unknown }).default;
  if ((exported as { __esModule?: boolean }).__esModule) {
    throw new ModelError([{ path: '', message: `the module has no default export: ${EXAMPLE}` }], path);
  }
  return exported;
}

/** Loads `path` (.ts or .js) and validates its default export (or module.exports). */
export function loadModelModule(path: string, checks: readonly ModelCheck[]): TeamModel {
  // A FIFO or a device would block require() forever.
  checkRegularFile(path, 'model');
  let exported: unknown;
  try {
    exported = require(resolve(path));
  } catch (error) {
    if (error instanceof ModelError) throw error;
    const what = isError(error) ? describeValue(error) : `it threw ${describeValue(error)}, not an Error`;
    throw new ModelFileError(`cannot load model module '${path}': ${what}: fix the module so that it runs`);
  }
  const data = defaultExport(exported, path);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ModelError([{ path: '', message: `the default export is ${whatExport(data)}, not the model object: ${EXAMPLE}` }], path);
  }
  let limit: ReturnType<typeof limitProblem>;
  try {
    limit = limitProblem(data);
  } catch (error) {
    // A getter or proxy in the export that throws when read.
    throw new ModelFileError(
      `cannot read the model exported by '${path}': ${isError(error) ? describeValue(error) : `reading it threw ${describeValue(error)}`}`,
    );
  }
  if (limit) throw new ModelError([{ path: shortPath(limit.segments), message: limit.message }], path);
  const result = validateModel(data, checks);
  if (!result.ok) throw new ModelError(result.problems, path);
  return result.model;
}
