// Who gets what on a job an agent runs; the contract's "Production jobs: only workspace-admin modifies" made real.
import { compareText } from '../model/compare-text';

export type JobLevel = 'IS_OWNER' | 'CAN_MANAGE' | 'CAN_MANAGE_RUN' | 'CAN_VIEW';

export interface JobPermissionsInput {
  /** The row owner: the job runs as it. */
  readonly owner: string;
  /** Every agent of the row, owner included. */
  readonly users: readonly string[];
  readonly workspaceAdmin: string;
  readonly protected: boolean;
}

/**
 * Unprotected: the owner owns the job (IS_OWNER), the row's other agents run and cancel it (CAN_MANAGE_RUN).
 * Protected: no agent owns it — the ACL has no IS_OWNER, so the deploying identity stays owner
 * (permission_definitions.go addOwnerPermissionIfNeeded) — the workspace admin alone may modify it (CAN_MANAGE),
 * and the row's agents may only view it. The workspace admin always holds CAN_MANAGE. Sorted by agent.
 */
export function jobPermissions(input: JobPermissionsInput): { agent: string; level: JobLevel }[] {
  const levels = new Map<string, JobLevel>();
  for (const agent of input.users) levels.set(agent, input.protected ? 'CAN_VIEW' : 'CAN_MANAGE_RUN');
  levels.set(input.workspaceAdmin, 'CAN_MANAGE');
  if (!input.protected) levels.set(input.owner, 'IS_OWNER');
  return [...levels.entries()].sort(([a], [b]) => compareText(a, b)).map(([agent, level]) => ({ agent, level }));
}
