// The JSON definition of one agent's cluster policy on a compute row. Key order is fixed: the provider diffs the text.
import type { ComputeAccess } from '../access/compute';
import { COMPUTE_TAG } from '../access/compute';
import { GPU_ML_RUNTIME_PATTERN, GPU_NODE_TYPES, type Cloud } from '../model/gpu-defaults';
import type { Principal } from './principal';

type Rule =
  | { type: 'fixed'; value: string | number; hidden?: boolean }
  | { type: 'range'; maxValue: number }
  | { type: 'allowlist'; values: readonly string[] }
  | { type: 'regex'; pattern: string };

export interface PolicyContext {
  readonly project: string;
  readonly environment: string;
  readonly ownerTag: string;
  readonly cloud: Cloud;
}

const CLUSTER_TYPE = { 'all-purpose': 'all-purpose', gpu: 'all-purpose', job: 'job', dlt: 'dlt' } as const;

/**
 * `agent` is the one agent that may use the policy: its clusters are tagged, charged and limited as its own.
 * Unity Catalog needs a UC access mode (DATABRICKS.md "Cluster policies"). A service principal's clusters are
 * dedicated to it — SINGLE_USER with `single_user_name` fixed to its application id, which also runs GPU ML
 * runtimes — so it cannot create a cluster that another agent then works on under its tags. A group gets
 * USER_ISOLATION (standard), where each member acts as itself. DLT sets its own clusters' access mode and has no
 * such field, so dlt policies leave it out.
 */
export function policyDefinition(compute: ComputeAccess, agent: string, principal: Principal, context: PolicyContext): Record<string, Rule> {
  if (compute.type === 'sql-warehouse') throw new Error(`internal: sql-warehouse '${compute.name}' has no cluster policy`);
  const row = compute.row;
  const rules: [string, Rule][] = [['cluster_type', { type: 'fixed', value: CLUSTER_TYPE[compute.type] }]];
  if (compute.type !== 'dlt' && principal.kind === 'service-principal') {
    rules.push(['data_security_mode', { type: 'fixed', value: 'SINGLE_USER' }]);
    rules.push(['single_user_name', { type: 'fixed', value: principal.name }]);
  } else if (compute.type !== 'dlt') rules.push(['data_security_mode', { type: 'fixed', value: 'USER_ISOLATION' }]);
  // Job and DLT clusters end with their run and reject autotermination_minutes.
  if (compute.type === 'all-purpose' || compute.type === 'gpu') {
    rules.push(['autotermination_minutes', { type: 'fixed', value: compute.autoTerminateMinutes as number, hidden: true }]);
  }
  const nodeTypes = compute.type === 'gpu' ? (row.gpu?.nodeTypes ?? GPU_NODE_TYPES[context.cloud]) : row.nodeTypes;
  if (nodeTypes) {
    rules.push(['node_type_id', { type: 'allowlist', values: nodeTypes }]);
    rules.push(['driver_node_type_id', { type: 'allowlist', values: nodeTypes }]);
  }
  if (compute.type === 'gpu') rules.push(['spark_version', { type: 'regex', pattern: row.gpu?.sparkVersionPattern ?? GPU_ML_RUNTIME_PATTERN }]);
  if (row.dbusPerHour !== undefined) rules.push(['dbus_per_hour', { type: 'range', maxValue: row.dbusPerHour }]);
  if (row.maxWorkers !== undefined) {
    rules.push(['num_workers', { type: 'range', maxValue: row.maxWorkers }]);
    rules.push(['autoscale.max_workers', { type: 'range', maxValue: row.maxWorkers }]);
  }
  rules.push([`custom_tags.${context.ownerTag}`, { type: 'fixed', value: agent }]);
  rules.push([`custom_tags.${COMPUTE_TAG}`, { type: 'fixed', value: compute.name }]);
  rules.push(['custom_tags.project', { type: 'fixed', value: context.project }]);
  rules.push(['custom_tags.environment', { type: 'fixed', value: context.environment }]);
  return Object.fromEntries(rules);
}
