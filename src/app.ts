// Builds the cdktf app of a model: one EnvironmentStack per environment, in a stable order.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdktf';
import type { TeamModel } from './model/types';
import { environmentsOf } from './model/types';
import { EnvironmentStack } from './constructs/environment-stack';

export interface BuildAppOptions {
  /** The model path named in CONTRACT.md. @default stacks/team.yaml */
  readonly modelPath?: string;
  /** @default the outdir cdktf passes in CDKTF_OUTDIR, else cdktf.out */
  readonly outdir?: string;
}

export function buildApp(model: TeamModel, options: BuildAppOptions = {}): { app: App; stacks: EnvironmentStack[] } {
  const app = new App({ outdir: options.outdir });
  return { app, stacks: addEnvironmentStacks(app, model, options.modelPath) };
}

/** Synthesizes every stack and writes each environment's CONTRACT.md beside its cdk.tf.json. */
export function synthWithContracts(model: TeamModel, options: BuildAppOptions = {}): void {
  const { app, stacks } = buildApp(model, options);
  app.synth();
  for (const stack of stacks) writeFileSync(join(app.outdir, 'stacks', stack.node.id, 'CONTRACT.md'), stack.contract);
}

/** Adds one stack per environment of `model` to `app` (tests pass cdktf's Testing.app()). */
export function addEnvironmentStacks(app: App, model: TeamModel, modelPath?: string): EnvironmentStack[] {
  return environmentsOf(model).map((environment) => new EnvironmentStack(app, { model, environment, modelPath }));
}
