// The one order of names in everything generated: UTF-16 code units, what Array.prototype.sort() uses by default.
// Not String.prototype.localeCompare: its order follows the ICU collation of the process's locale (LANG, LC_ALL), so
// the same model synthesized under LANG=da_DK puts 'aa-loader' after 'zz-writer' (Danish sorts "aa" as "å") and the
// plan and contract would differ between machines. Its first call also loads ICU's collation data (about 7 ms).

/** Orders two strings by UTF-16 code units, the same on every machine and in every locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
