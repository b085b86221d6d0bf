// Resolves --env against the model: the TeamEnvironment every command works on, or a usage error naming the
// environments that exist.
import type { TeamModel } from '../model/types';
import { NotAnEnvironmentError, resolveEnvironment, type TeamEnvironment } from '../access/team-environment';
import { UsageError } from './report';

export function environmentArg(model: TeamModel, value: string | true | undefined): TeamEnvironment {
  if (typeof value !== 'string') throw new UsageError(`--env is required: one of ${Object.keys(model.environments).sort().join(', ')}`);
  try {
    return resolveEnvironment(model, value);
  } catch (error) {
    if (error instanceof NotAnEnvironmentError) throw new UsageError(error.message);
    throw error;
  }
}
