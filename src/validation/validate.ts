// Validation of plain data against the whole model: the schema, then every check (ALL_CHECKS); all problems at once.
import { validateModel as validateWith, type Validation } from '../model/validate';
import { ALL_CHECKS } from './checks';

export type { Validation };

export function validateModel(data: unknown): Validation {
  return validateWith(data, ALL_CHECKS);
}
