// Everything `agent-contract diff` reports between two synthesized plans, each part computed by its own module.
import { diffAccess, type IdentityChanges } from './access-diff';
import { diffComputeLimits } from './compute-limits';
import { diffDestroyed } from './destroyed';
import { diffOwnerOnlyChanges } from './owner-only-changes';
import { originMismatches, type OriginMismatch } from './plan-origin';
import type { Plan } from './read-plan';
import { diffTableColumns } from './table-columns';

export interface PlanDiff {
  readonly oldFile: string;
  readonly newFile: string;
  /** The plans belong to different stacks, workspaces or projects. */
  readonly mismatches: readonly OriginMismatch[];
  /** Per identity, sorted by label. */
  readonly access: readonly IdentityChanges[];
  readonly destructiveColumns: readonly string[];
  readonly ownerOnly: readonly string[];
  readonly columns: readonly string[];
  readonly limits: readonly string[];
  readonly destroyed: readonly string[];
}

export function diffPlans(before: Plan, after: Plan): PlanDiff {
  const columns = diffTableColumns(before, after);
  return {
    oldFile: before.file,
    newFile: after.file,
    mismatches: originMismatches(before, after),
    access: diffAccess(before, after),
    destructiveColumns: columns.destructive,
    ownerOnly: diffOwnerOnlyChanges(before, after),
    columns: columns.other,
    limits: diffComputeLimits(before, after),
    destroyed: diffDestroyed(before, after),
  };
}

/** Anything a reviewer must look at: every section is a change of access, cost or data. */
export function hasChanges(diff: PlanDiff): boolean {
  return [diff.access, diff.destructiveColumns, diff.ownerOnly, diff.columns, diff.limits, diff.destroyed].some((section) => section.length > 0);
}

/** Review needed: changes, or plans that are not the same stack and project (their diff cannot be trusted as "no change"). */
export function needsReview(diff: PlanDiff): boolean {
  return hasChanges(diff) || diff.mismatches.length > 0;
}
