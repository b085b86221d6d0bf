// How an agent appears to Databricks: the name Unity Catalog grants use and the entry workspace permissions use.
import type { PermissionsAccessControl } from '@cdktf/provider-databricks/lib/permissions';
import type { PrincipalRef } from '../model/types';

/** An account-level principal: a service principal by application id (possibly a token), or an account group. */
export interface Principal {
  readonly kind: 'service-principal' | 'group';
  /** What Unity Catalog `principal`/`owner` and permissions take: the application id or the group name. */
  readonly name: string;
}

/** One access-control entry of a `databricks_permissions` resource for `principal`. */
export function accessControl(principal: Principal, permissionLevel: string): PermissionsAccessControl {
  return principal.kind === 'group' ? { groupName: principal.name, permissionLevel } : { servicePrincipalName: principal.name, permissionLevel };
}

/** A workspace access-control entry for a principal the model names directly (not an agent). */
export function accessControlOfRef(ref: PrincipalRef, permissionLevel: string): PermissionsAccessControl {
  if ('user' in ref) return { userName: ref.user, permissionLevel };
  if ('group' in ref) return { groupName: ref.group, permissionLevel };
  return { servicePrincipalName: ref.servicePrincipal, permissionLevel };
}

/** How an account rule set names `ref` (docs/resources/access_control_rule_set.md, `principals`). */
export function aclPrincipalIdOf(ref: PrincipalRef): string {
  if ('user' in ref) return `users/${ref.user}`;
  if ('group' in ref) return `groups/${ref.group}`;
  return `servicePrincipals/${ref.servicePrincipal}`;
}
