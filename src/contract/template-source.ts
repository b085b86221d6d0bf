// Where a custom CONTRACT.md template comes from: --template, else the model's contract.template (relative to the
// model file). Read at the edges (CLI, app), then passed in as text. A model is data: the template it names is
// resolved with realpath and must lie inside the model's own folder, so no symbolic link can make a YAML model
// read another file into CONTRACT.md and deploy it.
import { realpathSync } from 'node:fs';
import { dirname, posix } from 'node:path';
import { isInside } from '../model/inside-folder';
import { DEFAULT_MODEL_PATH } from '../model/load';
import { ModelFileError } from '../model/model-file-error';
import { pathTextProblem } from '../model/plain-text';
import { ModelError } from '../model/problems';
import { readTextFile } from '../model/read-model-file';
import type { TeamModel } from '../model/types';
import type { TemplateFile } from './template-check';

/** The path of the model's contract.template, as seen from the working directory; undefined when it names none. */
export function modelTemplatePath(model: TeamModel, modelPath: string = DEFAULT_MODEL_PATH): string | undefined {
  const template = model.contract.template;
  if (template === undefined) return undefined;
  const base = dirname(modelPath.replace(/\\/g, '/'));
  // Validation keeps it relative and free of '..': as written, it lies below the model's folder.
  return posix.normalize(posix.join(base, template.replace(/\\/g, '/')));
}

/** `path` with every symbolic link resolved; a path that does not resolve is reported when it is read. */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** A template file's text: regular UTF-8 files only, like the model (ModelFileError, exit 2, otherwise). */
export function readTemplate(path: string): TemplateFile {
  const badPath = pathTextProblem(path);
  if (badPath) throw new ModelFileError(`cannot read template '${path}': ${badPath}`);
  return { name: path, text: readTextFile(path, 'template') };
}

/** The model's template, after checking that its real path lies inside the model folder's real path. */
function readModelTemplate(path: string, model: TeamModel, modelPath: string): TemplateFile {
  const folder = realPath(dirname(modelPath));
  const real = realPath(path);
  if (!isInside(folder, real)) {
    throw new ModelError(
      [
        {
          path: 'contract.template',
          message: `'${model.contract.template}' resolves to '${real}', outside the model's folder '${folder}' (through a symbolic link): copy the template into the model's folder`,
        },
      ],
      modelPath,
    );
  }
  // Read by its real path: the link checked is the link read.
  return { name: path, text: readTextFile(real, 'template') };
}

/** The template to render with: `flag` (a --template path) first, then the model's, else undefined (built in). */
export function selectTemplate(model: TeamModel, modelPath: string | undefined, flag?: string): TemplateFile | undefined {
  if (flag !== undefined) {
    if (flag === '') throw new ModelFileError('--template needs a file name');
    return readTemplate(flag);
  }
  const path = modelTemplatePath(model, modelPath);
  return path === undefined ? undefined : readModelTemplate(path, model, modelPath ?? DEFAULT_MODEL_PATH);
}

/** The files a render of `model` reads besides the model: its template (--template, else contract.template), if any. */
export function templateInputs(model: TeamModel, modelPath: string, flag?: string): string[] {
  const path = flag ?? modelTemplatePath(model, modelPath);
  return path === undefined ? [] : [path];
}
