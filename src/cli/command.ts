// The shape of one CLI command, and of its line in the registry main.ts lists.
import type { CommandIo } from './io';

export interface Command {
  readonly name: string;
  readonly usage: string;
  /** Returns the exit code; throws UsageError, ModelError or ModelFileError for reportFailure. */
  run(argv: readonly string[], io: CommandIo): number;
}

/**
 * A command as the help lists it: name and summary, with its module loaded only when the command runs (or its
 * --help is asked for), so `agent-contract --help` and the light commands never load zod, cdktf or Handlebars.
 */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  load(): Command;
}
