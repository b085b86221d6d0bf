// DAC-UC4: grants and permissions to everyone in the workspace or account defeat per-agent ownership.
import { BROAD_GROUPS } from '../model/names';
import { NOT_APPLICABLE, accessEntriesOf, grantsOf, verdict, type GuardrailRule } from './rule';

const BROAD_PRINCIPALS: ReadonlySet<string> = BROAD_GROUPS;

export const noBroadPrincipals: GuardrailRule = {
  id: 'DAC-UC4',
  summary: 'no grant or permission to broad principals (users, account users, admins)',
  checks:
    'No grant or permission to broad principals (`users`, `account users`, `admins`, any case): grant principals and `databricks_permissions` `group_name`.',
  why: 'A grant to everyone in the workspace or account defeats per-agent ownership.',
  fix: "Give the access to the agents' principals instead, or suppress the finding in the model with a reason.",
  check(element) {
    if (element.type === 'databricks_permissions') {
      // An access_control entry names a group by group_name (Go SDK iam.AccessControlRequest.GroupName).
      return verdict(
        accessEntriesOf(element)
          .filter((entry) => typeof entry.group_name === 'string' && BROAD_PRINCIPALS.has(entry.group_name.toLowerCase()))
          .map(
            (entry) =>
              `'${entry.group_name}' holds ${entry.permission_level ?? 'a permission'}: give it to the agents' principals instead, or suppress DAC-UC4 in the model with a reason`,
          ),
      );
    }
    if (element.type !== 'databricks_grants' && element.type !== 'databricks_grant') return NOT_APPLICABLE;
    return verdict(
      grantsOf(element)
        .filter((entry) => BROAD_PRINCIPALS.has(entry.principal.toLowerCase()))
        .map(
          (entry) => `'${entry.principal}' is granted access: grant the agents' principals instead, or suppress DAC-UC4 in the model with a reason`,
        ),
    );
  },
};
