// One agent's cluster policy on one compute row, usable (CAN_USE) by that agent alone.
import { Construct } from 'constructs';
import { ClusterPolicy } from '@cdktf/provider-databricks/lib/cluster-policy';
import { Permissions } from '@cdktf/provider-databricks/lib/permissions';
import type { ComputeAccess } from '../access/compute';
import { policyDefinition, type PolicyContext } from './policy-definition';
import { accessControl, type Principal } from './principal';
import { clusterPolicyName } from '../model/resource-names';

export interface GovernedClusterPolicyProps {
  readonly compute: ComputeAccess;
  /** The agent this policy is for: its tag is fixed on every cluster and it alone gets CAN_USE. */
  readonly agent: string;
  readonly principal: Principal;
  readonly context: PolicyContext;
}

/**
 * One policy per (row, agent), so a cluster an allowed agent starts is charged to and limited as that agent, never
 * as the row's owner. The name `<project>-<env>-<row>.<agent>` cannot collide: rows and agents are kebab-case.
 */
export class GovernedClusterPolicy extends Construct {
  readonly policy: ClusterPolicy;

  constructor(scope: Construct, id: string, props: GovernedClusterPolicyProps) {
    super(scope, id);
    const { compute, context, agent } = props;
    this.policy = new ClusterPolicy(this, 'policy', {
      name: clusterPolicyName(context, compute.name, agent),
      description: `${compute.purpose} (${agent}; row owner: ${compute.owner})`,
      definition: JSON.stringify(policyDefinition(compute, agent, props.principal, context)),
      // A resource argument, not part of the definition JSON (DATABRICKS.md "Cluster policies").
      maxClustersPerUser: compute.maxClustersPerAgent,
    });
    // The only permission level on a policy is CAN_USE; the list is authoritative for the policy.
    new Permissions(this, 'permissions', {
      clusterPolicyId: this.policy.id,
      accessControl: [accessControl(props.principal, 'CAN_USE')],
    });
  }
}
