// Everything `agent-contract diff` reports between two plans, each part computed by its own module, grouped per agent.
import { diffAccess } from './access-diff';
import type { AgentChange } from './change';
import { diffComputeLimits } from './compute-limits';
import { diffDestroyed } from './destroyed';
import { diffOwnerOnlyChanges } from './owner-only-changes';
import { originMismatches, type OriginMismatch } from './plan-origin';
import type { Plan } from './read-plan';
import type { ReviewCategory, ReviewGroup, ReviewSeverity } from './review-types';
import { diffTableColumns } from './table-columns';

export interface PlanDiff {
  readonly oldFile: string;
  readonly newFile: string;
  /** Two files, or the two sides of one plan file. */
  readonly input: 'files' | 'plan';
  /** The plans belong to different stacks, workspaces or projects. */
  readonly mismatches: readonly OriginMismatch[];
  /** Per agent (by name), then the project (agent null); destructive, then revoking, then other changes. */
  readonly groups: readonly ReviewGroup[];
}

const SEVERITY_ORDER: readonly ReviewSeverity[] = ['destructive', 'revoking', 'change'];
const CATEGORY_ORDER: readonly ReviewCategory[] = ['destroyed', 'columns', 'access', 'ownership', 'owner-only', 'compute-limits'];

function grouped(changes: readonly AgentChange[]): ReviewGroup[] {
  const byAgent = new Map<string | null, AgentChange[]>();
  for (const change of changes) byAgent.set(change.agent, [...(byAgent.get(change.agent) ?? []), change]);
  const agents = [...byAgent.keys()].sort((a, b) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0));
  // Array.prototype.sort is stable: within a severity and category, each part's own order stays.
  const rank = (change: AgentChange) => SEVERITY_ORDER.indexOf(change.severity) * CATEGORY_ORDER.length + CATEGORY_ORDER.indexOf(change.category);
  return agents.map((agent) => ({
    agent,
    changes: byAgent
      .get(agent)!
      .slice()
      .sort((a, b) => rank(a) - rank(b))
      .map(({ agent: _agent, ...change }) => change),
  }));
}

/** `input` "plan": `before` and `after` are the two sides of one plan file (readPlanFile). */
export function diffPlans(before: Plan, after: Plan, input: PlanDiff['input'] = 'files'): PlanDiff {
  const changes = [
    ...diffDestroyed(before, after),
    ...diffTableColumns(before, after),
    ...diffAccess(before, after),
    ...diffOwnerOnlyChanges(before, after),
    ...diffComputeLimits(before, after),
  ];
  return {
    oldFile: before.file,
    newFile: after.file,
    input,
    mismatches: originMismatches(before, after),
    groups: grouped(changes),
  };
}

/** Anything a reviewer must look at: every change is one of access, cost or data. */
export function hasChanges(diff: PlanDiff): boolean {
  return diff.groups.length > 0;
}

/** Review needed: changes, or plans that are not the same stack and project (their diff cannot be trusted as "no change"). */
export function needsReview(diff: PlanDiff): boolean {
  return hasChanges(diff) || diff.mismatches.length > 0;
}
