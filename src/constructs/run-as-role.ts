// Lets the deploying identity set run_as to a service principal: the servicePrincipal.user role on it.
import { Construct } from 'constructs';
import { AccessControlRuleSet } from '@cdktf/provider-databricks/lib/access-control-rule-set';

export interface RunAsRoleProps {
  /** Databricks account id: the rule set's name holds it and no workspace-level data source returns it. */
  readonly accountId: string;
  /** The service principal's application id (a token for a created one). */
  readonly applicationId: string;
  /** `acl_principal_id` of the identity that runs Terraform (data.databricks_current_user). */
  readonly deployer: string;
}

/**
 * Setting run_as needs servicePrincipal.user on that service principal, even for workspace admins, and creating
 * a service principal grants its creator Manager only (Go SDK pipelines.RunAs doc; provider issue #4821).
 * The rule set is authoritative — it replaces every rule of the principal — so it lists the deployer as
 * Manager too (DATABRICKS.md "Identity, isolation and the guard's rights"). Workspace-level provider: no
 * account_id on the provider, or the resource switches to the account client.
 */
export class RunAsRole extends Construct {
  readonly ruleSet: AccessControlRuleSet;

  constructor(scope: Construct, id: string, props: RunAsRoleProps) {
    super(scope, id);
    this.ruleSet = new AccessControlRuleSet(this, 'rule-set', {
      name: `accounts/${props.accountId}/servicePrincipals/${props.applicationId}/ruleSets/default`,
      grantRules: [
        { role: 'roles/servicePrincipal.manager', principals: [props.deployer] },
        { role: 'roles/servicePrincipal.user', principals: [props.deployer] },
      ],
    });
  }
}
