// Reading rendered Markdown back in tests: its tables (outside code fences) and its sections.

export interface MarkdownTable {
  /** The nearest heading above the table. */
  readonly heading: string;
  readonly header: string[];
  readonly separator: string[];
  readonly rows: string[][];
}

/** The cells of one table line: escaped pipes stay inside their cell; a trailing pipe is optional, as in GFM. */
export function cellsOf(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

/** Every Markdown table of `text`, with the heading it sits under. */
export function tablesOf(text: string): MarkdownTable[] {
  const lines = text.split('\n');
  const found: MarkdownTable[] = [];
  let heading = '';
  let inFence = false;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].startsWith('```')) inFence = !inFence;
    if (inFence) continue;
    if (lines[i].startsWith('#')) heading = lines[i].replace(/^#+\s*/, '');
    if (lines[i].startsWith('|') && lines[i + 1]?.startsWith('|-')) {
      const table = { heading, header: cellsOf(lines[i]), separator: cellsOf(lines[i + 1]), rows: [] as string[][] };
      i += 2;
      while (lines[i]?.startsWith('|')) table.rows.push(cellsOf(lines[i++]));
      i--;
      found.push(table);
    }
  }
  return found;
}

/** The first table under `heading`; throws when there is none, naming the headings that have tables. */
export function tableUnder(text: string, heading: string, nth = 0): MarkdownTable {
  const table = tablesOf(text).filter((candidate) => candidate.heading === heading)[nth];
  if (!table) throw new Error(`no table under '${heading}'; tables are under: ${[...new Set(tablesOf(text).map((t) => t.heading))].join(', ')}`);
  return table;
}

/** The text from the heading line `heading` (any level) up to the next heading of the same or a higher level. */
export function sectionOf(text: string, heading: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => /^#+ /.test(line) && line.replace(/^#+\s*/, '') === heading);
  if (start < 0) throw new Error(`no section '${heading}'`);
  const level = /^#+/.exec(lines[start])![0].length;
  let end = start + 1;
  let inFence = false;
  for (; end < lines.length; end++) {
    if (lines[end].startsWith('```')) inFence = !inFence;
    const match = !inFence && /^(#+) /.exec(lines[end]);
    if (match && match[1].length <= level) break;
  }
  return lines.slice(start, end).join('\n');
}

/** Rough token count of Markdown text: about four bytes per token for English prose and tables. */
export const approxTokens = (text: string): number => Math.round(Buffer.byteLength(text) / 4);
