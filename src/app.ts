// Builds the cdktf app of a model: one EnvironmentStack per environment, in a stable order.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, DISABLE_STACK_TRACE_IN_METADATA, TerraformStack } from 'cdktf';
import { GuardrailError } from './rules/guardrail-error';
import type { TeamModel } from './model/types';
import { environmentsOf } from './model/types';
import { EnvironmentStack } from './constructs/environment-stack';
import { selectTemplate } from './contract/template-source';
import { OWNERSHIP_FILE, ownershipFileText } from './ownership/ownership';
import { AgentTeam } from './constructs/agent-team';
import { resolveEnvironment } from './access/team-environment';
import { withoutTokenTraces } from './synth-process';

export interface BuildAppOptions {
  /** The model path named in CONTRACT.md. @default stacks/team.yaml */
  readonly modelPath?: string;
  /** @default the outdir cdktf passes in CDKTF_OUTDIR, else cdktf.out */
  readonly outdir?: string;
}

export function buildApp(model: TeamModel, options: BuildAppOptions = {}): { app: App; stacks: EnvironmentStack[] } {
  // Annotations carry rule ids and fixes; a stack trace would only hide them.
  const app = new App({ outdir: options.outdir, context: { [DISABLE_STACK_TRACE_IN_METADATA]: true } });
  return { app, stacks: addEnvironmentStacks(app, model, options.modelPath) };
}

/** Synthesizes every stack and writes each environment's CONTRACT.md beside its cdk.tf.json. */
export function synthWithContracts(model: TeamModel, options: BuildAppOptions = {}): void {
  const built = withoutTokenTraces(() => buildApp(model, options));
  synthBuilt(built);
  // The file-ownership matrix the edit hook (bin/may-edit.js) reads when no checked-in copy exists.
  writeFileSync(join(built.app.outdir, OWNERSHIP_FILE), ownershipFileText(model));
}

/**
 * Synthesizes an app built by buildApp — after any escape hatches and Aspects applied to its stacks — and writes
 * each CONTRACT.md. A stack that breaks a guardrail fails synth with a GuardrailError, and no stack's output is
 * left behind: cdktf writes stack by stack, so what the stacks before it wrote is removed again.
 */
export function synthBuilt({ app, stacks }: { app: App; stacks: readonly EnvironmentStack[] }): void {
  try {
    withoutTokenTraces(() => app.synth());
  } catch (error) {
    for (const stack of stacks) rmSync(join(app.outdir, 'stacks', stack.node.id), { recursive: true, force: true });
    const failed = AgentTeam.allIn(app).flatMap((team) => team.guardrails.failures);
    throw failed.length ? new GuardrailError(failed) : error;
  }
  writeContracts(app);
}

/**
 * Writes each AgentTeam's CONTRACT.md beside its stack's cdk.tf.json (`<outdir>/stacks/<stack>/CONTRACT.md`): call it
 * after `app.synth()` in an app of your own. A stack holding two teams gets `CONTRACT.<environment>.md` for each.
 */
export function writeContracts(app: App): string[] {
  const written: string[] = [];
  const teams = AgentTeam.allIn(app).filter((team) => team.contract !== undefined);
  for (const team of teams) {
    const stack = TerraformStack.of(team);
    const shared = teams.filter((other) => TerraformStack.of(other) === stack).length > 1;
    const file = join(app.outdir, 'stacks', stack.node.id, shared ? `CONTRACT.${team.team.environment.name}.md` : 'CONTRACT.md');
    writeFileSync(file, team.contract as string);
    written.push(file);
  }
  return written;
}

/**
 * Adds one stack per environment of `model` to `app` (tests pass cdktf's Testing.app()). This is the app's edge:
 * the contract template (contract.template, relative to the model file) is read here, and each contract rendered
 * with SOURCE_DATE_EPOCH.
 */
export function addEnvironmentStacks(app: App, model: TeamModel, modelPath?: string): EnvironmentStack[] {
  const template = selectTemplate(model, modelPath);
  const sourceDateEpoch = process.env.SOURCE_DATE_EPOCH;
  return environmentsOf(model).map(
    (environment) =>
      new EnvironmentStack(app, environment.name, {
        team: resolveEnvironment(model, environment.name),
        contract: { modelPath, sourceDateEpoch, template },
      }),
  );
}
