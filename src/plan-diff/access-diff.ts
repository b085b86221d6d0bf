// The access changes between two synthesized plans, per agent: privileges granted and revoked, ownership
// moves, compute permissions and limits, and resources that would be destroyed.
import type { Plan, PlanResource } from './read-plan';

export interface AccessDiff {
  /** Agent (or principal) → change lines. */
  readonly byAgent: ReadonlyMap<string, readonly string[]>;
  readonly limits: readonly string[];
  readonly destroyed: readonly string[];
}

type Json = Record<string, unknown>;
const STATEFUL = new Set(['databricks_catalog', 'databricks_schema', 'databricks_sql_table', 'databricks_registered_model', 'databricks_pipeline', 'databricks_service_principal']);

/** A readable name for the securable or object a resource governs, from its stable construct path. */
function subject(resource: PlanResource): string {
  const segments = resource.path.split('/');
  return segments.length > 1 ? segments.slice(0, -1).filter((s) => s !== 'grants' && s !== 'permissions').join('/') || resource.path : resource.path;
}

function entriesOf(plan: Plan, resource: PlanResource | undefined): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  if (!resource) return out;
  if (resource.type === 'databricks_grants') {
    for (const grant of (resource.config.grant as { principal: string; privileges: string[] }[]) ?? []) {
      out.set(plan.principalName(grant.principal), new Set(grant.privileges));
    }
  } else {
    for (const entry of (resource.config.access_control as Json[]) ?? []) {
      const principal = String(entry.service_principal_name ?? entry.group_name ?? entry.user_name);
      out.set(plan.principalName(principal), new Set([String(entry.permission_level)]));
    }
  }
  return out;
}

function policyLimits(resource: PlanResource | undefined): Record<string, unknown> {
  if (!resource) return {};
  if (resource.type === 'databricks_sql_endpoint') return { auto_stop_mins: resource.config.auto_stop_mins, cluster_size: resource.config.cluster_size };
  if (resource.type === 'databricks_job') {
    const parameters = (((resource.config.task as Json[] | undefined)?.[0]?.spark_python_task as Json | undefined)?.parameters as string[] | undefined) ?? [];
    const at = parameters.indexOf('--limits');
    const limits = at >= 0 ? (JSON.parse(parameters[at + 1]) as Record<string, number>) : {};
    return Object.fromEntries(Object.entries(limits).map(([agent, minutes]) => [`max runtime of ${agent} (min)`, minutes]));
  }
  const definition = JSON.parse(String(resource.config.definition ?? '{}')) as Record<string, { value?: unknown; maxValue?: unknown; values?: unknown }>;
  return Object.fromEntries(Object.entries(definition).filter(([key]) => !key.startsWith('custom_tags.')).map(([key, rule]) => [key, rule.value ?? rule.maxValue ?? rule.values]));
}

export function diffAccess(before: Plan, after: Plan): AccessDiff {
  const byAgent = new Map<string, string[]>();
  const note = (agent: string, line: string) => byAgent.set(agent, [...(byAgent.get(agent) ?? []), line]);
  const paths = [...new Set([...before.resources.keys(), ...after.resources.keys()])].sort();

  for (const path of paths) {
    const old = before.resources.get(path);
    const now = after.resources.get(path);
    const type = (now ?? old)?.type;
    if (type === 'databricks_grants' || type === 'databricks_permissions') {
      const was = entriesOf(before, old);
      const is = entriesOf(after, now);
      const what = type === 'databricks_grants' ? 'on' : 'for';
      for (const agent of [...new Set([...was.keys(), ...is.keys()])].sort()) {
        const granted = [...(is.get(agent) ?? [])].filter((p) => !was.get(agent)?.has(p)).sort();
        const revoked = [...(was.get(agent) ?? [])].filter((p) => !is.get(agent)?.has(p)).sort();
        if (granted.length) note(agent, `granted ${granted.join(', ')} ${what} \`${subject((now ?? old) as PlanResource)}\``);
        if (revoked.length) note(agent, `revoked ${revoked.join(', ')} ${what} \`${subject((now ?? old) as PlanResource)}\``);
      }
    }
    if (old && now && 'owner' in { ...old.config, ...now.config } && old.config.owner !== now.config.owner) {
      const from = old.config.owner ? before.principalName(String(old.config.owner)) : 'the deploying identity';
      const to = now.config.owner ? after.principalName(String(now.config.owner)) : 'the deploying identity';
      note(to, `now owns \`${path}\` (was ${from})`);
      note(from, `no longer owns \`${path}\` (now ${to})`);
    }
  }

  const limits: string[] = [];
  for (const path of paths) {
    const type = (after.resources.get(path) ?? before.resources.get(path))?.type;
    if (type !== 'databricks_cluster_policy' && type !== 'databricks_sql_endpoint' && type !== 'databricks_job') continue;
    const was = policyLimits(before.resources.get(path));
    const is = policyLimits(after.resources.get(path));
    for (const key of [...new Set([...Object.keys(was), ...Object.keys(is)])].sort()) {
      const a = JSON.stringify(was[key]);
      const b = JSON.stringify(is[key]);
      if (a !== b) limits.push(`\`${subject((after.resources.get(path) ?? before.resources.get(path)) as PlanResource)}\`: ${key} ${a ?? 'unset'} → ${b ?? 'unset'}`);
    }
  }

  const destroyed = [...before.resources.values()]
    .filter((resource) => ![...after.resources.values()].some((other) => other.address === resource.address))
    .map((resource) => `${STATEFUL.has(resource.type) ? '**data or identity loss** ' : ''}\`${resource.address}\` (${resource.path})`);

  return { byAgent, limits, destroyed };
}

export function hasChanges(diff: AccessDiff): boolean {
  return diff.byAgent.size > 0 || diff.limits.length > 0 || diff.destroyed.length > 0;
}

/** Markdown fit for a pull-request comment. */
export function formatAccessDiff(diff: AccessDiff, oldName: string, newName: string): string {
  if (!hasChanges(diff)) return `No access changes between \`${oldName}\` and \`${newName}\`.\n`;
  const lines = [`## Access changes: \`${oldName}\` → \`${newName}\``, ''];
  for (const agent of [...diff.byAgent.keys()].sort()) {
    lines.push(`### ${agent}`, ...(diff.byAgent.get(agent) ?? []).map((line) => `- ${line}`), '');
  }
  if (diff.limits.length) lines.push('### Compute limits', ...diff.limits.map((line) => `- ${line}`), '');
  if (diff.destroyed.length) lines.push('### Resources that would be destroyed', ...diff.destroyed.map((line) => `- ${line}`), '');
  return `${lines.join('\n').trimEnd()}\n`;
}
