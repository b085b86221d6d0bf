// One agent's brief: every element it promises, checked against the synthesized plan, for agents that use compute
// they do not own (qa-engineer: the sql-analyst's warehouse and the testing-agent's job row; troubleshooter;
// mlflow-engineer), and far smaller than the whole contract.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parse } from 'handlebars';
import { buildBriefContext, renderBrief } from '../src/contract/brief';
import { BriefContextSchema } from '../src/contract/context-schema';
import { builtInTemplates, renderContract } from '../src/contract/render';
import { checkTemplate } from '../src/contract/template-check';
import { allAgents } from '../src/model/types';
import { approxTokens, sectionOf, tableUnder } from './contract-tables';
import { modelFrom, synth, ROOT, type Data, teamOf } from './helpers';

const model = modelFrom();
const brief = (agent: string, env = 'dev') => renderBrief(teamOf(model, env), agent);
const run = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/agent-contract.js'), ...args], { cwd: ROOT, encoding: 'utf8' });

/** The brief's slice: between its preamble and the rules for everyone — what CONTRACT.md embeds per agent. */
const sliceOf = (text: string) => text.slice(text.indexOf(`\n**`) + 1, text.indexOf('\n## Rules for Everyone')).trim();

describe.each(['dev', 'prod'])("qa-engineer's brief in %s", (env) => {
  const text = brief('qa-engineer', env);
  const plan = synth(model, env);
  const ref = (agent: string) => plan.principalOf(agent);
  const holders = (acl: Data[], principal: string) =>
    acl.filter((entry) => (entry.service_principal_name ?? entry.group_name) === principal).map((entry) => entry.permission_level);

  it('states its identity: name, model, role and the principal the plan creates for it', () => {
    expect(text).toContain('# Brief: qa-engineer\n');
    expect(text).toContain('**qa-engineer** (core agent, claude-sonnet-4): Runs data quality checks and validates fixes before release.');
    expect(text).toContain('- Role: quality engineer: views every pipeline by default');
    const principal = plan.byPath('databricks_service_principal')['identities/qa-engineer'];
    expect(text).toContain(`- Acts as service principal \`${principal.display_name}\` (created by the stack)`);
  });

  it('states what it may read, with exactly the privileges the grants give it and why', () => {
    // Its first table is what it owns: the monitoring schema (the quality monitors' output, DATABRICKS.md "Resources for gates").
    expect(tableUnder(text, `Brief: qa-engineer`).rows).toEqual([['Schema', `\`lakehouse_${env}.monitoring\``, 'OWNER', 'Unity Catalog grant']]);
    const rows = tableUnder(text, `Brief: qa-engineer`, 1).rows;
    const grants = plan.byPath('databricks_grants');
    const read = model.schemas.filter((s) => s.owner !== 'qa-engineer');
    expect(rows.map((r) => r[0])).toEqual([`\`lakehouse_${env}\``, ...read.map((s) => `\`lakehouse_${env}.${s.name}\``)]);
    for (const [securable, privileges, why] of rows) {
      const name = securable.replace(/`/g, '').split('.')[1];
      const resource = grants[name ? `unity-catalog/schema-${name}/grants/grants` : 'unity-catalog/catalog/grants/grants'];
      const grant = (resource.grant as Data[]).find((g) => g.principal === ref('qa-engineer'));
      expect({ securable, privileges: grant.privileges.join(', ') }).toEqual({ securable, privileges });
      expect(why).toMatch(name ? new RegExp(`^reader of ${name}$`) : /^access below the catalog$/);
    }
    // It owns no pipeline or compute row.
  });

  it("states the warehouse it uses but does not own, with the plan's size, clusters, auto-stop and its CAN_USE", () => {
    const warehouse = plan.byPath('databricks_sql_endpoint')['compute/warehouse-analytics-warehouse/warehouse'];
    expect(text).toContain(`- **analytics-warehouse** (SQL Warehouse, row owner sql-analyst): warehouse \`${warehouse.name}\`, CAN_USE`);
    expect(text).toContain(
      `  - *workspace permission*: size ${warehouse.cluster_size}, serverless, ${warehouse.min_num_clusters}–${warehouse.max_num_clusters} clusters, auto-stop after ${warehouse.auto_stop_mins} idle min; only workspace-admin may change them (CAN_MANAGE)`,
    );
    // CAN_USE runs queries; only CAN_MANAGE edits a warehouse (Databricks docs, "SQL warehouse ACLs").
    expect(
      holders(plan.byPath('databricks_permissions')['compute/warehouse-analytics-warehouse/permissions'].access_control, ref('qa-engineer')),
    ).toEqual(['CAN_USE']);
  });

  it("states the job row it uses but does not own, with its own policy's caps and the row's runtime", () => {
    const policy = plan.byPath('databricks_cluster_policy')['compute/policy-test-jobs/agent-qa-engineer/policy'];
    const rules = JSON.parse(policy.definition);
    expect(text).toContain(`- **test-jobs** (Job cluster, row owner testing-agent): policy \`${policy.name}\`, CAN_USE`);
    expect(text).toContain(
      `  - *cluster policy*: workers ≤ ${rules.num_workers.maxValue}, DBUs any, node types any, ${policy.max_clusters_per_user} clusters at a time, access mode single user (the agent), tags owner_agent=qa-engineer and compute=test-jobs`,
    );
    expect(rules['custom_tags.owner_agent'].value).toBe('qa-engineer');
    const parameters: string[] = plan.byPath('databricks_job')['compute/runtime-guard/job'].task[0].spark_python_task.parameters;
    expect(JSON.parse(parameters[parameters.indexOf('--limits') + 1])['test-jobs']).toBe(60);
    expect(text).toContain('  - *runtime guard*: job runs cancelled 1 hour after they start (checked every 15 minutes)');
    expect(text).toContain('  - *job timeout*: jobs the stack deploys on this row (GovernedJob) time out after 1 hour, the job and each task');
    expect(
      holders(plan.byPath('databricks_permissions')['compute/policy-test-jobs/agent-qa-engineer/permissions'].access_control, ref('qa-engineer')),
    ).toEqual(['CAN_USE']);
  });

  it("states the jobs it may touch: GovernedJob's permissions for this environment", () => {
    expect(text).toContain(
      `- jobs the stack deploys on test-jobs (GovernedJob), run as testing-agent: ${env === 'prod' ? 'CAN_VIEW' : 'CAN_MANAGE_RUN'}`,
    );
  });

  it("states the pipelines it views, with the plan's names and its CAN_VIEW", () => {
    const rows = tableUnder(text, 'Brief: qa-engineer', 2).rows;
    expect(rows.map((r) => [r[0], r[2]])).toEqual(model.pipelines.map((p) => [p.name, 'CAN_VIEW']));
    for (const [name, resource] of rows) {
      expect(resource).toBe(`\`${plan.byPath('databricks_pipeline')[`pipeline-${name}/pipeline`].name}\``);
      // CAN_VIEW sees the pipeline and its updates; CAN_RUN would also start and stop them (Databricks docs, "Pipeline ACLs").
      expect(holders(plan.byPath('databricks_permissions')[`pipeline-${name}/permissions`].access_control, ref('qa-engineer'))).toEqual(['CAN_VIEW']);
    }
  });

  it('states the files it reads, with the workspace folder and CAN_READ where the pattern has one', () => {
    const files = text.slice(text.indexOf('Files read:'), text.indexOf('Gates you answer for'));
    const expected = model.fileOwnership.filter((entry) => entry.access['qa-engineer'] === 'READS').map((entry) => `\`${entry.pattern}\``);
    expect(
      files
        .split('\n')
        .filter((line) => line.startsWith('- '))
        .map((line) => line.slice(2).split(': ')[0]),
    ).toEqual(expected);
    expect(files).toContain('- `docs/**/*`: folder `/lakehouse-agents/docs` (CAN_READ)');
    expect(files).toContain('- `*.md`: repository only');
    // CAN_READ on a folder lets its holder open, not edit, what is in it (Databricks docs, "Folder ACLs").
    const acl = plan.byPath('databricks_permissions')['workspace/root/dir-docs/permissions'].access_control as Data[];
    expect(holders(acl, ref('qa-engineer'))).toEqual(['CAN_READ']);
    // The one file it owns is the status board every agent updates (repository.statusFile).
    expect(text).toContain('Files owned');
    expect(model.fileOwnership.filter((entry) => entry.access['qa-engineer'] === 'OWNS').map((entry) => entry.pattern)).toEqual([
      '.claude/STATUS.md',
    ]);
  });

  it('states its escalation chain', () => {
    expect(text).toContain('- Escalates to orchestrator → main agent (user session)');
  });

  it('states the gates and emergency steps it answers for, and only those', () => {
    expect(tableUnder(text, 'Brief: qa-engineer', 3).rows).toEqual([
      ['Before any deployment', 'Data quality checks', 'Yes', `quality monitor on \`lakehouse_${env}.features.customer_features\``],
    ]);
    expect(text).toContain(
      'Emergency procedures (*agreement*):\n- Data Quality Incident, step 1: identifies issue\n- Pipeline Failure, step 5: validates the fix\n',
    );
  });

  it('ends with the rules that apply to everyone', () => {
    const rules = sectionOf(text, 'Rules for Everyone');
    expect(rules).toContain('- Escalate to orchestrator; subagents propose, orchestrator or the main agent approves (*agreement*).');
    expect(rules).toContain('- Max verification attempts: 3, then Orchestrator → User (*agreement*)');
    expect(rules).toContain('- All SQL queries must use partition pruning (*agreement*)');
    expect(rules).toContain('| Same notebook | **NEVER** concurrent edits | agreement |');
    expect(rules).toContain('| Shared data | Coordinate via orchestrator | agreement |');
  });
});

describe('briefs of other agents that use compute they do not own', () => {
  it('troubleshooter: its own policy on the spark row, the pipeline it may run, the folders it owns', () => {
    const text = brief('troubleshooter');
    expect(text).toContain(
      '- **spark-interactive** (All-purpose, row owner spark-developer): policy `lakehouse-agents-dev-spark-interactive.troubleshooter`, CAN_USE',
    );
    expect(text).toContain(
      '  - *cluster policy*: auto-terminate after 60 idle min, workers ≤ 8, DBUs ≤ 20/hour, node types any, 1 cluster at a time',
    );
    expect(text).toContain('  - *runtime guard*: clusters terminated 4 hours after their latest (re)start');
    expect(text).toContain(
      '| silver-clean | `lakehouse-agents-dev-silver-clean` | CAN_RUN | `lakehouse_dev.silver` | Serverless (runtime of dlt-classic) |',
    );
    expect(text).toContain('- `src/**/*`: folder `/lakehouse-agents/src` (CAN_MANAGE)');
    expect(text).not.toContain('Gates you answer for');
  });

  it('mlflow-engineer: GPU node types and runtimes on the GPU row, and the dlt row its pipeline runs on', () => {
    const text = brief('mlflow-engineer');
    const plan = synth(model, 'dev');
    const gpu = JSON.parse(plan.byPath('databricks_cluster_policy')['compute/policy-ml-training-gpu/agent-mlflow-engineer/policy'].definition);
    expect(text).toContain(`node types ${gpu.node_type_id.values.join(', ')}, GPU ML runtimes only (\`${gpu.spark_version.pattern}\`)`);
    expect(text).toContain(
      '- **dlt-classic** (DLT cluster, row owner etl-pipeline-architect): policy `lakehouse-agents-dev-dlt-classic.mlflow-engineer`, CAN_USE',
    );
    expect(text).toContain('  - *runtime guard*: pipeline updates stopped 3 hours after they start');
    expect(text).toContain('| Pipeline | `lakehouse-agents-dev-ml-feature-refresh` | IS_OWNER, runs as you | workspace permission |');
    expect(text).toContain('| Registered model | `lakehouse_dev.models.churn_predictor` | OWNER | Unity Catalog grant |');
  });

  it('workspace-admin: CAN_MANAGE on the warehouse and the jobs, view on the runtime guard', () => {
    const text = brief('workspace-admin', 'prod');
    expect(text).toContain('- Acts as account group `lakehouse-platform-admins`; contact platform-admins@example.com');
    expect(text).toContain('warehouse `lakehouse-agents-prod-analytics-warehouse`, CAN_MANAGE');
    expect(text).toContain('- jobs the stack deploys on test-jobs (GovernedJob), run as testing-agent: CAN_MANAGE');
    expect(text).toContain(
      '- runtime guard `lakehouse-agents-prod-runtime-guard` (its failures are mailed to your contact), run as lakehouse-agents-runtime-guard: CAN_VIEW',
    );
  });
});

describe('every brief', () => {
  const contract = renderContract(teamOf(model, 'dev'));

  it.each(allAgents(model).map((agent) => agent.name))("%s's slice is its section in CONTRACT.md, far smaller than the whole", (agent) => {
    const text = brief(agent);
    const section = sectionOf(contract, `Brief: ${agent}`)
      .replace(/^### Brief: .*\n/, '')
      .replace(/\n---\s*$/, '')
      .trim();
    expect(sliceOf(text)).toBe(section);
    expect(approxTokens(text)).toBeLessThan(approxTokens(contract) / 10);
  });

  it('renders byte-identically twice', () => {
    expect(renderBrief(teamOf(modelFrom(), 'dev'), 'qa-engineer')).toBe(brief('qa-engineer'));
  });

  it('builds exactly the context the schema declares, from a template that passes the template check', () => {
    for (const agent of allAgents(model)) expect(() => BriefContextSchema.parse(buildBriefContext(teamOf(model, 'prod'), agent.name))).not.toThrow();
    const templates = builtInTemplates();
    expect(checkTemplate(templates.brief, BriefContextSchema, templates.partials, parse)).toEqual([]);
  });
});

describe('agent-contract brief', () => {
  it('prints the brief with exit 0', () => {
    const result = run('brief', '--env', 'dev', '--agent', 'qa-engineer');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(renderBrief(teamOf(model, 'dev'), 'qa-engineer', { modelPath: 'stacks/team.yaml' }));
    expect(result.stdout.split('\n')[0]).toBe(
      '<!-- Generated by databricks-agent-contract from stacks/team.yaml (environment dev): `npx agent-contract brief stacks/team.yaml --env dev --agent qa-engineer`. Do not edit: change the model. -->',
    );
  });

  it('exits 2 for an unknown agent, naming the closest, and without --agent', () => {
    const unknown = run('brief', '--env', 'dev', '--agent', 'qa-enginer');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/'qa-enginer' is not an agent of the model \(did you mean 'qa-engineer'\?\)/);
    const missing = run('brief', '--env', 'dev');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--agent is required/);
  });
});
