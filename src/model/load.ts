// Loading a model from YAML or JSON text, a model file or a TypeScript/JavaScript module, always through the
// same validation. Which parser reads a text is decided here; each lives in its own module.
import { extname } from 'node:path';
import { EMPTY_MODEL } from './empty-model';
import { ModelFileError } from './model-file-error';
import { loadModelModule } from './module-model';
import { ModelError } from './problems';
import { parseJsonModel } from './json-model';
import { pathTextProblem } from './plain-text';
import { JsonSyntaxError } from './json-reader';
import { readTextFile } from './read-model-file';
import { validateModel, type ModelCheck } from './validate';
import type { TeamModel, TeamModelInput } from './types';

export { ModelFileError };

export const DEFAULT_MODEL_PATH = 'stacks/team.yaml';

/**
 * Parses and validates model text. A `.json` file is JSON: read by the JSON reader alone, which is about a
 * hundred times faster than the YAML parser on large generated models. Other text is YAML, except that text
 * which is plain JSON (JSON is a subset of YAML) takes the same JSON reader, so it gets the same answer.
 */
export function parseModelText(text: string, file: string | undefined, checks: readonly ModelCheck[]): TeamModel {
  // A byte order mark, as some Windows editors write, is not part of the model.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (!/\S/.test(text)) throw new ModelError([{ path: '', message: EMPTY_MODEL }], file);
  if (file !== undefined && extname(file).toLowerCase() === '.json') return parseJsonModel(text, file, checks);
  if (/^\s*\{/.test(text)) {
    try {
      return parseJsonModel(text, file, checks);
    } catch (error) {
      // Not JSON after all: a YAML flow map.
      if (!(error instanceof JsonSyntaxError)) throw error;
    }
  }
  // Loaded only here: JSON models never pay for the YAML parser.
  const { parseYamlModel } = require('./yaml-model') as typeof import('./yaml-model');
  return parseYamlModel(text, file, checks);
}

/** Validates a model written in TypeScript; throws ModelError listing every problem. */
export function defineModel(input: TeamModelInput, checks: readonly ModelCheck[]): TeamModel {
  const result = validateModel(input, checks);
  if (!result.ok) throw new ModelError(result.problems);
  return result.model;
}

/** Loads a model file: .yaml/.yml/.json, or a .ts/.js module whose default export is the model input. */
export function loadModelFile(path: string, checks: readonly ModelCheck[]): TeamModel {
  // The model's path is written into generated files: it is text like any other.
  const badPath = pathTextProblem(path);
  if (badPath) throw new ModelFileError(`cannot read model '${path}': ${badPath}`);
  const extension = extname(path);
  if (extension === '.ts' || extension === '.js') return loadModelModule(path, checks);
  return parseModelText(readTextFile(path, 'model'), path, checks);
}
