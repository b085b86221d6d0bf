// Intent of the key resources, asserted with cdktf's jest matchers (toHaveResourceWithProperties, set up in
// setup.ts): what the reference model must produce in the synthesized JSON (snake_case keys), property by property.
import { Catalog } from '@cdktf/provider-databricks/lib/catalog';
import { ClusterPolicy } from '@cdktf/provider-databricks/lib/cluster-policy';
import { Grants } from '@cdktf/provider-databricks/lib/grants';
import { Job } from '@cdktf/provider-databricks/lib/job';
import { Permissions } from '@cdktf/provider-databricks/lib/permissions';
import { Pipeline } from '@cdktf/provider-databricks/lib/pipeline';
import { DatabricksProvider } from '@cdktf/provider-databricks/lib/provider';
import { Schema } from '@cdktf/provider-databricks/lib/schema';
import { ServicePrincipal } from '@cdktf/provider-databricks/lib/service-principal';
import { SqlEndpoint } from '@cdktf/provider-databricks/lib/sql-endpoint';
import { SqlTable } from '@cdktf/provider-databricks/lib/sql-table';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aspects } from 'cdktf';
import { buildApp, synthBuilt, synthWithContracts } from '../src/app';
import { renderContract } from '../src/contract/render';
import { ownershipOf } from '../src/ownership/ownership';
import { modelFrom, synth, teamOf } from './helpers';

/** What the matchers take: a provider class, by its Terraform type (cdktf's TerraformConstructor, not exported publicly). */
interface TerraformConstructor {
  readonly tfResourceType: string;
}

// cdktf declares these matchers in a file of its package internals; its public API only registers them.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // Type parameters as @types/jest declares them, which merged declarations must repeat.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars
    interface Matchers<R, T = {}> {
      toHaveResourceWithProperties(resource: TerraformConstructor, properties: Record<string, unknown>): R;
      toHaveDataSourceWithProperties(dataSource: TerraformConstructor, properties: Record<string, unknown>): R;
      toHaveProviderWithProperties(provider: TerraformConstructor, properties: Record<string, unknown>): R;
    }
  }
}

const model = modelFrom();
const dev = synth(model, 'dev');
const prod = synth(model, 'prod');
const ref = (address: string, attribute: string) => `\${${address}.${attribute}}`;
const DEPLOYER = '9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

describe('the catalog', () => {
  it("is the environment's catalog, owned by its owner agent's application id and isolated to its workspace", () => {
    // UC ownership takes a service principal's application_id, never its display name (DATABRICKS.md "Principals").
    // ISOLATED binds the catalog to the creating workspace (DATABRICKS.md "Identity, isolation").
    expect(dev.text).toHaveResourceWithProperties(Catalog, {
      name: 'lakehouse_dev',
      owner: dev.principalOf('unity-catalog-admin'),
      isolation_mode: 'ISOLATED',
    });
    expect(prod.text).toHaveResourceWithProperties(Catalog, { name: 'lakehouse_prod', lifecycle: { prevent_destroy: true } });
  });

  it('never cascades a delete', () => {
    // force_destroy on a catalog deletes everything inside (DATABRICKS.md "What loses data or access").
    expect(dev.text).not.toHaveResourceWithProperties(Catalog, { force_destroy: expect.anything() });
  });
});

describe('schemas and their grants', () => {
  const goldSchema = dev.addressOf('unity-catalog/schema-gold/schema');

  it('owns gold by the sql-analyst and keeps it from destruction in prod only', () => {
    expect(dev.text).toHaveResourceWithProperties(Schema, {
      name: 'gold',
      owner: dev.principalOf('sql-analyst'),
      catalog_name: ref(dev.addressOf('unity-catalog/catalog/catalog'), 'name'),
    });
    expect(dev.text).not.toHaveResourceWithProperties(Schema, { lifecycle: { prevent_destroy: true } });
    expect(prod.text).toHaveResourceWithProperties(Schema, { name: 'gold', lifecycle: { prevent_destroy: true } });
  });

  it('grants readers of gold exactly USE_SCHEMA and SELECT, and the deployer MANAGE, in one authoritative resource', () => {
    // Read a schema: USE_SCHEMA + SELECT; a deployer holding MANAGE must list it or the apply revokes it (DATABRICKS.md "Grants").
    expect(dev.text).toHaveResourceWithProperties(Grants, {
      schema: ref(goldSchema, 'id'),
      grant: expect.arrayContaining([
        { principal: dev.principalOf('orchestrator'), privileges: ['SELECT', 'USE_SCHEMA'] },
        { principal: DEPLOYER, privileges: ['CREATE_TABLE', 'MANAGE', 'USE_SCHEMA'] },
      ]),
    });
  });

  it('never grants ALL_PRIVILEGES or to everyone', () => {
    // ALL_PRIVILEGES drifts permanently (provider #3450); 'users' defeats per-agent ownership (DATABRICKS.md "Grants").
    expect(dev.text).not.toHaveResourceWithProperties(Grants, {
      grant: expect.arrayContaining([expect.objectContaining({ privileges: expect.arrayContaining(['ALL_PRIVILEGES']) })]),
    });
    expect(dev.text).not.toHaveResourceWithProperties(Grants, { grant: expect.arrayContaining([expect.objectContaining({ principal: 'users' })]) });
  });
});

describe('tables', () => {
  it('runs DDL on the governed warehouse, with Change Data Feed on and no DELTA format on a managed table', () => {
    // Without warehouse_id the provider starts its own cluster; DELTA on a managed table means CREATE OR REPLACE;
    // properties compare as exact strings (DATABRICKS.md "Tables").
    expect(dev.text).toHaveResourceWithProperties(SqlTable, {
      name: 'raw_events',
      table_type: 'MANAGED',
      owner: dev.principalOf('data-connector-specialist'),
      warehouse_id: ref(dev.addressOf('compute/warehouse-analytics-warehouse/warehouse'), 'id'),
      properties: { 'delta.enableChangeDataFeed': 'true' },
    });
    expect(dev.text).not.toHaveResourceWithProperties(SqlTable, { data_source_format: expect.anything() });
  });
});

describe('compute', () => {
  it("stops the warehouse after the row's autoTerminateMinutes and says explicitly that it is serverless", () => {
    // auto_stop_mins defaults to 120 when unset; set enable_serverless_compute explicitly (DATABRICKS.md "Jobs and SQL warehouses").
    expect(dev.text).toHaveResourceWithProperties(SqlEndpoint, {
      name: 'lakehouse-agents-dev-analytics-warehouse',
      auto_stop_mins: 10,
      enable_serverless_compute: true,
      cluster_size: 'Small',
      max_num_clusters: 2,
    });
  });

  it('gives created identities no cluster or pool creation of their own', () => {
    // Cluster creation through a policy needs only CAN_USE on it (DATABRICKS.md "Identity, isolation").
    expect(dev.text).not.toHaveResourceWithProperties(ServicePrincipal, { allow_cluster_create: true });
    expect(dev.text).not.toHaveResourceWithProperties(ServicePrincipal, { allow_instance_pool_create: true });
  });

  it('runs the runtime guard as its own service principal, one run at a time', () => {
    // A job without run_as runs as its owner, the deploying identity (DATABRICKS.md "Serverless compute and the runtime guard").
    expect(dev.text).toHaveResourceWithProperties(Job, {
      name: 'lakehouse-agents-dev-runtime-guard',
      run_as: { service_principal_name: ref(dev.addressOf('compute/runtime-guard/identity'), 'application_id') },
      max_concurrent_runs: 1,
    });
  });
});

describe('pipelines', () => {
  const runAs = (env: typeof dev) => ({ service_principal_name: env.principalOf('etl-pipeline-architect') });

  it("publishes to Unity Catalog as its owner's service principal, in development mode outside production only", () => {
    // catalog + schema, never the legacy target; development defaults to false (DATABRICKS.md "Pipelines").
    expect(dev.text).toHaveResourceWithProperties(Pipeline, {
      name: 'lakehouse-agents-dev-silver-clean',
      catalog: ref(dev.addressOf('unity-catalog/catalog/catalog'), 'name'),
      schema: ref(dev.addressOf('unity-catalog/schema-silver/schema'), 'name'),
      development: true,
      run_as: runAs(dev),
    });
    expect(prod.text).toHaveResourceWithProperties(Pipeline, {
      name: 'lakehouse-agents-prod-silver-clean',
      development: false,
      run_as: runAs(prod),
      lifecycle: { prevent_destroy: true },
    });
    expect(dev.text).not.toHaveResourceWithProperties(Pipeline, { target: expect.anything() });
  });

  it('makes the run-as identity its only IS_OWNER, and lets its runners run it', () => {
    // Without an IS_OWNER entry the applying identity becomes the owner and the run_as is undone (DATABRICKS.md "Pipelines").
    expect(dev.text).toHaveResourceWithProperties(Permissions, {
      pipeline_id: ref(dev.addressOf('pipeline-silver-clean/pipeline'), 'id'),
      access_control: expect.arrayContaining([
        { permission_level: 'IS_OWNER', service_principal_name: dev.principalOf('etl-pipeline-architect') },
        { permission_level: 'CAN_RUN', service_principal_name: dev.principalOf('troubleshooter') },
      ]),
    });
  });
});

describe('the provider', () => {
  it("points at the environment's workspace and carries no credential", () => {
    // The provider reads DATABRICKS_TOKEN or DATABRICKS_CLIENT_ID/SECRET from the environment at plan time
    // (Databricks docs, "Unified client authentication").
    expect(dev.text).toHaveProviderWithProperties(DatabricksProvider, { host: 'https://adb-1234567890123456.7.azuredatabricks.net' });
    expect(dev.text).not.toHaveProviderWithProperties(DatabricksProvider, { token: expect.anything() });
    expect(dev.text).not.toHaveProviderWithProperties(DatabricksProvider, { client_secret: expect.anything() });
  });
});

describe('GPU policies', () => {
  // GPU policies allowlist GPU node types and restrict spark_version to GPU ML runtimes (DATABRICKS.md "Cluster policies").
  it.each([
    ['Azure', 'https://adb-1234567890123456.7.azuredatabricks.net', 'Standard_NC4as_T4_v3'],
    ['AWS', 'https://dbc-a1b2c3d4-e5f6.cloud.databricks.com', 'g4dn.xlarge'],
    ['GCP', 'https://1234567890123456.7.gcp.databricks.com', 'g2-standard-4'],
  ])("allow the GPU node types of the workspace's cloud (%s) when the row names none", (_cloud, workspaceUrl, nodeType) => {
    const text = synth(
      modelFrom((d) => (d.environments.dev.workspaceUrl = workspaceUrl)),
      'dev',
    ).text;
    expect(text).toHaveResourceWithProperties(ClusterPolicy, {
      name: expect.stringContaining('ml-training-gpu'),
      definition: expect.stringContaining(`"node_type_id":{"type":"allowlist","values":["${nodeType}",`),
    });
    expect(text).toHaveResourceWithProperties(ClusterPolicy, {
      name: expect.stringContaining('ml-training-gpu'),
      definition: expect.stringMatching(/"spark_version":\{"type":"regex","pattern":"[^"]*x-gpu-ml-scala2[^"]*"\}/),
    });
  });
});

describe('a pipeline owned by an existing service principal', () => {
  const owned = synth(
    modelFrom((d) => {
      d.pipelines[2].owner = 'security-engineer';
      d.schemas[2].writers = ['security-engineer'];
      d.tables[6].owner = 'security-engineer';
      // Its gold table's alerts tell the owner's contact.
      d.agents.domain[10].contact = 'security@example.com';
      // The pipeline's sources run as its owner, so only its owner may own the folder they live in.
      d.fileOwnership[10].access = { 'security-engineer': 'OWNS', 'sql-analyst': 'READS', 'etl-pipeline-architect': 'READS' };
    }),
    'dev',
  );

  it('runs as its looked-up application id, and the stack writes no rule set on it', () => {
    expect(owned.text).toHaveResourceWithProperties(Pipeline, {
      name: 'lakehouse-agents-dev-gold-aggregates',
      run_as: { service_principal_name: owned.principalOf('security-engineer') },
    });
    // A rule set is authoritative: it replaces every rule on the principal, so one on an identity managed elsewhere
    // would wipe its owners' roles (DATABRICKS.md "Identity, isolation and the guard's rights").
    expect(Object.keys(owned.byPath('databricks_access_control_rule_set')).filter((path) => path.includes('security-engineer'))).toEqual([]);
    expect(owned.byPath('databricks_pipeline')['pipeline-gold-aggregates/pipeline'].depends_on).toEqual([
      owned.addressOf('unity-catalog/schema-gold/grants/grants'),
    ]);
  });
});

describe("the app's synth (what `npx cdktf synth` runs)", () => {
  it("writes each environment's plan and CONTRACT.md, and the file-ownership matrix the edit hook reads", () => {
    const outdir = mkdtempSync(join(tmpdir(), 'agent-contract-synth-'));
    const model = modelFrom();
    synthWithContracts(model, { outdir });
    for (const env of ['dev', 'prod']) {
      expect(JSON.parse(readFileSync(join(outdir, 'stacks', env, 'cdk.tf.json'), 'utf8'))).toHaveProperty('resource.databricks_catalog');
      expect(readFileSync(join(outdir, 'stacks', env, 'CONTRACT.md'), 'utf8')).toBe(
        renderContract(teamOf(model, env), { sourceDateEpoch: process.env.SOURCE_DATE_EPOCH }),
      );
    }
    // The file's header also repeats the patterns the hook reads always (ownership-file.ts); the matrix is the same.
    const { readAlways, patternBytes, ...matrix } = JSON.parse(readFileSync(join(outdir, 'ownership.json'), 'utf8'));
    expect(patternBytes).toBeGreaterThan(0);
    expect(matrix).toEqual(JSON.parse(JSON.stringify(ownershipOf(model))));
    expect(readAlways).toEqual(matrix.patterns.filter((entry: { pattern: string }) => entry.pattern === '*.md'));
  });

  it('rethrows a failure that is not a guardrail as it is, leaving no stack output behind', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'agent-contract-synth-'));
    const built = buildApp(modelFrom(), { outdir });
    Aspects.of(built.stacks[1]).add({
      visit: () => {
        throw new RangeError('an Aspect of your own failed');
      },
    });
    expect(() => synthBuilt(built)).toThrow(new RangeError('an Aspect of your own failed'));
    expect(existsSync(join(outdir, 'stacks', 'dev'))).toBe(false);
    expect(existsSync(join(outdir, 'stacks', 'prod'))).toBe(false);
  });
});
