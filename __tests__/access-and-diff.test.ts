import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accessMatrix } from '../src/access/matrix';
import { buildApp, synthBuilt } from '../src/app';
import { environmentOf, type TeamModel } from '../src/model/types';
import { diffAccess, formatAccessDiff, hasChanges } from '../src/plan-diff/access-diff';
import { parsePlan } from '../src/plan-diff/read-plan';
import { modelFrom, ROOT, type Data } from './helpers';

const model = modelFrom();
const run = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/agent-contract.js'), ...args], { cwd: ROOT, encoding: 'utf8' });

describe('the access matrix', () => {
  const matrix = accessMatrix(model, environmentOf(model, 'dev')!);
  const of = (agent: string) => matrix.find((row) => row.agent === agent)!;
  const privileges = (agent: string, securable: string) => of(agent).securables.find((s) => s.securable === securable)?.privileges;

  it('shows owners as OWNER and readers with their exact privileges', () => {
    expect(privileges('sql-analyst', 'lakehouse_dev.gold')).toEqual(['OWNER']);
    expect(privileges('orchestrator', 'lakehouse_dev.gold')).toEqual(['SELECT', 'USE_SCHEMA']);
    expect(privileges('orchestrator', 'lakehouse_dev')).toEqual(['USE_CATALOG']);
    expect(privileges('orchestrator', 'lakehouse_dev.bronze')).toBeUndefined();
  });

  it('shows pipeline run-as write access and model EXECUTE', () => {
    expect(privileges('data-connector-specialist', 'lakehouse_dev.bronze')).toEqual(['CREATE_MATERIALIZED_VIEW', 'CREATE_TABLE', 'MODIFY', 'REFRESH', 'SELECT', 'USE_SCHEMA']);
    expect(privileges('sql-analyst', 'lakehouse_dev.models.churn_predictor')).toEqual(['EXECUTE']);
  });

  it('shows the compute each agent may use with its limits', () => {
    expect(of('spark-developer').compute).toEqual([
      { name: 'spark-interactive', type: 'all-purpose', permission: 'CAN_USE', maxRuntimeMinutes: 240, autoTerminateMinutes: 60 },
      { name: 'analytics-warehouse', type: 'sql-warehouse', permission: 'CAN_USE', maxRuntimeMinutes: undefined, autoTerminateMinutes: 10 },
    ]);
    expect(of('workspace-admin').compute).toEqual([expect.objectContaining({ name: 'analytics-warehouse', permission: 'CAN_MANAGE' })]);
    expect(of('project-manager').compute).toEqual([]);
  });

  it('is what `agent-contract access --json` prints', () => {
    const result = run('access', '--env', 'dev', '--json');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(JSON.stringify({ environment: 'dev', catalog: 'lakehouse_dev', agents: matrix })));
  });

  it('prints a Markdown table by default', () => {
    const result = run('access', '--env', 'prod');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('| ml-model-developer | ml-training-gpu | gpu | CAN_USE | 8 hours | 30 min |');
    expect(result.stdout).toContain('| orchestrator | `lakehouse_prod.gold` | SELECT, USE_SCHEMA |');
  });
});

describe('the access diff', () => {
  function synthesized(m: TeamModel): string {
    const outdir = mkdtempSync(join(tmpdir(), 'agent-contract-diff-'));
    synthBuilt(buildApp(m, { outdir }));
    return join(outdir, 'stacks/dev/cdk.tf.json');
  }
  const before = synthesized(model);
  const after = synthesized(
    modelFrom((d: Data) => {
      d.schemas[2].readers.push('spark-developer');
      d.schemas[3].owner = 'mlflow-engineer';
      d.compute[0].autoTerminateMinutes = 45;
    }),
  );
  const diff = diffAccess(parsePlan(readFileSync(before, 'utf8'), 'old'), parsePlan(readFileSync(after, 'utf8'), 'new'));

  it('reports the new reader per agent', () => {
    expect(diff.byAgent.get('spark-developer')).toEqual(['granted SELECT, USE_SCHEMA on `unity-catalog/schema-gold`']);
  });

  it('reports the ownership move for both agents', () => {
    expect(diff.byAgent.get('mlflow-engineer')).toContain('now owns `unity-catalog/schema-features/schema` (was feature-store-engineer)');
    expect(diff.byAgent.get('feature-store-engineer')).toContain('no longer owns `unity-catalog/schema-features/schema` (now mlflow-engineer)');
  });

  it('reports the policy limit change', () => {
    expect(diff.limits).toEqual(['`compute/policy-spark-interactive`: autotermination_minutes 60 → 45']);
  });

  it('reports nothing destroyed when only access changed', () => {
    expect(diff.destroyed).toEqual([]);
  });

  it('flags resources that would be destroyed', () => {
    const removed = synthesized(modelFrom((d: Data) => (d.tables = d.tables.filter((t: Data) => t.name !== 'sessions'))));
    const result = diffAccess(parsePlan(readFileSync(before, 'utf8'), 'old'), parsePlan(readFileSync(removed, 'utf8'), 'new'));
    expect(result.destroyed).toContainEqual(expect.stringMatching(/^\*\*data or identity loss\*\* `databricks_sql_table\..*` \(unity-catalog\/table-silver-sessions\/table\)$/));
  });

  it('exits 3 with Markdown when access changes, 0 when nothing does, 2 for a bad file', () => {
    const changed = run('diff', before, after);
    expect(changed.status).toBe(3);
    expect(changed.stdout).toMatch(/^## Access changes: /);
    expect(changed.stdout).toContain('### spark-developer\n- granted SELECT, USE_SCHEMA on `unity-catalog/schema-gold`');
    const same = run('diff', before, before);
    expect(same.status).toBe(0);
    expect(same.stdout).toMatch(/^No access changes/);
    const bad = run('diff', before, join(ROOT, 'package.json'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/is not a synthesized cdk\.tf\.json/);
    expect(hasChanges(diff)).toBe(true);
    expect(formatAccessDiff(diff, 'a', 'b')).toContain('### Compute limits');
  });
});
