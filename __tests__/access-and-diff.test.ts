import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { accessMatrix } from '../src/access/matrix';
import { modelFrom, ROOT, teamOf } from './helpers';

const model = modelFrom();
const run = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/agent-contract.js'), ...args], { cwd: ROOT, encoding: 'utf8' });

describe('the access matrix', () => {
  const matrix = accessMatrix(teamOf(model, 'dev'));
  const of = (agent: string) => matrix.find((row) => row.agent === agent)!;
  const privileges = (agent: string, securable: string) => of(agent).securables.find((s) => s.securable === securable)?.privileges;

  it('shows owners as OWNER and readers with their exact privileges', () => {
    expect(privileges('sql-analyst', 'lakehouse_dev.gold')).toEqual(['OWNER']);
    expect(privileges('orchestrator', 'lakehouse_dev.gold')).toEqual(['SELECT', 'USE_SCHEMA']);
    expect(privileges('orchestrator', 'lakehouse_dev')).toEqual(['USE_CATALOG']);
    expect(privileges('orchestrator', 'lakehouse_dev.bronze')).toBeUndefined();
  });

  it('shows pipeline run-as write access and model EXECUTE', () => {
    expect(privileges('data-connector-specialist', 'lakehouse_dev.bronze')).toEqual([
      'CREATE_MATERIALIZED_VIEW',
      'CREATE_TABLE',
      'MODIFY',
      'REFRESH',
      'SELECT',
      'USE_SCHEMA',
    ]);
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
