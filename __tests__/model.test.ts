import { parseModelText as parseModelYaml } from '../src/validation/load';
import { ModelError } from '../src/model/problems';
import { modelJsonSchema } from '../src/model/json-schema';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { problemsOf, modelFrom, referenceData, ROOT, type Data } from './helpers';

/** Asserts the mutation yields a problem at `path` whose message matches `message`. */
function expectProblem(mutate: (data: Data) => void, path: string, message: RegExp): void {
  const problems = problemsOf(mutate);
  expect(problems).toContainEqual(expect.objectContaining({ path, message: expect.stringMatching(message) }));
}

function yamlProblems(text: string): ModelError {
  try {
    parseModelYaml(text, 'team.yaml');
  } catch (error) {
    if (error instanceof ModelError) return error;
    throw error;
  }
  throw new Error('expected the model to be invalid');
}

describe('the reference model', () => {
  it('is valid', () => {
    expect(problemsOf(() => undefined)).toEqual([]);
  });

  it('carries the seed team: 5 core and 11 domain agents', () => {
    const model = modelFrom();
    expect(model.agents.core.map((a) => a.name)).toEqual(['orchestrator', 'project-manager', 'qa-engineer', 'troubleshooter', 'testing-agent']);
    expect(model.agents.domain).toHaveLength(11);
    expect(model.schemas.map((s) => `${s.name}:${s.owner}`)).toEqual([
      'bronze:delta-lake-engineer',
      'silver:delta-lake-engineer',
      'gold:sql-analyst',
      'features:feature-store-engineer',
      'models:mlflow-engineer',
      'monitoring:qa-engineer',
    ]);
    expect(model.tables.length).toBeGreaterThanOrEqual(8);
  });

  it('matches the JSON Schema checked in as stacks/team.schema.json (run npm run schema)', () => {
    const onDisk = JSON.parse(readFileSync(join(ROOT, 'stacks/team.schema.json'), 'utf8'));
    expect(onDisk).toEqual(JSON.parse(JSON.stringify(modelJsonSchema())));
  });
});

describe('validation', () => {
  it('fails on YAML syntax errors with line and column', () => {
    const error = yamlProblems('project:\n  name: x\n  bad: [1, 2\nagents: {}\n');
    expect(error.problems[0]).toMatchObject({ path: '', line: expect.any(Number), column: expect.any(Number) });
    expect(error.problems[0].message).toMatch(/^YAML syntax error/);
    expect(error.message).toMatch(/^team\.yaml is invalid/);
  });

  it('fails on an empty document', () => {
    expect(yamlProblems('# nothing\n').problems[0].message).toMatch(/the model is empty/);
  });

  it('fails on an unknown key, suggesting the known one, with its line', () => {
    const text = readFileSync(join(ROOT, 'stacks/team.yaml'), 'utf8').replace('  ownerTag: owner_agent', '  ownerTg: owner_agent');
    const problem = yamlProblems(text).problems.find((p) => p.path === 'project.ownerTg');
    expect(problem?.message).toBe("unknown key 'ownerTg' (did you mean 'ownerTag'?): remove it or fix its spelling");
    expect(problem?.line).toBe(text.split('\n').findIndex((line) => line.includes('ownerTg')) + 1);
  });

  it('fails when a schema owner is not an agent, suggesting the closest', () => {
    expectProblem((d) => (d.schemas[2].owner = 'sql-analist'), 'schemas[2].owner', /^'sql-analist' is not an agent \(did you mean 'sql-analyst'\?\)/);
  });

  it.each([
    ['catalog.owner', (d: Data) => (d.catalog.owner = 'nobody')],
    ['tables[0].owner', (d: Data) => (d.tables[0].owner = 'nobody')],
    ['models[0].consumers[0]', (d: Data) => (d.models[0].consumers[0] = 'nobody')],
    ['compute[0].agents[0]', (d: Data) => (d.compute[0].agents[0] = 'nobody')],
    ['pipelines[1].runners[0]', (d: Data) => (d.pipelines[1].runners[0] = 'nobody')],
    ['fileOwnership[0].access.nobody', (d: Data) => (d.fileOwnership[0].access.nobody = 'READS')],
    ['governance.deploymentGates[0].agent', (d: Data) => (d.governance.deploymentGates[0].agent = 'nobody')],
    ['roles.workspaceAdmin', (d: Data) => (d.roles.workspaceAdmin = 'nobody')],
  ])('fails when %s names an unknown agent', (path, mutate) => {
    expectProblem(mutate, path, /^'nobody' is not an agent/);
  });

  it.each([
    ['agents', (d: Data) => d.agents.domain.push({ ...d.agents.domain[0] }), 'agents.domain[11].name', /duplicate agent 'unity-catalog-admin'/],
    ['schemas', (d: Data) => d.schemas.push({ ...d.schemas[0] }), 'schemas[6].name', /duplicate schema 'bronze' \(also schemas\[0\]\)/],
    ['tables', (d: Data) => d.tables.push({ ...d.tables[0] }), 'tables[9].name', /duplicate table 'bronze\.raw_orders'/],
    ['pipelines', (d: Data) => d.pipelines.push({ ...d.pipelines[0] }), 'pipelines[4].name', /duplicate pipeline 'bronze-ingest'/],
    ['compute', (d: Data) => d.compute.push({ ...d.compute[0] }), 'compute[5].name', /duplicate compute row 'spark-interactive'/],
  ])('fails on duplicate %s', (_what, mutate, path, message) => {
    expectProblem(mutate, path, message);
  });

  it.each([
    ['spaces', 'raw orders', /\(it contains spaces\): use lowercase letters, digits and underscores, e\.g\. 'raw_orders'/],
    ['dots', 'raw.orders', /\(it contains dots\)/],
    ['backticks', 'raw`orders', /\(it contains quotes or backticks\)/],
    ['quotes', "raw'orders", /\(it contains quotes or backticks\)/],
    ['semicolons', 'raw;drop', /\(it contains semicolons\)/],
    ['control characters', 'raw\u0007orders', /^the text 'raw\\x07orders' holds U\+0007 \(a control character\) at character 4: remove it/],
  ])('fails on a table name with %s', (_what, name, message) => {
    expectProblem((d) => (d.tables[0].name = name), 'tables[0].name', message);
  });

  it('fails on an over-long Unity Catalog name', () => {
    expectProblem((d) => (d.schemas[0].name = 'b'.repeat(256)), 'schemas[0].name', /is longer than 255 characters/);
  });

  it('fails on an agent name that is not a principal-safe name', () => {
    expectProblem(
      (d) => (d.agents.core[0].name = 'Orchestrator Agent'),
      'agents.core[0].name',
      /not a valid agent name \(it contains spaces\): use kebab-case, e\.g\. 'orchestrator-agent'/,
    );
  });

  it('fails on an account group name with a semicolon', () => {
    expectProblem(
      (d) => (d.agents.domain[7].identity.name = 'admins;drop'),
      'agents.domain[7].identity.name',
      /not a valid account group name \(it contains semicolons\)/,
    );
  });

  it('fails on a display name where an application id belongs', () => {
    expectProblem(
      (d) => (d.agents.domain[10].identity.applicationId = 'security engineer'),
      'agents.domain[10].identity.applicationId',
      /is not a service principal application id: use its UUID, not its display name/,
    );
  });

  it('fails on an unknown identity type, suggesting the closest', () => {
    expectProblem((d) => (d.agents.domain[7].identity.type = 'group'), 'agents.domain[7].identity.type', /^'group' is not a valid type/);
  });

  it.each([5, 1441])('fails when auto-termination is %d minutes', (minutes) => {
    expectProblem(
      (d) => (d.compute[0].autoTerminateMinutes = minutes),
      'compute[0].autoTerminateMinutes',
      new RegExp(`^${minutes} is outside 10–1440 minutes`),
    );
  });

  it('fails when a job cluster sets auto-termination', () => {
    expectProblem((d) => (d.compute[3].autoTerminateMinutes = 30), 'compute[3].autoTerminateMinutes', /job clusters terminate on completion/);
  });

  it('fails when a classic warehouse auto-stops in under 10 minutes', () => {
    expectProblem(
      (d) => {
        d.compute[2].warehouse.serverless = false;
        d.compute[2].autoTerminateMinutes = 5;
      },
      'compute[2].autoTerminateMinutes',
      /^5 is outside 10–1440 minutes: a warehouse must auto-stop/,
    );
  });

  it('fails when max runtime is missing', () => {
    expectProblem(
      (d) => delete d.compute[0].maxRuntimeMinutes,
      'compute[0].maxRuntimeMinutes',
      /needs maxRuntimeMinutes, a positive number of minutes/,
    );
  });

  it.each([0, -30])('fails when max runtime is %d', (minutes) => {
    expectProblem(
      (d) => (d.compute[1].maxRuntimeMinutes = minutes),
      'compute[1].maxRuntimeMinutes',
      new RegExp(`^${minutes} is not a positive runtime`),
    );
  });

  it('fails when a pipeline targets a schema that does not exist', () => {
    expectProblem(
      (d) => (d.pipelines[0].target = 'bronz'),
      'pipelines[0].target',
      /^'bronz' is not a schema of this model \(did you mean 'bronze'\?\)/,
    );
  });

  it('fails when a pipeline reads a schema that does not exist', () => {
    expectProblem((d) => (d.pipelines[1].sources = ['raw']), 'pipelines[1].sources[0]', /^'raw' is not a schema of this model/);
  });

  it('fails when a pipeline publishes to the wrong layer', () => {
    expectProblem((d) => (d.pipelines[0].target = 'gold'), 'pipelines[0].target', /a bronze pipeline cannot publish to 'gold' \(gold\)/);
  });

  it('fails when a pipeline owner acts as a group, since pipelines run as a service principal', () => {
    expectProblem((d) => (d.pipelines[0].owner = 'workspace-admin'), 'pipelines[0].owner', /runs as a service principal/);
  });

  it('fails when a classic pipeline has no dlt compute', () => {
    expectProblem((d) => delete d.pipelines[3].compute, 'pipelines[3].compute', /needs compute: name the dlt compute row/);
  });

  it('adds the bronze and silver contract columns when a table omits them', () => {
    const model = modelFrom();
    const names = (schema: string, table: string) => model.tables.find((t) => t.schema === schema && t.name === table)?.columns.map((c) => c.name);
    expect(names('bronze', 'raw_events')).toEqual(expect.arrayContaining(['_ingested_at', '_source_file', '_raw_data']));
    expect(names('silver', 'sessions')).toEqual(expect.arrayContaining(['_bronze_id', '_processed_at', '_is_valid']));
    expect(names('gold', 'daily_revenue')).not.toContain('_ingested_at');
  });

  it('fails when a bronze table declares a contract column with the wrong type', () => {
    expectProblem(
      (d) => d.tables[2].columns.push({ name: '_ingested_at', type: 'STRING' }),
      'tables[2].columns[4].type',
      /^'STRING' breaks the bronze table contract: '_ingested_at' must be TIMESTAMP/,
    );
  });

  it('fails when a feature table has no primary and timestamp keys', () => {
    expectProblem((d) => delete d.tables[8].feature, 'tables[8].feature', /has no feature contract/);
  });

  it('fails when an environment has no catalog name', () => {
    expectProblem((d) => delete d.environments.prod.catalog, 'environments.prod.catalog', /^required but missing: add 'catalog'/);
  });

  it('fails when the workspace URL is not https', () => {
    expectProblem((d) => (d.environments.dev.workspaceUrl = 'http://example.com'), 'environments.dev.workspaceUrl', /is not an https URL/);
  });

  it('fails when ownership moves to agents without naming the deployer', () => {
    expectProblem((d) => delete d.catalog.deployer, 'catalog.deployer', /keeps MANAGE/);
  });

  it('fails when the table warehouse is not a sql-warehouse row', () => {
    expectProblem((d) => (d.catalog.tableWarehouse = 'spark-interactive'), 'catalog.tableWarehouse', /is not a sql-warehouse compute row/);
  });

  it('fails when a suppression has no real reason', () => {
    expectProblem(
      (d) => (d.suppressions = [{ rule: 'DAC-UC1', resource: 'dev', reason: 'because' }]),
      'suppressions[0].reason',
      /at least 10 characters/,
    );
  });

  it('reports schema and cross-reference problems in one pass', () => {
    const problems = problemsOf((d) => {
      d.project.ownerTg = 'x';
      d.schemas[0].owner = 'nobody';
    });
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(['project.ownerTg', 'schemas[0].owner']));
  });

  it('keeps item indices as written when an item before the faulty reference is rejected', () => {
    const problems = problemsOf((d) => {
      d.tables[0].name = 'bad name';
      d.tables[3].owner = 'nobody';
    });
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(['tables[0].name', 'tables[3].owner']));
  });

  it('does not mutate the data it validates', () => {
    const data = referenceData();
    const before = JSON.stringify(data);
    modelFrom(() => undefined);
    expect(JSON.stringify(data)).toBe(before);
  });
});
