// The environment a contract is for: protection, DLT mode, where things live, and the real names of what the
// stack creates — from the same name helpers the constructs use.
import type { TeamEnvironment } from '../access/team-environment';
import { isClusterCompute, runtimeLimits } from '../access/compute';
import {
  agentPrincipalName,
  clusterPolicyName,
  pipelineName,
  runtimeGuardFolder,
  runtimeGuardJobName,
  runtimeGuardPrincipalName,
  sqlWarehouseName,
  type NameScope,
} from '../model/resource-names';
import { allAgents, pipelineDevelopment, type Agent, type NamedEnvironment, type TeamModel } from '../model/types';
import type { EnvironmentFacts } from './context-schema';
import { cell, inline } from './markdown';
import { applyWithinDays, rotationDaysOf } from '../model/credentials';
import { ENFORCEMENT_TEXT, deployPreconditions } from '../access/deploy-preconditions';

/** The guard's schedule and timeout as RuntimeGuard deploys them by default. */
export const GUARD_EVERY_MINUTES = 15;

export const nameScope = (team: TeamEnvironment): NameScope => ({ project: team.model.project.name, environment: team.environment.name });

const BACKEND: Record<NamedEnvironment['backend']['type'], string> = {
  local: 'local (a state file on the machine that applies: neither shared nor locked)',
  s3: 's3 (shared)',
  azurerm: 'azurerm (shared, locked)',
  gcs: 'gcs (shared, locked)',
  remote: 'remote (HCP Terraform / Terraform Enterprise: shared, locked)',
};

/** How an agent acts in the workspace: the principal grants and permissions name. */
export function identityOf(model: TeamModel, agent: Agent): string {
  const identity = agent.identity;
  if (identity.type === 'service-principal')
    return `service principal \`${agentPrincipalName(model.project.name, agent.name)}\` (created by the stack)`;
  if (identity.type === 'existing-service-principal') return `existing service principal \`${identity.applicationId}\``;
  return `account group \`${identity.name}\``;
}

/** Where the contract is deployed in the workspace: below the project root, as the stack writes it. */
export const contractPath = (model: TeamModel): string => `${model.project.workspaceRoot}/CONTRACT.md`;

export function environmentFacts(team: TeamEnvironment): EnvironmentFacts {
  const { model, environment: env } = team;
  const development = pipelineDevelopment(env);
  const hasGuard = Object.keys(runtimeLimits(team.compute)).length > 0;
  const bindings = env.workspaceBindings.map((binding) => `workspace ${binding.workspaceId} (${binding.access})`);
  return {
    name: env.name,
    protected: env.protected,
    protection: env.protected
      ? 'protected: catalog, schemas, tables, registered models, pipelines and created service principals carry `prevent_destroy`, and only the workspace admin may modify the jobs the stack deploys'
      : 'not protected: `terraform destroy` removes everything the stack created',
    dlt_mode: development ? 'development' : 'production',
    dlt_development: String(development),
    workspace_url: env.workspaceUrl,
    workspace_root: model.project.workspaceRoot,
    catalog: env.catalog,
    catalog_access: `isolated: reachable from this environment's workspace${bindings.length ? ` and ${bindings.join(', ')}` : ' only'}`,
    backend: BACKEND[env.backend.type],
    contract_path: contractPath(model),
    contract_deployed: model.contract.deployToWorkspace,
    guard: hasGuard
      ? `job \`${runtimeGuardJobName(nameScope(team))}\`, every ${GUARD_EVERY_MINUTES} minutes as \`${runtimeGuardPrincipalName(model.project.name)}\``
      : 'none (no compute row has a maximum runtime)',
    credentials: credentialsFact(env),
    personal_compute: personalComputeFact(env),
    preconditions: deployPreconditions(team).map((precondition) => ({
      what: cell(precondition.what),
      check: cell(precondition.check),
      enforced: ENFORCEMENT_TEXT[precondition.enforcement],
    })),
  };
}

/** Rotation and expiry of the agents' secrets: replaced only by an apply, so the cadence is part of the contract. */
function credentialsFact(env: NamedEnvironment): string {
  const credentials = env.agentCredentials;
  if (!credentials.enabled) return 'no OAuth secrets from the stack (`agentCredentials.enabled: false`): they are issued outside Terraform';
  return (
    `one OAuth secret per created service principal, valid ${credentials.lifetimeDays} days and replaced by the first apply after ` +
    `${rotationDaysOf(credentials)} days (\`time_rotating\`): apply at least every ${applyWithinDays(credentials)} days, or a secret expires ` +
    `${credentials.lifetimeDays} days after the apply that created it and its agent cannot authenticate until the next apply ` +
    '(`cdktf output` shows each `credential-dates-<agent>`)'
  );
}

function personalComputeFact(env: NamedEnvironment): string {
  const personal = env.personalCompute;
  if (!personal)
    return (
      'left as the workspace has it: every user may start a Personal Compute cluster, outside the project’s policies; the runtime guard ' +
      'handles agents’ clusters off their policies. To take it over, set `personalCompute` in the model and the account setting for ' +
      'Personal Compute to DELEGATE'
    );
  const keep = personal.keep.map((ref) => ('user' in ref ? ref.user : 'group' in ref ? ref.group : ref.servicePrincipal));
  return inline(
    `taken over by the stack (policy family \`personal-vm\`: auto-termination fixed at ${personal.autoTerminateMinutes} minutes, project tags); ` +
      `only ${keep.join(', ')} may use it, and no agent — binding only while the account setting for Personal Compute is DELEGATE`,
  );
}

/** Every named resource the stack creates for the agents, in a stable order. */
export function resourceNames(team: TeamEnvironment): { kind: string; name: string; used_by: string }[] {
  const { model } = team;
  const scope = nameScope(team);
  const rows: { kind: string; name: string; used_by: string }[] = [];
  for (const agent of allAgents(model)) {
    if (agent.identity.type === 'service-principal')
      rows.push({ kind: 'Service principal', name: agentPrincipalName(model.project.name, agent.name), used_by: agent.name });
  }
  for (const row of team.compute) {
    if (!isClusterCompute(row)) {
      rows.push({ kind: 'SQL warehouse', name: sqlWarehouseName(scope, row.name), used_by: `${row.name}: ${row.users.join(', ')}` });
      continue;
    }
    for (const agent of row.users)
      rows.push({ kind: 'Cluster policy', name: clusterPolicyName(scope, row.name, agent), used_by: `${agent} on ${row.name}` });
  }
  for (const pipeline of model.pipelines)
    rows.push({ kind: 'Pipeline', name: pipelineName(scope, pipeline.name), used_by: `${pipeline.name}: run as ${pipeline.owner}` });
  if (Object.keys(runtimeLimits(team.compute)).length) {
    rows.push({ kind: 'Job', name: runtimeGuardJobName(scope), used_by: 'runtime guard' });
    rows.push({ kind: 'Service principal', name: runtimeGuardPrincipalName(model.project.name), used_by: 'runtime guard (workspace admin)' });
    rows.push({ kind: 'Folder', name: runtimeGuardFolder(model.project.name), used_by: "runtime guard's script (no agent may write)" });
  }
  rows.push({ kind: 'Folder', name: model.project.workspaceRoot, used_by: 'project root (grants agents nothing)' });
  if (model.contract.deployToWorkspace)
    rows.push({ kind: 'Workspace file', name: contractPath(model), used_by: 'this contract (CAN_READ for every agent)' });
  return rows.map((row) => ({ kind: row.kind, name: inline(row.name), used_by: inline(row.used_by) }));
}
