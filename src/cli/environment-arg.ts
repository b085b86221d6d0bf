// Resolves --env against the model, as a usage error naming the environments that exist.
import type { NamedEnvironment, TeamModel } from '../model/types';
import { environmentOf } from '../model/types';
import { didYouMean } from '../model/suggest';
import { UsageError } from './report';

export function environmentArg(model: TeamModel, value: string | true | undefined): NamedEnvironment {
  const names = Object.keys(model.environments).sort();
  if (typeof value !== 'string') throw new UsageError(`--env is required: one of ${names.join(', ')}`);
  const env = environmentOf(model, value);
  if (!env) throw new UsageError(`'${value}' is not an environment of the model${didYouMean(value, names)}: use one of ${names.join(', ')}`);
  return env;
}
