// Turns any failure into a message and an exit code: 1 for an invalid model, 2 for usage; never a stack trace.
// Every import here is light (error classes and text escaping): main.ts loads this before any command.
import { ModelError } from '../model/problems';
import { ModelFileError } from '../model/model-file-error';
import { SourceDateEpochError } from '../contract/source-date-epoch-error';
import { GuardrailError } from '../rules/guardrail-error';
import { printable, printableLines } from '../model/plain-text';

export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

interface Writable {
  write(text: string): unknown;
}

export function reportFailure(error: unknown, stderr: Writable): number {
  // Every message is printed escaped: a path or value holding ESC or CR never reaches the terminal raw.
  if (error instanceof ModelError || error instanceof GuardrailError) {
    stderr.write(`${printableLines(error.message)}\n`);
    return EXIT_INVALID;
  }
  if (error instanceof ModelFileError || error instanceof UsageError || error instanceof SourceDateEpochError) {
    // One line each: a line feed in a path is escaped like any other control character.
    stderr.write(`agent-contract: ${printable(error.message)}\n`);
    return EXIT_USAGE;
  }
  // An unexpected failure is a bug of ours: say so briefly; the trace only on request.
  let detail: string;
  try {
    detail = printableLines((process.env.AGENT_CONTRACT_DEBUG ? (error as Error)?.stack : (error as Error)?.message) ?? String(error));
  } catch {
    // Even printing it failed (a getter or toString that throws).
    detail = 'a value that cannot be printed';
  }
  stderr.write(`agent-contract: internal error: ${detail}\n(set AGENT_CONTRACT_DEBUG=1 for the stack trace and report it)\n`);
  return EXIT_INVALID;
}
