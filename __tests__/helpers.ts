// Shared test fixtures: the reference model as plain data to mutate, and synthesized stacks as JSON.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Testing, TerraformDataSource, TerraformResource } from 'cdktf';
import { resolveToken } from '../src/rules/resolve-token';
import { validateModel } from '../src/validation/validate';
import type { Problem } from '../src/model/problems';
import type { TeamModel } from '../src/model/types';
import { addEnvironmentStacks } from '../src/app';
import { resolveEnvironment, type TeamEnvironment } from '../src/access/team-environment';
import { GovernedJob } from '../src/constructs/governed-job';
import type { EnvironmentStack } from '../src/constructs/environment-stack';

import type { CommandIo } from '../src/cli/io';

export const ROOT = join(__dirname, '..');
export const REFERENCE_MODEL = join(ROOT, 'stacks/team.yaml');

export type Data = any;

const reference = parse(readFileSync(REFERENCE_MODEL, 'utf8'));

/** A fresh, mutable copy of the reference model as plain data. */
export function referenceData(): Data {
  return structuredClone(reference);
}

/** The reference model after `mutate`, validated; throws with the problems if invalid. */
export function modelFrom(mutate: (data: Data) => void = () => undefined): TeamModel {
  const data = referenceData();
  mutate(data);
  const result = validateModel(data);
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return result.model;
}

/** Environment `env` of `model`, resolved as every projection takes it. */
export const teamOf = (model: TeamModel, env = 'dev'): TeamEnvironment => resolveEnvironment(model, env);

/** The problems of the reference model after `mutate` (empty when valid). */
export function problemsOf(mutate: (data: Data) => void): readonly Problem[] {
  const data = referenceData();
  mutate(data);
  const result = validateModel(data);
  return result.ok ? [] : result.problems;
}

export interface TfJson {
  provider: Record<string, Data[]>;
  terraform: Data;
  resource: Record<string, Record<string, Data>>;
  data?: Record<string, Record<string, Data>>;
  output?: Record<string, Data>;
}

/** One synthesized environment: its cdk.tf.json as text and JSON, and resources looked up by construct path. */
export interface Synthesized {
  readonly text: string;
  readonly json: TfJson;
  /** Resources (or data sources) of `type`, keyed by construct path below the stack, e.g. `identities/orchestrator`. */
  byPath(type: string, kind?: 'resource' | 'data'): Record<string, Data>;
  /** How `agent`'s principal is written in the JSON: an application_id reference, or a group name. */
  principalOf(agent: string): string;
  /** The Terraform address of the element at construct path `path` below the stack, e.g. `databricks_grants.x_1A2B3C4D`. */
  addressOf(path: string): string;
}

export function synth(model: TeamModel, env = 'dev'): Synthesized {
  const stacks = addEnvironmentStacks(Testing.app(), model);
  const stack = stacks.find((candidate) => candidate.node.id === env);
  if (!stack) throw new Error(`no stack ${env}`);
  const text = Testing.synth(stack, true);
  const json = JSON.parse(text) as TfJson;
  const elements = stack.node
    .findAll()
    .filter((node): node is TerraformResource | TerraformDataSource => node instanceof TerraformResource || node instanceof TerraformDataSource);
  // Paths below the team, as the guardrails address them: the stack's AgentTeam is `<env>/Default`.
  const below = (path: string) => path.replace(/^[^/]+\/(Default\/)?/, '');
  return {
    text,
    json,
    principalOf: (agent) => String(resolveToken(stack, stack.team.identities.principalOf(agent).name)),
    addressOf(path) {
      const element = elements.find((candidate) => below(candidate.node.path) === path);
      if (!element) throw new Error(`no element at ${env}/${path}`);
      return `${element instanceof TerraformDataSource ? 'data.' : ''}${element.terraformResourceType}.${element.friendlyUniqueId}`;
    },
    byPath(type, kind = 'resource') {
      const block = (kind === 'resource' ? json.resource : (json.data ?? {}))[type] ?? {};
      const out: Record<string, Data> = {};
      for (const element of elements) {
        if (element.terraformResourceType !== type || !(element.friendlyUniqueId in block)) continue;
        out[below(element.node.path)] = block[element.friendlyUniqueId];
      }
      return out;
    },
  };
}

/**
 * `json` for a snapshot: every `*_base64` value (the contract, the guard script) replaced by its SHA-256 and
 * length, so a template edit shows as one changed line; the tests that read those files assert their content.
 */
export function withoutBlobs(json: unknown): unknown {
  if (Array.isArray(json)) return json.map(withoutBlobs);
  if (!json || typeof json !== 'object') return json;
  return Object.fromEntries(
    Object.entries(json).map(([key, value]) =>
      key.endsWith('_base64') && typeof value === 'string'
        ? [key, `sha256:${createHash('sha256').update(Buffer.from(value, 'base64')).digest('hex')} (${Buffer.from(value, 'base64').length} bytes)`]
        : [key, withoutBlobs(value)],
    ),
  );
}

export const synthText = (model: TeamModel, env = 'dev'): string => synth(model, env).text;
export const synthJson = (model: TeamModel, env = 'dev'): TfJson => synth(model, env).json;

/**
 * Where the tests' jobs keep their notebook: outside every agent's folder, since DAC-WS2 refuses task files another
 * agent than the job's run-as may write (troubleshooter and testing-agent both own tests/**\/*).
 */
export const NIGHTLY_NOTEBOOK = '/lakehouse-agents-jobs/nightly/run';

/** The job the tests add on the test-jobs row, run as its owner testing-agent. */
export function addNightlyJob(stack: EnvironmentStack, notebookPath = NIGHTLY_NOTEBOOK): GovernedJob {
  return new GovernedJob(stack, 'nightly', {
    team: stack.team,
    computeName: 'test-jobs',
    name: 'nightly',
    sparkVersion: '15.4.x-scala2.12',
    nodeTypeId: 'Standard_D4ds_v5',
    tasks: [{ key: 'run', notebookPath }],
  });
}

/** Runs the CLI's `main` (from the sources or a bundle) on argv with its output captured. */
export function runCli(
  run: (argv: readonly string[], io: CommandIo) => number,
  argv: readonly string[],
): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (text: string) => ((stdout += text), true) }, stderr: { write: (text: string) => ((stderr += text), true) } };
  const code = run(argv, io as unknown as CommandIo);
  return { code, stdout, stderr };
}
