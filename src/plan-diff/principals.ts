// Principals compared by what they resolve to, not by how the plan spells them: the same text can name
// another identity (an existing service principal's application_id changed in its data source) and two
// spellings can name the same one (a literal application id and a lookup of it).
import { code, text } from './markdown';
import { perPlan } from './per-plan';
import { isObject } from '../model/is-object';
import type { Plan, PlanResource } from './read-plan';
import { referenced } from './references';

export interface Identity {
  /** Equal keys are the same principal to Databricks. */
  readonly key: string;
  /** Markdown: the agent name (the identity's construct id) and what the principal is. */
  readonly label: string;
  /** Labels naming an agent win over bare names when both spellings meet under one key. */
  readonly rank: number;
  /** The agent this principal is (its identity construct), for grouping changes per agent. */
  readonly agent?: string;
}

export const DEPLOYER: Identity = { key: 'deployer', label: 'the deploying identity', rank: 2 };

/**
 * Agents' identities are constructs identities/<agent> (src/constructs/agent-identities.ts): labelled by the
 * agent's name. Any other principal the stack declares (the runtime guard's) by its construct path.
 */
const agentOf = (resource: PlanResource): string => text(resource.path.replace(/^identities\/(?=[^/]+$)/, ''));
/** The agent an identity construct belongs to: identities/<agent> (service principals), identities/Groups/<agent> (account groups). */
export const agentNameOf = (resource: PlanResource): string | undefined => /^identities\/(?:Groups\/)?([^/]+)$/.exec(resource.path)?.[1];

const named = (name: string): Identity => ({ key: `name:${name}`, label: code(name), rank: 0 });

function servicePrincipal(reference: string, target: PlanResource | undefined, data: boolean): Identity {
  if (!target) return { key: `ref:${reference}`, label: `${code(reference)} (not in this plan)`, rank: 0 };
  return { ...spIdentity(target, data), agent: agentNameOf(target) };
}

function spIdentity(target: PlanResource, data: boolean): Identity {
  const agent = agentOf(target);
  if (data) {
    // A lookup stands for the principal it finds: its application_id is the principal grants and owners use
    // (DATABRICKS.md "Principals"), so a changed application_id is another principal.
    const applicationId = target.config.application_id;
    if (typeof applicationId === 'string' && !applicationId.includes('${')) {
      return { key: `name:${applicationId}`, label: `${agent} (existing service principal ${code(applicationId)})`, rank: 1 };
    }
    const { '//': _metadata, ...lookup } = target.config;
    const criteria = JSON.stringify(lookup);
    return { key: `lookup:${criteria}`, label: `${agent} (existing service principal found by ${code(criteria)})`, rank: 1 };
  }
  // A service principal the stack creates gets its application_id on apply; until then it is the resource
  // at this address with this display name (a new address is a new principal).
  const displayName = typeof target.config.display_name === 'string' ? target.config.display_name : '';
  return { key: `created:${target.address}:${displayName}`, label: `${agent} (created service principal ${code(displayName)})`, rank: 1 };
}

/**
 * A principal written literally, as a plan file (`terraform show -json`) holds every known value: the service
 * principal of the same plan with that application_id, or the group with that display name.
 */
const literals = perPlan((plan) => {
  const found = new Map<string, PlanResource>();
  for (const resource of plan.byAddress.values()) {
    const value =
      resource.type === 'databricks_service_principal'
        ? resource.config.application_id
        : resource.type === 'databricks_group'
          ? resource.config.display_name
          : undefined;
    if (typeof value === 'string' && !found.has(value)) found.set(value, resource);
  }
  return found;
});

function literalPrincipal(plan: Plan, value: string): Identity {
  const resource = literals(plan).get(value);
  if (resource?.type === 'databricks_group') return group(resource, value);
  const agent = resource && agentNameOf(resource);
  return agent ? { key: `name:${value}`, label: `${text(agent)} (service principal ${code(value)})`, rank: 1, agent } : named(value);
}

function group(target: PlanResource, name: string): Identity {
  const agent = agentNameOf(target);
  return agent ? { key: `name:${name}`, label: `${text(agent)} (account group ${code(name)})`, rank: 1, agent } : named(name);
}

/** Resolves a principal as written in a grant, owner, permission, run_as or rule set of `plan`. */
export function resolvePrincipal(plan: Plan, value: string): Identity {
  // Account rule sets name principals as servicePrincipals/<application id>, groups/<name>, users/<name>.
  const prefixed = /^(servicePrincipals|groups|users)\/(.+)$/s.exec(value);
  if (prefixed) return resolvePrincipal(plan, prefixed[2]);
  const found = referenced(plan, value);
  if (!found) return literalPrincipal(plan, value);
  const { reference, target } = found;
  if (reference.type === 'databricks_service_principal') return servicePrincipal(value, target, reference.address.startsWith('data.'));
  if (reference.type === 'databricks_current_user') return DEPLOYER;
  if (reference.type === 'databricks_group' && target && typeof target.config.display_name === 'string')
    return group(target, target.config.display_name);
  return { key: `ref:${value}`, label: code(value), rank: 0 };
}

/** The principal an access-control entry of databricks_permissions names. */
export function entryPrincipal(entry: Record<string, unknown>): string {
  const value = entry.service_principal_name ?? entry.group_name ?? entry.user_name;
  return typeof value === 'string' ? value : '';
}

/** The identity a pipeline or job runs as, or undefined when it sets none (it then runs as its owner). */
export function runAsPrincipal(config: Record<string, unknown>): string | undefined {
  // A plan file holds a block as a list of one object (terraform show -json), cdk.tf.json as the object.
  const runAs = Array.isArray(config.run_as) ? config.run_as[0] : config.run_as;
  return isObject(runAs) ? entryPrincipal(runAs) || undefined : undefined;
}
