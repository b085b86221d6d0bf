// How model values enter the generated files without changing their structure: a shell word, a YAML scalar, inert
// Markdown. Validation refuses control characters in model text (hostile-input checks); these hold even without it.

/** A single-quoted shell word: `'` becomes `'\''`, nothing inside is expanded. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A shell word as a person would type it: bare when it holds only safe characters, else single-quoted. */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9_./@:=+-]+$/.test(value) ? value : shellQuote(value);
}

/** A YAML scalar that stays one plain string whatever the text holds: JSON strings are YAML (1.2) scalars. */
export function yamlScalar(value: string): string {
  return JSON.stringify(value);
}

/**
 * Text that stays inert in Markdown and in an HTML comment: no line breaks or other control characters (a new
 * heading, a new front-matter key), no comment terminator, no backtick closing a code span.
 */
/** Control characters and the Unicode line separators: each could start a new line in some reader. */
// eslint-disable-next-line no-control-regex
const LINE_BREAKING = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/g;

export function inertMarkdown(value: string): string {
  return value.replace(LINE_BREAKING, ' ').replace(/-->/g, '--&gt;').replace(/`/g, "'");
}
