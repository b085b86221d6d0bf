// DAC-CP4: each policy has exactly one (authoritative) permissions resource, so who may use it is explicit.
import { NOT_APPLICABLE, permissionsOf, verdict, type GuardrailRule } from './rule';

export const policyHasOnePermissions: GuardrailRule = {
  id: 'DAC-CP4',
  summary: 'every cluster policy has exactly one permissions resource',
  checks: 'Every cluster policy has exactly one `databricks_permissions` resource.',
  why: 'One authoritative permissions resource makes who may use the policy explicit; two fight each other on every apply.',
  fix: "Keep one `databricks_permissions` listing the row's agents.",
  check(element, context) {
    if (element.type !== 'databricks_cluster_policy') return NOT_APPLICABLE;
    const count = permissionsOf(element, context, 'cluster_policy_id').length;
    if (count === 1) return verdict([]);
    return verdict([
      count === 0
        ? "nobody is given CAN_USE: add one databricks_permissions listing the row's agents"
        : `${count} permissions resources fight over this policy: keep one`,
    ]);
  },
};
