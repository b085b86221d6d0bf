// The diff as Markdown for a pull-request comment, and its warnings as plain text for stderr.
import { code } from './markdown';
import { hasChanges, type PlanDiff } from './plan-diff';
import type { OriginMismatch } from './plan-origin';

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

const section = (title: string, lines: readonly string[]): string[] =>
  lines.length ? [`### ${title}`, ...lines.map((line) => `- ${line}`), ''] : [];

export function formatPlanDiff(diff: PlanDiff): string {
  const lines = warningBlock(diff);
  if (!hasChanges(diff)) {
    lines.push(`No access changes between ${code(diff.oldFile)} and ${code(diff.newFile)}.`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(`## Access changes: ${code(diff.oldFile)} → ${code(diff.newFile)}`, '');
  for (const { identity, lines: changes } of diff.access) lines.push(...section(identity.label, changes));
  lines.push(
    ...section('Destructive column changes', diff.destructiveColumns),
    ...section('Needs the owner or a metastore admin', diff.ownerOnly),
    ...section('Column changes', diff.columns),
    ...section('Compute limits', diff.limits),
    ...section('Resources that would be destroyed', diff.destroyed),
  );
  return `${lines.join('\n').trimEnd()}\n`;
}
