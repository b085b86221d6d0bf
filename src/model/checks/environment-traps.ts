// What an environment must settle before a real workspace accepts the plan: secrets that rotate before they expire,
// and a User role on every budget policy the stack attaches.
import type { CheckContext } from './context';
import { rotationDaysOf } from '../credentials';

export function checkEnvironmentTraps(ctx: CheckContext): void {
  for (const [name, environment] of Object.entries(ctx.model.environments)) {
    const credentials = environment.agentCredentials;
    const rotationDays = rotationDaysOf(credentials);
    if (credentials.enabled && rotationDays >= credentials.lifetimeDays) {
      ctx.report(
        ['environments', name, 'agentCredentials', 'rotationDays'],
        `${rotationDays} is not shorter than lifetimeDays (${credentials.lifetimeDays}): every secret would expire before the apply that replaces it: give at most ${credentials.lifetimeDays - 1}, e.g. ${Math.max(1, Math.floor((credentials.lifetimeDays * 2) / 3))}`,
      );
    }

    // Attaching budget_policy_id needs the applying identity to hold the policy's User role (DATABRICKS.md "Reviewed again").
    const roles = environment.budgetPolicyRoles;
    const used = new Set<string>();
    for (const [agent, policy] of Object.entries(environment.budgetPolicies)) {
      if (used.has(policy)) continue;
      used.add(policy);
      if (!Object.prototype.hasOwnProperty.call(roles, policy)) {
        ctx.report(
          ['environments', name, 'budgetPolicies', agent],
          `budget policy '${policy}' is attached only if the identity that applies holds its User role (roles/budgetPolicy.user), which a new policy gives nobody but its creator and billing admins: add environments.${name}.budgetPolicyRoles.${policy} with 'deployerIsUser: true' once it holds the role, or with 'managers' and 'users' listing every member to keep, so the stack grants it`,
        );
      } else if ('managers' in roles[policy] && environment.accountId === undefined) {
        ctx.report(
          ['environments', name, 'accountId'],
          `required: the stack grants the User role of budget policy '${policy}' through a rule set named after the account: add the account id (a UUID, shown in the account console)`,
        );
      }
    }
    for (const policy of Object.keys(roles)) {
      if (!used.has(policy)) {
        ctx.report(
          ['environments', name, 'budgetPolicyRoles', policy],
          `'${policy}' is not a budget policy that environments.${name}.budgetPolicies attaches: remove it, or fix the id`,
        );
      }
    }
  }
}
