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

/**
 * Every directory below the root the stack must declare, parents before children: the folders of the matrix and
 * their ancestors. Declaring the ancestors too keeps destroy order right, since a folder is only deleted empty
 * (`delete_recursive` defaults to false, DATABRICKS.md "Directories").
 */
export function directoryTree(folders: readonly FolderAccess[]): readonly string[] {
  const all = new Set<string>();
  for (const folder of folders) {
    const segments = folder.directory.split('/');
    for (let depth = 1; depth <= segments.length; depth++) all.add(segments.slice(0, depth).join('/'));
  }
  return [...all].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
}
