// DAC-CP5: a cluster policy belongs to one agent, so its clusters are charged to and limited as that agent.
import { NOT_APPLICABLE, accessEntriesOf, verdict, type GuardrailRule } from './rule';

export const policyForOneAgent: GuardrailRule = {
  id: 'DAC-CP5',
  summary: 'every cluster policy permission grants CAN_USE to exactly one principal',
  check(element) {
    if (element.type !== 'databricks_permissions' || typeof element.config.cluster_policy_id !== 'string') return NOT_APPLICABLE;
    const entries = accessEntriesOf(element);
    if (entries.length === 1) return verdict([]);
    return verdict([
      `${entries.length} principals may use one policy, whose fixed owner tag then names only one of them: give each agent its own policy`,
    ]);
  },
};
