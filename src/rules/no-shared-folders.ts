// DAC-WS1: nothing the stack puts in the workspace lives under /Shared, where permissions restrict nothing.
import { isUnderShared } from '../model/checks/workspace';
import { NOT_APPLICABLE, verdict, type GuardrailRule } from './rule';

const PATH_KEYS: Readonly<Record<string, string>> = {
  databricks_directory: 'path',
  databricks_workspace_file: 'path',
  databricks_notebook: 'path',
  databricks_permissions: 'directory_path',
};

/** Every user holds CAN_MANAGE on everything under /Shared, inherited and irremovable (DATABRICKS.md "Directories"). */
export const noSharedFolders: GuardrailRule = {
  id: 'DAC-WS1',
  level: 'error',
  summary: 'no workspace folder, file or notebook under /Shared unless the model allows unrestricted folders',
  check(element, context) {
    const key = PATH_KEYS[element.type];
    const path = key === undefined ? undefined : element.config[key];
    if (typeof path !== 'string') return NOT_APPLICABLE;
    if (!isUnderShared(path) || context.model.project.allowUnrestrictedFolders) return verdict([]);
    return verdict([`'${path}' is under /Shared, where every user manages everything: move it below the project's workspace root`]);
  },
};
