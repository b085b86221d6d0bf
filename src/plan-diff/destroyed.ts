// Resources that the new plan would destroy: gone from it (by address, which is what Terraform tracks), or
// kept at their address with a changed attribute that forces replacement.
import { STATEFUL_TYPES } from '../access/stateful';
import { code } from './markdown';
import type { AgentChange } from './change';
import { concernedAgent } from './concerned-agent';
import { objectOf, objectText } from './object-names';
import { pathsOf, type Plan, type PlanResource } from './read-plan';
import { resolvedValue } from './references';
import { own } from './own';

/** What destroying each type loses (DATABRICKS.md "What loses data or access"); stateful types are marked. */
const LOSS: Record<string, string> = {
  databricks_catalog: 'the catalog',
  databricks_schema: 'the schema',
  databricks_sql_table: 'DROP TABLE',
  databricks_registered_model: 'the model and all its versions',
  databricks_volume: 'the volume; a managed volume deletes its files',
  databricks_pipeline: 'update history; its tables are unavailable until a rerun',
  databricks_service_principal: 'the identity: a new one gets a new application id',
  databricks_grants: 'every grant on the securable is revoked',
};

/**
 * Attributes whose change replaces the resource (DATABRICKS.md "What loses data or access"; table
 * data_source_format, storage_credential_name and options are force_new in catalog/resource_sql_table.go).
 */
const FORCE_NEW: Record<string, readonly string[]> = {
  // storage_root, connection_name, provider_name and share_name are SetForceNew() in catalog/resource_catalog.go.
  databricks_catalog: ['name', 'storage_root', 'connection_name', 'provider_name', 'share_name'],
  databricks_schema: ['name', 'catalog_name', 'storage_root'],
  databricks_sql_table: ['catalog_name', 'schema_name', 'table_type', 'partitions', 'data_source_format', 'storage_credential_name', 'options'],
  databricks_registered_model: ['name', 'catalog_name', 'schema_name'],
  // catalog_name, schema_name, storage_location and volume_type are tf:"force_new" in catalog/resource_volume.go.
  databricks_volume: ['catalog_name', 'schema_name', 'storage_location', 'volume_type'],
};

const marker = (resource: PlanResource): string => (STATEFUL_TYPES.has(resource.type) ? `**data or identity loss** ` : '');
const loss = (resource: PlanResource): string => (own(LOSS, resource.type) ? `: ${own(LOSS, resource.type)}` : '');

function destroyed(plan: Plan, resource: PlanResource, line: (what: string) => string, attributes?: readonly string[]): AgentChange {
  const object = objectOf(plan, resource);
  return {
    agent: concernedAgent(plan, resource),
    severity: 'destructive',
    category: 'destroyed',
    object,
    ...(attributes?.length ? { attribute: attributes.join(', ') } : {}),
    markdown: `${marker(resource)}${line(`${objectText(object)} (${code(resource.address)})`)}${loss(resource)}`,
  };
}

/** The attributes whose change replaces `now`: Terraform's replace_paths in a plan file, else the force-new attributes that differ. */
function forcingReplacement(before: Plan, after: Plan, old: PlanResource, now: PlanResource): string[] | undefined {
  const planned = after.replacements.get(now.address);
  if (planned) return [...planned];
  // References are followed to literals: a renamed schema replaces the tables whose schema_name points at it.
  const forced = (own(FORCE_NEW, now.type) ?? []).filter(
    (attribute) => JSON.stringify(resolvedValue(before, old.config[attribute])) !== JSON.stringify(resolvedValue(after, now.config[attribute])),
  );
  return forced.length ? forced : undefined;
}

/** Gone resources first, by address; then replacements by construct path (plan files: by address). */
export function diffDestroyed(before: Plan, after: Plan): AgentChange[] {
  const gone = [...before.resources.values()]
    .filter((resource) => !after.byAddress.has(resource.address))
    .sort((a, b) => (a.address < b.address ? -1 : 1))
    .map((resource) => destroyed(before, resource, (what) => `destroys ${what}`));
  const replaced: AgentChange[] = [];
  for (const path of pathsOf(before, after)) {
    const old = before.resources.get(path);
    const now = after.resources.get(path);
    if (!old || !now || old.address !== now.address) continue;
    const forced = forcingReplacement(before, after, old, now);
    if (!forced) continue;
    const since = forced.length ? `, since ${forced.map((a) => code(a)).join(', ')} changed` : ' (Terraform plans delete and create)';
    replaced.push(destroyed(after, now, (what) => `replaces ${what}${since}`, forced));
  }
  return [...gone, ...replaced];
}
