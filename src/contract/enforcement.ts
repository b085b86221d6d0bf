// What keeps each rule of the contract: the one vocabulary CONTRACT.md and the briefs mark rules with.

export const ENFORCED_BY = {
  grant: 'Unity Catalog grant',
  policy: 'cluster policy',
  guard: 'runtime guard',
  timeout: 'job timeout',
  permission: 'workspace permission',
  setting: 'stack setting',
  alert: 'SQL alert',
  monitor: 'quality monitor',
  guardrail: 'synth guardrail',
  ci: 'CI check',
  hook: 'edit hook',
  agreement: 'agreement',
} as const;

export type Enforcement = (typeof ENFORCED_BY)[keyof typeof ENFORCED_BY];

const MEANING: Readonly<Record<Enforcement, string>> = {
  'Unity Catalog grant': 'Unity Catalog refuses what the grants and ownerships do not allow.',
  'cluster policy': "Databricks refuses a cluster outside the agent's own cluster policy.",
  'runtime guard': "a job running every 15 minutes stops clusters, job runs and pipeline updates past their compute row's maximum runtime.",
  'job timeout': 'Databricks cancels a job run at its `timeout_seconds`.',
  'workspace permission': "Databricks refuses what the object's permissions (CAN_USE, CAN_RUN, CAN_MANAGE ...) do not allow.",
  'stack setting': 'Terraform sets it; whoever may change the resource can undo it, and the next apply restores it.',
  'SQL alert':
    "a Databricks SQL alert evaluates the gate every 15 minutes as the gate's agent and e-mails the table owner's contact when it fails; it observes, it does not block.",
  'quality monitor':
    "a Lakehouse quality monitor profiles the table nightly into the monitoring schema and e-mails the table owner's contact when a refresh fails; it observes, it does not block.",
  'synth guardrail': '`npx cdktf synth` fails with the rule id.',
  'CI check': 'CI fails.',
  'edit hook':
    "the PreToolUse hook in each agent's definition (`.claude/agents/`) blocks an edit of a file the agent does not own; `agent-contract may-edit` checks a change's files in CI.",
  agreement: 'the agents keep it among themselves; nothing in the workspace stops a breach.',
};

/** The legend: every kind with what it means, in a fixed order. */
export function enforcementLegend(): { label: string; meaning: string }[] {
  return Object.values(ENFORCED_BY).map((label) => ({ label, meaning: MEANING[label] }));
}
