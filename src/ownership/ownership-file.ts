// The ownership file's layout, written by `agents` and synth and read by the hook on every call: JSON whose patterns
// stand one per line, and whose header repeats the few patterns a lowercase search cannot find (a wildcard or a
// capital letter in their first segment). So the hook decodes only what can match the paths it judges — the lines
// found by their literal first segment (a byte search in the file as read) and the header — and 10,000 patterns
// cost a search, not 10,000 objects. A file in any other layout (by hand, by an older writer) is parsed whole.
import type { Ownership, OwnershipPattern } from './matcher';

const OPEN = '\n  "patterns": [\n';
const CLOSE = '\n  ]\n}\n';
const LINE = '\n    {"pattern":"';

export const firstSegment = (path: string): string => {
  const slash = path.indexOf('/');
  return slash < 0 ? path : path.slice(0, slash);
};

/**
 * Patterns the hook reads from the header: a search for a path's lowercased first segment would miss them — a
 * wildcard, any capital (`Über/**` too), or a character JSON writes escaped.
 */
const readAlways = (pattern: string) => {
  const first = firstSegment(pattern);
  return first.includes('*') || first !== first.toLowerCase() || JSON.stringify(first) !== `"${first}"`;
};

/** The file's text: the header (with the patterns read always), then one pattern per line. */
export function ownershipText(ownership: Ownership): string {
  const { patterns, ...rest } = ownership;
  const section = patterns.map((pattern) => `    ${JSON.stringify(pattern)}`).join(',\n');
  const bytes = Buffer.byteLength(section);
  const always = patterns.filter((entry) => readAlways(entry.pattern));
  const head = JSON.stringify({ ...rest, readAlways: always, patternBytes: bytes }, null, 2).replace(/\n}$/, '');
  if (!patterns.length) return `${head},\n  "patterns": []\n}\n`;
  return `${head},${OPEN}${section}${CLOSE}`;
}

/**
 * The ownership file (its bytes) with only the patterns that can match a path whose lowercased first segment is in
 * `wanted`: the lines whose first segment is one of them, in file order, then those read always. Without `wanted`,
 * every pattern.
 */
export function parseOwnershipBytes(bytes: Buffer, wanted?: ReadonlySet<string>): Ownership {
  const whole = () => JSON.parse(bytes.toString('utf8')) as Ownership;
  const open = bytes.indexOf(OPEN);
  if (!wanted || open < 0 || !bytes.subarray(bytes.length - CLOSE.length).equals(Buffer.from(CLOSE))) return whole();
  const head = JSON.parse(`${bytes.toString('utf8', 0, open)}\n  "patterns": []\n}`) as Ownership & {
    readAlways?: OwnershipPattern[];
    patternBytes?: number;
  };
  // The section must be as written (its length in the header; `agents --check` catches any other edit in CI): a line
  // edited by hand could otherwise be missed by the search, and a broader pattern decide.
  if (!Array.isArray(head.readAlways) || head.patternBytes !== bytes.length - CLOSE.length - open - OPEN.length) return whole();
  const found: { at: number; pattern: OwnershipPattern }[] = [];
  for (const key of wanted)
    for (const end of ['/', '"']) {
      const needle = Buffer.from(`${LINE}${key}${end}`);
      for (let at = bytes.indexOf(needle, open); at >= 0; at = bytes.indexOf(needle, at + 1)) {
        const stop = bytes.indexOf(10, at + 1);
        const line = bytes.toString('utf8', at + 1, stop < 0 ? bytes.length : stop);
        found.push({ at, pattern: JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line) as OwnershipPattern });
      }
    }
  found.sort((a, b) => a.at - b.at);
  const { readAlways: always, patternBytes: _length, ...rest } = head;
  return { ...rest, patterns: [...found.map((entry) => entry.pattern), ...always] };
}
