// The User role on budget policies the stack attaches, granted by the stack only where the model lists every member.
import { Construct } from 'constructs';
import { AccessControlRuleSet } from '@cdktf/provider-databricks/lib/access-control-rule-set';
import type { NamedEnvironment } from '../model/types';
import { aclPrincipalIdOf } from './principal';
import { compareText } from '../model/compare-text';

export interface BudgetPolicyRolesProps {
  readonly environment: NamedEnvironment;
  /** `acl_principal_id` of the identity that runs Terraform (data.databricks_current_user). */
  readonly deployer: string;
}

/**
 * Attaching `budget_policy_id` to a pipeline or job needs the applying identity to hold the policy's User role, and a
 * new policy is visible only to its creator and billing admins (DATABRICKS.md "Reviewed again"). For each policy whose
 * members the model lists, one rule set `accounts/<id>/budgetPolicies/<policy>/ruleSets/default` grants the deployer
 * User. It is authoritative — it replaces every rule of the policy (docs/resources/access_control_rule_set.md, "Budget
 * policy usage") — so validation requires the managers and users to keep. Policies marked `deployerIsUser` get none.
 */
export class BudgetPolicyRoles extends Construct {
  /** Budget policy id → the rule set a pipeline or job attaching it must wait for. */
  readonly ruleSets = new Map<string, AccessControlRuleSet>();

  constructor(scope: Construct, id: string, props: BudgetPolicyRolesProps) {
    super(scope, id);
    const { environment } = props;
    for (const [policyId, roles] of Object.entries(environment.budgetPolicyRoles).sort(([a], [b]) => compareText(a, b))) {
      if (!('managers' in roles)) continue;
      if (environment.accountId === undefined)
        throw new Error(`${this.node.path}: environments.${environment.name}.accountId is required to grant budget policy roles`);
      this.ruleSets.set(
        policyId,
        new AccessControlRuleSet(this, policyId, {
          name: `accounts/${environment.accountId}/budgetPolicies/${policyId}/ruleSets/default`,
          grantRules: [
            { role: 'roles/budgetPolicy.manager', principals: roles.managers.map(aclPrincipalIdOf) },
            { role: 'roles/budgetPolicy.user', principals: [props.deployer, ...roles.users.map(aclPrincipalIdOf)] },
          ],
        }),
      );
    }
  }
}
