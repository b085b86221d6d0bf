// What a first deploy on a real workspace needs, pinned against the synthesized JSON. Each behaviour the plan
// relies on names its source: the provider v1.99.0 file, the Go SDK field or the Databricks doc.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aspects, TerraformResource } from 'cdktf';
import type { IConstruct } from 'constructs';
import { buildApp, synthBuilt } from '../src/app';
import { modelFrom, problemsOf, synth, type Data } from './helpers';

const model = modelFrom();
const dev = synth(model, 'dev');
const prod = synth(model, 'prod');
/** The address of the element at `path` in dev, as depends_on lists it. */
const address = (_type: string, path: string) => dev.addressOf(path);
/** A reference to an attribute of the element at `path` in dev. */
const refTo = (_type: string, path: string, attribute: string) => `\${${dev.addressOf(path)}.${attribute}}`;
const messages = (mutate: (d: Data) => void) => problemsOf(mutate).map((p) => `${p.path}: ${p.message}`);

describe('pipelines run as and are owned by their owner agent', () => {
  it('gives the run-as service principal IS_OWNER in the same ACL', () => {
    // An ACL without IS_OWNER makes the applying identity owner, and a pipeline runs as its owner
    // (permissions/permission_definitions.go addOwnerPermissionIfNeeded; docs/resources/permissions.md).
    for (const [path, pipeline] of Object.entries(dev.byPath('databricks_pipeline'))) {
      const acl = dev.byPath('databricks_permissions')[path.replace(/pipeline$/, 'permissions')].access_control as Data[];
      const owners = acl.filter((entry) => entry.permission_level === 'IS_OWNER');
      expect({ path, owners }).toEqual({
        path,
        owners: [{ permission_level: 'IS_OWNER', service_principal_name: pipeline.run_as.service_principal_name }],
      });
      expect(acl.some((entry) => entry.permission_level === 'CAN_MANAGE')).toBe(false);
    }
  });

  it('grants the deploying identity servicePrincipal.user on each created run-as principal, before the pipeline', () => {
    // run_as needs servicePrincipal.user (Go SDK pipelines.RunAs); the creator gets Manager only (provider #4821).
    const ruleSets = dev.byPath('databricks_access_control_rule_set');
    const ruleSet = ruleSets['identities/RunAs/etl-pipeline-architect/rule-set'];
    const deployer = dev.json.data!.databricks_current_user;
    const me = `\${data.databricks_current_user.${Object.keys(deployer)[0]}.acl_principal_id}`;
    expect(ruleSet.name).toBe(
      `accounts/0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6/servicePrincipals/${dev.principalOf('etl-pipeline-architect')}/ruleSets/default`,
    );
    // The rule set is authoritative (it replaces every rule): the deployer keeps Manager next to User.
    expect(ruleSet.grant_rules).toEqual([
      { principals: [me], role: 'roles/servicePrincipal.manager' },
      { principals: [me], role: 'roles/servicePrincipal.user' },
    ]);
    expect(dev.byPath('databricks_pipeline')['pipeline-silver-clean/pipeline'].depends_on).toContainEqual(
      address('databricks_access_control_rule_set', 'identities/RunAs/etl-pipeline-architect/rule-set'),
    );
    // One per run-as principal the stack creates: four pipeline owners and the runtime guard.
    expect(Object.keys(ruleSets).sort()).toEqual([
      'compute/runtime-guard/run-as/rule-set',
      'identities/RunAs/data-connector-specialist/rule-set',
      'identities/RunAs/etl-pipeline-architect/rule-set',
      'identities/RunAs/mlflow-engineer/rule-set',
      'identities/RunAs/sql-analyst/rule-set',
      // The table gates' alerts run as the testing agent (docs/resources/alert_v2.md AlertV2RunAs).
      'identities/RunAs/testing-agent/rule-set',
    ]);
  });

  it('never sets account_id on the workspace provider', () => {
    // With account_id the rule set switches to the account client and fails (DATABRICKS.md "Identity, isolation").
    expect(dev.json.provider.databricks[0].account_id).toBeUndefined();
  });

  it('refuses a model without the account id the rule sets need', () => {
    expect(messages((d) => delete d.environments.dev.accountId)).toEqual([
      "environments.dev.accountId: required: alerts run as 'testing-agent', service principals this stack creates, and setting run_as needs servicePrincipal.user granted by a rule set named after the account: add the account id",
      expect.stringMatching(
        /^environments\.dev\.accountId: required: pipelines 'bronze-ingest', 'silver-clean', 'gold-aggregates', 'ml-feature-refresh' run as service principals/,
      ),
    ]);
  });
});

describe('apply order', () => {
  // Ownership moves inside the Create call (catalog/resource_schema.go, resource_sql_table.go): the deployer's grants first.
  it('creates schemas after the catalog grants', () => {
    for (const schema of Object.values(dev.byPath('databricks_schema'))) {
      expect(schema.depends_on).toEqual([address('databricks_grants', 'unity-catalog/catalog/grants/grants')]);
    }
  });

  it("creates tables and registered models after their schema's grants", () => {
    expect(dev.byPath('databricks_sql_table')['unity-catalog/table-bronze-raw_events/table'].depends_on).toEqual([
      address('databricks_grants', 'unity-catalog/schema-bronze/grants/grants'),
    ]);
    expect(dev.byPath('databricks_registered_model')['unity-catalog/model-models-churn_predictor/model'].depends_on).toEqual([
      address('databricks_grants', 'unity-catalog/schema-models/grants/grants'),
    ]);
  });

  it("points pipelines at their target schema resource and after the schema's grants", () => {
    const pipeline = dev.byPath('databricks_pipeline')['pipeline-gold-aggregates/pipeline'];
    expect(pipeline.schema).toContain(refTo('databricks_schema', 'unity-catalog/schema-gold/schema', 'name'));
    expect(pipeline.depends_on).toContainEqual(address('databricks_grants', 'unity-catalog/schema-gold/grants/grants'));
  });

  it("refuses ownership 'agents' unless the deployer is declared a metastore admin", () => {
    // Updating a securable's comment or properties needs its owner or a metastore admin; MANAGE is not enough.
    expect(messages((d) => (d.catalog.deployer.metastoreAdmin = false))).toEqual([
      expect.stringMatching(/^catalog\.deployer\.metastoreAdmin: ownership 'agents' hands every securable to an agent/),
    ]);
  });
});

describe('workspace folders', () => {
  const directories = dev.byPath('databricks_directory');

  it('creates the project root outside /Shared by default', () => {
    // Every user holds CAN_MANAGE under /Shared, inherited and irremovable (DATABRICKS.md "Directories").
    expect(directories['workspace/root/directory'].path).toBe('/lakehouse-agents');
    expect(modelFrom((d) => delete d.project.workspaceRoot).project.workspaceRoot).toBe('/lakehouse-agents');
    expect(dev.text).not.toContain('/Shared');
  });

  it('refuses a root under /Shared unless the model accepts unrestricted folders', () => {
    expect(messages((d) => (d.project.workspaceRoot = '/Shared/lakehouse-agents'))).toEqual([
      expect.stringMatching(/^project\.workspaceRoot: '\/Shared\/lakehouse-agents' is under \/Shared, where every user manages everything/),
    ]);
    expect(messages((d) => Object.assign(d.project, { workspaceRoot: '/Workspace/Shared/x', allowUnrestrictedFolders: true }))).toEqual([]);
  });

  it('derives every child folder from its parent resource, ancestors included, so destroy runs children first', () => {
    // delete_recursive defaults to false: a folder is deleted only when empty (docs/resources/directory.md).
    expect(directories['workspace/root/dir-pipelines/directory'].path).toContain(refTo('databricks_directory', 'workspace/root/directory', 'path'));
    expect(directories['workspace/root/dir-notebooks/dir-spark/directory'].path).toContain(
      refTo('databricks_directory', 'workspace/root/dir-notebooks/directory', 'path'),
    );
    // The root and an ancestor no pattern names get no permissions of their own.
    expect(dev.byPath('databricks_permissions')['workspace/root/permissions']).toBeUndefined();
    const nested = synth(
      modelFrom((d) => (d.fileOwnership = [d.fileOwnership[0], { pattern: 'jobs/nightly/**', access: { orchestrator: 'OWNS' } }])),
    );
    expect(nested.byPath('databricks_directory')['workspace/root/dir-jobs/directory'].path).toBe(
      `\${${nested.addressOf('workspace/root/directory')}.path}/jobs`,
    );
    expect(nested.byPath('databricks_permissions')['workspace/root/dir-jobs/permissions']).toBeUndefined();
    expect(nested.byPath('databricks_permissions')['workspace/root/dir-jobs/dir-nightly/permissions'].access_control).toEqual([
      { permission_level: 'CAN_MANAGE', service_principal_name: nested.principalOf('orchestrator') },
    ]);
  });

  it("keeps the runtime guard's script in a top-level folder no agent may write, outside the project root", () => {
    // Only admins create objects at the workspace root (Databricks docs, "Folder permissions"); nothing grants agents this one.
    expect(directories['compute/runtime-guard/folder'].path).toBe('/lakehouse-agents-runtime-guard');
    const paths = Object.values(dev.byPath('databricks_permissions'))
      .map((p) => p.directory_path)
      .filter(Boolean);
    expect(paths).not.toContain(refTo('databricks_directory', 'compute/runtime-guard/folder', 'path'));
    // Not even with a root under /Shared, nor through a pattern that names the folder.
    const shared = synth(modelFrom((d) => Object.assign(d.project, { workspaceRoot: '/Shared/lakehouse-agents', allowUnrestrictedFolders: true })));
    expect(shared.byPath('databricks_directory')['compute/runtime-guard/folder'].path).toBe('/lakehouse-agents-runtime-guard');
    expect(messages((d) => d.fileOwnership.push({ pattern: '../lakehouse-agents-runtime-guard/**', access: { orchestrator: 'OWNS' } }))).toEqual([
      expect.stringMatching(/^fileOwnership\[18\]\.pattern: '\.\.\/lakehouse-agents-runtime-guard\/\*\*' has an empty, '\.' or '\.\.' segment/),
    ]);
  });

  it('lets every agent read the deployed contract, and nothing more', () => {
    const acl = dev.byPath('databricks_permissions')['contract-permissions'];
    expect(acl.workspace_file_path).toContain(refTo('databricks_workspace_file', 'contract', 'path'));
    expect(new Set((acl.access_control as Data[]).map((entry) => entry.permission_level))).toEqual(new Set(['CAN_READ']));
    expect(acl.access_control).toHaveLength(16);
  });

  it('refuses two patterns that map to one folder instead of crashing synth', () => {
    const problems = messages((d) => d.fileOwnership.push({ pattern: 'docs/**', access: { orchestrator: 'OWNS' } }));
    expect(problems).toEqual([
      expect.stringMatching(
        /^fileOwnership\[18\]\.pattern: 'docs\/\*\*' maps to the same workspace folder 'docs' as fileOwnership\[2\] \('docs\/\*\*\/\*'\): merge/,
      ),
    ]);
  });
});

describe('compute policies per agent', () => {
  const policies = dev.byPath('databricks_cluster_policy');
  const definition = (path: string) => JSON.parse(policies[path].definition);

  it('pins a Unity Catalog access mode, except on dlt policies where DLT sets its own', () => {
    // data_security_mode SINGLE_USER or USER_ISOLATION for UC; the DLT cluster spec has no such field (DATABRICKS.md "Cluster policies").
    expect(definition('compute/policy-spark-interactive/policy').data_security_mode).toEqual({ type: 'fixed', value: 'SINGLE_USER' });
    expect(definition('compute/policy-test-jobs/policy').data_security_mode).toEqual({ type: 'fixed', value: 'SINGLE_USER' });
    expect(definition('compute/policy-dlt-classic/policy').data_security_mode).toBeUndefined();
  });

  it('caps the clusters one agent runs at once with max_clusters_per_user, a resource argument', () => {
    expect(policies['compute/policy-spark-interactive/policy'].max_clusters_per_user).toBe(1);
    expect(policies['compute/policy-test-jobs/policy'].max_clusters_per_user).toBe(5);
    const custom = synth(modelFrom((d) => (d.compute[0].maxClustersPerAgent = 3))).byPath('databricks_cluster_policy');
    expect(custom['compute/policy-spark-interactive/agent-troubleshooter/policy'].max_clusters_per_user).toBe(3);
  });

  it('limits node types and DBUs of job and dlt policies where the row sets them', () => {
    const custom = synth(modelFrom((d) => Object.assign(d.compute[3], { nodeTypes: ['Standard_D4ds_v5'], dbusPerHour: 12 })));
    const job = JSON.parse(custom.byPath('databricks_cluster_policy')['compute/policy-test-jobs/policy'].definition);
    expect(job.node_type_id).toEqual({ type: 'allowlist', values: ['Standard_D4ds_v5'] });
    expect(job.driver_node_type_id).toEqual({ type: 'allowlist', values: ['Standard_D4ds_v5'] });
    expect(job.dbus_per_hour).toEqual({ type: 'range', maxValue: 12 });
  });
});

describe('isolated catalogs', () => {
  const catalog = (out: typeof dev) => Object.values(out.byPath('databricks_catalog'))[0];

  it('isolates each catalog to its workspace without binding that workspace explicitly', () => {
    // ISOLATED binds the creating workspace automatically; an explicit binding cuts it off on destroy (DATABRICKS.md).
    expect(catalog(dev).isolation_mode).toBe('ISOLATED');
    expect(catalog(prod).isolation_mode).toBe('ISOLATED');
    expect(prod.json.resource.databricks_workspace_binding).toBeUndefined();
  });

  it('sets storage_root where the environment names one', () => {
    const root = 'abfss://lakehouse@stlakehouseprod.dfs.core.windows.net/prod';
    expect(
      catalog(
        synth(
          modelFrom((d) => (d.environments.prod.storageRoot = root)),
          'prod',
        ),
      ).storage_root,
    ).toBe(root);
    expect(catalog(prod).storage_root).toBeUndefined();
  });

  it('binds other workspaces the model names', () => {
    const bound = synth(
      modelFrom((d) => (d.environments.prod.workspaceBindings = [{ workspaceId: 1234567890123456, access: 'read-only' }])),
      'prod',
    );
    expect(Object.values(bound.byPath('databricks_workspace_binding'))).toEqual([
      expect.objectContaining({
        securable_type: 'catalog',
        workspace_id: 1234567890123456,
        binding_type: 'BINDING_TYPE_READ_ONLY',
        securable_name: expect.stringMatching(/databricks_catalog/),
      }),
    ]);
  });

  it("refuses a binding of the environment's own workspace", () => {
    expect(messages((d) => (d.environments.prod.workspaceBindings = [{ workspaceId: 6543210987654321 }]))).toEqual([
      expect.stringMatching(/^environments\.prod\.workspaceBindings\[0\]\.workspaceId: 6543210987654321 is this environment's own workspace/),
    ]);
  });
});

describe('jobs the stack creates', () => {
  const job = Object.values(dev.byPath('databricks_job'))[0];

  it('runs the runtime guard as its own service principal, a workspace admin', () => {
    // A job without run_as runs as its owner; only admins act on compute others started (DATABRICKS.md "Identity, isolation").
    expect(job.run_as.service_principal_name).toContain(refTo('databricks_service_principal', 'compute/runtime-guard/identity', 'application_id'));
    const member = Object.values(dev.byPath('databricks_group_member'))[0];
    expect(member.member_id).toContain(refTo('databricks_service_principal', 'compute/runtime-guard/identity', 'id'));
    expect(member.group_id).toMatch(/^\$\{data\.databricks_group\.compute_runtime-guard_admins_[0-9A-F]{8}\.id\}$/);
  });

  it('lets no agent edit it, since whoever edits its tasks runs code as a workspace admin', () => {
    // CAN_MANAGE includes editing job settings (Databricks docs, "Job ACLs"); the workspace-admin agent only views it.
    const acl = dev.byPath('databricks_permissions')['compute/runtime-guard/permissions'].access_control;
    expect(acl).toEqual([
      { permission_level: 'IS_OWNER', service_principal_name: job.run_as.service_principal_name },
      { permission_level: 'CAN_VIEW', group_name: 'lakehouse-platform-admins' },
    ]);
  });
});

describe('synth keeps what Aspects add', () => {
  it("writes a user Aspect's change to cdk.tf.json, and the guardrails check it", () => {
    const outdir = mkdtempSync(join(tmpdir(), 'agent-contract-aspect-'));
    const built = buildApp(model, { outdir });
    Aspects.of(built.stacks[0]).add({
      visit(node: IConstruct) {
        if (node instanceof TerraformResource && node.terraformResourceType === 'databricks_sql_endpoint')
          node.addOverride('tags.custom_tags', [{ key: 'cost_center', value: 'cc-42' }]);
      },
    });
    synthBuilt(built);
    const json = JSON.parse(readFileSync(join(outdir, 'stacks/dev/cdk.tf.json'), 'utf8'));
    expect((Object.values(json.resource.databricks_sql_endpoint)[0] as Data).tags.custom_tags).toContainEqual({ key: 'cost_center', value: 'cc-42' });
  });

  it('fails synth when a user Aspect breaks a guardrail, and leaves no stack output', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'agent-contract-aspect-'));
    const built = buildApp(model, { outdir });
    for (const stack of built.stacks) {
      Aspects.of(stack).add({
        visit(node: IConstruct) {
          if (node instanceof TerraformResource && node.terraformResourceType === 'databricks_sql_endpoint') node.addOverride('auto_stop_mins', 0);
        },
      });
    }
    expect(() => synthBuilt(built)).toThrow(/DAC-CP3 dev\/compute\/warehouse-analytics-warehouse\/warehouse: auto_stop_mins/);
    expect(() => readFileSync(join(outdir, 'stacks/dev/cdk.tf.json'))).toThrow(/ENOENT/);
  });
});
