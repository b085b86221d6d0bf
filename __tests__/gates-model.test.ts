// The tables' gates and the schemas' volumes as the model takes them: defaults resolved, bad input refused with the
// path and the fix. Reference indexes: tables 0 raw_orders (bronze, pipeline bronze-ingest), 3 orders (silver, pipeline
// silver-clean on dlt-classic: 180 minutes), 6 daily_revenue (gold), 8 customer_features (features); schemas 0 bronze.
import { quoteIdentifier, stringLiteral } from '../src/model/sql-text';
import { modelFrom, problemsOf, type Data } from './helpers';
import { tableGates } from '../src/model/gates';

const only = (mutate: (d: Data) => void) => problemsOf(mutate).map((p) => `${p.path}: ${p.message}`);

describe('gates in the reference model', () => {
  const model = modelFrom();

  it('defaults the freshness column to the layer arrival column and the monitor column to the feature timestamp key', () => {
    const byName = new Map(model.tables.map((table) => [table.name, table]));
    expect(byName.get('raw_orders')?.gates?.freshness).toEqual({ maxAgeMinutes: 120, column: '_ingested_at' });
    expect(byName.get('customer_features')?.gates?.freshness?.column).toBe('feature_timestamp');
    expect(byName.get('customer_features')?.gates?.monitor).toEqual({
      type: 'time-series',
      timestampColumn: 'feature_timestamp',
      granularity: '1 day',
    });
    expect(byName.get('daily_revenue')?.gates?.freshness?.column).toBe('_refreshed_at');
  });

  it('has freshness on every bronze and gold table, row counts on gold, a time-series monitor on a feature table', () => {
    const gates = tableGates(model);
    const kinds = (kind: string) => gates.filter((gate) => gate.kind === kind).map((gate) => gate.table);
    for (const table of model.tables.filter((t) => t.schema === 'bronze' || t.schema === 'gold')) {
      expect(kinds('freshness')).toContain(`${table.schema}.${table.name}`);
    }
    expect(kinds('row-count')).toEqual(['gold.daily_revenue', 'gold.customer_lifetime_value']);
    expect(kinds('monitor')).toEqual(['features.customer_features']);
  });

  it('runs each gate as the agent of the governance gate that observes its kind', () => {
    const agents = new Map(tableGates(model).map((gate) => [gate.kind, gate.agent]));
    expect(Object.fromEntries(agents)).toEqual({ freshness: 'testing-agent', 'row-count': 'testing-agent', monitor: 'qa-engineer' });
  });

  it('defaults the cost dashboard viewers to the workspace admin and the orchestrator', () => {
    expect(modelFrom((d) => delete d.observability.costDashboard).observability.costDashboard.viewers).toEqual(['workspace-admin', 'orchestrator']);
  });

  it('keeps a volume managed unless it names a storage location', () => {
    const bronze = model.schemas.find((schema) => schema.name === 'bronze');
    expect(bronze?.volumes).toEqual([
      expect.objectContaining({
        name: 'landing',
        owner: 'data-connector-specialist',
        readers: ['etl-pipeline-architect', 'troubleshooter'],
        writers: [],
      }),
    ]);
    expect(bronze?.volumes[0].storageLocation).toBeUndefined();
  });
});

describe('bad gates and volumes are refused with the path and the fix', () => {
  it.each<[string, (d: Data) => void, string]>([
    [
      'a freshness column that does not exist',
      (d) => (d.tables[6].gates.freshness.column = 'refreshed'),
      "tables[6].gates.freshness.column: 'refreshed' is not a column of 'daily_revenue': name a TIMESTAMP column",
    ],
    [
      'a freshness column that is no timestamp',
      (d) => (d.tables[6].gates.freshness.column = 'day'),
      "tables[6].gates.freshness.column: 'day' is DATE: freshness reads a TIMESTAMP column",
    ],
    [
      'a gold table without a named freshness column',
      (d) => delete d.tables[6].gates.freshness.column,
      'tables[6].gates.freshness.column: a gold table has no arrival column: name the TIMESTAMP column freshness reads',
    ],
    [
      "a freshness shorter than the pipeline's updates may take",
      (d) => {
        d.agents.domain[6].contact = 'etl@example.com';
        d.tables[3].gates = { freshness: { maxAgeMinutes: 180 } };
      },
      "tables[3].gates.freshness.maxAgeMinutes: 180 minutes is within one update of pipeline 'silver-clean' (up to 180 minutes): allow more than 180 minutes",
    ],
    [
      'a freshness shorter than the alert evaluates',
      (d) => (d.tables[0].gates.freshness.maxAgeMinutes = 5),
      'tables[0].gates.freshness.maxAgeMinutes: a freshness gate must allow at least 15 minutes, how often its alert evaluates (got 5)',
    ],
    ['a row count of zero', (d) => (d.tables[6].gates.minRows = 0), 'tables[6].gates.minRows: minRows must be at least 1 (got 0)'],
    [
      "a monitor's timestamp column of the wrong type",
      (d) => (d.tables[8].gates.monitor.timestampColumn = 'total_purchases'),
      "tables[8].gates.monitor.timestampColumn: 'total_purchases' is INT: a time-series monitor needs a TIMESTAMP column",
    ],
    [
      'a gated table whose owner has no contact',
      (d) => delete d.agents.domain[5].contact,
      "tables[0].owner: 'data-connector-specialist' owns a gated table but has no contact: give the agent a contact e-mail, which its alerts and monitors notify",
    ],
    [
      'freshness gates nobody observes',
      (d) => delete d.governance.taskVerificationGates[5].observes,
      "governance.taskVerificationGates: tables have freshness gates but no governance gate observes them: add 'observes: freshness' to the gate whose agent answers for them",
    ],
    [
      'an alert agent that cannot use the warehouse',
      (d) => (d.compute[2].agents = d.compute[2].agents.filter((a: string) => a !== 'testing-agent')),
      "governance.taskVerificationGates[5].observes: 'testing-agent' runs the freshness alerts but cannot use warehouse 'analytics-warehouse': add it to that row's agents",
    ],
    [
      'a monitoring schema of another layer',
      (d) => (d.observability.monitorSchema = 'gold'),
      "observability.monitorSchema: 'gold' is a gold schema: monitors write to a schema whose layer is monitoring",
    ],
    [
      'a monitoring schema the quality engineer does not own',
      (d) => (d.schemas[5].owner = 'testing-agent'),
      "observability.monitorSchema: 'monitoring' belongs to 'testing-agent': the monitoring schema belongs to the quality-engineer role 'qa-engineer'",
    ],
    [
      'a volume owner that is not an agent',
      (d) => (d.schemas[0].volumes[0].owner = 'ingest-bot'),
      "schemas[0].volumes[0].owner: 'ingest-bot' is not an agent: name one of agents.core or agents.domain",
    ],
    [
      'a volume named like a table of its schema',
      (d) => (d.schemas[0].volumes[0].name = 'raw_orders'),
      "schemas[0].volumes[0].name: 'raw_orders' is also a table of 'bronze': give the volume its own name",
    ],
    [
      'file ownership inside the observability folder',
      (d) => d.fileOwnership.push({ pattern: 'observability/**', access: { orchestrator: 'OWNS' } }),
      "fileOwnership[18].pattern: 'observability/**' is inside observability folder 'observability', which no agent may edit: move it or rename observability.folder",
    ],
  ])('%s', (_name, mutate, expected) => {
    // One problem may repeat for each table or kind it touches: the first names the path and the fix.
    expect(only(mutate)[0]).toEqual(expected);
    const fix = expected.slice(expected.lastIndexOf(':'));
    expect(only(mutate).filter((line) => !line.endsWith(fix))).toEqual([]);
  });
});

describe('monitors need an owner to create them', () => {
  it('refuses a monitor on a pipeline table when agents own the catalog', () => {
    expect(only((d) => (d.tables[6].gates.monitor = { type: 'snapshot' }))).toEqual([
      "tables[6].gates.monitor: 'daily_revenue' belongs to pipeline 'gold-aggregates', and only an owner of the table, its schema or catalog creates a monitor: with catalog.ownership 'agents' the deploying identity owns none of them, so monitor a table the stack declares (no pipeline)",
    ]);
    expect(only((d) => ((d.tables[6].gates.monitor = { type: 'snapshot' }), (d.catalog.ownership = 'deployer')))).toEqual([]);
  });
});

describe('SQL text built for alerts and the dashboard', () => {
  it('escapes quotes in string literals with a backslash and doubles backticks in identifiers', () => {
    // Databricks SQL "STRING type": `\'` escapes a quote ('a''b' would be two adjacent literals); "Identifiers": `` doubles.
    expect(stringLiteral("it's a \\ path")).toBe("'it\\'s a \\\\ path'");
    expect(quoteIdentifier('we`ird')).toBe('`we``ird`');
  });
});
