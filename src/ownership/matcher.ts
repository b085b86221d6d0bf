// Who may edit a repository path, by the file-ownership matrix. The edit hook runs this on every edit an agent makes:
// it imports nothing but the wildcard automaton, and indexes the patterns by their first literal segment so that
// 10,000 patterns cost a lookup and a handful of matches, not 10,000.
import { compileWildcard, matchesWildcard, type Wildcard } from './wildcard';

export interface OwnershipPattern {
  readonly pattern: string;
  /** Agents that OWN what the pattern matches: they may edit it. Sorted. */
  readonly owners: readonly string[];
  /** Agents that may only read it. Sorted. */
  readonly readers: readonly string[];
}

/** The compact file-ownership matrix `agent-contract agents` and synth write for the hook. */
export interface Ownership {
  readonly version: 2;
  /** Who to ask when no pattern covers a path. */
  readonly orchestrator: string;
  /** The agent the main session (an event without `agent_type`) is judged as. */
  readonly mainAgent: string;
  /** Every agent of the team, sorted: any other `agent_type` may edit nothing. */
  readonly agents: readonly string[];
  /** Agents whose shell commands the hook cannot read are refused (the others' are allowed). Sorted. */
  readonly refuseUnreadable: readonly string[];
  /** Patterns no agent may edit whatever the matrix says: the enforcement's own files. */
  readonly protected: readonly string[];
  readonly patterns: readonly OwnershipPattern[];
}

export interface Decision {
  readonly allowed: boolean;
  readonly reason: string;
}

/**
 * How specific a pattern is: its literal leading segments, then its literal characters. The most specific
 * matching pattern decides: `pipelines/bronze/**` over `pipelines/**\/*` for `pipelines/bronze/x.py`.
 */
export function specificity(pattern: string): [number, number] {
  const segments = pattern.split('/');
  let literal = 0;
  while (literal < segments.length && !segments[literal].includes('*')) literal++;
  return [literal, pattern.replace(/\*/g, '').length];
}

const compare = (a: readonly number[], b: readonly number[]) => a[0] - b[0] || a[1] - b[1];

/**
 * Patterns bucketed by their first segment (lowercased) when it is literal, by position; the rest are tried for every
 * path. Building it touches each pattern once and compiles none: only a path's candidates are compiled, when asked.
 */
export interface PatternIndex<T extends { readonly pattern: string }> {
  readonly items: readonly T[];
  readonly byFirst: Map<string, number[]>;
  readonly wild: number[];
  readonly compiled: Map<number, Wildcard>;
}

const firstSegment = (path: string) => {
  const slash = path.indexOf('/');
  return slash < 0 ? path : path.slice(0, slash);
};

export function indexPatterns<T extends { readonly pattern: string }>(items: readonly T[]): PatternIndex<T> {
  const byFirst = new Map<string, number[]>();
  const wild: number[] = [];
  for (let i = 0; i < items.length; i++) {
    const first = firstSegment(items[i].pattern);
    if (first.includes('*')) wild.push(i);
    else {
      const key = first.toLowerCase();
      const bucket = byFirst.get(key);
      if (bucket) bucket.push(i);
      else byFirst.set(key, [i]);
    }
  }
  return { items, byFirst, wild, compiled: new Map() };
}

function matches<T extends { readonly pattern: string }>(index: PatternIndex<T>, i: number, path: string, ignoreCase: boolean): boolean {
  // Folded automatons are kept under negative keys, beside the exact ones.
  const key = ignoreCase ? -1 - i : i;
  let wildcard = index.compiled.get(key);
  if (!wildcard) {
    wildcard = compileWildcard(ignoreCase ? index.items[i].pattern.toLowerCase() : index.items[i].pattern);
    index.compiled.set(key, wildcard);
  }
  return matchesWildcard(wildcard, ignoreCase ? path.toLowerCase() : path);
}

/** The patterns matching `path` that decide it (the most specific ones, in model order), or none. */
export function deciding<T extends { readonly pattern: string }>(index: PatternIndex<T>, path: string, ignoreCase = false): T[] {
  const candidates = [...(index.byFirst.get(firstSegment(path).toLowerCase()) ?? []), ...index.wild];
  let best: [number, number] | undefined;
  let found: number[] = [];
  for (const i of candidates) {
    if (!matches(index, i, path, ignoreCase)) continue;
    const rank = specificity(index.items[i].pattern);
    const order = best === undefined ? 1 : compare(rank, best);
    if (order > 0) {
      best = rank;
      found = [i];
    } else if (order === 0) found.push(i);
  }
  return found.sort((a, b) => a - b).map((i) => index.items[i]);
}

/**
 * The deciding patterns, judged as the file system may: where a path matches a more specific pattern only when case
 * is ignored (`Pipelines/Bronze/x.py` on a case-insensitive disk is `pipelines/bronze/x.py`), that pattern decides.
 */
export function decidingAnyCase<T extends { readonly pattern: string }>(index: PatternIndex<T>, path: string): { found: T[]; folded: boolean } {
  const exact = deciding(index, path);
  const folded = deciding(index, path, true);
  if (folded.length && (!exact.length || compare(specificity(folded[0].pattern), specificity(exact[0].pattern)) > 0))
    return { found: folded, folded: true };
  return { found: exact, folded: false };
}

/**
 * Whether `agent` may edit `path` (relative to the repository root, `/`-separated) by the matrix: it may when it
 * OWNS the deciding pattern. `index` is `indexPatterns(ownership.patterns)`, built once per process.
 */
export function decide(ownership: Ownership, index: PatternIndex<OwnershipPattern>, agent: string, path: string): Decision {
  const { found, folded } = decidingAnyCase(index, path);
  if (!found.length) {
    return { allowed: false, reason: `no file-ownership pattern covers '${path}': ask ${ownership.orchestrator} to add one to the model` };
  }
  const owners = [...new Set(found.flatMap((entry) => entry.owners))].sort();
  const patterns = found.map((entry) => `'${entry.pattern}'`).join(', ') + (folded ? ' (matched ignoring case)' : '');
  if (owners.includes(agent)) return { allowed: true, reason: `${agent} owns '${path}' by ${patterns}` };
  const reads = found.some((entry) => entry.readers.includes(agent));
  const ask = owners.length ? owners.join(' or ') : ownership.orchestrator;
  return {
    allowed: false,
    reason: `${agent} ${reads ? 'may only read' : 'has no access to'} '${path}' (pattern ${patterns}): ask ${ask} to make the change`,
  };
}

/** The protected pattern `path` falls under, ignoring case (a case-insensitive disk holds one file either way). */
export function protectedBy(patterns: readonly string[], path: string): string | undefined {
  const folded = path.toLowerCase();
  return patterns.find((pattern) => matchesWildcard(compileWildcard(pattern.toLowerCase()), folded));
}
