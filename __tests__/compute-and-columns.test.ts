// Two places where a model or plan change meets what Databricks accepts: the compute rows' limits (validation
// refuses what the stack could not enforce) and the column changes of a table between two plans (the access diff
// marks what the provider refuses or what loses data).
import { compareColumns } from '../src/plan-diff/table-columns';
import { problemsOf, type Data } from './helpers';

describe('compute rows', () => {
  // Reference rows: 0 spark-interactive (all-purpose), 1 ml-training-gpu, 2 analytics-warehouse (serverless sql-warehouse),
  // 3 test-jobs (job), 4 dlt-classic (dlt).
  it.each([
    [
      'an all-purpose row without an idle timeout',
      (d: Data) => delete d.compute[0].autoTerminateMinutes,
      'compute[0].autoTerminateMinutes',
      "all-purpose compute 'spark-interactive' needs autoTerminateMinutes (10–1440)",
    ],
    // auto_stop_mins: 0 never stops, the default is 120 (DATABRICKS.md "Jobs and SQL warehouses").
    [
      'a warehouse without an auto-stop',
      (d: Data) => delete d.compute[2].autoTerminateMinutes,
      'compute[2].autoTerminateMinutes',
      "sql-warehouse 'analytics-warehouse' needs autoTerminateMinutes (its auto-stop, 1–1440)",
    ],
    // Classic and pro warehouses need 0 or at least 10 minutes (DATABRICKS.md "Jobs and SQL warehouses").
    [
      'a classic warehouse stopping after 5 minutes',
      (d: Data) => Object.assign(d.compute[2], { autoTerminateMinutes: 5, warehouse: { ...d.compute[2].warehouse, serverless: false } }),
      'compute[2].autoTerminateMinutes',
      '5 is outside 10–1440 minutes: a warehouse must auto-stop within that range',
    ],
    [
      'a warehouse with a runtime cap',
      (d: Data) => (d.compute[2].maxRuntimeMinutes = 60),
      'compute[2].maxRuntimeMinutes',
      'a sql-warehouse auto-stops and has no runtime cap: remove maxRuntimeMinutes',
    ],
    [
      'a warehouse with a worker cap',
      (d: Data) => (d.compute[2].maxWorkers = 4),
      'compute[2].maxWorkers',
      'a sql-warehouse is sized by warehouse.size and warehouse.maxClusters: remove the cluster caps',
    ],
    [
      'a warehouse with a DBU cap',
      (d: Data) => (d.compute[2].dbusPerHour = 4),
      'compute[2].dbusPerHour',
      'a sql-warehouse is sized by warehouse.size and warehouse.maxClusters: remove the cluster caps',
    ],
    [
      'warehouse settings on a job row',
      (d: Data) => (d.compute[3].warehouse = { size: 'Small' }),
      'compute[3].warehouse',
      "only sql-warehouse compute takes warehouse settings; 'test-jobs' is job: remove warehouse",
    ],
    [
      'gpu settings on an all-purpose row',
      (d: Data) => (d.compute[0].gpu = { nodeTypes: ['Standard_NC6s_v3'], sparkVersionPattern: '^15\\.4\\.x-gpu-ml-scala2\\.12$' }),
      'compute[0].gpu',
      "only gpu compute takes gpu settings; 'spark-interactive' is all-purpose: remove gpu",
    ],
    // Job clusters do not support autotermination_minutes (DATABRICKS.md "Cluster policies").
    [
      'an idle timeout on a job row',
      (d: Data) => (d.compute[3].autoTerminateMinutes = 30),
      'compute[3].autoTerminateMinutes',
      'job clusters terminate on completion and reject autoTerminateMinutes: remove it',
    ],
    [
      'a job row without a runtime cap',
      (d: Data) => delete d.compute[3].maxRuntimeMinutes,
      'compute[3].maxRuntimeMinutes',
      "job compute 'test-jobs' needs maxRuntimeMinutes, a positive number of minutes",
    ],
  ])('refuses %s', (_what, mutate, path, message) => {
    expect(problemsOf(mutate)).toContainEqual({ path, message });
  });

  // Only classic and pro warehouses need at least 10 minutes (DATABRICKS.md "Jobs and SQL warehouses").
  it('lets a serverless warehouse stop after a minute', () => {
    expect(problemsOf((d) => (d.compute[2].autoTerminateMinutes = 1))).toEqual([]);
  });

  it.each([
    ['an agent', 'agents', (d: Data) => d.compute[1].agents.push('workspace-admin')],
    ['the owner', 'owner', (d: Data) => (d.compute[1].owner = 'workspace-admin')],
  ])('refuses an account group as %s of a GPU row', (_what, key, mutate) => {
    // GPU ML runtimes need dedicated (single-user) access, which the stack gives service principals only
    // (data_security_mode, DATABRICKS.md "Identity, isolation and the guard's rights").
    expect(problemsOf(mutate)).toContainEqual({
      path: `compute[1].${key}`,
      message:
        "'workspace-admin' acts as an account group, but GPU ML runtimes need a cluster dedicated to one principal: give it a service-principal identity",
    });
  });
});

describe('table column changes between two plans', () => {
  const col = (name: string, extra: Partial<{ type: string | undefined; nullable: boolean; comment: string; identity: string }> = {}) => ({
    name,
    type: 'STRING' as string | undefined,
    nullable: true,
    comment: '',
    identity: '',
    ...extra,
  });

  // databricks_sql_table compares columns by position: with the same count it renames by position, with another count
  // it adds and drops by name; type and identity changes are refused (resource_sql_table.go v1.99.0, DATABRICKS.md "Tables").
  it('sees no change when nothing changes, when a type is computed, or when a type is spelled as an alias', () => {
    expect(compareColumns([col('a'), col('b')], [col('a'), col('b')])).toEqual({ destructive: [], other: [] });
    expect(compareColumns([col('a', { type: undefined })], [col('a', { type: 'INT' })])).toEqual({ destructive: [], other: [] });
    expect(
      compareColumns(
        [col('a', { type: 'INTEGER' }), col('b', { type: 'decimal' })],
        [col('a', { type: 'int' }), col('b', { type: 'DECIMAL(10,0)' })],
      ),
    ).toEqual({ destructive: [], other: [] });
  });

  // SET NOT NULL fails while the column holds NULLs (Databricks docs, "Constraints on Databricks": NOT NULL).
  it('lists nullability and comment changes as contract changes', () => {
    expect(compareColumns([col('a'), col('b', { nullable: false })], [col('a', { nullable: false }), col('b')]).other).toEqual([
      '`a` is now NOT NULL (fails while the column holds NULLs)',
      '`b` is now nullable',
    ]);
    expect(compareColumns([col('a', { comment: 'old' })], [col('a', { comment: 'new "x"' })]).other).toEqual([
      'changed the comment of `a`: `"old"` → `"new \\"x\\""`',
    ]);
  });

  it('marks a nullability or comment change made while adding a column destructive: the provider refuses both in one apply', () => {
    expect(compareColumns([col('a')], [col('a', { nullable: false, comment: 'c' }), col('b')])).toEqual({
      destructive: ['changed the nullability and comment of `a` while adding or removing columns (the provider refuses both in one apply)'],
      other: ['appended column `b` `STRING`'],
    });
  });

  it('describes an appended column with its type, computed or NOT NULL', () => {
    expect(compareColumns([col('a')], [col('a'), col('x', { type: undefined, nullable: false })]).other).toEqual([
      'appended column `x` `(computed)` NOT NULL',
    ]);
  });

  it('marks a column inserted before existing ones at the same column count destructive', () => {
    expect(compareColumns([col('a'), col('b'), col('c')], [col('x'), col('a'), col('b')]).destructive).toContain(
      'inserted column `x` `STRING` at position 1, before existing columns (columns may only be appended)',
    );
  });

  it('marks a rename in place destructive, with its type change', () => {
    expect(compareColumns([col('a', { type: 'INT' })], [col('b')]).destructive).toEqual([
      'renamed column `a` to `b` at position 1, type `INT` → `STRING` (RENAME COLUMN, refused by Delta without column mapping)',
    ]);
  });

  it('marks an identity change as a type change the provider refuses', () => {
    expect(compareColumns([col('id', { type: 'BIGINT' })], [col('id', { type: 'BIGINT', identity: 'always' })]).destructive).toEqual([
      'changed the type of `id`: `BIGINT` → `BIGINT GENERATED ALWAYS AS IDENTITY` (the provider refuses type changes)',
    ]);
  });

  it('marks a reorder destructive for every moved column', () => {
    expect(compareColumns([col('a'), col('b')], [col('b'), col('a')]).destructive).toEqual([
      'moved column `b` from position 2 to 1 (reordering renames columns by position)',
      'moved column `a` from position 1 to 2 (reordering renames columns by position)',
    ]);
  });
});
