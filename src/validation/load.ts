// Loading a model from YAML or JSON text, a model file or a TypeScript/JavaScript module, always through every
// check of the model (ALL_CHECKS). How each format is read lives in model/load.ts.
import * as model from '../model/load';
import type { TeamModel, TeamModelInput } from '../model/types';
import { ALL_CHECKS } from './checks';

export { DEFAULT_MODEL_PATH, ModelFileError } from '../model/load';

/** Parses and validates YAML or JSON text; throws ModelError listing every problem with its line. */
export function parseModelText(text: string, file?: string): TeamModel {
  return model.parseModelText(text, file, ALL_CHECKS);
}

/** Validates a model written in TypeScript; throws ModelError listing every problem. */
export function defineModel(input: TeamModelInput): TeamModel {
  return model.defineModel(input, ALL_CHECKS);
}

/** Loads a model file: .yaml/.yml/.json, or a .ts/.js module whose default export is the model input. */
export function loadModelFile(path: string = model.DEFAULT_MODEL_PATH): TeamModel {
  return model.loadModelFile(path, ALL_CHECKS);
}
