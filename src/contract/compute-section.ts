// Compute as the contract and the briefs state it: who may use which row, through which resource, within which
// limits, and what enforces each limit — from deriveCompute and the settings the constructs deploy.
import type { TeamEnvironment } from '../access/team-environment';
import { WAREHOUSE_DEFAULTS } from '../model/schema';
import { COMPUTE_TAG, isClusterCompute, type ComputeAccess } from '../access/compute';
import { cloudOf, GPU_ML_RUNTIME_PATTERN, GPU_NODE_TYPES } from '../model/gpu-defaults';
import { jobPermissions } from '../access/job-permissions';
import { clusterPolicyName, runtimeGuardJobName, runtimeGuardPrincipalName, sqlWarehouseName } from '../model/resource-names';
import { allAgents, type ComputeType, type NamedEnvironment, type TeamModel } from '../model/types';
import type { AgentBrief, ContractContext } from './context-schema';
import { ENFORCED_BY } from './enforcement';
import { GUARD_EVERY_MINUTES, nameScope } from './environment-section';
import { cell } from './markdown';

export const TYPE_LABEL: Record<ComputeType, string> = {
  'all-purpose': 'All-purpose',
  gpu: 'GPU',
  job: 'Job cluster',
  'sql-warehouse': 'SQL Warehouse',
  dlt: 'DLT cluster',
};

/** The warehouse settings GovernedSqlWarehouse deploys when the row names none. */
const DEFAULT_WAREHOUSE = WAREHOUSE_DEFAULTS;

export function formatDuration(minutes: number): string {
  if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? '' : 's'}`;
  return `${minutes} min`;
}

const maxRuntime = (row: ComputeAccess) => (row.maxRuntimeMinutes !== undefined ? formatDuration(row.maxRuntimeMinutes) : 'none');
const workers = (row: ComputeAccess) => (row.row.maxWorkers !== undefined ? `≤ ${row.row.maxWorkers}` : 'any');
const dbus = (row: ComputeAccess) => (row.row.dbusPerHour !== undefined ? `≤ ${row.row.dbusPerHour}/hour` : 'any');
const autoTerminate = (row: ComputeAccess) =>
  row.type === 'all-purpose' || row.type === 'gpu' ? `${row.autoTerminateMinutes} min` : 'on completion';

function nodeTypes(row: ComputeAccess, env: NamedEnvironment): string {
  if (row.type === 'gpu') return (row.row.gpu?.nodeTypes ?? GPU_NODE_TYPES[cloudOf(env.workspaceUrl)]).join(', ');
  return row.row.nodeTypes?.join(', ') ?? 'any';
}

const warehouseOf = (row: ComputeAccess) => row.row.warehouse ?? DEFAULT_WAREHOUSE;
const warehouseUsers = (model: TeamModel, row: ComputeAccess) => row.users.filter((agent) => agent !== model.roles.workspaceAdmin);

/** How an agent's clusters on its policy run: dedicated to its service principal, standard for a group, DLT's own. */
function accessMode(model: TeamModel, row: ComputeAccess, agents: readonly string[]): string {
  if (row.type === 'dlt') return 'set by DLT';
  const groups = allAgents(model)
    .filter((agent) => agents.includes(agent.name) && agent.identity.type === 'account-group')
    .map((agent) => agent.name);
  if (!groups.length) return 'single user (the agent)';
  return groups.length === agents.length ? 'standard (group members act as themselves)' : `single user; standard for ${groups.join(', ')}`;
}

/** The seed's Compute Resources table: what each row is for, who is accountable for it, who may use it. */
export function computeResources(team: TeamEnvironment): ContractContext['COMPUTE_RESOURCES'] {
  const { model } = team;
  const scope = nameScope(team);
  return team.compute.map((row) => ({
    name: row.name,
    type: TYPE_LABEL[row.type],
    owner: row.owner,
    users: isClusterCompute(row)
      ? row.users.join(', ')
      : [...warehouseUsers(model, row).map((agent) => `${agent} (CAN_USE)`), `${model.roles.workspaceAdmin} (CAN_MANAGE)`].join(', '),
    resources: isClusterCompute(row)
      ? `${row.users.length} cluster polic${row.users.length === 1 ? 'y' : 'ies'}, one per agent`
      : `warehouse \`${sqlWarehouseName(scope, row.name)}\``,
    purpose: cell(row.purpose),
  }));
}

/** One row per agent and compute it may use (the warehouse's manager included), with the two limits the seed names. */
export function costGuidelines(team: TeamEnvironment): ContractContext['COST_GUIDELINES'] {
  const { model } = team;
  const scope = nameScope(team);
  return team.compute.flatMap((row) => {
    if (isClusterCompute(row)) {
      return row.users.map((agent) => ({
        agent,
        compute: row.name,
        type: TYPE_LABEL[row.type],
        max_runtime: maxRuntime(row),
        auto_terminate: row.type === 'all-purpose' || row.type === 'gpu' ? autoTerminate(row) : 'On completion',
        resource: `\`${clusterPolicyName(scope, row.name, agent)}\``,
        permission: 'CAN_USE',
      }));
    }
    const users = warehouseUsers(model, row).map((agent) => ({ agent, permission: 'CAN_USE' }));
    return [...users, { agent: model.roles.workspaceAdmin, permission: 'CAN_MANAGE' }].map(({ agent, permission }) => ({
      agent,
      compute: row.name,
      type: TYPE_LABEL[row.type],
      max_runtime: 'N/A',
      auto_terminate: `Auto-suspend (${row.autoTerminateMinutes} min)`,
      resource: `\`${sqlWarehouseName(scope, row.name)}\``,
      permission,
    }));
  });
}

/** Per cluster row, every cap its policies fix and its maximum runtime. */
export function clusterLimits(team: TeamEnvironment): ContractContext['CLUSTER_LIMITS'] {
  const { model, environment: env } = team;
  return team.compute.filter(isClusterCompute).map((row) => ({
    name: row.name,
    type: TYPE_LABEL[row.type],
    owner: row.owner,
    max_runtime: maxRuntime(row),
    auto_terminate: autoTerminate(row),
    workers: workers(row),
    dbus: dbus(row),
    node_types: cell(nodeTypes(row, env)),
    clusters_per_agent: String(row.maxClustersPerAgent),
    access_mode: accessMode(model, row, row.users),
  }));
}

/** Per SQL warehouse, its settings and who may use or change it. */
export function warehouseLimits(team: TeamEnvironment): ContractContext['WAREHOUSE_LIMITS'] {
  const { model } = team;
  const scope = nameScope(team);
  return team.compute
    .filter((row) => !isClusterCompute(row))
    .map((row) => {
      const settings = warehouseOf(row);
      return {
        name: row.name,
        resource: sqlWarehouseName(scope, row.name),
        size: settings.size,
        serverless: settings.serverless ? 'yes' : `no (${settings.type})`,
        clusters: settings.maxClusters === 1 ? '1' : `1–${settings.maxClusters}`,
        auto_stop: `${row.autoTerminateMinutes} min`,
        users: warehouseUsers(model, row).join(', ') || 'none',
        managers: model.roles.workspaceAdmin,
      };
    });
}

/** The compute one agent may use, each with its limits grouped by what enforces them. */
export function computeOfAgent(team: TeamEnvironment, agent: string): AgentBrief['compute'] {
  const { model, environment: env } = team;
  const scope = nameScope(team);
  return team.compute.flatMap((row): AgentBrief['compute'] => {
    if (!isClusterCompute(row)) {
      const manages = agent === model.roles.workspaceAdmin;
      if (!manages && !row.users.includes(agent)) return [];
      const settings = warehouseOf(row);
      const changes = manages
        ? 'you may change them (CAN_MANAGE), no other agent may'
        : `only ${model.roles.workspaceAdmin} may change them (CAN_MANAGE)`;
      return [
        {
          name: row.name,
          type: TYPE_LABEL[row.type],
          row_owner: row.owner,
          resource: `warehouse \`${sqlWarehouseName(scope, row.name)}\``,
          permission: manages ? 'CAN_MANAGE' : 'CAN_USE',
          limits: [
            {
              enforced_by: ENFORCED_BY.permission,
              limits: `size ${settings.size}, ${settings.serverless ? 'serverless' : settings.type.toLowerCase()}, ${settings.maxClusters === 1 ? '1 cluster' : `1–${settings.maxClusters} clusters`}, auto-stop after ${row.autoTerminateMinutes} idle min; ${changes}`,
            },
          ],
        },
      ];
    }
    if (!row.users.includes(agent)) return [];
    const policy = [
      ...(row.type === 'all-purpose' || row.type === 'gpu' ? [`auto-terminate after ${row.autoTerminateMinutes} idle min`] : []),
      `workers ${workers(row)}`,
      `DBUs ${dbus(row)}`,
      `node types ${nodeTypes(row, env)}`,
      ...(row.type === 'gpu' ? [`GPU ML runtimes only (\`${row.row.gpu?.sparkVersionPattern ?? GPU_ML_RUNTIME_PATTERN}\`)`] : []),
      `${row.maxClustersPerAgent} cluster${row.maxClustersPerAgent === 1 ? '' : 's'} at a time`,
      `access mode ${accessMode(model, row, [agent])}`,
      `tags ${model.project.ownerTag}=${agent} and ${COMPUTE_TAG}=${row.name}`,
    ];
    const limits: AgentBrief['compute'][number]['limits'] = [{ enforced_by: ENFORCED_BY.policy, limits: cell(policy.join(', ')) }];
    const runtime = row.maxRuntimeMinutes !== undefined ? formatDuration(row.maxRuntimeMinutes) : undefined;
    if (runtime) {
      const what: Record<Exclude<ComputeType, 'sql-warehouse'>, string> = {
        'all-purpose': `clusters terminated ${runtime} after their latest (re)start`,
        gpu: `clusters terminated ${runtime} after their latest (re)start`,
        job: `job runs cancelled ${runtime} after they start`,
        dlt: `pipeline updates stopped ${runtime} after they start`,
      };
      limits.push({
        enforced_by: ENFORCED_BY.guard,
        limits: `${what[row.type as keyof typeof what]} (checked every ${GUARD_EVERY_MINUTES} minutes)`,
      });
    }
    if (row.type === 'job' && runtime) {
      limits.push({
        enforced_by: ENFORCED_BY.timeout,
        limits: `jobs the stack deploys on this row (GovernedJob) time out after ${runtime}, the job and each task`,
      });
    }
    return [
      {
        name: row.name,
        type: TYPE_LABEL[row.type],
        row_owner: row.owner,
        resource: `policy \`${clusterPolicyName(scope, row.name, agent)}\``,
        permission: 'CAN_USE',
        limits,
      },
    ];
  });
}

/** The jobs the stack deploys that `agent` holds a permission on: GovernedJob jobs on job rows, the runtime guard. */
export function jobsOfAgent(team: TeamEnvironment, agent: string): AgentBrief['jobs'] {
  const { model, environment: env } = team;
  const jobs: AgentBrief['jobs'] = [];
  for (const row of team.compute) {
    if (row.type !== 'job') continue;
    const level = jobPermissions({ owner: row.owner, users: row.users, workspaceAdmin: model.roles.workspaceAdmin, protected: env.protected }).find(
      (entry) => entry.agent === agent,
    )?.level;
    if (level) jobs.push({ name: `jobs the stack deploys on ${row.name} (GovernedJob)`, runs_as: row.owner, permission: level });
  }
  // The guard's job: IS_OWNER is its own principal, the workspace admin may only view it (RuntimeGuard).
  if (agent === model.roles.workspaceAdmin && team.compute.some((row) => row.maxRuntimeMinutes !== undefined)) {
    jobs.push({
      name: `runtime guard \`${runtimeGuardJobName(nameScope(team))}\` (its failures are mailed to your contact)`,
      runs_as: runtimeGuardPrincipalName(model.project.name),
      permission: 'CAN_VIEW',
    });
  }
  return jobs;
}
