// The deployer the grants name is the identity that applies: a plan-time condition on data.databricks_current_user.
import type { Construct } from 'constructs';
import type { Postcondition } from 'cdktf';
import { DataDatabricksGroup } from '@cdktf/provider-databricks/lib/data-databricks-group';
import type { TeamModel } from '../model/types';

type Deployer = NonNullable<TeamModel['catalog']['deployer']>;

/** The Terraform address of a data source, as a condition expression refers to it. */
const addressOf = (source: DataDatabricksGroup): string => `data.${source.terraformResourceType}.${source.friendlyUniqueId}`;

/**
 * The postcondition for data.databricks_current_user that the identity applying the plan is `deployer`: the model's grants give
 * MANAGE and CREATE_* to that literal principal, while the rule sets name the current user, so anyone else would get
 * no CREATE_TABLE and fail halfway. The data source is read during plan (its configuration is fully known), so a
 * failed condition stops the plan before anything changes. `user_name` is the application id when a service principal
 * applies (docs/data-sources/current_user.md; scim/data_current_user.go); a group deployer is checked through the
 * group's members (docs/data-sources/group.md: `users`, `service_principals`, recursive by default).
 */
export function deployerCheck(scope: Construct, deployer: Deployer | undefined): Postcondition[] | undefined {
  if (deployer === undefined) return undefined;
  if ('applicationId' in deployer) {
    return [
      {
        condition: `\${self.user_name == "${deployer.applicationId}"}`,
        errorMessage: `The identity applying this plan is not catalog.deployer.applicationId (${deployer.applicationId}), which the grants give MANAGE and CREATE_* to: apply as that service principal, or set catalog.deployer.applicationId in the model to the application id of the identity that applies.`,
      },
    ];
  }
  const group = new DataDatabricksGroup(scope, 'DeployerGroup', { displayName: deployer.group });
  const members = addressOf(group);
  return [
    {
      condition: `\${contains(concat(${members}.users, ${members}.service_principals), self.id)}`,
      errorMessage: `The identity applying this plan is not a member of catalog.deployer.group (${deployer.group}), which the grants give MANAGE and CREATE_* to: apply as a member of that group, or set catalog.deployer in the model to the identity that applies.`,
    },
  ];
}
