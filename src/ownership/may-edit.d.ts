// Types of may-edit.js, the `may-edit` command the edit hook runs.
export interface MayEditIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Standard input, read whole (the hook event). */
  stdin(): string;
}

/** Exit 0 when allowed; 1 naming refused paths; 2 for usage errors and (with --hook) to block the edit. */
export function main(argv: readonly string[], io?: MayEditIo): number;
