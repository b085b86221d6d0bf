// The error for a model file that cannot be read at all: a usage problem (exit 2), not an invalid model.

/** Thrown when a model file cannot be read at all: a usage problem, not an invalid model. */
export class ModelFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFileError';
  }
}
