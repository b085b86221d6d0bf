// The diff as text (Markdown, per agent), as the Markdown body of a pull-request comment, and as JSON; its
// warnings as plain text for stderr.
import { code, text } from './markdown';
import { hasChanges, needsReview, type PlanDiff } from './plan-diff';
import type { OriginMismatch } from './plan-origin';
import type { PlanReview, ReviewChange, ReviewGroup } from './review-types';

/** The first line of the pull-request comment: the workflow finds its earlier comment by it and updates it. */
export const REVIEW_MARKER = '<!-- agent-contract-plan-review -->';

const list = (values: readonly string[], show: (value: string) => string): string => (values.length ? values.map(show).join(', ') : 'none');

/** One line per mismatch for stderr, values as JSON strings. */
export function formatWarnings(diff: PlanDiff): string[] {
  return diff.mismatches.map(
    (m: OriginMismatch) =>
      `warning: the plans belong to different ${m.what}: ${list(m.before, (v) => JSON.stringify(v))} in '${diff.oldFile}', ${list(m.after, (v) => JSON.stringify(v))} in '${diff.newFile}'; every difference between them is reported as a change`,
  );
}

function warningBlock(diff: PlanDiff): string[] {
  if (!diff.mismatches.length) return [];
  return [
    '> [!WARNING]',
    '> **These plans belong to different stacks or projects**: every difference between them is reported as a change.',
    ...diff.mismatches.map(
      (m) => `> - different ${m.what}: ${list(m.before, code)} in ${code(diff.oldFile)}, ${list(m.after, code)} in ${code(diff.newFile)}`,
    ),
    '',
  ];
}

const TAGS = { destructive: '**destructive** ', revoking: '**revokes** ', change: '' } as const;
const line = (change: ReviewChange): string => `- ${TAGS[change.severity]}${change.markdown}`;
const title = (group: ReviewGroup): string => (group.agent === null ? 'project' : text(group.agent));
const compared = (diff: PlanDiff): string =>
  diff.input === 'plan' ? `plan file ${code(diff.oldFile)} (state → planned)` : `${code(diff.oldFile)} → ${code(diff.newFile)}`;

function counts(diff: PlanDiff): PlanReview['summary'] {
  const all = diff.groups.flatMap((group) => group.changes);
  return {
    changes: all.length,
    destructive: all.filter((change) => change.severity === 'destructive').length,
    revoking: all.filter((change) => change.severity === 'revoking').length,
    agents: diff.groups.filter((group) => group.agent !== null).length,
  };
}

const sections = (diff: PlanDiff): string[] => diff.groups.flatMap((group) => [`### ${title(group)}`, ...group.changes.map(line), '']);

/** The default output: per agent, then the project; destructive and revoking changes first in each. */
export function formatPlanDiff(diff: PlanDiff): string {
  const lines = warningBlock(diff);
  if (!hasChanges(diff)) {
    lines.push(`No changes to access, data or compute limits: ${compared(diff)}.`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(`## Plan changes: ${compared(diff)}`, '', ...sections(diff));
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The pull-request comment: marker, summary, destructive and revoking changes called out, then every agent's changes. */
export function formatPlanReviewMarkdown(diff: PlanDiff): string {
  const { changes, destructive, revoking, agents } = counts(diff);
  const lines = [REVIEW_MARKER, '## agent-contract plan review', '', ...warningBlock(diff)];
  if (!hasChanges(diff)) {
    lines.push(`No changes to access, data or compute limits in ${compared(diff)}.`);
    return `${lines.join('\n')}\n`;
  }
  const project = diff.groups.some((group) => group.agent === null);
  lines.push(
    `Compared ${compared(diff)}: **${changes} change${changes === 1 ? '' : 's'}** concerning ${agents} agent${agents === 1 ? '' : 's'}${project ? ' and the project' : ''}; ` +
      `**${destructive} destructive**, **${revoking} revoking**.`,
    '',
  );
  const urgent = diff.groups.flatMap((group) =>
    group.changes.filter((change) => change.severity !== 'change').map((change) => `${line(change)} (${title(group)})`),
  );
  if (urgent.length) lines.push('### Destructive and revoking changes', ...urgent, '');
  lines.push(...sections(diff));
  return `${lines.join('\n').trimEnd()}\n`;
}

/** `--json`: the PlanReview shape (review-types.ts). */
export function planReviewOf(diff: PlanDiff): PlanReview {
  return {
    version: 1,
    input: diff.input,
    before: diff.oldFile,
    after: diff.newFile,
    warnings: formatWarnings(diff).map((warning) => warning.replace(/^warning: /, '')),
    summary: counts(diff),
    groups: diff.groups,
    reviewRequired: needsReview(diff),
  };
}
