// Where a custom CONTRACT.md template comes from: --template, else the model's contract.template (relative to the
// model file). Read at the edges (CLI, app), then passed in as text.
import { dirname, posix } from 'node:path';
import { DEFAULT_MODEL_PATH } from '../model/load';
import { readTextFile } from '../model/read-model-file';
import type { TeamModel } from '../model/types';
import type { TemplateFile } from './template-check';

/** The path of the model's contract.template, as seen from the working directory; undefined when it names none. */
export function modelTemplatePath(model: TeamModel, modelPath: string = DEFAULT_MODEL_PATH): string | undefined {
  const template = model.contract.template;
  if (template === undefined) return undefined;
  const base = dirname(modelPath.replace(/\\/g, '/'));
  // Validation keeps it relative and free of '..': it always lies below the model's folder.
  return posix.normalize(posix.join(base, template.replace(/\\/g, '/')));
}

/** A template file's text: regular UTF-8 files only, like the model (ModelFileError, exit 2, otherwise). */
export function readTemplate(path: string): TemplateFile {
  return { name: path, text: readTextFile(path, 'template') };
}

/** The template to render with: `flag` (a --template path) first, then the model's, else undefined (built in). */
export function selectTemplate(model: TeamModel, modelPath: string | undefined, flag?: string): TemplateFile | undefined {
  const path = flag ?? modelTemplatePath(model, modelPath);
  return path === undefined ? undefined : readTemplate(path);
}
