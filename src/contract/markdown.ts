// Escaping for values placed in Markdown: table cells and inline text stay literal and well-formed.

/** A value for a table cell: pipes escaped, newlines as <br>, template braces neutralized. */
export function cell(value: string): string {
  return inline(value).replace(/\|/g, '\\|');
}

/** A value for running text: one line, template braces neutralized. */
export function inline(value: string): string {
  // Markdown renderers end a line at CR as well as at LF (CommonMark: a line ending is LF, CR or CRLF).
  return value
    .replace(/\r\n?|\n/g, '<br>')
    .replace(/\{\{/g, '\\{\\{')
    .replace(/\}\}/g, '\\}\\}');
}

/** Text for a Mermaid label: quotes and brackets would end the label. */
export function mermaidLabel(value: string): string {
  return value
    .replace(/["[\]{}()|<>]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
