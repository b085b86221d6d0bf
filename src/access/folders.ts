// Which file-ownership patterns become workspace folders, and who gets what on each.
import type { TeamModel } from '../model/types';

export interface FolderAccess {
  readonly pattern: string;
  /** Path below the workspace root, e.g. `pipelines/bronze`. */
  readonly directory: string;
  /** Absolute workspace path. */
  readonly path: string;
  /** Sorted by agent. */
  readonly access: readonly { readonly agent: string; readonly access: 'OWNS' | 'READS' }[];
}

/**
 * A pattern is directory-rooted when literal path segments are followed only by `**` or `**\/*`
 * (`src/**\/*`, `pipelines/bronze/**`). Others (`*.md`, `.claude/STATUS.md`) exist only in the repository.
 */
export function directoryOf(pattern: string): string | undefined {
  const match = /^((?:[A-Za-z0-9_.-]+\/)*[A-Za-z0-9_.-]+)\/\*\*(?:\/\*)?$/.exec(pattern);
  return match?.[1];
}

export function deriveFolders(model: TeamModel): { folders: readonly FolderAccess[]; repositoryOnly: readonly string[] } {
  const folders: FolderAccess[] = [];
  const repositoryOnly: string[] = [];
  for (const entry of model.fileOwnership) {
    const directory = directoryOf(entry.pattern);
    if (directory === undefined) {
      repositoryOnly.push(entry.pattern);
      continue;
    }
    const access = Object.entries(entry.access)
      .map(([agent, level]) => ({ agent, access: level }))
      .sort((a, b) => a.agent.localeCompare(b.agent));
    folders.push({ pattern: entry.pattern, directory, path: `${model.project.workspaceRoot}/${directory}`, access });
  }
  return { folders, repositoryOnly };
}
