// Reads a synthesized cdk.tf.json into what the diff compares: resources by construct path (stable across
// syntheses: construct ids become Terraform addresses), resources and data sources by address (what
// references point at), and the stack and workspace the plan belongs to.
import { jsonErrorPosition } from '../model/json-error';
import { readTextFile } from '../model/read-model-file';
import { PlanFileError } from './plan-file-error';
import { isObject } from '../model/is-object';
import { planShapeProblem } from './plan-shape';
import { looksLikeTerraformPlan, parseTerraformPlan } from './terraform-plan';
import type { Plan, PlanResource } from './plan';

type Json = Record<string, unknown>;

export type { Plan, PlanResource } from './plan';

export { PlanFileError };

const pathOf = (config: Json): string | undefined => {
  const meta = isObject(config['//']) && isObject(config['//'].metadata) ? config['//'].metadata : {};
  // cdktf's path starts with the stack's id; below it, the path is the same in every environment. EnvironmentStack
  // holds its AgentTeam as `Default`, which cdktf leaves out of addresses (private/unique.js): left out here too,
  // so plans written before the team became its own construct compare path for path.
  return typeof meta.path === 'string'
    ? meta.path
        .split('/')
        .slice(1)
        .join('/')
        .replace(/^Default(\/|$)/, '')
    : undefined;
};

function providerHosts(json: Json): string[] {
  const configs = isObject(json.provider) ? json.provider.databricks : undefined;
  const list = Array.isArray(configs) ? configs : configs === undefined ? [] : [configs];
  return [...new Set(list.filter(isObject).map((config) => (typeof config.host === 'string' ? config.host : '(no host)')))].sort();
}

export function parsePlan(text: string, file: string): Plan {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PlanFileError(`'${file}' is not JSON${jsonErrorPosition(error)}: pass cdktf.out/stacks/<env>/cdk.tf.json`);
  }
  if (looksLikeTerraformPlan(json)) return parseTerraformPlan(json, file).after;
  const problem = planShapeProblem(json);
  if (problem) throw new PlanFileError(`'${file}' is not a synthesized cdk.tf.json: ${problem}; pass cdktf.out/stacks/<env>/cdk.tf.json`);
  const plan = json as Json;
  const resources = new Map<string, PlanResource>();
  const byAddress = new Map<string, PlanResource>();
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, block] of Object.entries((plan[kind] ?? {}) as Record<string, Record<string, Json>>)) {
      for (const [id, config] of Object.entries(block)) {
        const address = `${kind === 'data' ? 'data.' : ''}${type}.${id}`;
        const path = pathOf(config) ?? address;
        const resource: PlanResource = { type, address, path, config };
        byAddress.set(address, resource);
        if (kind !== 'resource') continue;
        if (resources.has(path))
          throw new PlanFileError(
            `'${file}' is not a synthesized cdk.tf.json: ${address} and ${resources.get(path)!.address} share the construct path '${path}'`,
          );
        resources.set(path, resource);
      }
    }
  }
  const stackName = ((plan['//'] as Json).metadata as Json).stackName as string;
  return { file, stackName, hosts: providerHosts(plan), resources, byAddress, replacements: new Map() };
}

/** Every construct path of either plan, sorted: the order every section of the diff follows. */
export function pathsOf(before: Plan, after: Plan): string[] {
  return [...new Set([...before.resources.keys(), ...after.resources.keys()])].sort();
}

/** A readable name for the securable or object a resource governs: its construct path without the resource's own id. */
export function subject(resource: PlanResource): string {
  const segments = resource.path.split('/');
  if (segments.length < 2) return resource.path;
  return (
    segments
      .slice(0, -1)
      .filter((segment) => segment !== 'grants' && segment !== 'permissions')
      .join('/') || resource.path
  );
}

export function readPlan(file: string): Plan {
  // The same bounded read as a model's: a FIFO, /dev/zero or a huge file gives exit 2, never a hang.
  return parsePlan(readTextFile(file, 'plan'), file);
}

/** One plan file (`terraform show -json`): its state before and its planned state after. */
export function readPlanFile(file: string): { before: Plan; after: Plan } {
  const text = readTextFile(file, 'plan');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PlanFileError(`'${file}' is not JSON${jsonErrorPosition(error)}: pass the output of \`terraform show -json PLANFILE\``);
  }
  if (!looksLikeTerraformPlan(json))
    throw new PlanFileError(
      `'${file}' is not a Terraform plan in JSON: it has no format_version; pass the output of \`terraform show -json PLANFILE\`, or two synthesized cdk.tf.json files`,
    );
  return parseTerraformPlan(json, file);
}
