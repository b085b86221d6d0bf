// Which file-ownership patterns become workspace folders, and who gets what on each: OWNS → CAN_MANAGE and
// READS → CAN_READ, except where an owner would write code that runs as someone else.
import type { TeamModel } from '../model/types';
import { codeSources, folderHoldsCode, within, type CodeSource } from './code-sources';
import { codePaths, decidersOf, type Decider, type OwnershipEntry } from './code-writers';
import { compareText } from '../model/compare-text';

export interface FolderAccess {
  readonly pattern: string;
  /** Path below the workspace root, e.g. `pipelines/bronze`. */
  readonly directory: string;
  /** Absolute workspace path. */
  readonly path: string;
  /** Sorted by agent; `access` is what the folder grants: a narrowed owner READS. */
  readonly access: readonly { readonly agent: string; readonly access: 'OWNS' | 'READS' }[];
}

/**
 * An owner that gets CAN_READ instead of CAN_MANAGE on its pattern's folder: folder permissions are inherited by
 * everything below and cannot be narrowed there (DATABRICKS.md "Reviewed again"), and code below runs as another
 * identity, so CAN_MANAGE would let the owner write that identity's code.
 */
export interface FolderNarrowing {
  /** Index into `fileOwnership`. */
  readonly patternIndex: number;
  readonly pattern: string;
  readonly directory: string;
  readonly path: string;
  readonly agent: string;
  /** The code below the folder that runs as someone else, and the more specific patterns that decide it. */
  readonly because: readonly { readonly source: CodeSource; readonly decidedBy: readonly { readonly index: number; readonly pattern: string }[] }[];
  /** Folders the stack declares between this one and the others' (below the root) where the owner keeps CAN_MANAGE. */
  readonly keeps: readonly string[];
}

/**
 * A pattern is directory-rooted when literal path segments are followed only by `**` or `**\/*`
 * (`src/**\/*`, `pipelines/bronze/**`). Others (`*.md`, `.claude/STATUS.md`) exist only in the repository.
 */
export function directoryOf(pattern: string): string | undefined {
  const match = /^((?:[A-Za-z0-9_.-]+\/)*[A-Za-z0-9_.-]+)\/\*\*(?:\/\*)?$/.exec(pattern);
  return match?.[1];
}

const parentOf = (directory: string) => directory.slice(0, Math.max(directory.lastIndexOf('/'), 0));

/**
 * The folders of the matrix with what each grants, the repository-only patterns, and every owner narrowed to
 * CAN_READ. An agent may write a folder only if every pipeline source below it — a library's notebook or file, or
 * what a glob include picks up, above or below the glob's base — runs as that agent. A narrowed owner keeps
 * CAN_MANAGE on the folders the stack declares below its own that hold no one else's code and no pattern of their
 * own (parents of deeper patterns).
 */
export interface FolderLayout {
  readonly folders: readonly FolderAccess[];
  /** Patterns that exist only in the repository (no workspace folder). */
  readonly repositoryOnly: readonly string[];
  readonly narrowings: readonly FolderNarrowing[];
}

export function deriveFolders(model: TeamModel): FolderLayout {
  const sources = codeSources(model);
  const decide = decidersOf(model.fileOwnership);
  const foreignBelow = (directory: string, agent: string) => sources.filter((source) => source.runAs !== agent && folderHoldsCode(directory, source));
  const declared = model.fileOwnership.flatMap((entry, index) => {
    const directory = directoryOf(entry.pattern);
    return directory === undefined ? [] : [{ entry, index, directory }];
  });
  const tree = directoryTree(declared);
  const patterned = new Set(declared.map(({ directory }) => directory));
  /** The topmost declared folders below `directory` without a pattern where `agent`'s writes reach no one else's code. */
  const writableBelow = (directory: string, agent: string): string[] =>
    tree
      .filter((child) => child !== directory && parentOf(child) === directory && !patterned.has(child))
      .flatMap((child) => (foreignBelow(child, agent).length ? writableBelow(child, agent) : [child]));

  const folders: FolderAccess[] = [];
  const narrowings: FolderNarrowing[] = [];
  const given = new Map<string, Map<string, 'OWNS'>>();
  const pathOf = (directory: string) => `${model.project.workspaceRoot}/${directory}`;
  for (const { entry, index, directory } of declared) {
    const access = Object.entries(entry.access)
      .map(([agent, level]) => {
        const foreign = level === 'OWNS' ? foreignBelow(directory, agent) : [];
        if (!foreign.length) return { agent, access: level };
        const keeps = writableBelow(directory, agent);
        for (const kept of keeps) given.set(kept, (given.get(kept) ?? new Map<string, 'OWNS'>()).set(agent, 'OWNS'));
        narrowings.push({
          patternIndex: index,
          pattern: entry.pattern,
          directory,
          path: pathOf(directory),
          agent,
          because: foreign.map((source) => ({ source, decidedBy: decidersBelow(source, directory, model.fileOwnership, decide, index) })),
          keeps,
        });
        return { agent, access: 'READS' as const };
      })
      .sort((a, b) => compareText(a.agent, b.agent));
    folders.push({ pattern: entry.pattern, directory, path: pathOf(directory), access });
  }
  for (const [directory, agents] of [...given].sort(([a], [b]) => compareText(a, b))) {
    const owner = declared.filter((folder) => within(directory, folder.directory)).sort((a, b) => b.directory.length - a.directory.length)[0];
    const access = [...agents].map(([agent, level]) => ({ agent, access: level })).sort((a, b) => compareText(a.agent, b.agent));
    folders.push({ pattern: owner.entry.pattern, directory, path: pathOf(directory), access });
  }
  const repositoryOnly = model.fileOwnership.filter((entry) => directoryOf(entry.pattern) === undefined).map((entry) => entry.pattern);
  return { folders, repositoryOnly, narrowings };
}

/** The patterns other than `own` that decide the source's code in `directory`: the other half of each narrowed pair. */
function decidersBelow(
  source: CodeSource,
  directory: string,
  patterns: readonly OwnershipEntry[],
  decide: (path: string) => readonly Decider[],
  own: number,
): { index: number; pattern: string }[] {
  const found = new Map<number, string>();
  for (const path of codePaths(source, patterns).filter((candidate) => within(candidate, directory))) {
    for (const decider of decide(path)) if (decider.index !== own) found.set(decider.index, decider.pattern);
  }
  return [...found].sort(([a], [b]) => a - b).map(([index, pattern]) => ({ index, pattern }));
}

/**
 * Every directory below the root the stack must declare, parents before children: the folders of the matrix and
 * their ancestors. Declaring the ancestors too keeps destroy order right, since a folder is only deleted empty
 * (`delete_recursive` defaults to false, DATABRICKS.md "Directories").
 */
export function directoryTree(folders: readonly { readonly directory: string }[]): readonly string[] {
  const all = new Set<string>();
  for (const folder of folders) {
    const segments = folder.directory.split('/');
    for (let depth = 1; depth <= segments.length; depth++) all.add(segments.slice(0, depth).join('/'));
  }
  return [...all].sort((a, b) => a.split('/').length - b.split('/').length || compareText(a, b));
}
