// What a reviewer knows a resource by: a Unity Catalog securable by its full name (`acme_dev.bronze.events`), a
// workspace object by its path, compute and jobs by their name; read from the resource's own arguments, with
// Terraform references followed through the resource they point at in the same plan. Construct paths are the
// fallback for what has no such name (a secret's rotation, a name only known after apply).
import { code } from './markdown';
import { own } from './own';
import { perPlan } from './per-plan';
import type { Plan, PlanResource } from './read-plan';
import { referenced, referenceOf } from './references';
import type { ReviewObject } from './review-types';
import { KNOWN_AFTER_APPLY } from './terraform-plan';

type Json = Record<string, unknown>;

/** Unity Catalog securables and the arguments that make up their full name, outermost first. */
const UC_PARTS: Record<string, { kind: string; parts: readonly string[] }> = {
  databricks_catalog: { kind: 'catalog', parts: ['name'] },
  databricks_schema: { kind: 'schema', parts: ['catalog_name', 'name'] },
  databricks_sql_table: { kind: 'table', parts: ['catalog_name', 'schema_name', 'name'] },
  databricks_volume: { kind: 'volume', parts: ['catalog_name', 'schema_name', 'name'] },
  databricks_registered_model: { kind: 'registered model', parts: ['catalog_name', 'schema_name', 'name'] },
};

/** Workspace objects by their `path` argument. */
const WORKSPACE_KINDS: Record<string, string> = {
  databricks_directory: 'directory',
  databricks_notebook: 'notebook',
  databricks_workspace_file: 'workspace file',
};

/** Objects known by a display name argument. */
const NAMED: Record<string, { kind: string; attribute: string }> = {
  databricks_cluster_policy: { kind: 'cluster policy', attribute: 'name' },
  databricks_sql_endpoint: { kind: 'SQL warehouse', attribute: 'name' },
  databricks_job: { kind: 'job', attribute: 'name' },
  databricks_pipeline: { kind: 'pipeline', attribute: 'name' },
  databricks_dashboard: { kind: 'dashboard', attribute: 'display_name' },
  databricks_alert_v2: { kind: 'alert', attribute: 'display_name' },
  databricks_quality_monitor: { kind: 'quality monitor on table', attribute: 'table_name' },
  databricks_service_principal: { kind: 'service principal', attribute: 'display_name' },
  databricks_access_control_rule_set: { kind: 'rule set', attribute: 'name' },
};

/** databricks_grants/databricks_grant name their securable by one of these arguments (catalog/resource_grants.go). */
const GRANT_SECURABLES: Record<string, string> = {
  metastore: 'metastore',
  catalog: 'catalog',
  schema: 'schema',
  table: 'table',
  volume: 'volume',
  model: 'registered model',
  function: 'function',
  external_location: 'external location',
  storage_credential: 'storage credential',
  credential: 'credential',
  foreign_connection: 'connection',
  share: 'share',
};

/** databricks_permissions names its object by one of these arguments (permissions/permission_definitions.go). */
const PERMISSION_OBJECTS: Record<string, string> = {
  cluster_policy_id: 'cluster policy',
  sql_endpoint_id: 'SQL warehouse',
  job_id: 'job',
  pipeline_id: 'pipeline',
  dashboard_id: 'dashboard',
  cluster_id: 'cluster',
  instance_pool_id: 'instance pool',
  serving_endpoint_id: 'serving endpoint',
  registered_model_id: 'MLflow model',
  experiment_id: 'MLflow experiment',
  directory_path: 'directory',
  notebook_path: 'notebook',
  workspace_file_path: 'workspace file',
  sql_query_id: 'query',
  sql_alert_id: 'alert',
};

const EMBEDDED_REFERENCE = /\$\{(?:data\.)?[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_]+\}/g;

/** A plan value as literal text, or undefined when it is not text or still holds an unresolved reference. */
function literal(plan: Plan, value: unknown, depth: number): string | undefined {
  if (typeof value !== 'string' || depth > 8) return undefined;
  const whole = referenced(plan, value);
  if (whole) return whole.target ? attributeText(plan, whole.target, whole.reference.attribute, depth + 1) : undefined;
  // A larger expression, e.g. `${databricks_directory.x.path}/runtime_guard.py`: each reference in place.
  let unresolved = false;
  const text = value.replace(EMBEDDED_REFERENCE, (reference) => {
    const resolved = literal(plan, reference, depth + 1);
    if (resolved === undefined) unresolved = true;
    return resolved ?? reference;
  });
  return unresolved || text.includes('${') || text.includes(KNOWN_AFTER_APPLY) ? undefined : text;
}

/**
 * What a reference to `attribute` of `target` stands for. The id of a Unity Catalog securable is its full name
 * (d.SetId(schema.FullName) in catalog/resource_schema.go, v.FullName in resource_volume.go, model.FullName in
 * resource_registered_model.go, ti.FullName() in resource_sql_table.go); the id of a policy, warehouse, job or
 * pipeline stands for that object here.
 */
function attributeText(plan: Plan, target: PlanResource, attribute: string, depth: number): string | undefined {
  return attribute === 'id' ? nameOf(plan, target, depth) : literal(plan, target.config[attribute], depth);
}

/** The name of `resource` alone, without its kind; undefined when no argument names it literally. */
function nameOf(plan: Plan, resource: PlanResource, depth = 0): string | undefined {
  const config: Json = resource.config;
  const uc = own(UC_PARTS, resource.type);
  if (uc) {
    const parts = uc.parts.map((part) => literal(plan, config[part], depth));
    return parts.every((part) => part !== undefined) ? parts.join('.') : undefined;
  }
  if (own(WORKSPACE_KINDS, resource.type)) return workspacePath(literal(plan, config.path, depth));
  const named = own(NAMED, resource.type);
  if (named) return literal(plan, config[named.attribute], depth);
  return undefined;
}

/**
 * Workspace objects by their workspace_path, which the provider computes as "/Workspace" + path
 * (workspace/resource_directory.go, data_notebook.go: d.Set("workspace_path", "/Workspace"+objectStatus.Path)).
 */
function workspacePath(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  return path === '/Workspace' || path.startsWith('/Workspace/') ? path : `/Workspace${path.startsWith('/') ? '' : '/'}${path}`;
}

/** The object a permission or grant resource governs: its kind and name, found through a reference or a literal id. */
function governed(plan: Plan, kinds: Readonly<Record<string, string>>, config: Json): { kind: string; name: string | undefined } | undefined {
  for (const [argument, kind] of Object.entries(kinds)) {
    const value = config[argument];
    if (typeof value !== 'string') continue;
    const name = argument.endsWith('_path') ? workspacePath(literal(plan, value, 0)) : (literal(plan, value, 0) ?? byLiteralId(plan, value));
    return { kind, name };
  }
  return undefined;
}

/** In a plan file, ids are literals: the resource of the same plan with that id names the object. */
function byLiteralId(plan: Plan, id: string): string | undefined {
  const resource = referenceOf(id) ? undefined : byId(plan).get(id);
  return resource && nameOf(plan, resource);
}
const byId = perPlan((plan) => {
  const found = new Map<string, PlanResource>();
  for (const resource of plan.byAddress.values()) if (typeof resource.config.id === 'string') found.set(resource.config.id, resource);
  return found;
});

/** The resource as a reviewer names it: kind, Unity Catalog name or workspace path, and its Terraform address. */
export function objectOf(plan: Plan, resource: PlanResource): ReviewObject {
  const object = (kind: string, name: string | undefined): ReviewObject => ({
    kind,
    name: name ?? resource.path,
    address: resource.address,
  });
  const uc = own(UC_PARTS, resource.type);
  if (uc) return object(uc.kind, nameOf(plan, resource));
  const workspaceKind = own(WORKSPACE_KINDS, resource.type);
  if (workspaceKind) return object(workspaceKind, nameOf(plan, resource));
  const named = own(NAMED, resource.type);
  if (named) return object(resource.address.startsWith('data.') ? `existing ${named.kind}` : named.kind, nameOf(plan, resource));
  if (resource.type === 'databricks_grants' || resource.type === 'databricks_grant') {
    const target = governed(plan, GRANT_SECURABLES, resource.config);
    return object(`grants on ${target?.kind ?? 'securable'}`, target?.name);
  }
  if (resource.type === 'databricks_permissions') {
    const target = governed(plan, PERMISSION_OBJECTS, resource.config);
    return object(`permissions for ${target?.kind ?? 'object'}`, target?.name);
  }
  return object(resource.type.replace(/^databricks_/, '').replace(/_/g, ' '), undefined);
}

/** Markdown: "schema `acme_dev.bronze`". */
export const objectText = (object: ReviewObject): string => `${object.kind} ${code(object.name)}`;

/** The securable or object a grant or permission resource governs, as Markdown ("schema `acme_dev.bronze`"). */
export function governedText(plan: Plan, resource: PlanResource): string {
  const object = objectOf(plan, resource);
  return objectText({ ...object, kind: object.kind.replace(/^(grants on|permissions for) /, '') });
}
