// docs/rules.md and README's rule table, from the guardrail pack: each rule's own file is the one home of its id,
// what it checks, why and how to fix a finding.
import type { GuardrailRule } from '../../src/rules/rule';
import { generatedBanner, table } from './markdown';

const anchor = (id: string): string => id.toLowerCase();

/** README's table: one line per rule, linking to its section of docs/rules.md. */
export function rulesTable(rules: readonly GuardrailRule[], docsPath: string): string {
  return table(
    ['id', 'rule'],
    rules.map((rule) => [`[${rule.id}](${docsPath}#${anchor(rule.id)})`, rule.summary]),
  );
}

export function renderRulesDoc(rules: readonly GuardrailRule[]): string {
  const sections = rules.map((rule) =>
    [
      `## ${rule.id}`,
      '',
      `**${rule.summary}**`,
      '',
      `- **Checks:** ${rule.checks}`,
      `- **Why:** ${rule.why}`,
      `- **Fix:** ${rule.fix}`,
      `- **Suppress:** \`rule: ${rule.id}\` in the model's \`suppressions\`, with the construct path the finding names (see [Suppressing a finding](#suppressing-a-finding)).`,
    ].join('\n'),
  );
  return `${[
    generatedBanner('the guardrail pack (src/rules/pack.ts; each rule in its own file)'),
    '',
    '# Guardrail rules',
    '',
    `Every stack carries a rule pack of ${rules.length} rules (\`src/rules/\`, one pure rule per file, each answering compliant /`,
    "non-compliant / not applicable for one synthesized element), run as the stack's construct validation: cdktf runs",
    'validations after every Aspect, so the pack checks — and synth writes — the stack with your own Aspects applied.',
    'An error stops `npx cdktf synth` and leaves no stack output behind, as `<rule id> <construct path>: <message and fix>`;',
    'the same findings are annotations on the offending constructs.',
    '',
    'The model cannot express most violations (validation refuses them); the pack catches what escape hatches',
    '(`addOverride`, extra constructs in `stacks/main.ts` via `buildApp` + `synthBuilt`, your own `AgentTeam` stack)',
    'would introduce.',
    '',
    table(
      ['id', 'rule'],
      rules.map((rule) => [`[${rule.id}](#${anchor(rule.id)})`, rule.summary]),
    ),
    '',
    '## Suppressing a finding',
    '',
    'Suppress a finding in the model, with a written reason of at least 10 characters; suppressions are listed in',
    'CONTRACT.md:',
    '',
    '```yaml',
    'suppressions:',
    '  - rule: DAC-CP3',
    '    resource: dev/compute/warehouse-analytics-warehouse   # <environment>/<path below the team>, or its leading whole segments',
    '    reason: Trade-fair dashboard must answer instantly all week.',
    '```',
    '',
    "Suppressions are strict, like cdk-nag's:",
    '',
    '- `resource` covers the construct path it names and everything below it, by whole segments: `dev/compute`',
    '  covers `dev/compute/x` but not `dev/computex`.',
    '- `rule` must be one of the ids below; validation refuses any other (exit 1), suggesting the closest.',
    '- `resource` is the address a finding prints: the environment, then the construct path below the AgentTeam',
    '  (`dev/compute/...`), whatever the stack holding the team is called (`EnvironmentStack` or a stack of your',
    "  own). Only that environment's team checks it; validation refuses one whose first segment names no",
    '  environment. Suppress the same finding in two environments with two entries.',
    '- A suppression that matches no finding of its environment fails synth as',
    '  `<rule> <resource>: the suppression ... matches no finding`: remove it (or fix its path), so a stale entry',
    '  cannot silently waive the next real violation there.',
    '',
    'In CI, `npx agent-contract diff base/cdk.tf.json head/cdk.tf.json` exits 3 when a change grants or revokes',
    'access, moves ownership, changes a compute limit or would destroy a resource, and prints the change per',
    'agent as Markdown for the pull request.',
    '',
    ...sections.flatMap((section) => [section, '']),
  ]
    .join('\n')
    .trimEnd()}\n`;
}
