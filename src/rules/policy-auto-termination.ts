// DAC-CP1 / DAC-CP2: interactive clusters must auto-terminate within 10–1440 minutes; job and DLT
// clusters end with their run and reject the setting.
import { AUTO_TERMINATE_MAX, AUTO_TERMINATE_MIN } from '../model/checks/compute';
import { NOT_APPLICABLE, verdict, type GuardrailRule, type StackElement } from './rule';

interface PolicyRule {
  type?: string;
  value?: unknown;
  minValue?: number;
  maxValue?: number;
}

function definitionOf(element: StackElement): Record<string, PolicyRule> | undefined {
  // A policy-family policy (Personal Compute taken over) is limited by the overrides merged into the family's
  // definition (docs/resources/cluster_policy.md, policy_family_definition_overrides).
  const text = element.config.policy_family_id !== undefined ? element.config.policy_family_definition_overrides : element.config.definition;
  try {
    return JSON.parse(String(text)) as Record<string, PolicyRule>;
  } catch {
    return undefined;
  }
}

const clusterType = (definition: Record<string, PolicyRule>) => definition.cluster_type?.value;

export const interactiveAutoTermination: GuardrailRule = {
  id: 'DAC-CP1',
  summary: 'all-purpose and GPU policies fix auto-termination within 10–1440 minutes',
  checks: `All-purpose and GPU cluster policies fix \`autotermination_minutes\` within ${AUTO_TERMINATE_MIN}–${AUTO_TERMINATE_MAX} minutes.`,
  why: 'An interactive cluster that never terminates bills around the clock.',
  fix: `Fix \`autotermination_minutes\` to the compute row's \`autoTerminateMinutes\` (${AUTO_TERMINATE_MIN}–${AUTO_TERMINATE_MAX}).`,
  check(element) {
    if (element.type !== 'databricks_cluster_policy') return NOT_APPLICABLE;
    const definition = definitionOf(element);
    if (!definition) return verdict(['the definition is not JSON: generate it from the model']);
    if (clusterType(definition) === 'job' || clusterType(definition) === 'dlt') return NOT_APPLICABLE;
    const rule = definition.autotermination_minutes;
    const value = typeof rule?.value === 'number' ? rule.value : undefined;
    if (rule?.type !== 'fixed' || value === undefined)
      return verdict(["autotermination_minutes is not fixed: fix it to the compute row's autoTerminateMinutes"]);
    if (value < AUTO_TERMINATE_MIN || value > AUTO_TERMINATE_MAX)
      return verdict([`autotermination_minutes is ${value}: fix it within ${AUTO_TERMINATE_MIN}–${AUTO_TERMINATE_MAX}`]);
    return verdict([]);
  },
};

export const runClustersWithoutAutoTermination: GuardrailRule = {
  id: 'DAC-CP2',
  summary: 'job and dlt policies do not set auto-termination',
  checks: 'Job and dlt cluster policies do not set `autotermination_minutes`.',
  why: 'Job and DLT clusters end with their run and reject the setting.',
  fix: 'Remove `autotermination_minutes` from the policy.',
  check(element) {
    if (element.type !== 'databricks_cluster_policy') return NOT_APPLICABLE;
    const definition = definitionOf(element);
    if (!definition || (clusterType(definition) !== 'job' && clusterType(definition) !== 'dlt')) return NOT_APPLICABLE;
    return verdict(definition.autotermination_minutes ? ['job and DLT clusters reject autotermination_minutes: remove it from the policy'] : []);
  },
};
