// THE derivation of who may use which compute and within which limits. Policies, warehouses, the runtime
// guard, the contract's cost tables and the access matrix all read it.
import type { Compute, ComputeType, TeamModel } from '../model/types';

export interface ComputeAccess {
  readonly name: string;
  readonly type: ComputeType;
  readonly owner: string;
  /** Owner first, then the allowed agents sorted; exactly who gets CAN_USE. */
  readonly users: readonly string[];
  readonly purpose: string;
  readonly maxRuntimeMinutes?: number;
  readonly autoTerminateMinutes?: number;
  readonly row: Compute;
}

const cache = new WeakMap<TeamModel, readonly ComputeAccess[]>();

/** Derived once per model: stacks, the guard's limits, the contract and the access matrix all ask. */
export function deriveCompute(model: TeamModel): readonly ComputeAccess[] {
  let derived = cache.get(model);
  if (!derived) cache.set(model, (derived = derive(model)));
  return derived;
}

function derive(model: TeamModel): readonly ComputeAccess[] {
  return model.compute.map((row) => ({
    name: row.name,
    type: row.type,
    owner: row.owner,
    users: [row.owner, ...[...new Set(row.agents)].filter((agent) => agent !== row.owner).sort()],
    purpose: row.purpose,
    maxRuntimeMinutes: row.maxRuntimeMinutes,
    autoTerminateMinutes: row.autoTerminateMinutes,
    row,
  }));
}

/** Cluster-backed rows (everything but SQL warehouses) get a cluster policy. */
export const isClusterCompute = (compute: { type: ComputeType }) => compute.type !== 'sql-warehouse';

/**
 * Maximum runtime per owner agent, in minutes: what the runtime guard enforces on clusters and runs tagged
 * with that agent. An agent owning several rows gets the longest of their limits.
 */
export function runtimeLimits(model: TeamModel): Readonly<Record<string, number>> {
  const limits: Record<string, number> = {};
  for (const compute of deriveCompute(model)) {
    if (compute.maxRuntimeMinutes === undefined) continue;
    limits[compute.owner] = Math.max(limits[compute.owner] ?? 0, compute.maxRuntimeMinutes);
  }
  return Object.fromEntries(Object.entries(limits).sort(([a], [b]) => a.localeCompare(b)));
}
