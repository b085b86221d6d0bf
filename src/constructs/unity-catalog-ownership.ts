// L3: the catalog, schemas, Delta tables and registered models of one environment, with the grants deriveAccess
// implies, in the order a real apply needs. Nothing here decides who gets what; it only places the derived access.
import { Construct } from 'constructs';
import { DEPLOYER, modelKey, schemaKey, tableKey, volumeKey, type GrantEntry, type SecurableAccess } from '../access/derive';
import { deployerPrincipal } from '../model/types';
import type { TeamEnvironment } from '../access/team-environment';
import type { AgentIdentities } from './agent-identities';
import { UcCatalog } from './uc-catalog';
import type { AccessGrants, GrantTarget } from './access-grants';
import { UcSchema } from './uc-schema';
import { DeltaTable } from './delta-table';
import { RegisteredMlModel } from './registered-ml-model';
import { UcVolume } from './uc-volume';

export interface UnityCatalogOwnershipProps {
  readonly team: TeamEnvironment;
  readonly identities: AgentIdentities;
  /** The SQL warehouse that runs table DDL. */
  readonly warehouseId: string;
}

export class UnityCatalogOwnership extends Construct {
  readonly catalog: UcCatalog;
  readonly schemas = new Map<string, UcSchema>();
  readonly tables = new Map<string, DeltaTable>();
  readonly models = new Map<string, RegisteredMlModel>();
  /** By `<schema>.<volume>`. */
  readonly volumes = new Map<string, UcVolume>();
  /** Derivation key (securableKey) → the securable as databricks_grants names it: how rules find a grant's access. */
  readonly grantTargets = new Map<string, GrantTarget>();

  constructor(scope: Construct, id: string, props: UnityCatalogOwnershipProps) {
    super(scope, id);
    const { identities } = props;
    const { model, environment, access: derived } = props.team.terraform;
    const protect = environment.protected;
    const deployer = deployerPrincipal(model);
    const principalOf = (grantee: string): string => {
      if (grantee !== DEPLOYER) return identities.principalOf(grantee).name;
      if (deployer === undefined) throw new Error(`${this.node.path}: catalog.deployer is required when ownership is 'agents'`);
      return deployer;
    };
    // Values, not callbacks, for the L2 constructs: each derived grantee resolved to its principal here.
    const grantsOf = (entries: readonly GrantEntry[]) =>
      entries.map((entry) => ({ principal: principalOf(entry.grantee), privileges: entry.privileges }));
    const ownerOf = (access: SecurableAccess) => (access.owner ? identities.principalOf(access.owner).name : undefined);
    const access = new Map(derived.map((entry) => [entry.securable.key, entry]));
    const of = (key: string) => access.get(key) as SecurableAccess;

    const catalogAccess = of('catalog');
    this.catalog = new UcCatalog(this, 'catalog', {
      name: environment.catalog,
      comment: model.catalog.comment,
      properties: model.catalog.properties,
      owner: ownerOf(catalogAccess),
      grants: grantsOf(catalogAccess.grants),
      protect,
      storageRoot: environment.storageRoot,
      bindings: environment.workspaceBindings,
    });
    const catalogName = this.catalog.catalog.name;
    this.grantTargets.set(catalogAccess.securable.key, { catalog: catalogName });
    // Ownership moves inside each Create call: what the deployer itself needs on the parent must exist first.
    const afterGrantsOf = (parent: { grants?: AccessGrants }) => (parent.grants ? [parent.grants.resource] : undefined);

    // Every read of a resource attribute creates a new token, each with a captured stack trace (bin/synth.js):
    // each schema's name reference is read once, however many tables, models and volumes use it.
    const schemaNames = new Map<string, string>();
    for (const schema of model.schemas) {
      const schemaAccess = of(schemaKey(schema.name));
      const ucSchema = new UcSchema(this, schemaAccess.securable.key, {
        catalogName,
        name: schema.name,
        comment: schema.comment,
        owner: ownerOf(schemaAccess),
        grants: grantsOf(schemaAccess.grants),
        protect,
        dependsOn: afterGrantsOf(this.catalog),
      });
      this.schemas.set(schema.name, ucSchema);
      schemaNames.set(schema.name, ucSchema.schema.name);
      this.grantTargets.set(schemaAccess.securable.key, { schema: ucSchema.schema.id });
    }

    // With ownership moved to the agents, a table the deployer keeps (one with a quality monitor) names it as owner:
    // sql_table's owner is Optional+Computed, so leaving it out would keep the agent that owned it before
    // (catalog/resource_sql_table.go, Update; only an explicit owner changes it).
    const keptByDeployer = model.catalog.ownership === 'agents' ? deployer : undefined;
    for (const table of model.tables) {
      // Tables a pipeline writes belong to the pipeline; declaring them too would fight over them.
      if (table.pipeline !== undefined) continue;
      const key = tableKey(table.schema, table.name);
      const tableAccess = access.get(key);
      const schema = this.schemas.get(table.schema) as UcSchema;
      const deltaTable = new DeltaTable(this, key, {
        catalogName,
        schemaName: schemaNames.get(table.schema) as string,
        name: table.name,
        columns: table.columns,
        requiredColumns: table.feature ? [...table.feature.primaryKey, table.feature.timestampKey] : [],
        comment: table.comment,
        owner: tableAccess ? (ownerOf(tableAccess) ?? keptByDeployer) : undefined,
        warehouseId: props.warehouseId,
        grants: grantsOf(tableAccess?.grants ?? []),
        protect,
        dependsOn: afterGrantsOf(schema),
      });
      this.tables.set(`${table.schema}.${table.name}`, deltaTable);
      this.grantTargets.set(key, { table: deltaTable.tableId });
    }

    for (const registered of model.models) {
      const modelAccess = of(modelKey(registered.schema, registered.name));
      const schema = this.schemas.get(registered.schema) as UcSchema;
      const registeredModel = new RegisteredMlModel(this, modelAccess.securable.key, {
        catalogName,
        schemaName: schemaNames.get(registered.schema) as string,
        name: registered.name,
        comment: registered.comment,
        // Always the owner agent (the derivation moves every model's ownership): only the owner creates versions.
        owner: ownerOf(modelAccess) as string,
        grants: grantsOf(modelAccess.grants),
        protect,
        dependsOn: afterGrantsOf(schema),
      });
      this.models.set(`${registered.schema}.${registered.name}`, registeredModel);
      this.grantTargets.set(modelAccess.securable.key, { model: registeredModel.model.id });
    }

    for (const schema of model.schemas) {
      const ucSchema = this.schemas.get(schema.name) as UcSchema;
      for (const volume of schema.volumes) {
        const volumeAccess = of(volumeKey(schema.name, volume.name));
        const ucVolume = new UcVolume(this, volumeAccess.securable.key, {
          catalogName,
          schemaName: schemaNames.get(schema.name) as string,
          name: volume.name,
          comment: volume.comment,
          storageLocation: volume.storageLocation,
          owner: ownerOf(volumeAccess),
          grants: grantsOf(volumeAccess.grants),
          protect,
          dependsOn: afterGrantsOf(ucSchema),
        });
        this.volumes.set(`${schema.name}.${volume.name}`, ucVolume);
        this.grantTargets.set(volumeAccess.securable.key, { volume: ucVolume.volume.id });
      }
    }
  }
}
