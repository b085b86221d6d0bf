// The shape of one CLI command.
import type { CommandIo } from './io';

export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  /** Returns the exit code; throws UsageError, ModelError or ModelFileError for reportFailure. */
  run(argv: readonly string[], io: CommandIo): number;
}
