// Loading a model from YAML text, a YAML file or a TypeScript/JavaScript module, always through the same validation.
import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { LineCounter as LineCounterType } from 'yaml';
import { ModelError, formatPath, type Problem } from './problems';
import { validateModel, validateRaw } from './validate';
import type { TeamModel, TeamModelInput } from './types';

export const DEFAULT_MODEL_PATH = 'stacks/team.yaml';

/** Thrown when a model file cannot be read at all: a usage problem, not an invalid model. */
export class ModelFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFileError';
  }
}

/**
 * Parses and validates a model written as JSON (a subset of YAML, for generated models: it parses about
 * a hundred times faster); falls back to YAML, with line numbers, whenever it is not plain JSON.
 */
function parseJsonFast(text: string): TeamModel | undefined {
  if (!/^\s*\{/.test(text)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const result = validateRaw(data);
  // Invalid: let the YAML path report the problems with their lines.
  return result.ok ? result.model : undefined;
}

/** Parses and validates YAML text; throws ModelError listing every problem with its line. */
export function parseModelYaml(text: string, file?: string): TeamModel {
  const fast = parseJsonFast(text);
  if (fast) return fast;
  // Loaded only here: JSON models never pay for the YAML parser.
  const { LineCounter, parseDocument } = require('yaml') as typeof import('yaml');
  const { locate } = require('./locate') as typeof import('./locate');
  const lines: LineCounterType = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    throw new ModelError(
      doc.errors.map((error) => {
        const { line, col } = lines.linePos(error.pos[0]);
        return { path: '', message: `YAML syntax error: ${error.message.split('\n')[0]}`, line, column: col };
      }),
      file,
    );
  }
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) {
    throw new ModelError([{ path: '', message: 'the model is empty: start from stacks/team.yaml' }], file);
  }
  const result = validateRaw(data);
  if (result.ok) return result.model;
  const problems: Problem[] = result.problems.map((problem) => ({
    path: formatPath(problem.segments),
    message: problem.message,
    ...locate(doc, lines, problem.segments),
  }));
  throw new ModelError(problems, file);
}

/** Validates a model written in TypeScript; throws ModelError listing every problem. */
export function defineModel(input: TeamModelInput): TeamModel {
  const result = validateModel(input);
  if (!result.ok) throw new ModelError(result.problems);
  return result.model;
}

/** Loads a model file: .yaml/.yml/.json, or a .ts/.js module whose default export is the model input. */
export function loadModelFile(path: string = DEFAULT_MODEL_PATH): TeamModel {
  const absolute = resolve(path);
  const extension = extname(path);
  if (extension === '.ts' || extension === '.js') {
    let exported: { default?: unknown };
    try {
      exported = require(absolute) as { default?: unknown };
    } catch (error) {
      if (error instanceof ModelError) throw error;
      throw new ModelFileError(`cannot load model module '${path}': ${(error as Error).message.split('\n')[0]}`);
    }
    const data = exported.default ?? exported;
    const result = validateModel(data);
    if (!result.ok) throw new ModelError(result.problems, path);
    return result.model;
  }
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code ?? 'unreadable';
    throw new ModelFileError(`cannot read model '${path}': ${reason}`);
  }
  return parseModelYaml(text, path);
}
