// Types of matcher.js, the dependency-free file-ownership matcher the edit hook runs.

export interface OwnershipPattern {
  readonly pattern: string;
  /** Agents that OWN what the pattern matches: they may edit it. Sorted. */
  readonly owners: readonly string[];
  /** Agents that may only read it. Sorted. */
  readonly readers: readonly string[];
}

/** The compact file-ownership matrix synth and `agent-contract agents` write for the hook. */
export interface Ownership {
  readonly version: 1;
  /** Who to ask when no pattern covers a path. */
  readonly orchestrator: string;
  readonly patterns: readonly OwnershipPattern[];
}

export interface Decision {
  readonly allowed: boolean;
  readonly reason: string;
}

export function globToRegExp(pattern: string): RegExp;
export function specificity(pattern: string): [number, number];
export function deciding<T extends { readonly pattern: string }>(patterns: readonly T[], path: string): T[];
export function repositoryPath(path: string, root: string): string | undefined;
export function decide(ownership: Ownership, agent: string, path: string): Decision;
