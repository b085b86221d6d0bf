// The unified diff of drift reports (`check`, `agents --check`): jsdiff's Myers diff, whose memory grows with the
// texts and the edit distance, not with their product as a table of common subsequences does.
import { FILE_HEADERS_ONLY, formatPatch, structuredPatch, type StructuredPatch } from 'diff';

/**
 * Myers' time grows with the square of the edit distance: beyond this many differing lines the files are too
 * different for a minimal diff to help a reader, and the diff shows the changed middle whole instead (still exact:
 * applying it gives the new text).
 */
const MAX_EDIT_LENGTH = 1_000;

export function unifiedDiff(oldText: string, newText: string, oldName: string, newName: string, context = 3): string {
  const patch =
    structuredPatch(oldName, newName, oldText, newText, undefined, undefined, { context, maxEditLength: MAX_EDIT_LENGTH }) ??
    wholeMiddle(oldText, newText, oldName, newName, context);
  return formatPatch(patch, FILE_HEADERS_ONLY);
}

/** Lines with their line ends, as jsdiff compares them: a last line without one differs from the same line with it. */
const linesOf = (text: string) => text.split(/(?<=\n)/).filter((line) => line !== '');

/** One hunk: the common first and last lines kept (up to `context` of each shown), everything between replaced. */
function wholeMiddle(oldText: string, newText: string, oldName: string, newName: string, context: number): StructuredPatch {
  const a = linesOf(oldText);
  const b = linesOf(newText);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const before = a.slice(Math.max(0, head - context), head);
  const after = a.slice(a.length - tail, a.length - tail + Math.min(context, tail));
  const shown = (prefix: string, lines: readonly string[]) =>
    lines.flatMap((line) => (line.endsWith('\n') ? [prefix + line.slice(0, -1)] : [prefix + line, '\\ No newline at end of file']));
  const oldLines = before.length + a.length - head - tail + after.length;
  const newLines = before.length + b.length - head - tail + after.length;
  const start = head - before.length + 1;
  return {
    oldFileName: oldName,
    newFileName: newName,
    oldHeader: undefined,
    newHeader: undefined,
    hunks: [
      {
        // formatPatch writes a side with no lines as starting at the line before (GNU diff's convention).
        oldStart: start,
        oldLines,
        newStart: start,
        newLines,
        lines: [
          ...shown(' ', before),
          ...shown('-', a.slice(head, a.length - tail)),
          ...shown('+', b.slice(head, b.length - tail)),
          ...shown(' ', after),
        ],
      },
    ],
  };
}
