// DAC-CP5: a cluster policy belongs to one agent, so its clusters are charged to and limited as that agent.
import { NOT_APPLICABLE, accessEntriesOf, verdict, type GuardrailRule } from './rule';
import { PERSONAL_COMPUTE_FAMILY } from '../model/personal-compute';

export const policyForOneAgent: GuardrailRule = {
  id: 'DAC-CP5',
  summary: 'every cluster policy permission grants CAN_USE to exactly one principal',
  checks:
    "A cluster policy's permissions grant `CAN_USE` to exactly one principal (one policy per agent); a taken-over Personal Compute policy may list many, never an agent.",
  why: 'A policy fixes the owner tag: a cluster another agent starts on a shared policy would be tagged, charged and limited as the wrong agent.',
  fix: 'Give each agent its own policy (the stacks do: one per row and agent); remove agents from `personalCompute.keep`.',
  check(element, context) {
    if (element.type !== 'databricks_permissions' || typeof element.config.cluster_policy_id !== 'string') return NOT_APPLICABLE;
    const entries = accessEntriesOf(element);
    const policies = context.groupedBy('policies-by-id', (other) => (other.type === 'databricks_cluster_policy' ? other.idRef : undefined));
    const policy = policies.get(element.config.cluster_policy_id)?.[0];
    if (policy?.config.policy_family_id === PERSONAL_COMPUTE_FAMILY) {
      // The taken-over Personal Compute policy is for people: it may list many, but never an agent, whose clusters
      // belong on the agent's own tagged and limited policy.
      const agents = entries.flatMap((entry) => {
        const agent = context.agentOf(entry.service_principal_name ?? entry.group_name ?? entry.user_name ?? '');
        return agent !== undefined ? [agent] : [];
      });
      return verdict(agents.map((agent) => `agent '${agent}' may use Personal Compute, outside its own policy: remove it from personalCompute.keep`));
    }
    if (entries.length === 1) return verdict([]);
    return verdict([
      `${entries.length} principals may use one policy, whose fixed owner tag then names only one of them: give each agent its own policy`,
    ]);
  },
};
