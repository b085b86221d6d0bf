// DAC-WS1: nothing the stack puts in the workspace lives under /Shared, where permissions restrict nothing.
import { isUnderShared } from '../access/checks/workspace';
import { NOT_APPLICABLE, verdict, type GuardrailRule } from './rule';
import { resolvedPath } from './workspace-path';

const PATH_KEYS: Readonly<Record<string, string>> = {
  databricks_directory: 'path',
  databricks_workspace_file: 'path',
  databricks_notebook: 'path',
  databricks_permissions: 'directory_path',
};

/**
 * Every user holds CAN_MANAGE on everything under /Shared, inherited and irremovable (DATABRICKS.md "Directories").
 * Paths are resolved through the folders they derive from, so a child of a /Shared folder is seen too.
 */
export const noSharedFolders: GuardrailRule = {
  id: 'DAC-WS1',
  summary: 'no workspace folder, file or notebook under /Shared unless the model allows unrestricted folders',
  checks: 'No directory, workspace file or notebook under `/Shared` unless `project.allowUnrestrictedFolders`.',
  why: 'Every user manages everything under `/Shared`, by inheritance that cannot be removed, so folder permissions there restrict nothing.',
  fix: "Move it below the project's workspace root (`project.workspaceRoot`).",
  check(element, context) {
    const key = PATH_KEYS[element.type];
    const written = key === undefined ? undefined : element.config[key];
    if (typeof written !== 'string') return NOT_APPLICABLE;
    const path = resolvedPath(written, context);
    if (!isUnderShared(path) || context.model.project.allowUnrestrictedFolders) return verdict([]);
    return verdict([`'${path}' is under /Shared, where every user manages everything: move it below the project's workspace root`]);
  },
};
