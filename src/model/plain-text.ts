// What counts as text in the model and in every message: no control characters (tab and line feed only where a
// field is multi-line), no lone CR, no bidirectional controls, no zero-width or invisible characters, no unpaired
// surrogates. A CR ends a line in Markdown and in terminals, ESC starts terminal sequences, NUL makes git call a
// file binary, and bidi and zero-width characters make text read differently from what it is.

/** Characters refused everywhere: C0 and C1 controls, DEL, bidi controls, zero-width and line-separator characters. */
const ALWAYS = '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u061c\\u180e\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2069\\ufeff';
const UNPAIRED_SURROGATE = '[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
const SINGLE_LINE = new RegExp(`[${ALWAYS}\\t\\n\\r]|${UNPAIRED_SURROGATE}`);
/** Multi-line fields keep tab, LF and CRLF; a CR without its LF is still refused. */
const MULTI_LINE = new RegExp(`[${ALWAYS}]|\\r(?!\\n)|${UNPAIRED_SURROGATE}`);
/** What a message escapes: everything refused in a single-line field. */
const ESCAPED = new RegExp(SINGLE_LINE.source, 'g');

export interface UnsafeCharacter {
  /** 1-based position in the text (UTF-16 code units, as editors count). */
  readonly position: number;
  readonly codePoint: number;
  /** e.g. 'U+001B (ESC, a control character)'. */
  readonly description: string;
}

const NAMES: Readonly<Record<number, string>> = {
  0x00: 'NUL',
  0x09: 'TAB',
  0x0a: 'LF',
  0x0d: 'CR',
  0x1b: 'ESC',
  0x7f: 'DEL',
  0x9b: 'CSI',
  0x9d: 'OSC',
  0xfeff: 'BOM',
};

function kind(codePoint: number): string {
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f)) return 'a control character';
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return 'an unpaired surrogate';
  if (codePoint === 0x2028 || codePoint === 0x2029) return 'a line separator';
  if (
    codePoint === 0x061c ||
    codePoint === 0x200e ||
    codePoint === 0x200f ||
    (codePoint >= 0x202a && codePoint <= 0x202e) ||
    (codePoint >= 0x2066 && codePoint <= 0x2069)
  )
    return 'a bidirectional control';
  return 'a zero-width character';
}

const codePointName = (codePoint: number): string => `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;

/** The first character of `text` that a text field must not hold, if any. */
export function unsafeCharacter(text: string, multiLine = false): UnsafeCharacter | undefined {
  const match = (multiLine ? MULTI_LINE : SINGLE_LINE).exec(text);
  if (!match) return undefined;
  const codePoint = match[0].charCodeAt(0);
  const name = NAMES[codePoint];
  return { position: match.index + 1, codePoint, description: `${codePointName(codePoint)} (${name ? `${name}, ` : ''}${kind(codePoint)})` };
}

/**
 * `text` as a message may print it: every character a single-line field refuses written as `\xNN` or `\u{…}`,
 * so a refused value never reaches a terminal, a log or a CI page raw.
 */
export function printable(text: string): string {
  if (!SINGLE_LINE.test(text)) return text;
  return text.replace(ESCAPED, (character) => {
    const code = character.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/** Multi-line text as printed: like `printable`, but line breaks (and tabs) kept. */
export function printableLines(text: string): string {
  return text
    .split('\n')
    .map((line) => printable(line.replace(/\r$/, '')).replace(/\\x09/g, '\t'))
    .join('\n');
}

/**
 * Why a file path cannot be used, when it holds a character no text may hold: paths are printed in messages and
 * written into generated files (the model's path in every header and regeneration command).
 */
export function pathTextProblem(path: string): string | undefined {
  const bad = unsafeCharacter(path);
  return bad && `the path holds ${bad.description} at character ${bad.position}: rename it to printable characters`;
}
