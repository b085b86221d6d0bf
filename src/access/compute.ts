// THE derivation of who may use which compute and within which limits. Policies, warehouses, the runtime
// guard, the contract's cost tables and the access matrix all read it.
import type { Compute, ComputeType, TeamModel } from '../model/types';
import { compareText } from '../model/compare-text';

export interface ComputeAccess {
  readonly name: string;
  readonly type: ComputeType;
  readonly owner: string;
  /** Owner first, then the allowed agents sorted; exactly who gets CAN_USE. */
  readonly users: readonly string[];
  readonly purpose: string;
  readonly maxRuntimeMinutes?: number;
  readonly autoTerminateMinutes?: number;
  /** Clusters one agent may run at once on its policy (max_clusters_per_user); cluster rows only. */
  readonly maxClustersPerAgent?: number;
  readonly row: Compute;
}

/** Interactive clusters: one per agent; job and dlt clusters: one per concurrent run or update. */
export const DEFAULT_MAX_CLUSTERS_PER_AGENT: Readonly<Record<Exclude<ComputeType, 'sql-warehouse'>, number>> = {
  'all-purpose': 1,
  gpu: 1,
  job: 5,
  dlt: 5,
};

/** Run once per model by resolveEnvironment (team-environment.ts): stacks, the guard's limits, the contract and the access matrix read its result there. */
export function deriveCompute(model: TeamModel): readonly ComputeAccess[] {
  return model.compute.map((row) => ({
    name: row.name,
    type: row.type,
    owner: row.owner,
    users: [row.owner, ...[...new Set(row.agents)].filter((agent) => agent !== row.owner).sort()],
    purpose: row.purpose,
    maxRuntimeMinutes: row.maxRuntimeMinutes,
    autoTerminateMinutes: row.autoTerminateMinutes,
    maxClustersPerAgent: row.type === 'sql-warehouse' ? undefined : (row.maxClustersPerAgent ?? DEFAULT_MAX_CLUSTERS_PER_AGENT[row.type]),
    row,
  }));
}

/** Cluster-backed rows (everything but SQL warehouses) get a cluster policy. */
export const isClusterCompute = (compute: { type: ComputeType }) => compute.type !== 'sql-warehouse';

/**
 * Maximum runtime per compute row, in minutes: what the runtime guard enforces on clusters, runs and pipeline
 * updates whose `compute` tag names the row. Limits belong to rows, not agents: an agent using two rows gets
 * each row's own limit.
 */
export function runtimeLimits(rows: readonly ComputeAccess[]): Readonly<Record<string, number>> {
  const limits: [string, number][] = [];
  for (const compute of rows) {
    if (compute.maxRuntimeMinutes !== undefined) limits.push([compute.name, compute.maxRuntimeMinutes]);
  }
  return Object.fromEntries(limits.sort(([a], [b]) => compareText(a, b)));
}

/** The custom tag naming the compute row on clusters, jobs and pipelines: the runtime guard keys limits by it. */
export const COMPUTE_TAG = 'compute';

/** The rows with a maximum runtime that `agent` may use, by name: what the runtime guard may limit its compute by. */
export function limitedRowsOf(rows: readonly ComputeAccess[], agent: string): readonly string[] {
  return rows
    .filter((row) => row.maxRuntimeMinutes !== undefined && row.users.includes(agent))
    .map((row) => row.name)
    .sort();
}

/**
 * The limit the runtime guard gives an agent's compute whose `compute` tag is missing, unknown or names a row the agent
 * may not use, or whose cluster did not come from the agent's own policies: the strictest of the agent's limited rows
 * (ties: the first name), else the strictest of the model (guard/runtime_guard.py Roster.strictest, same order).
 */
export function strictestLimitOf(rows: readonly ComputeAccess[], agent: string): { row?: string; minutes: number } | undefined {
  const limits = runtimeLimits(rows);
  const byLimit = (rows: readonly string[]) =>
    [...rows].sort((a, b) => limits[a] - limits[b] || (a < b ? -1 : a > b ? 1 : 0)).map((row) => ({ row, minutes: limits[row] }))[0];
  const own = byLimit(limitedRowsOf(rows, agent));
  if (own) return own;
  const anyRow = byLimit(Object.keys(limits));
  return anyRow && { minutes: anyRow.minutes };
}
