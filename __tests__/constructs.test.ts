// Every exported construct alone on a bare TerraformStack (just the Databricks and time providers): what it declares and the
// properties that make it safe, read from the synthesized JSON by the construct's own L1 resources.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, AzurermBackend, Testing, TerraformDataSource, TerraformStack, type TerraformResource } from 'cdktf';
import type { GroupMember } from '@cdktf/provider-databricks/lib/group-member';
import { DatabricksProvider } from '@cdktf/provider-databricks/lib/provider';
import { TimeProvider } from '@cdktf/provider-time/lib/provider';
import { resolveEnvironment, type TeamEnvironment } from '../src/access/team-environment';
import { AccessGrants } from '../src/constructs/access-grants';
import { AgentCompute } from '../src/constructs/agent-compute';
import { AgentIdentities } from '../src/constructs/agent-identities';
import { AgentTeam, type AgentTeamProps } from '../src/constructs/agent-team';
import { writeContracts } from '../src/app';
import { BudgetPolicyRoles } from '../src/constructs/budget-policy-roles';
import { DeltaTable } from '../src/constructs/delta-table';
import { GovernedClusterPolicy } from '../src/constructs/governed-cluster-policy';
import { GovernedJob } from '../src/constructs/governed-job';
import { GovernedPipeline } from '../src/constructs/governed-pipeline';
import { GovernedSqlWarehouse } from '../src/constructs/governed-sql-warehouse';
import { PersonalCompute } from '../src/constructs/personal-compute';
import type { PolicyContext } from '../src/constructs/policy-definition';
import type { Principal } from '../src/constructs/principal';
import { RegisteredMlModel } from '../src/constructs/registered-ml-model';
import { RunAsRole } from '../src/constructs/run-as-role';
import { RuntimeGuard } from '../src/constructs/runtime-guard';
import { UcCatalog } from '../src/constructs/uc-catalog';
import { UcSchema } from '../src/constructs/uc-schema';
import { UnityCatalogOwnership } from '../src/constructs/unity-catalog-ownership';
import { WorkspaceFolder } from '../src/constructs/workspace-folder';
import { WorkspaceTree } from '../src/constructs/workspace-tree';
import type { ComputeAccess } from '../src/access/compute';
import { allAgents } from '../src/model/types';
import { resolveToken } from '../src/rules/resolve-token';
import { modelFrom, type Data } from './helpers';

const HOST = 'https://adb-1234567890123456.7.azuredatabricks.net';
const ACCOUNT = '0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6';
const DEPLOYER_ACL = 'servicePrincipals/9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const SP: Principal = { kind: 'service-principal', name: '11111111-2222-4333-8444-555555555555' };
const GROUP: Principal = { kind: 'group', name: 'lakehouse-platform-admins' };
const GUARD_SCRIPT = 'print("sweep")\n';

const model = modelFrom();
const dev: TeamEnvironment = resolveEnvironment(model, 'dev');
const computeRow = (name: string): ComputeAccess => dev.terraform.compute.find((row) => row.name === name) as ComputeAccess;
const context: PolicyContext = { project: 'lakehouse-agents', environment: 'dev', ownerTag: 'owner_agent', cloud: 'azure' };

/** A stack holding nothing but the Databricks provider (and hashicorp/time, which the agents' secrets rotate with). */
function bareStack(name = 'bare'): TerraformStack {
  const stack = new TerraformStack(Testing.app(), name);
  new DatabricksProvider(stack, 'databricks', { host: HOST });
  new TimeProvider(stack, 'time', {});
  return stack;
}

/** The stack's synthesized JSON and look-ups of one L1 element's config, and of a reference to it, by the element. */
function synthOf(stack: TerraformStack, runValidations = false) {
  const json = JSON.parse(Testing.synth(stack, runValidations)) as {
    resource: Record<string, Record<string, Data>>;
    data?: Record<string, Record<string, Data>>;
  };
  const isData = (element: TerraformResource | TerraformDataSource) => element instanceof TerraformDataSource;
  return {
    json,
    /** Every resource of `type`, in the order the JSON holds them. */
    all: (type: string): Data[] => Object.values(json.resource?.[type] ?? {}),
    configOf: (element: TerraformResource | TerraformDataSource): Data =>
      (isData(element) ? json.data : json.resource)?.[element.terraformResourceType]?.[element.friendlyUniqueId],
    ref: (element: TerraformResource | TerraformDataSource, attribute: string) =>
      `\${${isData(element) ? 'data.' : ''}${element.terraformResourceType}.${element.friendlyUniqueId}.${attribute}}`,
  };
}

/** A token resolved the way the synthesized JSON writes it. */
const resolved = (stack: TerraformStack, value: string): string => resolveToken(stack, value) as string;

describe('UcCatalog', () => {
  const declare = (protect: boolean, grants = [{ principal: SP.name, privileges: ['USE_CATALOG', 'USE_SCHEMA'] }]) => {
    const stack = bareStack();
    const catalog = new UcCatalog(stack, 'catalog', {
      name: 'lakehouse_dev',
      comment: 'The lakehouse',
      owner: 'owner-app-id',
      grants,
      protect,
      properties: { managed_by: 'databricks-agent-contract' },
      bindings: [{ workspaceId: 1234567890123456, access: 'read-only' }],
    });
    return { stack, catalog, out: synthOf(stack) };
  };

  it('is owned by its owner, isolated to its workspace, protected from destroy and never force_destroy', () => {
    const { catalog, out } = declare(true);
    expect(out.configOf(catalog.catalog)).toEqual({
      name: 'lakehouse_dev',
      comment: 'The lakehouse',
      owner: 'owner-app-id',
      properties: { managed_by: 'databricks-agent-contract' },
      // ISOLATED binds the creating workspace automatically (docs/resources/catalog.md, isolation_mode).
      isolation_mode: 'ISOLATED',
      lifecycle: { prevent_destroy: true },
    });
    // force_destroy deletes the catalog regardless of its contents (docs/resources/catalog.md): never set.
    expect(out.configOf(catalog.catalog).force_destroy).toBeUndefined();
  });

  it('leaves prevent_destroy off when not protected', () => {
    const { catalog, out } = declare(false);
    expect(out.configOf(catalog.catalog).lifecycle).toBeUndefined();
  });

  it('grants exactly the privileges given, on the catalog by its name', () => {
    const { catalog, out } = declare(false);
    expect(out.all('databricks_grants')).toEqual([
      { catalog: out.ref(catalog.catalog, 'name'), grant: [{ principal: SP.name, privileges: ['USE_CATALOG', 'USE_SCHEMA'] }] },
    ]);
  });

  it('declares no grants resource when nobody needs a grant', () => {
    const { catalog, out } = declare(false, []);
    expect(catalog.grants).toBeUndefined();
    expect(out.json.resource.databricks_grants).toBeUndefined();
  });

  it('binds only the other workspaces listed, read-only as asked', () => {
    const { catalog, out } = declare(false);
    // binding_type: BINDING_TYPE_READ_ONLY or BINDING_TYPE_READ_WRITE (docs/resources/workspace_binding.md).
    expect(out.all('databricks_workspace_binding')).toEqual([
      {
        securable_name: out.ref(catalog.catalog, 'name'),
        securable_type: 'catalog',
        workspace_id: 1234567890123456,
        binding_type: 'BINDING_TYPE_READ_ONLY',
      },
    ]);
  });
});

describe('UcSchema', () => {
  it('lives in its catalog, owned by its owner, protected, with grants on `<catalog>.<schema>`', () => {
    const stack = bareStack();
    const schema = new UcSchema(stack, 'schema', {
      catalogName: 'lakehouse_dev',
      name: 'bronze',
      comment: 'Raw data',
      owner: 'owner-app-id',
      protect: true,
      grants: [{ principal: SP.name, privileges: ['SELECT', 'USE_SCHEMA'] }],
    });
    const out = synthOf(stack);
    expect(out.configOf(schema.schema)).toEqual({
      catalog_name: 'lakehouse_dev',
      name: 'bronze',
      comment: 'Raw data',
      owner: 'owner-app-id',
      lifecycle: { prevent_destroy: true },
    });
    // force_destroy would delete the schema regardless of its contents (docs/resources/schema.md): never set.
    expect(out.configOf(schema.schema).force_destroy).toBeUndefined();
    // databricks_grants takes a schema as `databricks_schema.<name>.id` (docs/resources/grants.md, schema grants).
    expect(out.all('databricks_grants')).toEqual([
      { schema: out.ref(schema.schema, 'id'), grant: [{ principal: SP.name, privileges: ['SELECT', 'USE_SCHEMA'] }] },
    ]);
  });

  it('waits for what it is told to depend on', () => {
    const stack = bareStack();
    const catalog = new UcCatalog(stack, 'catalog', { name: 'c', comment: 'c', grants: [{ principal: 'deployer', privileges: ['USE_CATALOG'] }] });
    const schema = new UcSchema(stack, 'schema', { catalogName: catalog.catalog.name, name: 's', dependsOn: [catalog.grants!.resource] });
    const out = synthOf(stack);
    expect(out.configOf(schema.schema)).toMatchObject({
      catalog_name: out.ref(catalog.catalog, 'name'),
      depends_on: [`${catalog.grants!.resource.terraformResourceType}.${catalog.grants!.resource.friendlyUniqueId}`],
    });
    expect(out.configOf(schema.schema).lifecycle).toBeUndefined();
  });
});

describe('DeltaTable', () => {
  it('is a managed table with Change Data Feed on, created by the given warehouse, required keys NOT NULL', () => {
    const stack = bareStack();
    const table = new DeltaTable(stack, 'table', {
      catalogName: 'lakehouse_dev',
      schemaName: 'features',
      name: 'customer_features',
      columns: [
        { name: 'customer_id', type: 'STRING', nullable: true },
        { name: 'score', type: 'DOUBLE', nullable: true, comment: 'A score' },
      ],
      requiredColumns: ['customer_id'],
      warehouseId: 'warehouse-1',
      owner: 'owner-app-id',
      protect: true,
      grants: [{ principal: SP.name, privileges: ['SELECT'] }],
    });
    const out = synthOf(stack);
    const config = out.configOf(table.table);
    expect(config).toMatchObject({
      catalog_name: 'lakehouse_dev',
      schema_name: 'features',
      name: 'customer_features',
      table_type: 'MANAGED',
      owner: 'owner-app-id',
      // Without warehouse_id or cluster_id the provider creates a cluster to run the DDL (docs/resources/sql_table.md, cluster_id).
      warehouse_id: 'warehouse-1',
      // Properties are a map[string]string compared with reflect.DeepEqual (catalog/resource_sql_table.go): lowercase "true".
      properties: { 'delta.enableChangeDataFeed': 'true' },
      lifecycle: { prevent_destroy: true },
    });
    expect(config.column).toEqual([
      { name: 'customer_id', type: 'STRING', nullable: false },
      { name: 'score', type: 'DOUBLE', nullable: true, comment: 'A score' },
    ]);
    // DELTA on a MANAGED table makes creation run CREATE OR REPLACE (catalog/resource_sql_table.go, buildTableCreateStatement).
    expect(config.data_source_format).toBeUndefined();
    expect(out.all('databricks_grants')).toEqual([{ table: out.ref(table.table, 'id'), grant: [{ principal: SP.name, privileges: ['SELECT'] }] }]);
  });
});

describe('RegisteredMlModel', () => {
  it('is owned by its owner agent, protected, with EXECUTE on the model by its full name', () => {
    const stack = bareStack();
    const registered = new RegisteredMlModel(stack, 'model', {
      catalogName: 'lakehouse_dev',
      schemaName: 'models',
      name: 'churn_predictor',
      owner: 'owner-app-id',
      protect: true,
      grants: [{ principal: SP.name, privileges: ['EXECUTE'] }],
    });
    const out = synthOf(stack);
    // The owner takes a principal name (docs/resources/registered_model.md, owner); the grant on the model's full name.
    expect(out.configOf(registered.model)).toEqual({
      catalog_name: 'lakehouse_dev',
      schema_name: 'models',
      name: 'churn_predictor',
      owner: 'owner-app-id',
      lifecycle: { prevent_destroy: true },
    });
    expect(out.all('databricks_grants')).toEqual([
      { model: out.ref(registered.model, 'id'), grant: [{ principal: SP.name, privileges: ['EXECUTE'] }] },
    ]);
  });
});

describe('AccessGrants', () => {
  it('declares one authoritative grants resource with exactly the privileges of each principal', () => {
    const stack = bareStack();
    const grants = AccessGrants.declare(stack, 'grants', {
      target: { volume: 'lakehouse_dev.bronze.landing' },
      entries: [
        { principal: SP.name, privileges: ['READ_VOLUME', 'WRITE_VOLUME'] },
        { principal: GROUP.name, privileges: ['READ_VOLUME'] },
      ],
    });
    const out = synthOf(stack);
    // databricks_grants is authoritative: every grant not listed is revoked (docs/resources/grants.md).
    expect(out.configOf(grants!.resource)).toEqual({
      volume: 'lakehouse_dev.bronze.landing',
      grant: [
        { principal: SP.name, privileges: ['READ_VOLUME', 'WRITE_VOLUME'] },
        { principal: GROUP.name, privileges: ['READ_VOLUME'] },
      ],
    });
    expect(out.json.resource.databricks_grant).toBeUndefined();
  });

  it('declares nothing, not even a construct, when there are no entries', () => {
    const stack = bareStack();
    // A databricks_grants needs one or more grant blocks (docs/resources/grants.md).
    expect(AccessGrants.declare(stack, 'grants', { target: { catalog: 'c' }, entries: [] })).toBeUndefined();
    expect(stack.node.tryFindChild('grants')).toBeUndefined();
    expect(synthOf(stack).json.resource).toBeUndefined();
  });

  it('refuses ALL_PRIVILEGES on its own, outside any AgentTeam', () => {
    const stack = bareStack();
    expect(() =>
      AccessGrants.declare(stack, 'grants', {
        target: { schema: 'c.s' },
        entries: [{ principal: GROUP.name, privileges: ['USE_SCHEMA', 'ALL_PRIVILEGES'] }],
      }),
    ).toThrow(`ALL_PRIVILEGES for ${GROUP.name} is refused`);
  });
});

describe('GovernedClusterPolicy', () => {
  const declare = (row: string, agent: string, principal: Principal) => {
    const stack = bareStack();
    const policy = new GovernedClusterPolicy(stack, 'policy', { compute: computeRow(row), agent, principal, context });
    const out = synthOf(stack);
    return { policy, out, definition: JSON.parse(out.configOf(policy.policy).definition) as Record<string, Data> };
  };

  it("fixes auto-termination, the agent's tags and a dedicated access mode, and caps workers and DBUs", () => {
    const { definition } = declare('spark-interactive', 'troubleshooter', SP);
    // Policy definition language: fixed / range / allowlist rules on cluster attributes (docs/resources/cluster_policy.md).
    expect(definition).toEqual({
      cluster_type: { type: 'fixed', value: 'all-purpose' },
      data_security_mode: { type: 'fixed', value: 'SINGLE_USER' },
      single_user_name: { type: 'fixed', value: SP.name },
      autotermination_minutes: { type: 'fixed', value: 60, hidden: true },
      dbus_per_hour: { type: 'range', maxValue: 20 },
      num_workers: { type: 'range', maxValue: 8 },
      'autoscale.max_workers': { type: 'range', maxValue: 8 },
      'custom_tags.owner_agent': { type: 'fixed', value: 'troubleshooter' },
      'custom_tags.compute': { type: 'fixed', value: 'spark-interactive' },
      'custom_tags.project': { type: 'fixed', value: 'lakehouse-agents' },
      'custom_tags.environment': { type: 'fixed', value: 'dev' },
    });
  });

  it('is named per row and agent, limits clusters per user and gives CAN_USE to that agent alone', () => {
    const { policy, out } = declare('spark-interactive', 'troubleshooter', SP);
    expect(out.configOf(policy.policy)).toMatchObject({
      name: 'lakehouse-agents-dev-spark-interactive.troubleshooter',
      // A resource argument, not part of the definition (docs/resources/cluster_policy.md, max_clusters_per_user).
      max_clusters_per_user: 1,
    });
    // CAN_USE is the permission level of a cluster policy (docs/resources/permissions.md, cluster_policy_id).
    expect(out.all('databricks_permissions')).toEqual([
      { cluster_policy_id: out.ref(policy.policy, 'id'), access_control: [{ service_principal_name: SP.name, permission_level: 'CAN_USE' }] },
    ]);
  });

  it('gives a group USER_ISOLATION, and a job row no auto-termination (job clusters end with their run)', () => {
    const { definition, out } = declare('test-jobs', 'qa-engineer', GROUP);
    expect(definition).toMatchObject({
      cluster_type: { type: 'fixed', value: 'job' },
      data_security_mode: { type: 'fixed', value: 'USER_ISOLATION' },
    });
    expect(definition.single_user_name).toBeUndefined();
    expect(definition.autotermination_minutes).toBeUndefined();
    expect(out.all('databricks_permissions')[0].access_control).toEqual([{ group_name: GROUP.name, permission_level: 'CAN_USE' }]);
  });

  it('refuses a sql-warehouse row, which has no cluster policy', () => {
    expect(() => declare('analytics-warehouse', 'sql-analyst', SP)).toThrow("internal: sql-warehouse 'analytics-warehouse' has no cluster policy");
  });
});

describe('GovernedSqlWarehouse', () => {
  it("stops after the row's idle minutes, is serverless as the row says, and is usable by its agents only", () => {
    const stack = bareStack();
    const warehouse = new GovernedSqlWarehouse(stack, 'warehouse', {
      compute: computeRow('analytics-warehouse'),
      context,
      users: [SP],
      manager: GROUP,
    });
    const out = synthOf(stack);
    expect(out.configOf(warehouse.endpoint)).toEqual({
      name: 'lakehouse-agents-dev-analytics-warehouse',
      cluster_size: 'Small',
      // 0 disables auto stop; the default is 120 (docs/resources/sql_endpoint.md, auto_stop_mins).
      auto_stop_mins: 10,
      enable_serverless_compute: true,
      // PRO is required for serverless SQL warehouses (docs/resources/sql_endpoint.md, warehouse_type).
      warehouse_type: 'PRO',
      min_num_clusters: 1,
      max_num_clusters: 2,
      tags: {
        custom_tags: [
          { key: 'owner_agent', value: 'sql-analyst' },
          { key: 'compute', value: 'analytics-warehouse' },
          { key: 'project', value: 'lakehouse-agents' },
          { key: 'environment', value: 'dev' },
        ],
      },
    });
    // CAN_USE and CAN_MANAGE are among the five SQL warehouse levels (docs/resources/permissions.md, SQL warehouses).
    expect(out.all('databricks_permissions')).toEqual([
      {
        sql_endpoint_id: out.ref(warehouse.endpoint, 'id'),
        access_control: [
          { service_principal_name: SP.name, permission_level: 'CAN_USE' },
          { group_name: GROUP.name, permission_level: 'CAN_MANAGE' },
        ],
      },
    ]);
  });
});

describe('GovernedPipeline', () => {
  const pipelineOf = (name: string) => model.pipelines.find((pipeline) => pipeline.name === name)!;
  const declare = (overrides: Partial<ConstructorParameters<typeof GovernedPipeline>[2]> = {}) => {
    const stack = bareStack();
    const pipeline = new GovernedPipeline(stack, 'pipeline', {
      pipeline: pipelineOf('silver-clean'),
      name: 'lakehouse-agents-dev-silver-clean',
      catalogName: 'lakehouse_dev',
      schemaName: 'silver',
      workspaceRoot: '/lakehouse-agents',
      development: true,
      runAs: SP,
      tags: { owner_agent: 'etl-pipeline-architect', compute: 'dlt-classic', project: 'lakehouse-agents', environment: 'dev' },
      ...overrides,
    });
    return { pipeline, out: synthOf(stack) };
  };

  it('publishes to Unity Catalog, runs as its owner in development mode, with its libraries below the root', () => {
    const { pipeline, out } = declare();
    const config = out.configOf(pipeline.pipeline);
    expect(config).toMatchObject({
      name: 'lakehouse-agents-dev-silver-clean',
      catalog: 'lakehouse_dev',
      schema: 'silver',
      serverless: true,
      // development defaults to false (docs/resources/pipeline.md): set from the environment.
      development: true,
      continuous: false,
      channel: 'CURRENT',
      run_as: { service_principal_name: SP.name },
      tags: { owner_agent: 'etl-pipeline-architect', compute: 'dlt-classic', project: 'lakehouse-agents', environment: 'dev' },
      library: [
        { notebook: { path: '/lakehouse-agents/pipelines/silver/clean_orders' } },
        { notebook: { path: '/lakehouse-agents/pipelines/silver/customers_scd2' } },
      ],
      notification: [{ email_recipients: ['data-platform@example.com'], alerts: ['on-update-failure', 'on-update-fatal-failure'] }],
    });
    // `target` conflicts with `schema` (docs/resources/pipeline.md); serverless declares no cluster.
    expect(config.target).toBeUndefined();
    expect(config.cluster).toBeUndefined();
    expect(config.lifecycle).toBeUndefined();
  });

  it('makes its run-as principal IS_OWNER when no ACL is given, so whoever applies does not become owner', () => {
    const { pipeline, out } = declare();
    // An ACL without IS_OWNER makes the applying identity owner (permissions/permission_definitions.go addOwnerPermissionIfNeeded).
    expect(out.all('databricks_permissions')).toEqual([
      { pipeline_id: out.ref(pipeline.pipeline, 'id'), access_control: [{ service_principal_name: SP.name, permission_level: 'IS_OWNER' }] },
    ]);
  });

  it("takes the whole ACL given, binds classic clusters to the owner's policy and protects when asked", () => {
    const { pipeline, out } = declare({
      pipeline: pipelineOf('ml-feature-refresh'),
      development: false,
      policyId: 'policy-1',
      maxWorkers: 6,
      protect: true,
      access: [
        { principal: SP, level: 'IS_OWNER' },
        { principal: GROUP, level: 'CAN_RUN' },
      ],
    });
    expect(out.configOf(pipeline.pipeline)).toMatchObject({
      development: false,
      serverless: false,
      cluster: [
        {
          label: 'default',
          policy_id: 'policy-1',
          apply_policy_default_values: true,
          autoscale: { min_workers: 1, max_workers: 6, mode: 'ENHANCED' },
        },
      ],
      lifecycle: { prevent_destroy: true },
    });
    expect(out.all('databricks_permissions')[0].access_control).toEqual([
      { service_principal_name: SP.name, permission_level: 'IS_OWNER' },
      { group_name: GROUP.name, permission_level: 'CAN_RUN' },
    ]);
  });
});

/** The agents' identities and compute of the dev environment, declared directly on a bare stack. */
function identitiesAndCompute(stack: TerraformStack, guardScript: string | undefined) {
  const identities = new AgentIdentities(stack, 'identities', { team: dev });
  const compute = new AgentCompute(stack, 'compute', { team: dev, identities, guardScript });
  return { identities, compute };
}

describe('GovernedJob', () => {
  const declare = (tasks: ConstructorParameters<typeof GovernedJob>[2]['tasks'], computeName = 'test-jobs') => {
    const stack = bareStack();
    const team = identitiesAndCompute(stack, GUARD_SCRIPT);
    const job = new GovernedJob(stack, 'nightly', {
      team,
      computeName,
      name: 'nightly',
      sparkVersion: '15.4.x-scala2.12',
      nodeTypeId: 'Standard_D4ds_v5',
      tasks,
    });
    return { stack, team, job, out: synthOf(stack) };
  };

  it("runs as the row owner, on the owner's policy, cut off at the row's maximum runtime", () => {
    const { stack, team, job, out } = declare([
      { key: 'run', notebookPath: '/jobs/run', parameters: ['day=2026-01-01'] },
      { key: 'check', pythonFile: '/jobs/check.py', timeoutSeconds: 600 },
      { key: 'long', pythonFile: '/jobs/long.py', timeoutSeconds: 99_999 },
    ]);
    const owner = resolved(stack, team.identities.principalOf('testing-agent').name);
    const config = out.configOf(job.job);
    expect(config).toMatchObject({
      name: 'nightly',
      // Without run_as a job runs as its owner, whoever deployed it (docs/resources/job.md, run_as).
      run_as: { service_principal_name: owner },
      // test-jobs allows 60 minutes; timeout_seconds applies to each run (docs/resources/job.md).
      timeout_seconds: 3600,
      tags: { owner_agent: 'testing-agent', compute: 'test-jobs', project: 'lakehouse-agents', environment: 'dev' },
      job_cluster: [
        {
          job_cluster_key: 'main',
          new_cluster: {
            policy_id: out.ref(team.compute.policyFor('test-jobs', 'testing-agent')!.policy, 'id'),
            apply_policy_default_values: true,
            num_workers: 1,
          },
        },
      ],
    });
    expect(config.task.map((task: Data) => [task.task_key, task.timeout_seconds])).toEqual([
      ['run', 3600],
      ['check', 600],
      ['long', 3600],
    ]);
    expect(config.task[0].notebook_task).toEqual({ notebook_path: '/jobs/run', base_parameters: { day: '2026-01-01' } });
    // Setting run_as needs servicePrincipal.user on the principal (Go SDK pipelines.RunAs doc; DATABRICKS.md "Pipelines").
    expect(config.depends_on).toEqual([expect.stringMatching(/^databricks_access_control_rule_set\./)]);
  });

  it('lets the owner own it and the row agents and the workspace admin run or manage it', () => {
    const { stack, team, job, out } = declare([{ key: 'run', notebookPath: '/jobs/run' }]);
    const principal = (agent: string) => resolved(stack, team.identities.principalOf(agent).name);
    // Job levels: CAN_VIEW, CAN_MANAGE_RUN, IS_OWNER, CAN_MANAGE (docs/resources/permissions.md, job_id).
    expect(out.all('databricks_permissions').find((p: Data) => p.job_id === out.ref(job.job, 'id')).access_control).toEqual([
      { service_principal_name: principal('qa-engineer'), permission_level: 'CAN_MANAGE_RUN' },
      { service_principal_name: principal('testing-agent'), permission_level: 'IS_OWNER' },
      { group_name: GROUP.name, permission_level: 'CAN_MANAGE' },
    ]);
  });

  it('refuses a row that is not a job row, and a task with both or neither of notebook and file', () => {
    expect(() => declare([{ key: 'run', notebookPath: '/n' }], 'spark-interactive')).toThrow(
      "bare/compute: 'spark-interactive' is not a job compute row of the model",
    );
    expect(() => declare([{ key: 'both', notebookPath: '/n', pythonFile: '/f.py' }])).toThrow(
      "bare/nightly: task 'both' needs exactly one of notebookPath and pythonFile",
    );
    expect(() => declare([{ key: 'neither' }])).toThrow("bare/nightly: task 'neither' needs exactly one of notebookPath and pythonFile");
  });
});

describe('RuntimeGuard', () => {
  const declare = (timeoutSeconds?: number) => {
    const stack = bareStack();
    const identities = new AgentIdentities(stack, 'identities', { team: dev });
    const guard = new RuntimeGuard(stack, 'guard', {
      folder: '/lakehouse-agents-guard',
      name: 'lakehouse-agents-dev-runtime-guard',
      script: GUARD_SCRIPT,
      principalName: 'lakehouse-agents-runtime-guard',
      host: HOST,
      limits: { 'spark-interactive': 240 },
      tag: 'compute',
      ownerTag: 'owner_agent',
      match: { project: 'lakehouse-agents', environment: 'dev' },
      identities,
      viewers: [GROUP],
      notify: ['platform-admins@example.com'],
      timeoutSeconds,
    });
    return { stack, guard, out: synthOf(stack) };
  };

  it('runs its shipped script every 15 minutes as its own principal, one run at a time, within its timeout', () => {
    const { guard, out } = declare();
    const config = out.configOf(guard.job);
    expect(config).toMatchObject({
      name: 'lakehouse-agents-dev-runtime-guard',
      max_concurrent_runs: 1,
      timeout_seconds: 600,
      // quartz_cron_expression is required in a schedule (docs/resources/job.md, schedule).
      schedule: { quartz_cron_expression: '0 0/15 * * * ?', timezone_id: 'UTC', pause_status: 'UNPAUSED' },
      run_as: { service_principal_name: out.ref(guard.identity, 'application_id') },
      email_notifications: { on_failure: ['platform-admins@example.com'] },
      tags: { project: 'lakehouse-agents', environment: 'dev', owner_agent: 'runtime-guard' },
    });
    expect(config.task).toHaveLength(1);
    expect(config.task[0]).toMatchObject({
      task_key: 'runtime-guard',
      timeout_seconds: 600,
      spark_python_task: { python_file: out.ref(guard.script, 'path'), source: 'WORKSPACE' },
    });
    expect(config.task[0].spark_python_task.parameters).toEqual([
      '--limits',
      '{"spark-interactive":240}',
      '--tag',
      'compute',
      '--host',
      HOST,
      '--owner-tag',
      'owner_agent',
      '--timeout-seconds',
      '600',
      '--off-policy',
      'limit',
      '--match',
      'project=lakehouse-agents',
      '--match',
      'environment=dev',
    ]);
    // The job waits for the deployer's run_as role and the admins membership the guard checks before sweeping.
    const role = guard.node.findChild('run-as') as RunAsRole;
    const membership = guard.node.findChild('admin-membership') as GroupMember;
    expect(config.depends_on).toEqual([
      `databricks_access_control_rule_set.${role.ruleSet.friendlyUniqueId}`,
      `databricks_group_member.${membership.friendlyUniqueId}`,
    ]);
  });

  it('ships the script as content in its own folder, and creates an admin identity that cannot create clusters', () => {
    const { guard, out } = declare();
    // content_base64: inline content instead of a local path (docs/resources/workspace_file.md).
    expect(out.configOf(guard.script)).toEqual({
      path: `${out.ref(guard.folder, 'path')}/runtime_guard.py`,
      content_base64: Buffer.from(GUARD_SCRIPT).toString('base64'),
    });
    expect(out.configOf(guard.folder)).toEqual({ path: '/lakehouse-agents-guard' });
    expect(out.configOf(guard.identity)).toEqual({ display_name: 'lakehouse-agents-runtime-guard', active: true, allow_cluster_create: false });
    expect(out.all('databricks_group_member')).toEqual([
      { group_id: expect.stringMatching(/^\$\{data\.databricks_group\..*\.id\}$/), member_id: out.ref(guard.identity, 'id') },
    ]);
    expect(Object.values(out.json.data!.databricks_group)).toContainEqual({ display_name: 'admins' });
  });

  it('lets no one but itself own the job and the viewers only view it', () => {
    const { guard, out } = declare();
    expect(out.all('databricks_permissions').find((p: Data) => p.job_id === out.ref(guard.job, 'id')).access_control).toEqual([
      { service_principal_name: out.ref(guard.identity, 'application_id'), permission_level: 'IS_OWNER' },
      { group_name: GROUP.name, permission_level: 'CAN_VIEW' },
    ]);
  });

  it('grants the deployer servicePrincipal.user on its identity', () => {
    const { guard, out } = declare();
    expect(out.all('databricks_access_control_rule_set')).toContainEqual(
      expect.objectContaining({ name: `accounts/${ACCOUNT}/servicePrincipals/${out.ref(guard.identity, 'application_id')}/ruleSets/default` }),
    );
  });

  it('refuses a timeout its script would refuse', () => {
    expect(() => declare(60)).toThrow('bare/guard: timeoutSeconds 60 is not a whole number of seconds from 120 to 86400');
  });
});

describe('RunAsRole', () => {
  it("grants the deployer Manager and User on the service principal's rule set, and nothing else", () => {
    const stack = bareStack();
    const role = new RunAsRole(stack, 'run-as', { accountId: ACCOUNT, applicationId: SP.name, deployer: DEPLOYER_ACL });
    // The rule set is authoritative: it replaces every rule, so the deployer stays Manager (docs/resources/access_control_rule_set.md);
    // User lets it set run_as (Go SDK pipelines.RunAs doc).
    expect(synthOf(stack).configOf(role.ruleSet)).toEqual({
      name: `accounts/${ACCOUNT}/servicePrincipals/${SP.name}/ruleSets/default`,
      grant_rules: [
        { role: 'roles/servicePrincipal.manager', principals: [DEPLOYER_ACL] },
        { role: 'roles/servicePrincipal.user', principals: [DEPLOYER_ACL] },
      ],
    });
  });
});

describe('BudgetPolicyRoles', () => {
  const prod = resolveEnvironment(model, 'prod').terraform.environment;
  const MANAGED = '6c2d3e4f-5061-4b72-9c83-a4b5c6d7e8f9';

  it('grants the deployer User on each policy whose members the model lists, keeping those members', () => {
    const stack = bareStack();
    const roles = new BudgetPolicyRoles(stack, 'budget-policies', { environment: prod, deployer: DEPLOYER_ACL });
    // A policy marked deployerIsUser gets no rule set: the deployer holds the role already.
    expect([...roles.ruleSets.keys()]).toEqual([MANAGED]);
    // Budget policy usage: roles/budgetPolicy.manager and .user on accounts/<id>/budgetPolicies/<id>/ruleSets/default
    // (docs/resources/access_control_rule_set.md, "Budget policy usage").
    expect(synthOf(stack).all('databricks_access_control_rule_set')).toEqual([
      {
        name: `accounts/${ACCOUNT}/budgetPolicies/${MANAGED}/ruleSets/default`,
        grant_rules: [
          { role: 'roles/budgetPolicy.manager', principals: ['groups/lakehouse-finops'] },
          { role: 'roles/budgetPolicy.user', principals: [DEPLOYER_ACL] },
        ],
      },
    ]);
  });

  it('declares nothing for an environment without budget policy roles', () => {
    const stack = bareStack();
    expect(new BudgetPolicyRoles(stack, 'budget-policies', { environment: dev.terraform.environment, deployer: DEPLOYER_ACL }).ruleSets.size).toBe(0);
    expect(synthOf(stack).json.resource).toBeUndefined();
  });

  it('refuses to grant without the account id the rule set name holds', () => {
    expect(
      () => new BudgetPolicyRoles(bareStack(), 'budget-policies', { environment: { ...prod, accountId: undefined }, deployer: DEPLOYER_ACL }),
    ).toThrow('bare/budget-policies: environments.prod.accountId is required to grant budget policy roles');
  });
});

describe('PersonalCompute', () => {
  it('overrides the built-in policy family with auto-termination and tags, and keeps CAN_USE for the listed only', () => {
    const stack = bareStack();
    const personal = new PersonalCompute(stack, 'personal-compute', {
      keep: [{ group: 'data-scientists' }, { user: 'ana@example.com' }, { servicePrincipal: SP.name }],
      autoTerminateMinutes: 30,
      tags: { project: 'lakehouse-agents', environment: 'dev' },
    });
    const out = synthOf(stack);
    const config = out.configOf(personal.policy);
    // Overriding a built-in policy: its name and policy_family_id, overrides merged into the family's definition,
    // never a definition of its own (docs/resources/cluster_policy.md, "Overriding the built-in cluster policies").
    expect(config).toMatchObject({ name: 'Personal Compute', policy_family_id: 'personal-vm' });
    expect(config.definition).toBeUndefined();
    expect(JSON.parse(config.policy_family_definition_overrides)).toEqual({
      autotermination_minutes: { type: 'fixed', value: 30, hidden: true },
      'custom_tags.environment': { type: 'fixed', value: 'dev' },
      'custom_tags.project': { type: 'fixed', value: 'lakehouse-agents' },
    });
    expect(out.configOf(personal.permissions)).toEqual({
      cluster_policy_id: out.ref(personal.policy, 'id'),
      access_control: [
        { group_name: 'data-scientists', permission_level: 'CAN_USE' },
        { user_name: 'ana@example.com', permission_level: 'CAN_USE' },
        { service_principal_name: SP.name, permission_level: 'CAN_USE' },
      ],
    });
    // recursive defaults to true and would read every nested group (docs/data-sources/group.md).
    expect(out.configOf(personal.groups.get('data-scientists')!)).toEqual({ display_name: 'data-scientists', recursive: false });
  });
});

describe('WorkspaceFolder', () => {
  it('creates its path and maps OWNS to CAN_MANAGE and READS to CAN_READ', () => {
    const stack = bareStack();
    const folder = new WorkspaceFolder(stack, 'folder', {
      path: '/lakehouse-agents/pipelines',
      access: [
        { principal: SP, access: 'OWNS' },
        { principal: GROUP, access: 'READS' },
      ],
    });
    const out = synthOf(stack);
    expect(out.configOf(folder.directory)).toEqual({ path: '/lakehouse-agents/pipelines' });
    // Folder levels CAN_READ … CAN_MANAGE, addressed by directory_path (docs/resources/permissions.md).
    expect(out.all('databricks_permissions')).toEqual([
      {
        directory_path: out.ref(folder.directory, 'path'),
        access_control: [
          { service_principal_name: SP.name, permission_level: 'CAN_MANAGE' },
          { group_name: GROUP.name, permission_level: 'CAN_READ' },
        ],
      },
    ]);
  });

  it('declares no permissions of its own without access, so it inherits its parent', () => {
    const stack = bareStack();
    new WorkspaceFolder(stack, 'folder', { path: '/lakehouse-agents' });
    expect(synthOf(stack).json.resource.databricks_permissions).toBeUndefined();
  });
});

describe('AgentIdentities', () => {
  const stack = bareStack();
  const identities = new AgentIdentities(stack, 'identities', { team: dev });
  const out = synthOf(stack);
  const created = allAgents(model).filter((agent) => agent.identity.type === 'service-principal');

  it('creates a service principal for each agent without an identity of its own, none allowed to create clusters', () => {
    expect(created).toHaveLength(14);
    const principals = out.all('databricks_service_principal');
    expect(principals).toHaveLength(14);
    for (const agent of created) {
      expect(principals).toContainEqual(
        expect.objectContaining({
          display_name: expect.stringContaining(agent.name),
          active: true,
          allow_cluster_create: false,
          allow_instance_pool_create: false,
        }),
      );
    }
  });

  it('resolves each agent to the principal grants name: application id, existing principal or account group', () => {
    expect(resolved(stack, identities.principalOf('orchestrator').name)).toMatch(/^\$\{databricks_service_principal\.[^.]+\.application_id\}$/);
    expect(identities.principalOf('security-engineer').kind).toBe('service-principal');
    expect(resolved(stack, identities.principalOf('security-engineer').name)).toMatch(
      /^\$\{data\.databricks_service_principal\.[^.]+\.application_id\}$/,
    );
    expect(identities.principalOf('workspace-admin')).toEqual(GROUP);
    // A presence check of the group in the workspace (docs/data-sources/group.md: recursive defaults to true).
    expect(out.configOf(identities.groups.get(GROUP.name)!)).toMatchObject({ display_name: GROUP.name, recursive: false });
  });

  it('refuses an unknown agent and a group as run_as', () => {
    expect(() => identities.principalOf('nobody')).toThrow("bare/identities: 'nobody' is not an agent of this model");
    expect(() => identities.runAs('workspace-admin')).toThrow(
      "bare/identities: 'workspace-admin' is an account group and cannot be a run_as identity",
    );
  });

  it('checks at plan that the identity applying is the deployer the grants name', () => {
    expect(out.configOf(identities.deployer).lifecycle.postcondition).toEqual([
      expect.objectContaining({ condition: '${self.user_name == "9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"}' }),
    ]);
  });
});

describe('AgentCompute', () => {
  it('declares one policy per row and agent, one warehouse per sql-warehouse row, and the runtime guard', () => {
    const stack = bareStack();
    const { compute } = identitiesAndCompute(stack, GUARD_SCRIPT);
    const clusterRows = dev.terraform.compute.filter((row) => row.type !== 'sql-warehouse');
    expect(clusterRows).toHaveLength(4);
    const expected = clusterRows.flatMap((row) => row.users.map((agent) => `lakehouse-agents-dev-${row.name}.${agent}`)).sort();
    expect(expected).toHaveLength(8);
    const out = synthOf(stack);
    expect(
      out
        .all('databricks_cluster_policy')
        .map((policy: Data) => policy.name)
        .sort(),
    ).toEqual(expected);
    expect([...compute.warehouses.keys()]).toEqual(['analytics-warehouse']);
    expect(compute.guard).toBeDefined();
    expect(JSON.parse(out.configOf(compute.guard!.job).task[0].spark_python_task.parameters[1])).toEqual({
      'dlt-classic': 180,
      'ml-training-gpu': 480,
      'spark-interactive': 240,
      'test-jobs': 60,
    });
  });

  it('needs the guard script when rows have a maximum runtime', () => {
    expect(() => identitiesAndCompute(bareStack(), undefined)).toThrow(
      'bare/compute: guardScript is required: compute rows have maximum runtimes (pass readGuardScript())',
    );
  });
});

describe('UnityCatalogOwnership', () => {
  const stack = bareStack();
  const identities = new AgentIdentities(stack, 'identities', { team: dev });
  const unityCatalog = new UnityCatalogOwnership(stack, 'unity-catalog', { team: dev, identities, warehouseId: 'warehouse-1' });
  const out = synthOf(stack);

  it("declares the environment's catalog, every schema, and only the tables no pipeline writes", () => {
    expect(out.configOf(unityCatalog.catalog.catalog)).toMatchObject({
      name: 'lakehouse_dev',
      owner: resolved(stack, identities.principalOf('unity-catalog-admin').name),
    });
    expect([...unityCatalog.schemas.keys()]).toEqual(['bronze', 'silver', 'gold', 'features', 'models', 'monitoring']);
    expect([...unityCatalog.tables.keys()].sort()).toEqual([
      'bronze.raw_events',
      'features.customer_features',
      'gold.customer_lifetime_value',
      'silver.sessions',
    ]);
    expect(out.all('databricks_sql_table')).toHaveLength(4);
    for (const table of out.all('databricks_sql_table')) expect(table.warehouse_id).toBe('warehouse-1');
  });

  it('never grants ALL_PRIVILEGES and keeps one grants resource per securable', () => {
    const grants = out.all('databricks_grants');
    // Catalog, six schemas, four tables, one model, one volume: each with grants, each its own resource.
    expect(unityCatalog.grantTargets.size).toBe(13);
    expect(grants).toHaveLength(13);
    expect(new Set(grants.map((g: Data) => g.catalog ?? g.schema ?? g.table ?? g.model ?? g.volume)).size).toBe(13);
    expect(grants.flatMap((g: Data) => g.grant.flatMap((entry: Data) => entry.privileges))).not.toContain('ALL_PRIVILEGES');
  });

  it('creates a schema after the catalog grants the deployer needs on it', () => {
    expect(out.configOf(unityCatalog.schemas.get('bronze')!.schema).depends_on).toEqual([
      `databricks_grants.${unityCatalog.catalog.grants!.resource.friendlyUniqueId}`,
    ]);
  });
});

describe('WorkspaceTree', () => {
  it('creates the root without permissions and each folder below it with the matrix permissions', () => {
    const stack = bareStack();
    const identities = new AgentIdentities(stack, 'identities', { team: dev });
    const tree = new WorkspaceTree(stack, 'workspace', { team: dev, identities });
    const out = synthOf(stack);
    expect(out.configOf(tree.root.directory)).toEqual({ path: '/lakehouse-agents' });
    expect(out.configOf(tree.folders.get('pipelines/bronze')!.directory)).toEqual({
      path: `${out.ref(tree.folders.get('pipelines')!.directory, 'path')}/bronze`,
    });
    expect(resolved(stack, tree.pathOf('CONTRACT.md'))).toBe(`${out.ref(tree.root.directory, 'path')}/CONTRACT.md`);
    const permissions = out.all('databricks_permissions');
    expect(permissions.some((p: Data) => p.directory_path === out.ref(tree.root.directory, 'path'))).toBe(false);
    const bronze = permissions.find((p: Data) => p.directory_path === out.ref(tree.folders.get('pipelines/bronze')!.directory, 'path'));
    const principal = (agent: string) => resolved(stack, identities.principalOf(agent).name);
    expect(bronze.access_control).toEqual(
      expect.arrayContaining([
        { service_principal_name: principal('data-connector-specialist'), permission_level: 'CAN_MANAGE' },
        { service_principal_name: principal('delta-lake-engineer'), permission_level: 'CAN_READ' },
      ]),
    );
  });
});

describe('AgentTeam in a stack not named like an environment', () => {
  const teamIn = (props: Partial<AgentTeamProps> = {}, suppressed = model) => {
    const stack = bareStack('platform');
    const team = new AgentTeam(stack, 'agents', { team: resolveEnvironment(suppressed, 'dev'), ...props });
    return { stack, team };
  };

  describe('look-ups', () => {
    const { stack, team } = teamIn();

    it("returns an agent's principal, a schema and a compute row as declared", () => {
      expect(team.principalOf('workspace-admin')).toEqual(GROUP);
      expect(resolved(stack, team.principalOf('orchestrator').name)).toMatch(/^\$\{databricks_service_principal\./);
      expect(team.schema('gold').schema.nameInput).toBe('gold');
      const spark = team.computeRow('spark-interactive');
      expect([...spark.policies.keys()]).toEqual(['spark-developer', 'troubleshooter']);
      expect(spark.warehouse).toBeUndefined();
      const warehouse = team.computeRow('analytics-warehouse');
      expect(warehouse.policies.size).toBe(0);
      expect(warehouse.warehouse!.endpoint.autoStopMinsInput).toBe(10);
    });

    it('names the team and the unknown name when a look-up fails', () => {
      expect(() => team.schema('platinum')).toThrow("platform/agents: 'platinum' is not a schema of the model");
      expect(() => team.computeRow('quantum')).toThrow("platform/agents: 'quantum' is not a compute row of the model");
      expect(() => team.principalOf('nobody')).toThrow("'nobody' is not an agent of this model");
    });
  });

  describe('the contract', () => {
    /** The deployed CONTRACT.md files and their permissions, from a synth that runs the guardrails. */
    const deployed = (stack: TerraformStack) => {
      const out = synthOf(stack, true);
      const files = out.all('databricks_workspace_file').filter((file: Data) => String(file.path).endsWith('/CONTRACT.md'));
      const permissions = out.all('databricks_permissions').filter((p: Data) => p.workspace_file_path !== undefined);
      return { files, permissions };
    };

    it('is rendered by default from the environment and deployed below the root for every agent to read', () => {
      const { stack, team } = teamIn();
      expect(team.contract).toContain('lakehouse_dev');
      expect(team.contract).not.toContain('lakehouse_prod');
      const { files, permissions } = deployed(stack);
      expect(files).toHaveLength(1);
      expect(files[0].path).toBe(`${resolved(stack, team.workspace.root.directory.path)}/CONTRACT.md`);
      expect(Buffer.from(files[0].content_base64, 'base64').toString('utf8')).toBe(team.contract);
      // CAN_READ on a workspace file, addressed by workspace_file_path (docs/resources/permissions.md).
      expect(permissions).toHaveLength(1);
      expect(permissions[0].access_control).toHaveLength(allAgents(model).length);
      expect(new Set(permissions[0].access_control.map((entry: Data) => entry.permission_level))).toEqual(new Set(['CAN_READ']));
    });

    it('deploys a contract given as text as it is', () => {
      const { stack, team } = teamIn({ contract: '# Our own contract\n' });
      expect(team.contract).toBe('# Our own contract\n');
      expect(Buffer.from(deployed(stack).files[0].content_base64, 'base64').toString('utf8')).toBe('# Our own contract\n');
    });

    it('is neither rendered nor deployed with contract: false', () => {
      const { stack, team } = teamIn({ contract: false });
      expect(team.contract).toBeUndefined();
      expect(deployed(stack)).toEqual({ files: [], permissions: [] });
    });
  });

  describe('guardrail findings', () => {
    const WAREHOUSE = 'dev/compute/warehouse-analytics-warehouse';
    const REASON = 'Trade-fair dashboard must answer instantly all week.';
    const stopNever = (team: AgentTeam) => team.computeRow('analytics-warehouse').warehouse!.endpoint.addOverride('auto_stop_mins', 0);

    it('addresses a finding as <environment>/<path below the team> and fails synth on it', () => {
      const { stack, team } = teamIn();
      stopNever(team);
      expect(team.guardrails.errors()).toEqual([
        expect.objectContaining({
          rule: 'DAC-CP3',
          path: `${WAREHOUSE}/warehouse`,
          constructPath: 'platform/agents/compute/warehouse-analytics-warehouse/warehouse',
        }),
      ]);
      expect(() => Testing.synth(stack, true)).toThrow(`DAC-CP3 ${WAREHOUSE}/warehouse: auto_stop_mins is unset or 0`);
    });

    it('fails on ALL_PRIVILEGES slipped into a grant of the team by an escape hatch', () => {
      const { team } = teamIn();
      team.schema('gold').grants!.resource.addOverride('grant', [{ principal: 'someone@example.com', privileges: ['ALL_PRIVILEGES'] }]);
      expect(team.guardrails.errors()).toContainEqual(
        expect.objectContaining({
          rule: 'DAC-UC1',
          path: 'dev/unity-catalog/schema-gold/grants/grants',
          message: "someone@example.com is granted ALL_PRIVILEGES: grant the model's read or write set instead",
        }),
      );
    });

    it('honours a model suppression `dev/...` for that finding in the stack `platform`', () => {
      const { stack, team } = teamIn(
        {},
        modelFrom((d) => (d.suppressions = [{ rule: 'DAC-CP3', resource: WAREHOUSE, reason: REASON }])),
      );
      stopNever(team);
      expect(team.guardrails.findings()).toEqual([
        expect.objectContaining({ rule: 'DAC-CP3', path: `${WAREHOUSE}/warehouse`, suppressedBecause: REASON }),
      ]);
      expect(() => Testing.synth(stack, true)).not.toThrow();
    });

    it('reports a `dev/...` suppression that matches nothing in the stack `platform`', () => {
      const { team } = teamIn(
        {},
        modelFrom((d) => (d.suppressions = [{ rule: 'DAC-CP3', resource: WAREHOUSE, reason: REASON }])),
      );
      expect(team.guardrails.errors()).toEqual([
        expect.objectContaining({ rule: 'DAC-CP3', path: WAREHOUSE, message: expect.stringContaining('matches no finding') }),
      ]);
    });
  });
});

describe('two AgentTeams in one stack', () => {
  const WAREHOUSE = 'compute/warehouse-analytics-warehouse';
  const REASON = 'Trade-fair dashboard must answer instantly all week.';
  const TOKEN = 'dapi0123456789abcdef0123456789abcdef';
  /** The stack `platform` with dev of `first` and prod of `second`; `token` puts a secret into the stack's provider. */
  const twoTeams = (first = model, second = model, token?: string, app = Testing.app()) => {
    const stack = new TerraformStack(app, 'platform');
    new DatabricksProvider(stack, 'databricks', { host: HOST, token });
    new TimeProvider(stack, 'time', {});
    const a = new AgentTeam(stack, 'dev-team', { team: resolveEnvironment(first, 'dev') });
    const b = new AgentTeam(stack, 'prod-team', { team: resolveEnvironment(second, 'prod') });
    return { stack, a, b };
  };
  const suppressing = (rule: string, resource: string) => modelFrom((d) => (d.suppressions = [{ rule, resource, reason: REASON }]));
  const synthError = (stack: TerraformStack): string => {
    try {
      Testing.synth(stack, true);
    } catch (error) {
      return (error as Error).message;
    }
    return '';
  };
  const count = (text: string, part: string) => text.split(part).length - 1;

  it('synthesizes two environments of one model, each team judging only its own elements', () => {
    const { stack, a, b } = twoTeams();
    expect(a.guardrails.errors()).toEqual([]);
    expect(b.guardrails.errors()).toEqual([]);
    expect(synthError(stack)).toBe('');
  });

  it('writes CONTRACT.<environment>.md beside the stack for each team', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'two-teams-'));
    const app = new App({ outdir });
    const { a, b } = twoTeams(model, model, undefined, app);
    app.synth();
    expect(writeContracts(app)).toEqual([join(outdir, 'stacks/platform/CONTRACT.dev.md'), join(outdir, 'stacks/platform/CONTRACT.prod.md')]);
    expect(readFileSync(join(outdir, 'stacks/platform/CONTRACT.dev.md'), 'utf8')).toBe(a.contract);
    expect(readFileSync(join(outdir, 'stacks/platform/CONTRACT.prod.md'), 'utf8')).toBe(b.contract);
    expect(a.contract).not.toBe(b.contract);
  });

  it("keeps both teams' identity outputs: a team sharing its stack does not fix their names", () => {
    const { stack } = twoTeams();
    const outputs = (JSON.parse(Testing.synth(stack)) as { output: Record<string, Data> }).output;
    const orchestrator = Object.values(outputs).filter((output) => output.description === 'How orchestrator authenticates');
    expect(orchestrator.map((output) => output.value.application_id)).toEqual([
      expect.stringContaining('dev-team_identities_orchestrator'),
      expect.stringContaining('prod-team_identities_orchestrator'),
    ]);
  });

  it("reports a finding of the second team once, addressed by its environment, and only its model's suppression covers it", () => {
    const unsuppressed = twoTeams(suppressing('DAC-CP3', `prod/${WAREHOUSE}`), model);
    unsuppressed.b.computeRow('analytics-warehouse').warehouse!.endpoint.addOverride('auto_stop_mins', 0);
    expect(unsuppressed.a.guardrails.findings()).toEqual([]);
    expect(unsuppressed.b.guardrails.errors()).toEqual([
      expect.objectContaining({ rule: 'DAC-CP3', path: `prod/${WAREHOUSE}/warehouse`, constructPath: `platform/prod-team/${WAREHOUSE}/warehouse` }),
    ]);
    expect(count(synthError(unsuppressed.stack), `DAC-CP3 prod/${WAREHOUSE}/warehouse:`)).toBe(1);

    const suppressed = twoTeams(model, suppressing('DAC-CP3', `prod/${WAREHOUSE}`));
    suppressed.b.computeRow('analytics-warehouse').warehouse!.endpoint.addOverride('auto_stop_mins', 0);
    expect(suppressed.b.guardrails.findings()).toEqual([
      expect.objectContaining({ rule: 'DAC-CP3', path: `prod/${WAREHOUSE}/warehouse`, suppressedBecause: REASON }),
    ]);
    expect(synthError(suppressed.stack)).toBe('');
  });

  it("judges the stack's own provider once, by the first team, addressed `<its environment>/provider.databricks`", () => {
    const { stack, a, b } = twoTeams(model, model, TOKEN);
    expect(a.guardrails.errors()).toEqual([expect.objectContaining({ rule: 'DAC-SC1', path: 'dev/provider.databricks' })]);
    expect(b.guardrails.errors()).toEqual([]);
    expect(count(synthError(stack), 'DAC-SC1 ')).toBe(1);
  });

  it('lets the model suppress a finding on the provider of a stack not named like an environment', () => {
    const stack = bareStack('platform');
    stack.node.tryRemoveChild('databricks');
    new DatabricksProvider(stack, 'databricks', { host: HOST, token: TOKEN });
    const team = new AgentTeam(stack, 'agents', { team: resolveEnvironment(suppressing('DAC-SC1', 'dev/provider.databricks'), 'dev') });
    expect(team.guardrails.findings()).toEqual([
      expect.objectContaining({ rule: 'DAC-SC1', path: 'dev/provider.databricks', suppressedBecause: REASON }),
    ]);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it('addresses a finding on the backend of such a stack `<environment>/backend.<type>`, which the model can suppress', () => {
    const stack = bareStack('platform');
    new AzurermBackend(stack, { resourceGroupName: 'rg', storageAccountName: 'sa', containerName: 'tfstate', key: 'k', accessKey: 'literal-key' });
    const open = new AgentTeam(stack, 'agents', { team: resolveEnvironment(model, 'dev') });
    expect(open.guardrails.errors()).toEqual([expect.objectContaining({ rule: 'DAC-SC1', path: 'dev/backend.azurerm' })]);
    const other = bareStack('platform');
    new AzurermBackend(other, { resourceGroupName: 'rg', storageAccountName: 'sa', containerName: 'tfstate', key: 'k', accessKey: 'literal-key' });
    const waived = new AgentTeam(other, 'agents', { team: resolveEnvironment(suppressing('DAC-SC1', 'dev/backend.azurerm'), 'dev') });
    expect(waived.guardrails.errors()).toEqual([]);
  });

  it('annotates an unused suppression on the construct its address names', () => {
    const { stack, a } = twoTeams(suppressing('DAC-CP3', `dev/${WAREHOUSE}`));
    expect(a.guardrails.errors()).toEqual([
      expect.objectContaining({ rule: 'DAC-CP3', path: `dev/${WAREHOUSE}`, constructPath: `platform/dev-team/${WAREHOUSE}` }),
    ]);
    synthError(stack);
    const warehouse = stack.node.findAll().find((construct) => construct.node.path === `platform/dev-team/${WAREHOUSE}`)!;
    expect(warehouse.node.metadata).toContainEqual(
      expect.objectContaining({ type: '@cdktf/error', data: expect.stringContaining(`DAC-CP3 dev/${WAREHOUSE}: the suppression`) }),
    );
  });
});
