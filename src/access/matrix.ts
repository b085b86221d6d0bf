// The effective access of every agent in one environment: Unity Catalog privileges per securable and the
// compute it may use with its limits. Read by `agent-contract access` and by CONTRACT.md's access matrix.
import { allAgents } from '../model/types';
import type { Securable } from './derive';
import type { TeamModel, NamedEnvironment } from '../model/types';
import type { SecurableAccess } from './derive';
import type { ComputeAccess } from './compute';

/** Owners hold every privilege; the matrix shows them as this single entry. */
export const OWNER = 'OWNER';

export interface SecurableGrant {
  /** Full name, e.g. `lakehouse_dev.gold`. */
  readonly securable: string;
  readonly type: Securable['type'];
  readonly key: string;
  readonly privileges: readonly string[];
}

export interface ComputeGrant {
  readonly name: string;
  readonly type: string;
  readonly permission: 'CAN_USE' | 'CAN_MANAGE';
  readonly maxRuntimeMinutes?: number;
  readonly autoTerminateMinutes?: number;
}

export interface AgentAccess {
  readonly agent: string;
  readonly securables: readonly SecurableGrant[];
  readonly compute: readonly ComputeGrant[];
}

/** Built once per environment by resolveEnvironment: read it as `team.matrix`. */
export function accessMatrix(team: {
  readonly model: TeamModel;
  readonly environment: NamedEnvironment;
  readonly access: readonly SecurableAccess[];
  readonly compute: readonly ComputeAccess[];
}): readonly AgentAccess[] {
  const { model, environment: env, access, compute } = team;
  const fullName = (securable: Securable) => (securable.name ? `${env.catalog}.${securable.name}` : env.catalog);
  return allAgents(model).map((agent) => ({
    agent: agent.name,
    securables: access.flatMap((entry): SecurableGrant[] => {
      const base = { securable: fullName(entry.securable), type: entry.securable.type, key: entry.securable.key };
      if (entry.owner === agent.name) return [{ ...base, privileges: [OWNER] }];
      const grant = entry.grants.find((g) => g.grantee === agent.name);
      return grant ? [{ ...base, privileges: grant.privileges }] : [];
    }),
    compute: compute.flatMap((row): ComputeGrant[] => {
      const manages = row.type === 'sql-warehouse' && agent.name === model.roles.workspaceAdmin;
      if (!row.users.includes(agent.name) && !manages) return [];
      return [
        {
          name: row.name,
          type: row.type,
          permission: manages ? 'CAN_MANAGE' : 'CAN_USE',
          maxRuntimeMinutes: row.maxRuntimeMinutes,
          autoTerminateMinutes: row.autoTerminateMinutes,
        },
      ];
    }),
  }));
}
