// Escaping for plan and model text printed in the diff's Markdown. A plan file can hold any text (comments,
// tag values, names), so nothing read from it is printed raw: a stray backtick, pipe or newline would break
// the inline code, a table row or the list item it sits in; control, bidi and zero-width characters are printed
// escaped (`\x1b`, `\u{202e}`), so the diff never drives a terminal or reads differently from the plan.
import { printable } from '../model/plain-text';

/**
 * `value` as one inline code span: newlines shown as `\n`, pipes escaped so the span also survives inside a
 * table row (outside tables GitHub then shows the backslash: a visible `\|` beats a broken row), and a fence
 * longer than any backtick run inside, so backticks stay literal (CommonMark code spans).
 */
export function code(value: string): string {
  const flat = printable(value.replace(/\r\n|\r|\n/g, '\\n')).replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  if (flat === '') return '` `'; // an empty span is no span; one space shows there is nothing
  // A span that starts or ends with a backtick needs a space inside the fence; CommonMark strips one each side.
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** `value` as inline code of its JSON text: strings quoted, numbers and booleans bare, absent as `unset`. */
export function jsonCode(json: string | undefined): string {
  return json === undefined ? 'unset' : code(json);
}

/**
 * `value` as plain running text on one line (headings, privilege names): newlines as spaces, and escaped what
 * could open code, emphasis, links, HTML or a table cell. Underscores stay: inside a word (USE_SCHEMA) GFM
 * never reads them as emphasis.
 */
export function text(value: string): string {
  return printable(value.replace(/\r\n|\r|\n/g, ' ')).replace(/[\\`*[\]<>|~]/g, '\\$&');
}
