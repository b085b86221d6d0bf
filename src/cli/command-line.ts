// A command line the CLI suggests to the user: every word through the one shell quoting (contract/quote.ts), so a
// path holding a space, `$(…)` or a quote is pasted and run as the one argument it is, and never runs anything.
import { shellWord } from '../contract/quote';

/** `words` as one line for a POSIX shell: safe words bare, any other single-quoted. */
export const commandLine = (...words: readonly string[]): string => words.map(shellWord).join(' ');
