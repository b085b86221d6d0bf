// Model validation beyond the schema: cross-references and the Databricks constraints a model must meet before any
// stack is built. Each case changes the reference model in one place and expects exactly the problem that names it.
import { problemsOf, type Data } from './helpers';

// Reference indexes: tables 2 raw_events (bronze), 5 sessions (silver), 6 daily_revenue (gold, made by pipeline
// gold-aggregates), 8 customer_features (features); pipelines 0 bronze-ingest (glob), 1 silver-clean; compute 2
// analytics-warehouse (sql-warehouse).
const cases: [string, (d: Data) => void, string, string][] = [
  [
    'a duplicate column',
    (d) => d.tables[5].columns.push({ name: 'session_id', type: 'STRING' }),
    'tables[5].columns[4].name',
    "duplicate column 'session_id': give each column a unique name",
  ],
  // Delta column names are case-insensitive (Databricks docs, "Delta Lake" column names).
  [
    'two columns that differ only in case',
    (d) => d.tables[5].columns.push({ name: 'Session_ID', type: 'STRING' }),
    'tables[5].columns[4].name',
    "'Session_ID' and 'session_id' are one column to Delta, which ignores case: give each column a unique name",
  ],
  [
    'a contract column spelled in another case',
    (d) => d.tables[2].columns.push({ name: '_Ingested_At', type: 'TIMESTAMP' }),
    'tables[2].columns[4].name',
    "'_Ingested_At' is the bronze contract column '_ingested_at' in another case: spell it '_ingested_at' (or omit it and it is added for you)",
  ],
  [
    'a feature timestamp key that is not a timestamp',
    (d) => (d.tables[8].feature.timestampKey = 'customer_id'),
    'tables[8].feature.timestampKey',
    "'customer_id' is STRING: a timestamp key must be TIMESTAMP for point-in-time lookups",
  ],
  [
    'table readers of a table a pipeline creates',
    (d) => (d.tables[6].readers = ['orchestrator']),
    'tables[6].readers',
    "'daily_revenue' is created by pipeline 'gold-aggregates', so table-level grants cannot be managed before it runs: list its readers on schema 'gold'",
  ],
  [
    'a model registered in a gold schema',
    (d) => (d.models[0].schema = 'gold'),
    'models[0].schema',
    "'gold' is a gold schema: register models in a schema whose layer is models",
  ],
  [
    'a pipeline reading its own target',
    (d) => d.pipelines[1].sources.push('silver'),
    'pipelines[1].sources',
    "'silver' is the pipeline's own target: list only the schemas it reads",
  ],
  [
    'a pipeline on job compute',
    (d) => (d.pipelines[1].compute = 'test-jobs'),
    'pipelines[1].compute',
    "'test-jobs' is job compute: a pipeline needs a dlt compute row",
  ],
  [
    'a pipeline whose owner may not use its compute row',
    (d) => (d.pipelines[0].compute = 'dlt-classic'),
    'pipelines[0].compute',
    "'data-connector-specialist' may not use 'dlt-classic': add it to compute 'dlt-classic'.agents",
  ],
  // Libraries: notebook, file or glob, and glob not mixed with the others (DATABRICKS.md "Pipelines").
  [
    'a glob library mixed with a notebook',
    (d) => d.pipelines[0].libraries.push({ notebook: 'pipelines/bronze/x' }),
    'pipelines[0].libraries',
    'glob libraries cannot be mixed with notebook or file libraries: use only globs or only paths',
  ],
  [
    'a file-ownership folder where the contract file is deployed',
    (d) => d.fileOwnership.push({ pattern: 'CONTRACT.md/**', access: { orchestrator: 'OWNS' } }),
    'fileOwnership[18].pattern',
    "'CONTRACT.md/**' would make a folder where the stack deploys the contract file, <root>/CONTRACT.md: rename the folder",
  ],
  [
    'an owner tag the stack sets itself',
    (d) => (d.project.ownerTag = 'compute'),
    'project.ownerTag',
    "'compute' is a tag the stack already sets on every cluster, job and pipeline: pick another, e.g. 'owner_agent'",
  ],
  [
    'a workspace bound twice',
    (d) =>
      (d.environments.dev.workspaceBindings = [
        { workspaceId: 111, access: 'read-only' },
        { workspaceId: 111, access: 'read-write' },
      ]),
    'environments.dev.workspaceBindings[1].workspaceId',
    'workspace 111 is bound twice: keep one binding',
  ],
  // Setting run_as needs servicePrincipal.user, granted by rule sets whose name holds the account id (DATABRICKS.md "Identity, isolation").
  [
    'an environment without the account id its run-as identities need',
    (d) => delete d.environments.dev.accountId,
    'environments.dev.accountId',
    "required: pipelines 'bronze-ingest', 'silver-clean', 'gold-aggregates', 'ml-feature-refresh' run as service principals this stack creates",
  ],
];

describe('model validation', () => {
  it.each(cases)('refuses %s', (_what, mutate, path, message) => {
    expect(problemsOf(mutate)).toContainEqual({ path, message: expect.stringContaining(message) });
  });

  it.each([
    [
      'core',
      (d: Data) => d.agents.core.push({ name: 'runtime-guard', model: 'claude-haiku-4', description: 'Watches runtimes.' }),
      'agents.core[5].name',
    ],
    [
      'domain',
      (d: Data) => d.agents.domain.push({ name: 'runtime-guard', model: 'claude-haiku-4', description: 'Watches runtimes.' }),
      `agents.domain[11].name`,
    ],
  ])("refuses a %s agent named after the runtime guard's own identity", (_group, mutate, path) => {
    expect(problemsOf(mutate)).toContainEqual({
      path,
      message: expect.stringMatching(/^'runtime-guard' names the runtime guard's own service principal/),
    });
  });

  it('refuses a name every JavaScript object already has', () => {
    expect(problemsOf((d) => (d.pipelines[0].name = 'constructor'))).toContainEqual({
      path: 'pipelines[0].name',
      message: "'constructor' is reserved (every JavaScript object has it, so it would collide with its own resources): pick another name",
    });
  });

  // Policy and warehouse names are capped at 100 characters (Go SDK compute.CreatePolicy.Name, sql.CreateWarehouseRequest.Name,
  // as src/model/checks/names.ts cites them).
  it('refuses a warehouse or policy name over the 100 characters Databricks takes', () => {
    const problems = problemsOf((d) => {
      d.project.name = 'p'.repeat(60);
      d.compute[2].name = 'w'.repeat(40);
      d.catalog.tableWarehouse = d.compute[2].name;
      d.compute[0].name = 's'.repeat(50);
    });
    expect(problems).toContainEqual({
      path: 'compute[2].name',
      message: expect.stringMatching(/^the warehouse name 'p{60}-prod-w{40}' is 106 characters, over Databricks' 100: shorten the project/),
    });
    expect(problems).toContainEqual({
      path: 'compute[0].name',
      message: expect.stringMatching(/^the cluster policy name '.*' is \d+ characters, over Databricks' 100/),
    });
  });
});
