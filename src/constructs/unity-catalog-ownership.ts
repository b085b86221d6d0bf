// L3: the catalog, schemas, Delta tables, registered models and folders of one environment, with the grants
// deriveAccess implies. Nothing here decides who gets what; it only places the derived access.
import { Construct } from 'constructs';
import { deriveAccess, DEPLOYER, modelKey, schemaKey, tableKey, type SecurableAccess } from '../access/derive';
import { deriveFolders } from '../access/folders';
import type { NamedEnvironment, TeamModel } from '../model/types';
import type { AgentIdentities } from './agent-identities';
import { UcCatalog } from './uc-catalog';
import { UcSchema } from './uc-schema';
import { DeltaTable } from './delta-table';
import { RegisteredMlModel } from './registered-ml-model';
import { WorkspaceFolder } from './workspace-folder';

export interface UnityCatalogOwnershipProps {
  readonly model: TeamModel;
  readonly environment: NamedEnvironment;
  readonly identities: AgentIdentities;
  /** The SQL warehouse that runs table DDL. */
  readonly warehouseId: string;
}

export class UnityCatalogOwnership extends Construct {
  readonly catalog: UcCatalog;
  readonly schemas = new Map<string, UcSchema>();
  readonly tables = new Map<string, DeltaTable>();
  readonly models = new Map<string, RegisteredMlModel>();
  readonly folders = new Map<string, WorkspaceFolder>();

  constructor(scope: Construct, id: string, props: UnityCatalogOwnershipProps) {
    super(scope, id);
    const { model, environment, identities } = props;
    const protect = environment.protected;
    const deployer = model.catalog.deployer;
    const principalOf = (grantee: string): string => {
      if (grantee !== DEPLOYER) return identities.principalOf(grantee).name;
      if (!deployer) throw new Error(`${this.node.path}: catalog.deployer is required when ownership is 'agents'`);
      return 'applicationId' in deployer ? deployer.applicationId : deployer.group;
    };
    const ownerOf = (access: SecurableAccess) => (access.owner ? identities.principalOf(access.owner).name : undefined);
    const access = new Map(deriveAccess(model).map((entry) => [entry.securable.key, entry]));
    const of = (key: string) => access.get(key) as SecurableAccess;

    const catalogAccess = of('catalog');
    this.catalog = new UcCatalog(this, 'catalog', {
      name: environment.catalog,
      comment: model.catalog.comment,
      properties: model.catalog.properties,
      owner: ownerOf(catalogAccess),
      grants: catalogAccess.grants,
      principalOf,
      protect,
    });
    const catalogName = this.catalog.catalog.name;

    for (const schema of model.schemas) {
      const schemaAccess = of(schemaKey(schema.name));
      this.schemas.set(
        schema.name,
        new UcSchema(this, schemaAccess.securable.key, {
          catalogName,
          name: schema.name,
          comment: schema.comment,
          owner: ownerOf(schemaAccess),
          grants: schemaAccess.grants,
          principalOf,
          protect,
        }),
      );
    }

    for (const table of model.tables) {
      // Tables a pipeline writes belong to the pipeline; declaring them too would fight over them.
      if (table.pipeline !== undefined) continue;
      const key = tableKey(table.schema, table.name);
      const tableAccess = access.get(key);
      const schemaName = (this.schemas.get(table.schema) as UcSchema).schema.name;
      this.tables.set(
        `${table.schema}.${table.name}`,
        new DeltaTable(this, key, {
          catalogName,
          schemaName,
          name: table.name,
          columns: table.columns,
          requiredColumns: table.feature ? [...table.feature.primaryKey, table.feature.timestampKey] : [],
          comment: table.comment,
          owner: tableAccess ? ownerOf(tableAccess) : undefined,
          warehouseId: props.warehouseId,
          grants: tableAccess?.grants ?? [],
          principalOf,
          protect,
        }),
      );
    }

    for (const registered of model.models) {
      const modelAccess = of(modelKey(registered.schema, registered.name));
      this.models.set(
        `${registered.schema}.${registered.name}`,
        new RegisteredMlModel(this, modelAccess.securable.key, {
          catalogName,
          schemaName: (this.schemas.get(registered.schema) as UcSchema).schema.name,
          name: registered.name,
          comment: registered.comment,
          // Always the owner agent (the derivation moves every model's ownership): only the owner creates versions.
          owner: ownerOf(modelAccess) as string,
          grants: modelAccess.grants,
          principalOf,
          protect,
        }),
      );
    }

    for (const folder of deriveFolders(model).folders) {
      this.folders.set(
        folder.directory,
        new WorkspaceFolder(this, `folder-${folder.directory.replace(/\//g, '-')}`, {
          path: folder.path,
          access: folder.access.map((entry) => ({ principal: identities.principalOf(entry.agent), access: entry.access })),
        }),
      );
    }
  }
}
