import { VALID_PRIVILEGES } from '../src/access/privileges';
import { deriveAccess } from '../src/access/derive';
import { modelFrom, synth, type Data } from './helpers';

const model = modelFrom();
const dev = synth(model, 'dev');
const prod = synth(model, 'prod');
const principals = dev.byPath('databricks_service_principal');
const ref = (agent: string) => dev.principalOf(agent);
const grants = dev.byPath('databricks_grants');
const grantOf = (path: string, agent: string) => (grants[path].grant as Data[]).find((g) => g.principal === ref(agent))?.privileges;

describe('catalog and schemas', () => {
  it('creates the environment catalog owned by its owner agent, never force_destroy', () => {
    const catalog = Object.values(dev.byPath('databricks_catalog'))[0];
    expect(catalog).toMatchObject({
      name: 'lakehouse_dev',
      owner: ref('unity-catalog-admin'),
      properties: { managed_by: 'databricks-agent-contract' },
    });
    expect(catalog.force_destroy).toBeUndefined();
  });

  it.each([
    ['bronze', 'delta-lake-engineer'],
    ['silver', 'delta-lake-engineer'],
    ['gold', 'sql-analyst'],
    ['features', 'feature-store-engineer'],
    ['models', 'mlflow-engineer'],
  ])('owns schema %s by %s through its principal reference', (schema, agent) => {
    expect(dev.byPath('databricks_schema')[`unity-catalog/schema-${schema}/schema`]).toMatchObject({ name: schema, owner: ref(agent) });
    expect(principals[`identities/${agent}`]).toBeDefined();
  });

  it('keeps the deployer in control with MANAGE when ownership moves to agents', () => {
    const deployer = '9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
    for (const [path, resource] of Object.entries(grants)) {
      // A monitored table stays the deployer's, who alone may create its quality monitor: it owns, needs no MANAGE.
      if (path === 'unity-catalog/table-features-customer_features/grants/grants') continue;
      const entry = (resource.grant as Data[]).find((g) => g.principal === deployer);
      expect({ path, manage: entry?.privileges.includes('MANAGE') }).toEqual({ path, manage: true });
    }
  });

  it('in deployer mode sets no owner and gives the owner agent MANAGE and the write set', () => {
    const deployerMode = synth(
      modelFrom((d) => (d.catalog.ownership = 'deployer')),
      'dev',
    );
    const schema = deployerMode.byPath('databricks_schema')['unity-catalog/schema-bronze/schema'];
    expect(schema.owner).toBeUndefined();
    const bronze = deployerMode.byPath('databricks_grants')['unity-catalog/schema-bronze/grants/grants'];
    const engineer = (bronze.grant as Data[]).find((g) => g.principal.includes('delta-lake-engineer'));
    expect(engineer.privileges).toEqual(['CREATE_TABLE', 'MANAGE', 'MODIFY', 'SELECT', 'USE_SCHEMA']);
  });
});

describe('grants', () => {
  it('emits exactly one grants resource per securable', () => {
    const targets = Object.values(grants).map((g) => g.catalog ?? g.schema ?? g.table ?? g.model ?? g.volume);
    expect(new Set(targets).size).toBe(targets.length);
    expect(dev.json.resource.databricks_grant).toBeUndefined();
    expect(Object.keys(grants).sort()).toEqual(
      [
        'unity-catalog/catalog/grants/grants',
        ...['bronze', 'features', 'gold', 'models', 'monitoring', 'silver'].map((s) => `unity-catalog/schema-${s}/grants/grants`),
        'unity-catalog/table-bronze-raw_events/grants/grants',
        'unity-catalog/table-features-customer_features/grants/grants',
        'unity-catalog/table-gold-customer_lifetime_value/grants/grants',
        'unity-catalog/table-silver-sessions/grants/grants',
        'unity-catalog/model-models-churn_predictor/grants/grants',
        'unity-catalog/volume-bronze-landing/grants/grants',
      ].sort(),
    );
  });

  it('gives schema readers exactly USE_SCHEMA and SELECT', () => {
    expect(grantOf('unity-catalog/schema-gold/grants/grants', 'orchestrator')).toEqual(['SELECT', 'USE_SCHEMA']);
    expect(grantOf('unity-catalog/schema-bronze/grants/grants', 'spark-developer')).toEqual(['SELECT', 'USE_SCHEMA']);
  });

  it('gives readers of the models schema EXECUTE too', () => {
    expect(grantOf('unity-catalog/schema-models/grants/grants', 'ml-model-developer')).toEqual(['EXECUTE', 'SELECT', 'USE_SCHEMA']);
  });

  it('gives writers the write set and pipeline run-as identities materialized views and refresh', () => {
    expect(grantOf('unity-catalog/schema-silver/grants/grants', 'spark-developer')).toEqual(['CREATE_TABLE', 'MODIFY', 'SELECT', 'USE_SCHEMA']);
    expect(grantOf('unity-catalog/schema-bronze/grants/grants', 'data-connector-specialist')).toEqual([
      'CREATE_MATERIALIZED_VIEW',
      'CREATE_TABLE',
      'MODIFY',
      'REFRESH',
      'SELECT',
      'USE_SCHEMA',
    ]);
  });

  it('gives USE_CATALOG and nothing else on the catalog to agents', () => {
    for (const entry of grants['unity-catalog/catalog/grants/grants'].grant as Data[]) {
      if (entry.principal.startsWith('$')) expect(entry.privileges).toEqual(['USE_CATALOG']);
    }
  });

  it('never grants ALL_PRIVILEGES and only privileges valid for the securable', () => {
    expect(dev.text).not.toContain('ALL_PRIVILEGES');
    for (const access of deriveAccess(model)) {
      for (const entry of access.grants)
        for (const privilege of entry.privileges) expect(VALID_PRIVILEGES[access.securable.type].has(privilege)).toBe(true);
    }
  });

  it('leaves agents without access out entirely', () => {
    expect(grantOf('unity-catalog/schema-gold/grants/grants', 'spark-developer')).toBeUndefined();
    expect(grantOf('unity-catalog/catalog/grants/grants', 'workspace-admin')).toBeUndefined();
  });

  it('emits no grants resource for a securable nobody needs a grant on', () => {
    const lean = synth(
      modelFrom((d) => {
        d.catalog.ownership = 'deployer';
        d.tables[7].readers = [];
        // Alerts read their tables through table grants: a table nobody reads has no gates either.
        for (const table of d.tables) delete table.gates;
        d.schemas[0].volumes = [];
      }),
      'dev',
    );
    expect(Object.keys(lean.byPath('databricks_grants')).filter((p) => p.includes('table-'))).toEqual([]);
  });

  it('changing one reader changes only that grants resource: every address stays', () => {
    const changed = synth(
      modelFrom((d) => d.schemas[2].readers.push('spark-developer')),
      'dev',
    );
    const addresses = (json: Data) =>
      Object.entries(json.resource)
        .flatMap(([type, block]) => Object.keys(block as object).map((id) => `${type}.${id}`))
        .sort();
    expect(addresses(changed.json)).toEqual(addresses(dev.json));
    const differing = Object.entries(changed.json.resource).flatMap(([type, block]) =>
      Object.entries(block as Record<string, Data>)
        .filter(([id, value]) => JSON.stringify(value) !== JSON.stringify(dev.json.resource[type][id]))
        .map(([id]) => `${type}.${id}`),
    );
    // The deployed CONTRACT.md changes with it: its access matrix shows the new reader.
    expect(differing.sort()).toEqual([
      expect.stringMatching(/^databricks_grants\.unity-catalog_schema-gold_grants/),
      expect.stringMatching(/^databricks_workspace_file\.contract/),
    ]);
  });
});

describe('Delta tables', () => {
  const tables = dev.byPath('databricks_sql_table');

  it('declares only the tables no pipeline creates', () => {
    expect(Object.keys(tables).sort()).toEqual([
      'unity-catalog/table-bronze-raw_events/table',
      'unity-catalog/table-features-customer_features/table',
      'unity-catalog/table-gold-customer_lifetime_value/table',
      'unity-catalog/table-silver-sessions/table',
    ]);
  });

  it.each(Object.keys(tables))('%s runs on the stack warehouse with CDF on and no DELTA format', (path) => {
    const table = tables[path];
    expect(table.warehouse_id).toMatch(/^\$\{databricks_sql_endpoint\.compute_warehouse-analytics-warehouse_[0-9A-F]+\.id\}$/);
    expect(table.properties).toEqual({ 'delta.enableChangeDataFeed': 'true' });
    expect(table.table_type).toBe('MANAGED');
    expect(table.data_source_format).toBeUndefined();
  });

  it('carries the bronze metadata and silver audit columns', () => {
    const names = (path: string) => (tables[path].column as Data[]).map((c) => c.name);
    expect(names('unity-catalog/table-bronze-raw_events/table')).toEqual(expect.arrayContaining(['_ingested_at', '_source_file', '_raw_data']));
    expect(names('unity-catalog/table-silver-sessions/table')).toEqual(expect.arrayContaining(['_bronze_id', '_processed_at', '_is_valid']));
  });

  it('makes feature keys NOT NULL', () => {
    const columns = tables['unity-catalog/table-features-customer_features/table'].column as Data[];
    expect(columns.filter((c) => c.nullable === false).map((c) => c.name)).toEqual(['customer_id', 'feature_timestamp']);
  });
});

describe('registered models and folders', () => {
  it('registers the model in the models schema, owned by its owner agent, EXECUTE for its consumers', () => {
    const registered = dev.byPath('databricks_registered_model')['unity-catalog/model-models-churn_predictor/model'];
    expect(registered).toMatchObject({ name: 'churn_predictor', owner: ref('mlflow-engineer') });
    expect(grantOf('unity-catalog/model-models-churn_predictor/grants/grants', 'sql-analyst')).toEqual(['EXECUTE']);
  });

  it('creates a folder per directory-rooted pattern with OWNS as CAN_MANAGE and READS as CAN_READ', () => {
    const directories = dev.byPath('databricks_directory');
    expect(directories['workspace/root/dir-pipelines/dir-bronze/directory'].path).toMatch(
      /^\$\{databricks_directory\.workspace_root_dir-pipelines_directory_[0-9A-F]+\.path\}\/bronze$/,
    );
    expect(Object.keys(directories).filter((path) => path.includes('claude'))).toEqual([]);
    const permissions = dev.byPath('databricks_permissions')['workspace/root/dir-pipelines/dir-bronze/permissions'];
    expect(permissions.access_control).toEqual([
      { permission_level: 'CAN_MANAGE', service_principal_name: ref('data-connector-specialist') },
      { permission_level: 'CAN_READ', service_principal_name: ref('delta-lake-engineer') },
      { permission_level: 'CAN_READ', service_principal_name: ref('etl-pipeline-architect') },
    ]);
  });
});

describe('protection', () => {
  const stateful = ['databricks_catalog', 'databricks_schema', 'databricks_sql_table', 'databricks_registered_model', 'databricks_pipeline'];

  it.each(stateful)('prod protects every %s from destroy', (type) => {
    const resources = Object.values(prod.byPath(type));
    expect(resources.length).toBeGreaterThan(0);
    for (const resource of resources) expect(resource.lifecycle).toEqual({ prevent_destroy: true });
  });

  it.each(stateful)('dev leaves %s destroyable', (type) => {
    for (const resource of Object.values(dev.byPath(type))) expect(resource.lifecycle).toBeUndefined();
  });

  it('never sets force_destroy', () => {
    expect(prod.text).not.toContain('force_destroy');
    expect(dev.text).not.toContain('force_destroy');
  });
});
