// The TypeScript view of the model: deep-readonly types inferred from the runtime schema, never written twice.
import type * as z from 'zod';
import type { TeamModelSchema, TeamModelInput } from './schema';

import type { DeepReadonly } from './deep-readonly';

export type { DeepReadonly };

type Parsed = z.output<typeof TeamModelSchema>;

/** A parsed, validated and normalized model: defaults applied (the workspace root included), contract columns added. */
export type TeamModel = DeepReadonly<Omit<Parsed, 'project'> & { project: Parsed['project'] & { workspaceRoot: string } }>;
export type { TeamModelInput };

export type Agent = TeamModel['agents']['core'][number];
export type Identity = Agent['identity'];
export type Environment = TeamModel['environments'][string];
export type Backend = Environment['backend'];
export type UcSchema = TeamModel['schemas'][number];
export type Table = TeamModel['tables'][number];
export type TableGates = NonNullable<Table['gates']>;
export type TableMonitor = NonNullable<TableGates['monitor']>;
export type Volume = UcSchema['volumes'][number];
export type Column = Table['columns'][number];
export type RegisteredModel = TeamModel['models'][number];
export type Compute = TeamModel['compute'][number];
export type ComputeType = Compute['type'];
export type Pipeline = TeamModel['pipelines'][number];
export type FileOwnership = TeamModel['fileOwnership'][number];
export type Governance = TeamModel['governance'];
export type AgentRule = Governance['conflictResolution'][number];
export type Gate = Governance['deploymentGates'][number];

/** An environment with its name, as stacks and renderers receive it. */
export interface NamedEnvironment extends Environment {
  readonly name: string;
}

/** Every agent, core first, in model order. */
export function allAgents(model: TeamModel): readonly Agent[] {
  return [...model.agents.core, ...model.agents.domain];
}

export function environmentsOf(model: TeamModel): readonly NamedEnvironment[] {
  return Object.keys(model.environments)
    .sort()
    .map((name) => ({ ...model.environments[name], name }));
}

export function environmentOf(model: TeamModel, name: string): NamedEnvironment | undefined {
  const env = Object.prototype.hasOwnProperty.call(model.environments, name) ? model.environments[name] : undefined;
  return env && { ...env, name };
}

/** The deploying identity as grants name it (catalog.deployer): its application id or group name. */
export function deployerPrincipal(model: TeamModel): string | undefined {
  const deployer = model.catalog.deployer;
  return deployer && ('applicationId' in deployer ? deployer.applicationId : deployer.group);
}

/** DLT development mode: explicit, else on in unprotected environments only. */
export function pipelineDevelopment(env: Environment): boolean {
  return env.pipelineDevelopment ?? !env.protected;
}

/** A principal that is not an agent — a user, a group, a service principal — as the model names it. */
export type PrincipalRef = NonNullable<Environment['personalCompute']>['keep'][number];
