// A cluster policy for one compute row, usable (CAN_USE) by exactly the agents the row allows.
import { Construct } from 'constructs';
import { ClusterPolicy } from '@cdktf/provider-databricks/lib/cluster-policy';
import { Permissions } from '@cdktf/provider-databricks/lib/permissions';
import type { ComputeAccess } from '../access/compute';
import { policyDefinition, type PolicyContext } from './policy-definition';
import { accessControl, type Principal } from './principal';

export interface GovernedClusterPolicyProps {
  readonly compute: ComputeAccess;
  readonly context: PolicyContext;
  readonly principalOf: (agent: string) => Principal;
}

export class GovernedClusterPolicy extends Construct {
  readonly policy: ClusterPolicy;

  constructor(scope: Construct, id: string, props: GovernedClusterPolicyProps) {
    super(scope, id);
    const { compute, context } = props;
    this.policy = new ClusterPolicy(this, 'policy', {
      name: `${context.project}-${context.environment}-${compute.name}`,
      description: `${compute.purpose} (owner: ${compute.owner})`,
      definition: JSON.stringify(policyDefinition(compute, context)),
    });
    // The only permission level on a policy is CAN_USE; the list is authoritative for the policy.
    new Permissions(this, 'permissions', {
      clusterPolicyId: this.policy.id,
      accessControl: compute.users.map((agent) => accessControl(props.principalOf(agent), 'CAN_USE')),
    });
  }
}
