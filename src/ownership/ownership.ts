// The compact file-ownership matrix the edit hook reads, and what makes a matrix ambiguous. Both come from the
// model's fileOwnership; the hook itself (may-edit.ts) loads neither the model nor any dependency.
import type { TeamModel } from '../model/types';
import { allAgents } from '../model/types';
import { specificity, type Ownership } from './matcher';
import { compileWildcard, overlapOf, type Wildcard } from './wildcard';
import { firstSegment, ownershipText } from './ownership-file';

type Entry = { readonly pattern: string; readonly access: Readonly<Record<string, 'OWNS' | 'READS'>> };
type OwnershipModel = Pick<TeamModel, 'fileOwnership' | 'roles' | 'repository' | 'agents'>;

const agentsWith = (entry: Entry, level: 'OWNS' | 'READS') =>
  Object.entries(entry.access)
    .filter(([, access]) => access === level)
    .map(([agent]) => agent)
    .sort();

/** Patterns that match every path: an agent owning one has no narrow ownership. */
const EVERYTHING = new Set(['**', '**/*']);

/** Agents whose unreadable shell commands the hook refuses, by the model's `repository.unreadableCommands`. */
function refusingUnreadable(model: OwnershipModel): string[] {
  const agents = allAgents(model as TeamModel).map((agent) => agent.name);
  const setting = model.repository.unreadableCommands;
  if (setting === 'allow') return [];
  if (setting === 'refuse') return agents.sort();
  const broad = new Set(model.fileOwnership.filter((entry) => EVERYTHING.has(entry.pattern)).flatMap((entry) => agentsWith(entry, 'OWNS')));
  return agents.filter((agent) => !broad.has(agent)).sort();
}

/** The matrix as the hook reads it: owners and readers per pattern in model order, and the protected paths. */
export function ownershipOf(model: OwnershipModel, protectedPaths: readonly string[] = []): Ownership {
  return {
    version: 2,
    orchestrator: model.roles.orchestrator,
    mainAgent: model.repository.mainAgent ?? model.roles.orchestrator,
    agents: allAgents(model as TeamModel)
      .map((agent) => agent.name)
      .sort(),
    refuseUnreadable: refusingUnreadable(model),
    protected: [...protectedPaths],
    patterns: model.fileOwnership.map((entry) => ({
      pattern: entry.pattern,
      owners: agentsWith(entry, 'OWNS'),
      readers: agentsWith(entry, 'READS'),
    })),
  };
}

/** Where synth and `agent-contract agents` write the matrix, beside the plans or the agent definitions. */
export const OWNERSHIP_FILE = 'ownership.json';

/** The ownership file's text, as both writers write it (layout: ownership-file.ts). */
export function ownershipFileText(model: OwnershipModel, protectedPaths: readonly string[] = []): string {
  return ownershipText(ownershipOf(model, protectedPaths));
}

/**
 * Pairs of patterns that can decide the same path with different owners: equally specific, overlapping, and not
 * owned by the same agents; `path` is a path both match. The most specific pattern decides a path, so only such ties
 * are ambiguous. Only patterns of one specificity and one literal first segment can tie, so they are compared in
 * those groups: 10,000 patterns of distinct folders cost no pairwise work.
 */
export function ambiguousPatterns(entries: readonly Entry[]): { first: number; second: number; path: string }[] {
  const groups = new Map<string, number[]>();
  entries.forEach((entry, i) => {
    const rank = specificity(entry.pattern);
    const key = `${rank[0]}:${rank[1]}:${rank[0] > 0 ? firstSegment(entry.pattern) : ''}`;
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  });
  const compiled = new Map<number, Wildcard>();
  const wildcard = (i: number) => compiled.get(i) ?? compiled.set(i, compileWildcard(entries[i].pattern)).get(i)!;
  const owners = new Map<number, string>();
  const ownersOf = (i: number) => owners.get(i) ?? owners.set(i, agentsWith(entries[i], 'OWNS').join()).get(i)!;
  const found: { first: number; second: number; path: string }[] = [];
  for (const group of groups.values())
    group.forEach((i, at) => {
      for (const j of group.slice(at + 1)) {
        if (ownersOf(i) === ownersOf(j)) continue;
        const path = overlapOf(wildcard(i), wildcard(j));
        if (path !== undefined) found.push({ first: i, second: j, path });
      }
    });
  return found.sort((a, b) => a.second - b.second || a.first - b.first);
}

/** Each pattern an agent OWNS that covers a protected path, with a path it would cover. */
export function protectedOverlaps(entries: readonly Entry[], protectedPaths: readonly string[]): { entry: number; covers: string; path: string }[] {
  const found: { entry: number; covers: string; path: string }[] = [];
  // A guard for every folder (`**/.databrickscfg`) would flag every folder pattern: only rooted guards are reported.
  const guards = protectedPaths.filter((pattern) => !pattern.startsWith('**')).map((pattern) => ({ pattern, wildcard: compileWildcard(pattern) }));
  entries.forEach((entry, i) => {
    if (!agentsWith(entry, 'OWNS').length) return;
    const own = compileWildcard(entry.pattern);
    for (const guard of guards) {
      const path = overlapOf(own, guard.wildcard);
      if (path !== undefined) found.push({ entry: i, covers: guard.pattern, path });
    }
  });
  return found;
}
