// Markdown helpers shared by the generated docs: table cells that stay one cell, and the banner that says how to
// regenerate a file.

/** `<` and `>` outside code spans, as entities: `<project>-<agent>` would otherwise be read as HTML tags and vanish. */
const escapeAngles = (text: string): string =>
  text
    .split('`')
    .map((part, i) => (i % 2 ? part : part.replace(/</g, '&lt;').replace(/>/g, '&gt;')))
    .join('`');

/** A table cell: `|` escaped, line breaks joined, so model text never splits a row; angle brackets kept visible. */
export const cell = (text: string): string => escapeAngles(text.replace(/\|/g, '\\|').replace(/\r?\n\s*/g, ' '));

/** A Markdown table from a header row and body rows. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map((row) => line(row.map(cell)))].join('\n');
}

/** The first line of every generated file: where it comes from and how to regenerate it. */
export const generatedBanner = (source: string): string =>
  `<!-- Generated from ${source} by \`npm run docs\`; do not edit by hand (CI fails when it drifts). -->`;
