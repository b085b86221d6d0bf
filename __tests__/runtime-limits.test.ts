// The limits the contract promises are the limits the runtime guard enforces: per compute row, from one derivation.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { main } from '../src/cli/main';
import { renderContract } from '../src/contract/render';
import { environmentOf } from '../src/model/types';
import { modelFrom, problemsOf, ROOT, synth, type Data } from './helpers';

const model = modelFrom();
const dev = synth(model, 'dev');
const prod = synth(model, 'prod');
const guardJob = (out: typeof dev) => out.byPath('databricks_job')['compute/runtime-guard/job'];
const parametersOf = (out: typeof dev) => guardJob(out).task[0].spark_python_task.parameters as string[];
const guardLimits = (out: typeof dev): Record<string, number> => {
  const parameters = parametersOf(out);
  return JSON.parse(parameters[parameters.indexOf('--limits') + 1]);
};
const minutes = (text: string) => {
  const match = /^(\d+) hours?$/.exec(text) ?? /^(\d+) min$/.exec(text);
  return match ? Number(match[1]) * (text.includes('hour') ? 60 : 1) : undefined;
};
const messages = (mutate: (d: Data) => void) => problemsOf(mutate).map((p) => `${p.path}: ${p.message}`);

function run(argv: string[]): { code: number; stdout: string } {
  let stdout = '';
  const code = main(argv, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: () => true } } as never);
  return { code, stdout };
}

describe('one limit per compute row, everywhere', () => {
  it("states in the contract, for every agent on a row, the row's limit the guard enforces", () => {
    const contract = renderContract(model, environmentOf(model, 'dev')!);
    const section = contract.slice(contract.indexOf('### Compute Usage Guidelines'), contract.indexOf('### Query Optimization'));
    const rows = section
      .split('\n')
      .filter((line) => /^\| [a-z]/.test(line))
      .map((line) =>
        line
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim()),
      );
    const limits = guardLimits(dev);
    let checked = 0;
    for (const [, row, , maxRuntime] of rows) {
      if (maxRuntime === 'N/A') {
        expect(limits[row]).toBeUndefined();
        continue;
      }
      expect({ row, minutes: minutes(maxRuntime) }).toEqual({ row, minutes: limits[row] });
      checked++;
    }
    expect(checked).toBe(8);
  });

  it('states the same limits in `agent-contract access --json`', () => {
    const { code, stdout } = run(['access', join(ROOT, 'stacks/team.yaml'), '--env', 'dev', '--json']);
    expect(code).toBe(0);
    const limits = guardLimits(dev);
    const stated = (JSON.parse(stdout).agents as Data[]).flatMap((agent) => agent.compute as Data[]).filter((c) => c.maxRuntimeMinutes !== undefined);
    expect(stated.length).toBeGreaterThan(0);
    for (const compute of stated)
      expect({ row: compute.name, minutes: compute.maxRuntimeMinutes }).toEqual({ row: compute.name, minutes: limits[compute.name] });
  });

  it('passes the guard arguments its parser accepts, scoped to this project and environment', () => {
    const parameters = parametersOf(dev);
    // The guard's own argparse reads them back (guard/runtime_guard.py parser()).
    const parsed = JSON.parse(
      execFileSync(
        'python3',
        [
          '-c',
          'import json,sys; sys.path.insert(0, "guard"); import runtime_guard as g; a = g.parser().parse_args(sys.argv[1:]); print(json.dumps({"limits": a.limits, "tag": a.tag, "match": a.match, "owner": a.owner_tag}))',
          ...parameters,
        ],
        { cwd: ROOT, encoding: 'utf8' },
      ),
    );
    expect(parsed).toMatchObject({ limits: guardLimits(dev), tag: 'compute', owner: 'owner_agent' });
    expect(JSON.stringify(parsed.match)).toContain('lakehouse-agents');
  });
});

describe('what the guard and billing read on pipelines and jobs', () => {
  const pipelines = dev.byPath('databricks_pipeline');

  it('tags every pipeline with its owner, row, project and environment', () => {
    expect(pipelines['pipeline-silver-clean/pipeline'].tags).toEqual({
      owner_agent: 'etl-pipeline-architect',
      compute: 'dlt-classic',
      project: 'lakehouse-agents',
      environment: 'dev',
    });
    // No row, no runtime limit: the contract says so.
    expect(pipelines['pipeline-bronze-ingest/pipeline'].tags).toEqual({
      owner_agent: 'data-connector-specialist',
      project: 'lakehouse-agents',
      environment: 'dev',
    });
  });

  it('lets a serverless pipeline take a dlt row for its runtime limit without a cluster', () => {
    expect(pipelines['pipeline-silver-clean/pipeline']).toMatchObject({ serverless: true });
    expect(pipelines['pipeline-silver-clean/pipeline'].cluster).toBeUndefined();
  });

  it("bills an agent's serverless pipelines under its budget policy where the environment names one", () => {
    // budget_policy_id takes an existing policy; databricks_budget_policy is account-level only (DATABRICKS.md "Identity, isolation").
    expect(prod.byPath('databricks_pipeline')['pipeline-bronze-ingest/pipeline'].budget_policy_id).toBe('5b1c2d3e-4f50-4a61-8b72-93a4b5c6d7e8');
    expect(prod.byPath('databricks_pipeline')['pipeline-gold-aggregates/pipeline'].budget_policy_id).toBeUndefined();
    expect(pipelines['pipeline-bronze-ingest/pipeline'].budget_policy_id).toBeUndefined();
  });

  it("tags the guard's own job without a compute row, so it never limits itself", () => {
    expect(guardJob(dev).tags).toEqual({ owner_agent: 'runtime-guard', project: 'lakehouse-agents', environment: 'dev' });
  });

  it("notifies the workspace admin's contact when a sweep fails", () => {
    expect(guardJob(dev).email_notifications).toEqual({ on_failure: ['platform-admins@example.com'] });
  });

  it('pins the SDK whose runtime-native credentials the guard uses on serverless', () => {
    // Serverless jobs have no DATABRICKS_TOKEN (DATABRICKS.md "Serverless compute and the runtime guard").
    expect(guardJob(dev).environment).toEqual([
      { environment_key: 'guard', spec: { environment_version: '2', dependencies: ['databricks-sdk==0.133.0'] } },
    ]);
  });
});

describe('validation of limits', () => {
  it.each([
    ['maxRuntimeMinutes', 1e15, /^compute\[0\]\.maxRuntimeMinutes: 1000000000000000 minutes is more than a week \(10080\)/],
    ['maxWorkers', 5000, /^compute\[0\]\.maxWorkers: 5000 workers is over the ceiling of 1000/],
    ['dbusPerHour', 1e6, /^compute\[0\]\.dbusPerHour: 1000000 DBUs an hour is over the ceiling of 10000/],
  ])('refuses an absurd %s', (key, value, message) => {
    expect(messages((d) => (d.compute[0][key] = value))).toEqual([expect.stringMatching(message)]);
  });

  it("requires the workspace admin's contact when the guard runs", () => {
    expect(messages((d) => delete d.agents.domain[7].contact)).toEqual([
      expect.stringMatching(/^agents\.domain\[7\]\.contact: required: the runtime guard notifies the workspace admin 'workspace-admin'/),
    ]);
  });

  it('refuses a budget policy for an agent the model does not have', () => {
    const ghost = (d: Data) => {
      d.environments.prod.budgetPolicies['ghost-agent'] = 'abc-123';
      d.environments.prod.budgetPolicyRoles['abc-123'] = { deployerIsUser: true };
    };
    expect(messages(ghost)).toEqual([expect.stringMatching(/^environments\.prod\.budgetPolicies\.ghost-agent: 'ghost-agent' is not an agent/)]);
  });
});
