// What a message may say about JSON that does not parse: where, never what. The parser's own message quotes the
// text around the error, and the file may be any file of the user's (a credentials file named by mistake).

/** `(at character N)` from a JSON.parse error, or nothing when it names no position. */
export function jsonErrorPosition(error: unknown): string {
  const position = /position (\d+)/.exec(String((error as Error)?.message ?? ''))?.[1];
  return position === undefined ? '' : ` (at character ${Number(position) + 1})`;
}
