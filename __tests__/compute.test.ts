import { Testing } from 'cdktf';
import { runtimeLimits } from '../src/access/compute';
import { addEnvironmentStacks } from '../src/app';
import { GovernedJob } from '../src/constructs/governed-job';
import { resolveToken } from '../src/rules/resolve-token';
import { addNightlyJob, modelFrom, NIGHTLY_NOTEBOOK, synth, teamOf, type Data } from './helpers';

const model = modelFrom();
const dev = synth(model, 'dev');
const prod = synth(model, 'prod');
const sp = (agent: string) => dev.principalOf(agent);
/** The row owner's policy definition (other agents' policies nest below it as `agent-<name>`). */
const definition = (row: string, agent?: string) =>
  JSON.parse(dev.byPath('databricks_cluster_policy')[`compute/policy-${row}${agent ? `/agent-${agent}` : ''}/policy`].definition);
const permissions = dev.byPath('databricks_permissions');

describe('cluster policies', () => {
  it('fixes all-purpose auto-termination, tags and caps of spark-developer exactly', () => {
    expect(definition('spark-interactive')).toEqual({
      cluster_type: { type: 'fixed', value: 'all-purpose' },
      data_security_mode: { type: 'fixed', value: 'SINGLE_USER' },
      single_user_name: { type: 'fixed', value: sp('spark-developer') },
      autotermination_minutes: { type: 'fixed', value: 60, hidden: true },
      dbus_per_hour: { type: 'range', maxValue: 20 },
      num_workers: { type: 'range', maxValue: 8 },
      'autoscale.max_workers': { type: 'range', maxValue: 8 },
      'custom_tags.owner_agent': { type: 'fixed', value: 'spark-developer' },
      'custom_tags.compute': { type: 'fixed', value: 'spark-interactive' },
      'custom_tags.project': { type: 'fixed', value: 'lakehouse-agents' },
      'custom_tags.environment': { type: 'fixed', value: 'dev' },
    });
  });

  it('restricts the GPU row to GPU node types and GPU ML runtimes, 30 minutes idle', () => {
    const gpu = definition('ml-training-gpu');
    expect(gpu.autotermination_minutes).toEqual({ type: 'fixed', value: 30, hidden: true });
    expect(gpu.node_type_id).toEqual({ type: 'allowlist', values: ['Standard_NC4as_T4_v3', 'Standard_NC8as_T4_v3', 'Standard_NC24ads_A100_v4'] });
    expect(gpu.driver_node_type_id).toEqual(gpu.node_type_id);
    expect(gpu.spark_version.type).toBe('regex');
    expect(new RegExp(gpu.spark_version.pattern).test('15.4.x-gpu-ml-scala2.12')).toBe(true);
    expect(new RegExp(gpu.spark_version.pattern).test('15.4.x-scala2.12')).toBe(false);
  });

  it.each([
    ['test-jobs', 'job'],
    ['dlt-classic', 'dlt'],
  ])('%s is a %s policy without auto-termination', (row, type) => {
    const policy = definition(row);
    expect(policy.cluster_type).toEqual({ type: 'fixed', value: type });
    expect(policy).not.toHaveProperty('autotermination_minutes');
  });

  it('emits the definition keys in a stable order', () => {
    expect(Object.keys(definition('ml-training-gpu'))).toEqual([
      'cluster_type',
      'data_security_mode',
      'single_user_name',
      'autotermination_minutes',
      'node_type_id',
      'driver_node_type_id',
      'spark_version',
      'dbus_per_hour',
      'num_workers',
      'autoscale.max_workers',
      'custom_tags.owner_agent',
      'custom_tags.compute',
      'custom_tags.project',
      'custom_tags.environment',
    ]);
  });

  it('gives each agent a row allows its own policy, usable by that agent alone', () => {
    expect(permissions['compute/policy-spark-interactive/permissions'].access_control).toEqual([
      { permission_level: 'CAN_USE', service_principal_name: sp('spark-developer') },
    ]);
    expect(permissions['compute/policy-spark-interactive/agent-troubleshooter/permissions'].access_control).toEqual([
      { permission_level: 'CAN_USE', service_principal_name: sp('troubleshooter') },
    ]);
    expect(permissions['compute/policy-test-jobs/agent-qa-engineer/permissions'].access_control).toEqual([
      { permission_level: 'CAN_USE', service_principal_name: sp('qa-engineer') },
    ]);
  });

  it("fixes the owner tag to the agent the policy is for, so another agent's clusters are charged to it", () => {
    expect(definition('spark-interactive', 'troubleshooter')['custom_tags.owner_agent']).toEqual({ type: 'fixed', value: 'troubleshooter' });
    expect(definition('spark-interactive', 'troubleshooter')['custom_tags.compute']).toEqual({ type: 'fixed', value: 'spark-interactive' });
    const policies = dev.byPath('databricks_cluster_policy');
    expect(policies['compute/policy-spark-interactive/agent-troubleshooter/policy'].name).toBe(
      'lakehouse-agents-dev-spark-interactive.troubleshooter',
    );
    expect(Object.keys(policies)).toHaveLength(8);
  });
});

describe('SQL warehouse', () => {
  const warehouse = dev.byPath('databricks_sql_endpoint')['compute/warehouse-analytics-warehouse/warehouse'];

  it('auto-stops as the model says, serverless explicitly', () => {
    expect(warehouse).toMatchObject({
      auto_stop_mins: 10,
      enable_serverless_compute: true,
      warehouse_type: 'PRO',
      cluster_size: 'Small',
      max_num_clusters: 2,
    });
    expect(warehouse.tags.custom_tags).toContainEqual({ key: 'owner_agent', value: 'sql-analyst' });
  });

  it('gives CAN_USE to its agents and CAN_MANAGE to the workspace admin group', () => {
    const entries = permissions['compute/warehouse-analytics-warehouse/permissions'].access_control as Data[];
    expect(entries).toContainEqual({ permission_level: 'CAN_USE', service_principal_name: sp('sql-analyst') });
    expect(entries).toContainEqual({ permission_level: 'CAN_MANAGE', group_name: 'lakehouse-platform-admins' });
    expect(entries.filter((e) => e.permission_level === 'CAN_USE')).toHaveLength(7);
  });
});

describe('runtime guard', () => {
  const job = Object.values(dev.byPath('databricks_job'))[0];

  it('runs every 15 minutes with its own timeout', () => {
    expect(job.schedule).toMatchObject({ quartz_cron_expression: '0 0/15 * * * ?', timezone_id: 'UTC' });
    expect(job.timeout_seconds).toBe(600);
    expect(job.max_concurrent_runs).toBe(1);
  });

  it('passes the limits derived from the model', () => {
    const parameters = job.task[0].spark_python_task.parameters as string[];
    const limits = JSON.parse(parameters[parameters.indexOf('--limits') + 1]);
    // Keyed by compute row: an agent using two rows gets each row's own limit.
    expect(limits).toEqual({ 'dlt-classic': 180, 'ml-training-gpu': 480, 'spark-interactive': 240, 'test-jobs': 60 });
    expect(limits).toEqual(runtimeLimits(teamOf(model).compute));
    expect(parameters.slice(parameters.indexOf('--tag'), parameters.indexOf('--tag') + 2)).toEqual(['--tag', 'compute']);
    expect(parameters.filter((_p, i) => parameters[i - 1] === '--match')).toEqual(['project=lakehouse-agents', 'environment=dev']);
  });

  it('deploys the script as a workspace file by content, not by local path', () => {
    const file = dev.byPath('databricks_workspace_file')['compute/runtime-guard/script'];
    const files = dev.byPath('databricks_workspace_file');
    expect(files['compute/runtime-guard/script'].path).toBe('${databricks_directory.compute_runtime-guard_folder_F55397B9.path}/runtime_guard.py');
    expect(Buffer.from(file.content_base64, 'base64').toString()).toMatch(/^"""Runtime guard/);
    expect(file.source).toBeUndefined();
  });
});

describe('pipelines', () => {
  const pipelines = (out: typeof dev) => out.byPath('databricks_pipeline');

  it('publishes with catalog + schema, never target', () => {
    for (const pipeline of Object.values(pipelines(dev))) {
      expect(pipeline.catalog).toMatch(/databricks_catalog/);
      expect(pipeline.target).toBeUndefined();
    }
    // A reference to the target schema, so the pipeline is created after it.
    expect(pipelines(dev)['pipeline-silver-clean/pipeline'].schema).toMatch(
      /^\$\{databricks_schema\.unity-catalog_schema-silver_schema_[0-9A-F]+\.name\}$/,
    );
  });

  it('runs in development mode in dev and production mode in prod', () => {
    for (const pipeline of Object.values(pipelines(dev))) expect(pipeline.development).toBe(true);
    for (const pipeline of Object.values(pipelines(prod))) expect(pipeline.development).toBe(false);
  });

  it("runs as the owner agent's service principal", () => {
    expect(pipelines(dev)['pipeline-gold-aggregates/pipeline'].run_as).toEqual({ service_principal_name: sp('sql-analyst') });
  });

  it('is serverless by default and binds classic clusters to the dlt policy', () => {
    expect(pipelines(dev)['pipeline-bronze-ingest/pipeline']).toMatchObject({ serverless: true });
    expect(pipelines(dev)['pipeline-bronze-ingest/pipeline'].cluster).toBeUndefined();
    const ml = pipelines(dev)['pipeline-ml-feature-refresh/pipeline'];
    expect(ml.serverless).toBe(false);
    // The run-as agent's own policy on the row (mlflow-engineer), not the row owner's.
    expect(ml.cluster[0]).toMatchObject({
      policy_id: expect.stringMatching(/databricks_cluster_policy\.compute_policy-dlt-classic_agent-mlflow-engineer_policy/),
      apply_policy_default_values: true,
    });
  });

  it('resolves libraries under the workspace root', () => {
    expect(pipelines(dev)['pipeline-bronze-ingest/pipeline'].library).toEqual([{ glob: { include: '/lakehouse-agents/pipelines/bronze/**' } }]);
  });

  it('makes the run-as agent IS_OWNER, runners CAN_RUN and the orchestrator and QA CAN_VIEW', () => {
    expect(permissions['pipeline-silver-clean/permissions'].access_control).toEqual([
      { permission_level: 'IS_OWNER', service_principal_name: sp('etl-pipeline-architect') },
      { permission_level: 'CAN_VIEW', service_principal_name: sp('orchestrator') },
      { permission_level: 'CAN_VIEW', service_principal_name: sp('qa-engineer') },
      { permission_level: 'CAN_RUN', service_principal_name: sp('troubleshooter') },
    ]);
  });

  it('notifies when the model asks', () => {
    expect(pipelines(dev)['pipeline-silver-clean/pipeline'].notification).toEqual([
      { alerts: ['on-update-failure', 'on-update-fatal-failure'], email_recipients: ['data-platform@example.com'] },
    ]);
  });
});

describe('governed jobs', () => {
  function jobOn(computeName: string, taskTimeout?: number, env = 'dev'): Data {
    const stack = addEnvironmentStacks(Testing.app(), model).find((s) => s.node.id === env)!;
    new GovernedJob(stack, 'nightly-tests', {
      team: stack.team,
      computeName,
      name: 'nightly-tests',
      sparkVersion: '15.4.x-scala2.12',
      nodeTypeId: 'Standard_D4ds_v5',
      tasks: [{ key: 'run', timeoutSeconds: taskTimeout, notebookPath: NIGHTLY_NOTEBOOK }],
    });
    const json = JSON.parse(Testing.synth(stack, true));
    const job = Object.entries(json.resource.databricks_job as Record<string, Data>).find(([, candidate]) => candidate.name === 'nightly-tests')!;
    const acl = Object.values(json.resource.databricks_permissions as Record<string, Data>).find(
      (p) => p.job_id === `\${databricks_job.${job[0]}.id}`,
    );
    return { ...job[1], acl: acl?.access_control, sp: (agent: string) => String(resolveToken(stack, stack.team.identities.principalOf(agent).name)) };
  }

  it("turns the job row's maximum runtime into the job and task timeout_seconds", () => {
    const job = jobOn('test-jobs');
    expect(job.timeout_seconds).toBe(3600);
    expect(job.task[0]).toMatchObject({
      task_key: 'run',
      timeout_seconds: 3600,
      job_cluster_key: 'main',
      notebook_task: { notebook_path: NIGHTLY_NOTEBOOK },
    });
    expect(job.tags).toEqual({ owner_agent: 'testing-agent', compute: 'test-jobs', project: 'lakehouse-agents', environment: 'dev' });
    expect(job.job_cluster[0].new_cluster).toMatchObject({
      policy_id: expect.stringMatching(/databricks_cluster_policy\.compute_policy-test-jobs_policy/),
      apply_policy_default_values: true,
    });
  });

  it("runs as the row owner's service principal, after the deployer's run_as role on it", () => {
    const job = jobOn('test-jobs');
    expect(job.run_as).toEqual({ service_principal_name: job.sp('testing-agent') });
    expect(job.depends_on).toEqual([expect.stringMatching(/^databricks_access_control_rule_set\.identities_RunAs_testing-agent_rule-set_/)]);
  });

  it('lets the owner own it in dev, and only the workspace admin modify it in prod', () => {
    // Without IS_OWNER the applying identity becomes owner (permission_definitions.go addOwnerPermissionIfNeeded).
    const dev = jobOn('test-jobs');
    expect(dev.acl).toEqual([
      { permission_level: 'CAN_MANAGE_RUN', service_principal_name: dev.sp('qa-engineer') },
      { permission_level: 'IS_OWNER', service_principal_name: dev.sp('testing-agent') },
      { permission_level: 'CAN_MANAGE', group_name: 'lakehouse-platform-admins' },
    ]);
    const prod = jobOn('test-jobs', undefined, 'prod');
    expect(prod.acl).toEqual([
      { permission_level: 'CAN_VIEW', service_principal_name: prod.sp('qa-engineer') },
      { permission_level: 'CAN_VIEW', service_principal_name: prod.sp('testing-agent') },
      { permission_level: 'CAN_MANAGE', group_name: 'lakehouse-platform-admins' },
    ]);
  });

  it("never lets a task outlive the row's limit", () => {
    expect(jobOn('test-jobs', 99999).task[0].timeout_seconds).toBe(3600);
    expect(jobOn('test-jobs', 600).task[0].timeout_seconds).toBe(600);
  });

  it("bills the job under its owner's budget policy where the environment names one", () => {
    const billed = modelFrom((d) => {
      d.environments.prod.budgetPolicies['testing-agent'] = 'bp-testing-1';
      d.environments.prod.budgetPolicyRoles['bp-testing-1'] = { managers: [{ group: 'finops' }] };
    });
    const stack = addEnvironmentStacks(Testing.app(), billed).find((s) => s.node.id === 'prod')!;
    addNightlyJob(stack);
    const job = Object.values(JSON.parse(Testing.synth(stack)).resource.databricks_job as Record<string, Data>).find((j) => j.name === 'nightly');
    expect(job.budget_policy_id).toBe('bp-testing-1');
    // Attaching it needs the deployer's User role, which the policy's rule set grants first (DATABRICKS.md "Reviewed again").
    expect(job.depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^databricks_access_control_rule_set\.budget-policies_bp-testing-1_[0-9A-F]{8}$/)]),
    );
  });

  it('refuses a row that is not a job row', () => {
    expect(() => jobOn('spark-interactive')).toThrow(/'spark-interactive' is not a job compute row of the model/);
  });
});
