// Who the repository lets edit the code a pipeline runs: the most specific pattern decides each path, and only the
// pipeline's run-as agent may own what decides its code. The model check refuses any other owner.
import { decidingAnyCase, indexPatterns } from '../ownership/matcher';
import { compileWildcard, matchesWildcard, overlapOf } from '../ownership/wildcard';
import { codeSources, globBase, type CodeLocation, type CodeSource, type PipelineCode } from './code-sources';

export interface OwnershipEntry {
  readonly pattern: string;
  readonly access: Readonly<Record<string, 'OWNS' | 'READS'>>;
}

/** The model parts the questions read; a parsed model (before normalization) has them too. */
export interface CodeModel extends PipelineCode {
  readonly fileOwnership: readonly OwnershipEntry[];
}

/** A pattern that decides a path, by its index in `fileOwnership`. */
export interface Decider {
  readonly index: number;
  readonly pattern: string;
  readonly owners: readonly string[];
}

const ownersOf = (entry: OwnershipEntry) =>
  Object.entries(entry.access)
    .filter(([, level]) => level === 'OWNS')
    .map(([agent]) => agent)
    .sort();

/**
 * Paths the code may have: the notebook's or file's own path, or for a glob one path it shares with itself and with
 * each pattern it meets (the shortest both match, found on the product automaton): enough to meet each pattern that
 * can decide some of its files, without enumerating samples.
 */
export function codePaths(code: CodeLocation, patterns: readonly OwnershipEntry[]): string[] {
  if (code.kind !== 'glob' || globBase(code.path) === undefined) return [code.path];
  const glob = compileWildcard(code.path);
  const shared = [code.path, ...patterns.map((entry) => entry.pattern)].map((pattern) => {
    const other = compileWildcard(pattern);
    const path = overlapOf(glob, other);
    // The shortest shared path of two trailing `**` is their folder: name a file in it when both match one.
    const file = `${path}x`;
    return path?.endsWith('/') && matchesWildcard(glob, file) && matchesWildcard(other, file) ? file : path;
  });
  return [...new Set(shared.filter((path): path is string => path !== undefined))].sort();
}

/**
 * A lookup of the patterns that decide a path (the most specific matching ones, judged as the edit hook judges them,
 * case variants included), with their owners. The patterns are indexed once.
 */
export function decidersOf(patterns: readonly OwnershipEntry[]): (path: string) => Decider[] {
  const index = indexPatterns(patterns.map((entry, position) => ({ ...entry, position })));
  return (path) => decidingAnyCase(index, path).found.map((entry) => ({ index: entry.position, pattern: entry.pattern, owners: ownersOf(entry) }));
}

/** An agent the repository lets edit code that runs as another identity. */
export interface ForeignCodeWriter {
  readonly source: CodeSource;
  /** A path of the source's code the pattern decides. */
  readonly path: string;
  readonly decider: Decider;
  readonly agent: string;
}

/** Every (pattern, owner, pipeline library) where the owner is not the identity the library's code runs as. */
export function foreignCodeWriters(model: CodeModel): ForeignCodeWriter[] {
  const found = new Map<string, ForeignCodeWriter>();
  const decide = decidersOf(model.fileOwnership);
  for (const source of codeSources(model)) {
    for (const path of codePaths(source, model.fileOwnership)) {
      for (const decider of decide(path)) {
        for (const agent of decider.owners.filter((owner) => owner !== source.runAs)) {
          const key = `${decider.index}\0${agent}\0${source.pipelineIndex}\0${source.libraryIndex}`;
          if (!found.has(key)) found.set(key, { source, path, decider, agent });
        }
      }
    }
  }
  return [...found.values()];
}
