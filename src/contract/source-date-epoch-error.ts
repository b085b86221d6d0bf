// Its own module so the CLI's error reporter recognises it without loading the contract renderer.

/** SOURCE_DATE_EPOCH that cannot give a GENERATED_DATE: a usage error (exit 2), not a crash while rendering. */
export class SourceDateEpochError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceDateEpochError';
  }
}
