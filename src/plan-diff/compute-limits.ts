// Every attribute that bounds what compute may cost or how long it may run, per resource type, compared leaf
// by leaf. New compute lists its limits (unset → value); removed compute the reverse.
import { changedLeaves, flattenInto, flattenPicked } from './flatten';
import { code, jsonCode } from './markdown';
import { isObject } from '../model/is-object';
import type { AgentChange } from './change';
import { concernedAgent } from './concerned-agent';
import { objectOf, objectText } from './object-names';
import { pathsOf, type Plan, type PlanResource } from './read-plan';
import { own } from './own';

type Json = Record<string, unknown>;

/** What a cluster spec may use: its policy and size, and the tags that attribute its cost and owner. */
const CLUSTER = ['policy_id', 'apply_policy_default_values', 'num_workers', 'autoscale', 'node_type_id', 'driver_node_type_id', 'custom_tags'];

/**
 * A JSON-text attribute (a policy definition) as one leaf per rule property: the whole definition counts,
 * tags included, since tags are how the runtime guard and billing find the owner. Text that is not JSON
 * (a Terraform expression) compares as text.
 */
function jsonText(out: Map<string, string>, name: string, value: unknown): void {
  if (typeof value !== 'string') return void flattenInto(out, name, value);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return void out.set(name, JSON.stringify(value));
  }
  if (!isObject(parsed)) return void out.set(name, JSON.stringify(value));
  // Keys such as "custom_tags.project" hold dots themselves; the rule's properties follow them.
  for (const [key, rule] of Object.entries(parsed)) flattenInto(out, `${name}.${key}`, rule);
}

function policyLimits(config: Json): Map<string, string> {
  // max_clusters_per_user is a resource argument, not part of the definition (DATABRICKS.md "Identity, isolation…").
  const out = flattenPicked(config, ['max_clusters_per_user', 'policy_family_id']);
  jsonText(out, 'definition', config.definition);
  jsonText(out, 'policy_family_definition_overrides', config.policy_family_definition_overrides);
  return out;
}

/** databricks_sql_endpoint sizing, scaling and auto-stop (auto_stop_mins 0 disables it: DATABRICKS.md "Jobs and SQL warehouses"). */
const WAREHOUSE = [
  'auto_stop_mins',
  'cluster_size',
  'min_num_clusters',
  'max_num_clusters',
  'enable_serverless_compute',
  'warehouse_type',
  'spot_instance_policy',
  'enable_photon',
  'tags',
];

/**
 * The runtime guard's parameters (guard/runtime_guard.py): `--limits JSON`, the maximum runtimes per key
 * (compute row or agent), and `--tag`, the owner tag it reads to find whose cluster or run it is.
 */
const GUARD_OPTIONS: Record<string, (out: Map<string, string>, name: string, value: unknown) => void> = {
  '--limits': jsonText,
  '--tag': (out, name, value) => void out.set(name, JSON.stringify(value)),
};

function guardLimits(out: Map<string, string>, prefix: string, task: Json): void {
  for (const [key, value] of Object.entries(task)) {
    if (!key.endsWith('_task') || !isObject(value) || !Array.isArray(value.parameters)) continue;
    const parameters = value.parameters as unknown[];
    parameters.forEach((parameter, i) => {
      if (typeof parameter !== 'string') return;
      const [option, inline] = parameter.split(/=(.*)/s, 2);
      const read = own(GUARD_OPTIONS, option);
      if (read) read(out, `${prefix}.${option}`, inline ?? parameters[i + 1]);
    });
  }
}

function jobLimits(config: Json): Map<string, string> {
  // timeout_seconds at job and task level is Databricks' own cap on a run (DATABRICKS.md "Jobs and SQL warehouses").
  const out = flattenPicked(config, ['timeout_seconds', 'max_concurrent_runs', 'budget_policy_id', 'usage_policy_id', 'tags']);
  for (const [i, task] of ((config.task ?? []) as Json[]).entries()) {
    const prefix = `task[${typeof task.task_key === 'string' ? task.task_key : i}]`;
    flattenInto(out, `${prefix}.timeout_seconds`, task.timeout_seconds);
    if (isObject(task.new_cluster))
      for (const [path, value] of flattenPicked(task.new_cluster, CLUSTER, `${prefix}.new_cluster`)) out.set(path, value);
    guardLimits(out, prefix, task);
  }
  for (const [i, cluster] of ((config.job_cluster ?? []) as unknown[]).entries()) {
    if (!isObject(cluster) || !isObject(cluster.new_cluster)) continue;
    const prefix = `job_cluster[${typeof cluster.job_cluster_key === 'string' ? cluster.job_cluster_key : i}].new_cluster`;
    for (const [path, value] of flattenPicked(cluster.new_cluster, CLUSTER, prefix)) out.set(path, value);
  }
  return out;
}

function pipelineLimits(config: Json): Map<string, string> {
  // serverless is not bound by cluster policies; classic clusters take policy_id and autoscale (DATABRICKS.md "Pipelines").
  const out = flattenPicked(config, [
    'serverless',
    'continuous',
    'development',
    'channel',
    'edition',
    'photon',
    'budget_policy_id',
    'usage_policy_id',
    'tags',
  ]);
  for (const [i, cluster] of ((config.cluster ?? []) as unknown[]).entries()) {
    if (!isObject(cluster)) continue;
    for (const [path, value] of flattenPicked(cluster, CLUSTER, `cluster[${typeof cluster.label === 'string' ? cluster.label : i}]`))
      out.set(path, value);
  }
  return out;
}

const LIMITS: Record<string, (config: Json) => Map<string, string>> = {
  databricks_cluster_policy: policyLimits,
  databricks_sql_endpoint: (config) => flattenPicked(config, WAREHOUSE),
  databricks_job: jobLimits,
  databricks_pipeline: pipelineLimits,
};

const limitsOf = (resource: PlanResource | undefined): Map<string, string> =>
  (resource && own(LIMITS, resource.type)?.(resource.config)) || new Map();

/** `` SQL warehouse `name`: `attribute` `old` → `new` ``, by construct path then attribute. */
export function diffComputeLimits(before: Plan, after: Plan): AgentChange[] {
  const changes: AgentChange[] = [];
  for (const path of pathsOf(before, after)) {
    const old = before.resources.get(path);
    const now = after.resources.get(path);
    const current = (now ?? old)!;
    if (!own(LIMITS, current.type)) continue;
    const changed = changedLeaves(limitsOf(old), limitsOf(now));
    if (!changed.length) continue;
    const plan = now ? after : before;
    const object = objectOf(plan, current);
    const agent = concernedAgent(plan, current);
    for (const [attribute, was, is] of changed) {
      changes.push({
        agent,
        severity: 'change',
        category: 'compute-limits',
        object,
        attribute,
        ...(was === undefined ? {} : { before: was }),
        ...(is === undefined ? {} : { after: is }),
        markdown: `${objectText(object)}: ${code(attribute)} ${jsonCode(was)} → ${jsonCode(is)}`,
      });
    }
  }
  return changes;
}
