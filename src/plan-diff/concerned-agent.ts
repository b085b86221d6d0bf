// The agent a change to a resource concerns, for grouping the review per agent: the agent that owns the securable
// or object, the one a pipeline or job runs as, the one its owner tag names, or the agent whose identity it is.
// Null when no agent is concerned (the project's own resources, the deploying identity's).
import { perPlan } from './per-plan';
import { isObject } from '../model/is-object';
import { agentNameOf, resolvePrincipal, runAsPrincipal } from './principals';
import type { Plan, PlanResource } from './read-plan';
import { referenced } from './references';

type Json = Record<string, unknown>;

/** The arguments by which a grant or permission resource names what it governs (see object-names.ts). */
const GOVERNED = ['catalog', 'schema', 'table', 'volume', 'model', 'cluster_policy_id', 'sql_endpoint_id', 'job_id', 'pipeline_id'];

const agentsOf = perPlan((plan) => {
  const agents = new Set<string>();
  for (const resource of plan.byAddress.values()) {
    const agent = agentNameOf(resource);
    if (agent && (resource.type === 'databricks_service_principal' || resource.type === 'databricks_group')) agents.add(agent);
  }
  return agents;
});

/** Tag values of compute: tags { k = v } (jobs, pipelines), custom_tags [{ key, value }] (warehouses), a policy's fixed custom_tags.* rules. */
function tagValues(resource: PlanResource): string[] {
  const values: string[] = [];
  const visit = (value: unknown, key: string): void => {
    if (Array.isArray(value)) return value.forEach((item) => visit(item, key));
    if (!isObject(value)) return;
    if (key === 'tags' || key === 'custom_tags') {
      for (const [name, inner] of Object.entries(value)) if (typeof inner === 'string' && name !== 'value') values.push(inner);
      if (typeof value.value === 'string') values.push(value.value);
    }
    for (const [inner, child] of Object.entries(value)) if (inner !== '//') visit(child, inner);
  };
  visit(resource.config, '');
  if (resource.type === 'databricks_cluster_policy' && typeof resource.config.definition === 'string') {
    try {
      const definition = JSON.parse(resource.config.definition) as Record<string, unknown>;
      for (const [key, rule] of Object.entries(definition))
        if (key.startsWith('custom_tags.') && isObject(rule) && typeof rule.value === 'string') values.push(rule.value);
    } catch {
      // Not JSON (a Terraform expression): no tag to read.
    }
  }
  return values;
}

export function concernedAgent(plan: Plan, resource: PlanResource, depth = 0): string | null {
  const own = agentNameOf(resource);
  if (own) return own;
  const config: Json = resource.config;
  if (typeof config.owner === 'string') {
    const agent = resolvePrincipal(plan, config.owner).agent;
    if (agent) return agent;
  }
  const runAs = runAsPrincipal(config);
  if (runAs !== undefined) {
    const agent = resolvePrincipal(plan, runAs).agent;
    if (agent) return agent;
  }
  const agents = agentsOf(plan);
  const tagged = tagValues(resource).find((value) => agents.has(value));
  if (tagged) return tagged;
  if (depth > 0) return null;
  for (const argument of GOVERNED) {
    const target = typeof config[argument] === 'string' ? referenced(plan, config[argument] as string)?.target : undefined;
    if (target) return concernedAgent(plan, target, depth + 1);
  }
  return null;
}
