// Reads `terraform show -json PLANFILE` output as two plans, the state before and the planned state after, so a
// real plan's drift (before is the refreshed state) and revocations show like a change between two syntheses.
// Format: https://developer.hashicorp.com/terraform/internals/json-format ("Plan Representation", "Change
// Representation"): resource_changes[] { address, mode, type, change { actions, before, after, after_unknown,
// replace_paths } }, prior_state.values.root_module { resources[], child_modules[] }, configuration.root_module.
import { isObject } from '../model/is-object';
import { kindOf, configProblem } from './plan-shape';
import { own } from './own';
import { PlanFileError } from './plan-file-error';
import type { Plan, PlanResource } from './plan';

type Json = Record<string, unknown>;

/** What an attribute Terraform only knows after apply is shown as, when its configuration names no reference. */
export const KNOWN_AFTER_APPLY = '(known after apply)';

/** Whether parsed JSON is `terraform show -json` output (it has format_version; a cdk.tf.json has none). */
export const looksLikeTerraformPlan = (json: unknown): json is Json => isObject(json) && typeof json.format_version === 'string' && !('//' in json);

/**
 * The configuration's reference for an unknown value, `${type.name.attribute}`: expressions hold
 * { references: ["databricks_service_principal.x.application_id", "databricks_service_principal.x"] }.
 */
function referenceText(expression: unknown): string | undefined {
  if (!isObject(expression) || !Array.isArray(expression.references)) return undefined;
  const reference = expression.references.find(
    (r): r is string =>
      typeof r === 'string' && /^(data\.)?[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_]+$/.test(r) && !/^(var|local|module)\./.test(r),
  );
  return reference && `\${${reference}}`;
}

/**
 * `value` with every leaf after_unknown marks (true) filled in: with the configuration's reference where it has
 * one (so a principal created in the same apply resolves to its resource), else KNOWN_AFTER_APPLY.
 */
function withUnknowns(value: unknown, unknown: unknown, expression: unknown): unknown {
  if (unknown === true) return referenceText(expression) ?? KNOWN_AFTER_APPLY;
  if (Array.isArray(unknown)) {
    const list = Array.isArray(value) ? [...value] : [];
    unknown.forEach((inner, i) => (list[i] = withUnknowns(list[i], inner, Array.isArray(expression) ? expression[i] : undefined)));
    return list;
  }
  if (isObject(unknown)) {
    const object: Json = isObject(value) ? { ...value } : {};
    for (const [key, inner] of Object.entries(unknown)) {
      // Defined, never assigned: a key `__proto__` from the file stays data.
      const filled = withUnknowns(
        Object.hasOwn(object, key) ? object[key] : undefined,
        inner,
        isObject(expression) ? own(expression, key) : undefined,
      );
      Object.defineProperty(object, key, { value: filled, enumerable: true, writable: true, configurable: true });
    }
    return object;
  }
  return value;
}

function expressionsByAddress(json: Json): Map<string, unknown> {
  const found = new Map<string, unknown>();
  const visit = (module: unknown): void => {
    if (!isObject(module)) return;
    for (const resource of Array.isArray(module.resources) ? module.resources : []) {
      if (isObject(resource) && typeof resource.address === 'string') found.set(resource.address, resource.expressions);
    }
    for (const call of isObject(module.module_calls) ? Object.values(module.module_calls) : []) if (isObject(call)) visit(call.module);
  };
  visit(isObject(json.configuration) ? json.configuration.root_module : undefined);
  return found;
}

/** Data sources Terraform read while planning: prior_state holds their values (resource_changes only deferred reads). */
function dataSources(json: Json): PlanResource[] {
  const found: PlanResource[] = [];
  const visit = (module: unknown): void => {
    if (!isObject(module)) return;
    for (const resource of Array.isArray(module.resources) ? module.resources : []) {
      if (!isObject(resource) || resource.mode !== 'data' || typeof resource.address !== 'string' || typeof resource.type !== 'string') continue;
      if (!isObject(resource.values)) continue;
      found.push({ type: resource.type, address: resource.address, path: pathOf(resource.address), config: resource.values });
    }
    for (const child of Array.isArray(module.child_modules) ? module.child_modules : []) visit(child);
  };
  visit(isObject(json.prior_state) && isObject(json.prior_state.values) ? json.prior_state.values.root_module : undefined);
  return found;
}

/**
 * A plan file carries no construct paths. An agent's identity is the construct identities/<agent>, whose logical
 * id cdktf writes as identities_<agent>_<8-hex hash> (makeUniqueId in cdktf lib/private/unique.js: path
 * components joined by "_", then the hash); everything else is known by its address.
 */
function pathOf(address: string): string {
  const agent = /^(?:data\.)?databricks_(?:service_principal|group)\.identities_(?:Groups_)?([a-z][a-z0-9-]*)_[0-9A-F]{8}$/.exec(address);
  if (!agent) return address;
  return address.includes('.identities_Groups_') ? `identities/Groups/${agent[1]}` : `identities/${agent[1]}`;
}

function providerHosts(json: Json): string[] {
  const config = isObject(json.configuration) && isObject(json.configuration.provider_config) ? json.configuration.provider_config : {};
  const hosts = Object.entries(config)
    .filter(([name, provider]) => (name === 'databricks' || name.startsWith('databricks.')) && isObject(provider))
    .map(([, provider]) => {
      const host = isObject((provider as Json).expressions) ? ((provider as Json).expressions as Json).host : undefined;
      return isObject(host) && typeof host.constant_value === 'string' ? host.constant_value : '(no host)';
    });
  return [...new Set(hosts)].sort();
}

function changeProblem(change: unknown, at: string): string | undefined {
  if (!isObject(change)) return `${at} is ${kindOf(change)}, expected an object`;
  if (!isObject(change.change)) return `${at}.change is ${kindOf(change.change)}, expected an object`;
  for (const key of ['address', 'type', 'mode'])
    if (typeof change[key] !== 'string') return `${at}.${key} is ${key in change ? kindOf(change[key]) : 'missing'}, expected a string`;
  const { actions, before, after } = change.change;
  if (!Array.isArray(actions) || !actions.every((action) => typeof action === 'string'))
    return `${at}.change.actions is ${kindOf(actions)}, expected a list of strings`;
  for (const [name, value] of [
    ['before', before],
    ['after', after],
  ] as const) {
    if (value !== null && value !== undefined && !isObject(value)) return `${at}.change.${name} is ${kindOf(value)}, expected an object or null`;
  }
  return undefined;
}

/** The two sides of a plan file. Throws PlanFileError naming the file and the first problem. */
export function parseTerraformPlan(json: Json, file: string): { before: Plan; after: Plan } {
  const refuse = (problem: string) =>
    new PlanFileError(`'${file}' is not a Terraform plan in JSON: ${problem}; pass the output of \`terraform show -json PLANFILE\``);
  const changes = json.resource_changes ?? [];
  if (!Array.isArray(changes)) throw refuse(`resource_changes is ${kindOf(changes)}, expected a list`);
  const expressions = expressionsByAddress(json);
  const before = new Map<string, PlanResource>();
  const after = new Map<string, PlanResource>();
  const replacements = new Map<string, string[]>();
  for (const [i, entry] of changes.entries()) {
    const at = `resource_changes[${i}]`;
    const problem = changeProblem(entry, at);
    if (problem) throw refuse(problem);
    const { address, type, mode, change } = entry as { address: string; type: string; mode: string; change: Json };
    const actions = change.actions as string[];
    const old = isObject(change.before) ? change.before : undefined;
    const now = isObject(change.after) ? (withUnknowns(change.after, change.after_unknown, expressions.get(address)) as Json) : undefined;
    for (const [side, config] of [
      ['before', old],
      ['after', now],
    ] as const) {
      const shape = config && configProblem(type, config, `${at}.change.${side}`);
      if (shape) throw refuse(shape);
    }
    const fullAddress = mode === 'data' && !address.startsWith('data.') ? `data.${address}` : address;
    const resource = (config: Json): PlanResource => ({ type, address: fullAddress, path: pathOf(fullAddress), config });
    if (old) before.set(fullAddress, resource(old));
    if (now) after.set(fullAddress, resource(now));
    // ["delete","create"] or ["create","delete"]: Terraform replaces the resource (Change Representation).
    if (actions.includes('delete') && actions.includes('create')) {
      const paths = Array.isArray(change.replace_paths) ? change.replace_paths : [];
      replacements.set(
        fullAddress,
        paths.filter(Array.isArray).map((path) => path.map(String).join('.')),
      );
    }
  }
  const data = dataSources(json);
  const hosts = providerHosts(json);
  const plan = (resources: Map<string, PlanResource>, replaced: Map<string, string[]>): Plan => {
    const byAddress = new Map<string, PlanResource>(data.map((source) => [source.address, source]));
    for (const [address, resource] of resources) byAddress.set(address, resource);
    const managed = new Map([...resources.values()].filter((r) => !r.address.startsWith('data.')).map((r) => [r.path, r]));
    return { file, stackName: '', hosts, resources: managed, byAddress, replacements: replaced };
  };
  return { before: plan(before, new Map()), after: plan(after, replacements) };
}
