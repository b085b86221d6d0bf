// Builds the cdktf app of a model: one EnvironmentStack per environment, in a stable order.
import { App } from 'cdktf';
import type { TeamModel } from './model/types';
import { environmentsOf } from './model/types';
import { EnvironmentStack } from './constructs/environment-stack';

export interface BuildAppOptions {
  /** @default the outdir cdktf passes in CDKTF_OUTDIR, else cdktf.out */
  readonly outdir?: string;
}

export function buildApp(model: TeamModel, options: BuildAppOptions = {}): { app: App; stacks: EnvironmentStack[] } {
  const app = new App({ outdir: options.outdir });
  return { app, stacks: addEnvironmentStacks(app, model) };
}

/** Adds one stack per environment of `model` to `app` (tests pass cdktf's Testing.app()). */
export function addEnvironmentStacks(app: App, model: TeamModel): EnvironmentStack[] {
  return environmentsOf(model).map((environment) => new EnvironmentStack(app, { model, environment }));
}
