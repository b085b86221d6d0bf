// Opt-in: the built-in Personal Compute policy taken over, with the project's limits and an explicit CAN_USE list.
import { Construct } from 'constructs';
import { ClusterPolicy } from '@cdktf/provider-databricks/lib/cluster-policy';
import { Permissions } from '@cdktf/provider-databricks/lib/permissions';
import { DataDatabricksGroup } from '@cdktf/provider-databricks/lib/data-databricks-group';
import type { PrincipalRef } from '../model/types';
import { accessControlOfRef } from './principal';
import { PERSONAL_COMPUTE_FAMILY, PERSONAL_COMPUTE_NAME } from '../model/personal-compute';

export interface PersonalComputeProps {
  /** Everyone who keeps CAN_USE; the list is authoritative and names no agent. */
  readonly keep: readonly PrincipalRef[];
  readonly autoTerminateMinutes: number;
  /** Tags every Personal Compute cluster carries, e.g. project and environment. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Every workspace user may use Personal Compute by default, so an identity without cluster-create rights can still
 * start a cluster there, outside every project policy (DATABRICKS.md "Reviewed again"). Taking it over changes it for
 * every person in the workspace: overrides merged into the family's definition (destroy resets them), and one
 * authoritative CAN_USE list, which restricts anything only when the account setting for Personal Compute is DELEGATE.
 */
export class PersonalCompute extends Construct {
  readonly policy: ClusterPolicy;
  readonly permissions: Permissions;
  /** A workspace look-up of each group the list names: plan fails on one the workspace does not hold. */
  readonly groups = new Map<string, DataDatabricksGroup>();

  constructor(scope: Construct, id: string, props: PersonalComputeProps) {
    super(scope, id);
    const overrides: Record<string, unknown> = {
      autotermination_minutes: { type: 'fixed', value: props.autoTerminateMinutes, hidden: true },
    };
    for (const key of Object.keys(props.tags).sort()) overrides[`custom_tags.${key}`] = { type: 'fixed', value: props.tags[key] };
    this.policy = new ClusterPolicy(this, 'policy', {
      name: PERSONAL_COMPUTE_NAME,
      policyFamilyId: PERSONAL_COMPUTE_FAMILY,
      policyFamilyDefinitionOverrides: JSON.stringify(overrides),
    });
    const groupScope = new Construct(this, 'Groups');
    for (const ref of props.keep) {
      if ('group' in ref && !this.groups.has(ref.group))
        // A presence check: recursive (the default) would read every nested group (docs/data-sources/group.md).
        this.groups.set(ref.group, new DataDatabricksGroup(groupScope, ref.group, { displayName: ref.group, recursive: false }));
    }
    this.permissions = new Permissions(this, 'permissions', {
      clusterPolicyId: this.policy.id,
      accessControl: props.keep.map((ref) => accessControlOfRef(ref, 'CAN_USE')),
    });
  }
}
