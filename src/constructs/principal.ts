// How an agent appears to Databricks: the name Unity Catalog grants use and the entry workspace permissions use.
import type { PermissionsAccessControl } from '@cdktf/provider-databricks/lib/permissions';

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
