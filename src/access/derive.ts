// THE derivation of who may do what in Unity Catalog. Grants, the contract's tables, the access matrix,
// the rules and the access diff all read its result; nothing else decides privileges.
import type { TeamModel } from '../model/types';
import { tableGates, type TableGate } from '../model/gates';
import {
  CATALOG_ACCESS_SET,
  CATALOG_ADMIN_SET,
  DEPLOYER_CATALOG_SET,
  PIPELINE_TARGET_SET,
  READ_SET,
  VALID_PRIVILEGES,
  VOLUME_READ_SET,
  VOLUME_WRITE_SET,
  WRITE_SET,
  type Privilege,
  type SecurableType,
} from './privileges';
import { compareText } from '../model/compare-text';

/** The grantee standing for the identity that runs Terraform (catalog.deployer). */
export const DEPLOYER = '$deployer';

export interface Securable {
  readonly type: SecurableType;
  /** Stable key, also the construct id: `catalog`, `schema-bronze`, `table-bronze-raw_events`, `model-models-churn`, `volume-bronze-landing`. */
  readonly key: string;
  /** Name below the catalog: '' for the catalog, `bronze`, `bronze.raw_events`. */
  readonly name: string;
  readonly schema?: string;
}

export interface GrantEntry {
  /** An agent name, or DEPLOYER. */
  readonly grantee: string;
  /** Sorted, valid for the securable type, never ALL_PRIVILEGES. */
  readonly privileges: readonly Privilege[];
  /** Why the grantee has them, e.g. `reader of gold`; sorted. */
  readonly reasons: readonly string[];
}

export interface SecurableAccess {
  readonly securable: Securable;
  /** The owner agent when ownership moves to it; undefined when the deploying identity stays owner. */
  readonly owner?: string;
  /** The agent the model names as responsible, whether or not it holds ownership. */
  readonly ownerAgent: string;
  /** Sorted by grantee; empty when nobody needs a grant here. */
  readonly grants: readonly GrantEntry[];
}

class Accumulator {
  private readonly byGrantee = new Map<string, { privileges: Set<Privilege>; reasons: Set<string> }>();

  constructor(
    readonly securable: Securable,
    readonly ownerAgent: string,
    readonly owner: string | undefined,
  ) {}

  grant(grantee: string, privileges: readonly Privilege[], reason: string): void {
    // Owners hold every privilege and never appear in grant listings.
    if (grantee === this.owner) return;
    const entry = this.byGrantee.get(grantee) ?? { privileges: new Set<Privilege>(), reasons: new Set<string>() };
    for (const privilege of privileges) {
      if (!VALID_PRIVILEGES[this.securable.type].has(privilege) || privilege === 'ALL_PRIVILEGES') {
        throw new Error(`internal: ${privilege} is not grantable on a ${this.securable.type}`);
      }
      entry.privileges.add(privilege);
    }
    entry.reasons.add(reason);
    this.byGrantee.set(grantee, entry);
  }

  grantees(): string[] {
    return [...this.byGrantee.keys()];
  }

  result(): SecurableAccess {
    const grants = [...this.byGrantee.entries()]
      .sort(([a], [b]) => compareText(a, b))
      .map(([grantee, entry]) => ({ grantee, privileges: [...entry.privileges].sort(), reasons: [...entry.reasons].sort() }));
    return { securable: this.securable, owner: this.owner, ownerAgent: this.ownerAgent, grants };
  }
}

export const schemaKey = (schema: string) => `schema-${schema}`;
export const tableKey = (schema: string, table: string) => `table-${schema}-${table}`;
export const modelKey = (schema: string, model: string) => `model-${schema}-${model}`;
export const volumeKey = (schema: string, volume: string) => `volume-${schema}-${volume}`;

/**
 * Every securable the stack manages with the owner and the grants the model implies, in a stable order:
 * the catalog, the schemas, then tables and registered models where access is asked at that level, then volumes.
 * resolveEnvironment (team-environment.ts) runs it once per model; everything else reads its result there.
 */
export function deriveAccess(model: TeamModel, gates: readonly TableGate[] = tableGates(model)): readonly SecurableAccess[] {
  const agentsOwn = model.catalog.ownership === 'agents';
  const ownerFor = (agent: string) => (agentsOwn ? agent : undefined);

  const catalog = new Accumulator({ type: 'catalog', key: 'catalog', name: '' }, model.catalog.owner, ownerFor(model.catalog.owner));
  const schemas = new Map(
    model.schemas.map((schema) => [
      schema.name,
      new Accumulator({ type: 'schema', key: schemaKey(schema.name), name: schema.name }, schema.owner, ownerFor(schema.owner)),
    ]),
  );
  const schema = (name: string) => schemas.get(name) as Accumulator;
  const tables: Accumulator[] = [];
  const models: Accumulator[] = [];
  const modelSchemas = new Set(model.models.map((registered) => registered.schema));

  for (const s of model.schemas) {
    const acc = schema(s.name);
    const execute: Privilege[] = s.layer === 'models' ? ['EXECUTE'] : [];
    for (const reader of s.readers) acc.grant(reader, [...READ_SET, ...execute], `reader of ${s.name}`);
    for (const writer of s.writers) acc.grant(writer, WRITE_SET, `writer of ${s.name}`);
    if (!agentsOwn) {
      acc.grant(s.owner, ['MANAGE', ...WRITE_SET, ...(modelSchemas.has(s.name) ? (['CREATE_MODEL'] as const) : [])], `owner of ${s.name}`);
    }
  }

  // An alert runs as the agent of the governance gate observing it: it reads exactly the tables it watches.
  const watchers = new Map<string, Set<string>>();
  for (const gate of gates) {
    if (gate.kind === 'monitor') continue;
    watchers.set(gate.table, (watchers.get(gate.table) ?? new Set()).add(gate.agent));
  }

  for (const table of model.tables) {
    const name = `${table.schema}.${table.name}`;
    const watching = [...(watchers.get(name) ?? [])].sort();
    schema(table.schema).grant(table.owner, WRITE_SET, `owner of ${name}`);
    // A pipeline's tables exist only once it has run, so no table-level grant can name them: the schema's SELECT it is.
    if (table.pipeline !== undefined) {
      for (const agent of watching) schema(table.schema).grant(agent, READ_SET, `watches ${name} for its gates`);
      continue;
    }
    if (!agentsOwn && table.readers.length === 0 && watching.length === 0) continue;
    // Table-level grants only where the model asks for them: readers, or a moved owner the deployer must keep managing.
    // Only an owner of the table (or its schema or catalog) creates a quality monitor (quality-monitors create, Databricks
    // CLI reference), and the deploying identity creates it: a monitored table stays the deployer's, its agent manages it.
    const monitored = agentsOwn && table.gates?.monitor !== undefined;
    const acc = new Accumulator(
      { type: 'table', key: tableKey(table.schema, table.name), name: `${table.schema}.${table.name}`, schema: table.schema },
      table.owner,
      monitored ? undefined : ownerFor(table.owner),
    );
    if (monitored) acc.grant(table.owner, ['MANAGE', 'MODIFY', 'SELECT'], `owner of ${name}, kept by the deployer for its quality monitor`);
    for (const reader of table.readers) {
      acc.grant(reader, ['SELECT'], `reader of ${table.schema}.${table.name}`);
      schema(table.schema).grant(reader, ['USE_SCHEMA'], `reader of ${table.schema}.${table.name}`);
    }
    for (const agent of watching) {
      acc.grant(agent, ['SELECT'], `watches ${name} for its gates`);
      schema(table.schema).grant(agent, ['USE_SCHEMA'], `watches ${name} for its gates`);
    }
    // Every later update of a declared table runs ALTER TABLE as the deployer (COMMENT, SET TBLPROPERTIES, ADD
    // COLUMN: catalog/resource_sql_table.go), which needs MODIFY once an agent owns the table; MANAGE is not enough.
    if (agentsOwn && !monitored) acc.grant(DEPLOYER, ['MANAGE', 'MODIFY'], 'deployer keeps control');
    tables.push(acc);
  }

  for (const pipeline of model.pipelines) {
    schema(pipeline.target).grant(pipeline.owner, PIPELINE_TARGET_SET, `run-as of pipeline ${pipeline.name}`);
    for (const source of pipeline.sources) schema(source).grant(pipeline.owner, READ_SET, `run-as of pipeline ${pipeline.name}`);
  }

  const featureTables = new Map(model.tables.map((table) => [`${table.schema}.${table.name}`, table]));
  for (const registered of model.models) {
    const name = `${registered.schema}.${registered.name}`;
    schema(registered.schema).grant(registered.owner, ['USE_SCHEMA', 'CREATE_MODEL'], `owner of model ${name}`);
    // Only a model's owner creates versions: registered models always belong to their owner agent.
    const acc = new Accumulator(
      { type: 'registered_model', key: modelKey(registered.schema, registered.name), name, schema: registered.schema },
      registered.owner,
      registered.owner,
    );
    for (const consumer of registered.consumers) {
      acc.grant(consumer, ['EXECUTE'], `consumer of model ${name}`);
      schema(registered.schema).grant(consumer, ['USE_SCHEMA'], `consumer of model ${name}`);
    }
    if (agentsOwn) acc.grant(DEPLOYER, ['MANAGE'], 'deployer keeps control');
    models.push(acc);
    for (const dependency of registered.featureDependencies) {
      const table = featureTables.get(dependency);
      if (table) schema(table.schema).grant(registered.owner, READ_SET, `feature dependency of model ${name}`);
    }
  }

  const volumes: Accumulator[] = [];
  for (const s of model.schemas) {
    for (const volume of s.volumes) {
      const name = `${s.name}.${volume.name}`;
      const acc = new Accumulator(
        { type: 'volume', key: volumeKey(s.name, volume.name), name, schema: s.name },
        volume.owner,
        ownerFor(volume.owner),
      );
      const reach = (agent: string, reason: string) => schema(s.name).grant(agent, ['USE_SCHEMA'], reason);
      for (const reader of volume.readers) {
        acc.grant(reader, VOLUME_READ_SET, `reader of volume ${name}`);
        reach(reader, `reader of volume ${name}`);
      }
      for (const writer of volume.writers) {
        acc.grant(writer, VOLUME_WRITE_SET, `writer of volume ${name}`);
        reach(writer, `writer of volume ${name}`);
      }
      reach(volume.owner, `owner of volume ${name}`);
      if (agentsOwn) acc.grant(DEPLOYER, ['MANAGE'], 'deployer keeps control');
      else acc.grant(volume.owner, ['MANAGE', ...VOLUME_WRITE_SET], `owner of volume ${name}`);
      volumes.push(acc);
    }
  }

  if (agentsOwn) {
    catalog.grant(DEPLOYER, DEPLOYER_CATALOG_SET, 'deployer keeps control');
    for (const s of model.schemas) {
      schema(s.name).grant(
        DEPLOYER,
        [
          'USE_SCHEMA',
          'CREATE_TABLE',
          'MANAGE',
          ...(modelSchemas.has(s.name) ? (['CREATE_MODEL'] as const) : []),
          ...(s.volumes.length ? (['CREATE_VOLUME'] as const) : []),
        ],
        'deployer keeps control',
      );
    }
  } else {
    catalog.grant(model.catalog.owner, CATALOG_ADMIN_SET, 'owner of the catalog');
  }

  // Whoever holds anything below the catalog needs USE_CATALOG to reach it.
  for (const acc of [...schemas.values(), ...tables, ...models, ...volumes]) {
    for (const grantee of acc.grantees()) catalog.grant(grantee, CATALOG_ACCESS_SET, `access below the catalog`);
    if (acc.owner) catalog.grant(acc.owner, CATALOG_ACCESS_SET, 'access below the catalog');
  }

  return [catalog, ...schemas.values(), ...tables, ...models, ...volumes].map((acc) => acc.result());
}
