// The limits the contract promises are the limits the runtime guard enforces: per compute row, from one derivation.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { main } from '../src/cli/main';
import { renderContract } from '../src/contract/render';
import { Testing } from 'cdktf';
import { addEnvironmentStacks } from '../src/app';
import { GUARD_SWEEP_MARGIN_SECONDS, RuntimeGuard } from '../src/constructs/runtime-guard';
import { modelFrom, problemsOf, ROOT, synth, type Data, teamOf } from './helpers';

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
    const contract = renderContract(teamOf(model, 'dev'));
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

describe('what the guard attributes by identity', () => {
  const parsedArguments = (out: typeof dev) =>
    JSON.parse(
      execFileSync(
        'python3',
        [
          '-c',
          'import json,sys; sys.path.insert(0, "guard"); import runtime_guard as g; a = g.parser().parse_args(sys.argv[1:]); print(json.dumps({"agents": {x.name: {"identities": sorted(x.identities), "rows": list(x.rows), "policies": sorted(x.policies)} for x in a.agents}, "off_policy": a.off_policy, "timeout": a.timeout_seconds}))',
          ...parametersOf(out),
        ],
        { cwd: ROOT, encoding: 'utf8' },
      ),
    ) as { agents: Record<string, { identities: string[]; rows: string[]; policies: string[] }>; off_policy: string; timeout: number };
  const devArguments = parsedArguments(dev);

  it("passes every service-principal agent's application id, its limited rows and its own policies", () => {
    const policyIds = dev.byPath('databricks_cluster_policy');
    const idOf = (path: string) => {
      const [address] = Object.entries(dev.json.resource.databricks_cluster_policy as Data).find(([, value]) => value === policyIds[path])!;
      return `\${databricks_cluster_policy.${address}.id}`;
    };
    expect(devArguments.agents['spark-developer']).toEqual({
      identities: [expect.stringMatching(/^\$\{databricks_service_principal\.identities_spark-developer_[A-F0-9]+\.application_id\}$/)],
      rows: ['spark-interactive'],
      policies: [idOf('compute/policy-spark-interactive/policy')],
    });
    expect(devArguments.agents['mlflow-engineer'].rows).toEqual(['dlt-classic', 'ml-training-gpu']);
    expect(devArguments.agents['mlflow-engineer'].policies.sort()).toEqual(
      [idOf('compute/policy-dlt-classic/agent-mlflow-engineer/policy'), idOf('compute/policy-ml-training-gpu/agent-mlflow-engineer/policy')].sort(),
    );
    // An existing service principal by its application id; an agent without a cluster row has no rows and no policies.
    expect(devArguments.agents['security-engineer']).toEqual({
      identities: [expect.stringMatching(/^\$\{data\.databricks_service_principal\.identities_security-engineer_[A-F0-9]+\.application_id\}$/)],
      rows: [],
      policies: [],
    });
  });

  it('leaves out agents acting as an account group: their members act as themselves', () => {
    expect(devArguments.agents['workspace-admin']).toBeUndefined();
    expect(Object.keys(devArguments.agents)).toHaveLength(15);
  });

  it('takes the off-policy rule from the environment: the strictest limit by default, termination where the model asks', () => {
    expect(devArguments.off_policy).toBe('limit');
    expect(parsedArguments(prod).off_policy).toBe('terminate');
  });
});

describe("the contract's runtime limits, as the guard applies them", () => {
  const section = (env: 'dev' | 'prod') => {
    const contract = renderContract(teamOf(model, env));
    return contract.slice(contract.indexOf('### Runtime Limits'), contract.indexOf('### SQL Warehouses'));
  };

  it('states identity attribution, the strictest-row rule and what the guard does not reach', () => {
    const text = section('dev');
    expect(text).toContain('attributes compute to an agent **by identity first**');
    expect(text).toContain("it gets the **strictest limit among the agent's rows**");
    expect(text).toContain("is a breach: it gets the strictest limit of the agent's rows");
    expect(text).toContain('What the guard does not reach:');
    expect(text).toContain('- queued job runs: they hold no compute');
    expect(text).toContain("(540 s, 60 s before the job's 600 s timeout)");
    expect(section('prod')).toContain('is a breach: it is terminated at the next sweep, whatever its age');
  });

  it("states for every agent the strictest limit the guard computes from the agent's rows", () => {
    const parameters = parametersOf(dev);
    const agents = JSON.parse(parameters[parameters.indexOf('--agents') + 1]) as Record<string, { rows: string[] }>;
    const limits = guardLimits(dev);
    const strictestOfModel = Math.min(...Object.values(limits));
    const stated = Object.fromEntries(
      section('dev')
        .split('\n')
        .filter((line) => /^\| [a-z]/.test(line))
        .map((line) => line.split('|').map((cell) => cell.trim()))
        .map(([, agent, , strictest]) => [agent, strictest]),
    );
    expect(Object.keys(agents)).toHaveLength(15); // every agent of stacks/team.yaml but the account-group workspace admin
    for (const [agent, { rows }] of Object.entries(agents)) {
      const strictest = Math.min(...rows.map((row) => limits[row]));
      const expected = rows.length ? strictest : strictestOfModel;
      expect({ agent, minutes: minutes(stated[agent].split(' (')[0]) }).toEqual({ agent, minutes: expected });
    }
    expect(stated['workspace-admin']).toBe('does not apply');
  });

  it("stops the sweep as many seconds before the job's timeout as the contract says", () => {
    const margin = execFileSync(
      'python3',
      ['-c', 'import sys; sys.path.insert(0, "guard"); import runtime_guard as g; print(g.SWEEP_MARGIN_SECONDS)'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(Number(margin)).toBe(GUARD_SWEEP_MARGIN_SECONDS);
  });
});

describe('the guard job itself', () => {
  it('refuses a timeout its sweep cannot fit in, naming the construct and the range', () => {
    const stack = addEnvironmentStacks(Testing.app(), model).find((s) => s.node.id === 'dev')!;
    const props = {
      folder: '/other-guard',
      name: 'other-guard',
      script: '',
      principalName: 'other-guard',
      host: 'https://adb-1.2.azuredatabricks.net',
      limits: { 'test-jobs': 60 },
      tag: 'compute',
      ownerTag: 'owner_agent',
      match: {},
      identities: stack.team.identities,
      viewers: [],
    };
    for (const timeoutSeconds of [60, 100_000, 300.5])
      expect(() => new RuntimeGuard(stack, `guard-${timeoutSeconds}`, { ...props, timeoutSeconds })).toThrow(
        `dev/guard-${timeoutSeconds}: timeoutSeconds ${timeoutSeconds} is not a whole number of seconds from 120 to 86400`,
      );
  });

  it("gives the guard a sweep budget from the job's own timeout", () => {
    const parameters = parametersOf(dev);
    expect(parameters[parameters.indexOf('--timeout-seconds') + 1]).toBe(String(guardJob(dev).timeout_seconds));
    expect(guardJob(dev).task[0].timeout_seconds).toBe(guardJob(dev).timeout_seconds);
  });

  it('runs only once the guard is a workspace admin: the job depends on the admins membership', () => {
    const membership = Object.keys(dev.byPath('databricks_group_member')).filter((path) => path.startsWith('compute/runtime-guard/'));
    expect(membership).toEqual(['compute/runtime-guard/admin-membership']);
    expect(guardJob(dev).depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^databricks_group_member\.compute_runtime-guard_admin-membership_/)]),
    );
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
