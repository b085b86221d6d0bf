// Who holds what on one securable or object, read from the resource that grants it: Unity Catalog grants,
// workspace permissions, account rule sets (servicePrincipal.user/manager roles) and group memberships.
import { governedText, objectOf } from './object-names';
import { entryPrincipal, resolvePrincipal, type Identity } from './principals';
import type { Plan, PlanResource } from './read-plan';
import type { ReviewObject } from './review-types';

type Json = Record<string, unknown>;

export interface AccessEntries {
  /** Identity key → privileges, permission levels or roles. */
  readonly held: Map<string, Set<string>>;
  readonly identities: Map<string, Identity>;
  /** Markdown naming what the entries apply to, e.g. "on schema `acme_dev.gold`". */
  readonly target: string;
  /** The resource that grants them, as a reviewer names it. */
  readonly object: ReviewObject;
}

const ACCESS_TYPES = new Set([
  'databricks_grants',
  'databricks_grant',
  'databricks_permissions',
  'databricks_access_control_rule_set',
  'databricks_group_member',
]);

function pairs(resource: PlanResource): [principal: string, what: string][] {
  const config = resource.config;
  switch (resource.type) {
    // databricks_grants is authoritative for its securable; databricks_grant for one principal on it (DATABRICKS.md "Grants").
    case 'databricks_grants':
      return ((config.grant ?? []) as Json[]).flatMap((grant) =>
        (grant.privileges as string[]).map((p): [string, string] => [grant.principal as string, p]),
      );
    case 'databricks_grant':
      return (config.privileges as string[]).map((p) => [config.principal as string, p]);
    case 'databricks_permissions':
      return ((config.access_control ?? []) as Json[]).map((entry) => [entryPrincipal(entry), entry.permission_level as string]);
    // grant_rules { role, principals } (DATABRICKS.md "Identity, isolation and the guard's rights").
    case 'databricks_access_control_rule_set':
      return ((config.grant_rules ?? []) as Json[]).flatMap((rule) =>
        (rule.principals as string[]).map((p): [string, string] => [p, rule.role as string]),
      );
    // The runtime guard's principal is made a workspace admin by group membership (DATABRICKS.md "Identity, isolation…").
    case 'databricks_group_member':
      return typeof config.member_id === 'string' ? [[config.member_id, 'member']] : [];
    default:
      return [];
  }
}

function targetOf(plan: Plan, resource: PlanResource): string {
  if (resource.type === 'databricks_group_member' && typeof resource.config.group_id === 'string') {
    return `of group ${resolvePrincipal(plan, resource.config.group_id).label}`;
  }
  if (resource.type === 'databricks_grants' || resource.type === 'databricks_grant' || resource.type === 'databricks_permissions')
    return `${resource.type === 'databricks_permissions' ? 'for' : 'on'} ${governedText(plan, resource)}`;
  return `on ${governedText(plan, resource)}`;
}

export function accessEntries(plan: Plan, resource: PlanResource | undefined): AccessEntries | undefined {
  if (!resource || !ACCESS_TYPES.has(resource.type)) return undefined;
  const held = new Map<string, Set<string>>();
  const identities = new Map<string, Identity>();
  for (const [principal, what] of pairs(resource)) {
    const identity = resolvePrincipal(plan, principal);
    identities.set(identity.key, identity);
    held.set(identity.key, (held.get(identity.key) ?? new Set()).add(what));
  }
  return { held, identities, target: targetOf(plan, resource), object: objectOf(plan, resource) };
}
