// Checks that parsed JSON has the shape of a cdk.tf.json that `cdktf synth` writes, down to the attributes
// the diff reads, so a wrong file is refused with what is wrong instead of being misread (or crashing).
// Returns the first problem as a phrase ("resource.x.y is not an object"), or undefined when the shape fits.

import { own } from './own';
import { isObject } from '../model/is-object';

type Json = Record<string, unknown>;

export const kindOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

/** Attributes the diff reads, per resource type: where each must be what the provider schema says. */
type Check = (config: Json, at: string) => string | undefined;

/** Absent or null (Terraform JSON's "unset") or a string. */
const optionalString =
  (key: string): Check =>
  (config, at) =>
    config[key] !== undefined && config[key] !== null && typeof config[key] !== 'string'
      ? `${at}.${key} is ${kindOf(config[key])}, expected a string`
      : undefined;

const listOf =
  (key: string, item: Check): Check =>
  (config, at) => {
    if (!(key in config)) return undefined;
    const list = config[key];
    if (!Array.isArray(list)) return `${at}.${key} is ${kindOf(list)}, expected a list of blocks`;
    for (const [i, entry] of list.entries()) {
      if (!isObject(entry)) return `${at}.${key}[${i}] is ${kindOf(entry)}, expected an object`;
      const problem = item(entry, `${at}.${key}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  };

const both =
  (...checks: Check[]): Check =>
  (config, at) =>
    checks.map((check) => check(config, at)).find(Boolean);

const requiredString =
  (key: string): Check =>
  (config, at) =>
    typeof config[key] === 'string' ? undefined : `${at}.${key} is ${key in config ? kindOf(config[key]) : 'missing'}, expected a string`;

const requiredStrings =
  (key: string): Check =>
  (config, at) =>
    isStringArray(config[key]) ? undefined : `${at}.${key} is ${key in config ? kindOf(config[key]) : 'missing'}, expected a list of strings`;

const anyPrincipal: Check = (entry, at) =>
  ['service_principal_name', 'group_name', 'user_name'].some((key) => typeof entry[key] === 'string')
    ? undefined
    : `${at} names no service_principal_name, group_name or user_name`;

// cdk.tf.json writes the block as an object; a plan file (terraform show -json) as a list of at most one object.
const runAs: Check = (config, at) =>
  config.run_as === undefined ||
  config.run_as === null ||
  isObject(config.run_as) ||
  (Array.isArray(config.run_as) && config.run_as.length <= 1 && config.run_as.every(isObject))
    ? undefined
    : `${at}.run_as is ${kindOf(config.run_as)}, expected an object`;

const CHECKS: Record<string, Check> = {
  databricks_grants: listOf('grant', both(requiredString('principal'), requiredStrings('privileges'))),
  databricks_grant: both(requiredString('principal'), requiredStrings('privileges')),
  databricks_permissions: listOf('access_control', both(anyPrincipal, requiredString('permission_level'))),
  databricks_access_control_rule_set: listOf('grant_rules', both(requiredString('role'), requiredStrings('principals'))),
  databricks_sql_table: both(optionalString('owner'), listOf('column', both(requiredString('name'), optionalString('type')))),
  databricks_catalog: optionalString('owner'),
  databricks_schema: optionalString('owner'),
  databricks_registered_model: optionalString('owner'),
  databricks_volume: optionalString('owner'),
  databricks_pipeline: both(runAs, listOf('cluster', optionalString('label'))),
  databricks_job: both(runAs, listOf('task', optionalString('task_key')), listOf('job_cluster', optionalString('job_cluster_key'))),
};

/** The first problem of one resource's configuration (or a plan file's before/after values), by type. */
export const configProblem = (type: string, config: Json, at: string): string | undefined => own(CHECKS, type)?.(config, at);

function blockProblem(json: Json, kind: 'resource' | 'data'): string | undefined {
  if (!(kind in json)) return undefined; // cdktf leaves out an empty block
  const block = json[kind];
  if (!isObject(block)) return `"${kind}" is ${kindOf(block)}, expected an object of resource types`;
  for (const [type, byId] of Object.entries(block)) {
    if (!isObject(byId)) return `${kind}.${type} is ${kindOf(byId)}, expected an object of ${kind === 'data' ? 'data sources' : 'resources'} by name`;
    for (const [id, config] of Object.entries(byId)) {
      if (!isObject(config)) return `${kind}.${type}.${id} is ${kindOf(config)}, expected its configuration object`;
      const path = (isObject(config['//']) && isObject(config['//'].metadata) ? config['//'].metadata : {}).path;
      if (path !== undefined && typeof path !== 'string') return `${kind}.${type}.${id}."//".metadata.path is ${kindOf(path)}, expected a string`;
      const problem = kind === 'resource' ? configProblem(type, config, `${kind}.${type}.${id}`) : undefined;
      if (problem) return problem;
    }
  }
  return undefined;
}

export function planShapeProblem(json: unknown): string | undefined {
  if (!isObject(json)) return `the top level is ${kindOf(json)}, expected an object`;
  const meta = isObject(json['//']) ? json['//'].metadata : undefined;
  // cdktf writes "//": {"metadata": {"backend", "stackName", "version"}} into every stack's cdk.tf.json.
  if (!isObject(meta) || typeof meta.stackName !== 'string' || meta.stackName === '') {
    return 'it has no "//".metadata.stackName (cdktf writes one into every stack\'s cdk.tf.json; test synths without metadata do not count)';
  }
  if ('provider' in json && !isObject(json.provider)) return `"provider" is ${kindOf(json.provider)}, expected an object`;
  return blockProblem(json, 'resource') ?? blockProblem(json, 'data');
}
