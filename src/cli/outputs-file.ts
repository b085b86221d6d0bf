// The deployed outputs `agent-contract profiles` reads, in either shape Terraform tooling writes them:
//  - `npx cdktf output <env> --outputs-file FILE`: { "<stack>": { "<construct id>": ... { "<output>": value } } } —
//    cdktf's saveOutputs writes the stack's outputs nested by construct path under the stack name (an EnvironmentStack's
//    team is `Default`: { "dev": { "Default": { "identity-<agent>": ... } } }), a sensitive output only with
//    --outputs-file-include-sensitive-outputs (@cdktf/cli-core 0.21.0 lib/output.js: saveOutputs, unpackTerraformOutput,
//    getConstructIdsForOutputs over cdk.tf.json's "//".outputs { "<stack>": { "<construct id>": "<output name>" } });
//  - `terraform output -json` in the stack's folder: { "<output>": { "sensitive": bool, "type": ..., "value": value } }
//    (Terraform docs, "Command: output", -json), sensitive values included.
// A file of neither shape, or an identity output of another shape, is refused naming the path of the bad value and
// showing the expected shape.
import { jsonErrorPosition } from '../model/json-error';
import { printable } from '../model/plain-text';
import { isObject } from '../model/is-object';
import { kindOf } from '../plan-diff/plan-shape';
import type { NamedEnvironment } from '../model/types';
import { commandLine } from './command-line';

export type Outputs = Record<string, unknown>;

/** Outputs that cannot be read as either shape: exit 1 (invalid input), the message naming the bad value's path. */
export class OutputsFileError extends Error {}

type Json = Record<string, unknown>;

/** The expected shapes, for every error and, without an environment (`<env>` shown), for --help. */
export function expectedShapes(environment?: string): string {
  const env = environment ?? '<env>';
  const output = environment === undefined ? 'npx cdktf output <env>' : commandLine('npx', 'cdktf', 'output', environment);
  return `Expected one of:
  ${output} --outputs-file FILE [--outputs-file-include-sensitive-outputs]
    { "${env}": { "Default": { "identity-<agent>": { "kind": "service-principal", "application_id": "<uuid>" },
                          "secret-<agent>": "<OAuth secret>", ... } } }
  terraform output -json   (in cdktf.out/stacks/${env})
    { "identity-<agent>": { "sensitive": false, "type": [...], "value": { "kind": ..., "application_id": "<uuid>" } },
      "secret-<agent>": { "sensitive": true, "type": "string", "value": "<OAuth secret>" }, ... }`;
}

/** `terraform output -json`: every entry is { value, type, sensitive }. */
const isTerraformShape = (json: Json): boolean =>
  Object.keys(json).length > 0 &&
  Object.values(json).every((entry) => isObject(entry) && 'value' in entry && 'type' in entry && typeof entry.sensitive === 'boolean');

function refuse(file: string, problem: string, env: string): OutputsFileError {
  return new OutputsFileError(`'${printable(file)}' is not an outputs file of stack '${env}': ${problem}\n${expectedShapes(env)}`);
}

/** Checks the identity outputs `profiles` reads: identity-<agent> holds an application_id or a group, as strings. */
function identityProblem(outputs: Outputs, at: (name: string) => string): string | undefined {
  for (const [name, value] of Object.entries(outputs)) {
    if (name.startsWith('identity-')) {
      if (!isObject(value)) return `${at(name)} is ${kindOf(value)}, expected an object { "kind", "application_id" | "group" }`;
      for (const key of ['kind', 'application_id', 'group'])
        if (key in value && typeof value[key] !== 'string') return `${at(name)}.${key} is ${kindOf(value[key])}, expected a string`;
    }
    if (name.startsWith('secret-') && value !== undefined && typeof value !== 'string')
      return `${at(name)} is ${kindOf(value)}, expected a string (the OAuth secret)`;
  }
  return undefined;
}

/**
 * The team's outputs in cdktf's shape: the stack's object itself when it holds them, else the construct scope below it
 * that does (cdktf nests outputs by construct path). A scope is recognised by holding an `identity-<agent>` output.
 */
function teamOutputs(stack: Json): Json {
  if (Object.keys(stack).some((name) => name.startsWith('identity-'))) return stack;
  for (const value of Object.values(stack)) {
    if (!isObject(value)) continue;
    const found = teamOutputs(value);
    if (found !== value || Object.keys(found).some((name) => name.startsWith('identity-'))) return found;
  }
  return stack;
}

/** The environment's outputs by name, from the text of an outputs file in either shape. */
export function readOutputs(text: string, file: string, env: NamedEnvironment): Outputs {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw refuse(file, `it is not JSON${jsonErrorPosition(error)}`, env.name);
  }
  if (!isObject(json)) throw refuse(file, `the top level is ${kindOf(json)}, expected an object`, env.name);
  if (env.name in json) {
    const stack = json[env.name];
    if (!isObject(stack)) throw refuse(file, `"${env.name}" is ${kindOf(stack)}, expected an object of outputs by name`, env.name);
    const outputs = teamOutputs(stack);
    const problem = identityProblem(outputs, (name) => `${env.name}.${name}`);
    if (problem) throw refuse(file, problem, env.name);
    return outputs;
  }
  if (isTerraformShape(json)) {
    const outputs = Object.fromEntries(Object.entries(json).map(([name, entry]) => [name, (entry as Json).value]));
    const problem = identityProblem(outputs, (name) => `${name}.value`);
    if (problem) throw refuse(file, problem, env.name);
    return outputs;
  }
  const stacks = Object.keys(json).filter((key) => isObject(json[key]) && !('value' in (json[key] as Json)));
  throw refuse(
    file,
    stacks.length
      ? `it holds no outputs of stack '${env.name}' (stacks in it: ${stacks.map((s) => `'${s}'`).join(', ')}): write it with \`${printable(commandLine('npx', 'cdktf', 'output', env.name, '--outputs-file', file))}\` after deploying`
      : `it has no key "${env.name}" (cdktf) and its entries are not { "value", "type", "sensitive" } (terraform output -json)`,
    env.name,
  );
}
