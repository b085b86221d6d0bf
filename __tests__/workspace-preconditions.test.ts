// What a real workspace must hold before and after apply: secrets that rotate before they lapse, the deployer the
// grants name, account groups present in the workspace, budget policy roles, Personal Compute, and `doctor`.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { addEnvironmentStacks } from '../src/app';
import { main } from '../src/cli/main';
import { iniSection } from '../src/cli/doctor-command';
import { renderContract } from '../src/contract/render';
import type { EnvironmentStack } from '../src/constructs/environment-stack';
import { deployPreconditions } from '../src/access/deploy-preconditions';
import { rotationDaysOf } from '../src/model/credentials';
import { modelFrom, problemsOf, ROOT, synth, type Data, teamOf } from './helpers';

const model = modelFrom();
const dev = synth(model, 'dev');
const prod = synth(model, 'prod');
const scratch = mkdtempSync(join(tmpdir(), 'workspace-preconditions-'));

/** Every databricks_permissions element that names `group`, keyed by construct path. */
function permissionsNaming(out: ReturnType<typeof synth>, group: string): Record<string, Data> {
  return Object.fromEntries(
    Object.entries(out.byPath('databricks_permissions')).filter(([, config]) =>
      (config.access_control as { group_name?: string }[]).some((entry) => entry.group_name === group),
    ),
  );
}

describe('credentials never lapse silently', () => {
  it('gives every created identity a time_rotating resource shorter than the lifetime, which its secret references', () => {
    // time_rotating forces a new secret; the documented use references a time_rotating resource's rfc3339
    // (docs/resources/service_principal_secret.md, "rotated by taking a dependency on the time_rotating resource").
    for (const out of [dev, prod]) {
      const secrets = out.byPath('databricks_service_principal_secret');
      const rotations = out.byPath('time_rotating');
      expect(Object.keys(secrets)).toHaveLength(14);
      for (const [path, secret] of Object.entries(secrets)) {
        const agent = path.split('/').pop() as string;
        expect(secret.time_rotating).toBe(`\${${out.addressOf(`identities/Rotation/${agent}`)}.rfc3339}`);
        expect(secret.lifetime).toBe('7776000s');
        expect(rotations[`identities/Rotation/${agent}`]).toEqual(expect.objectContaining({ rotation_days: 60, triggers: { rotation: '1' } }));
      }
    }
    expect(dev.json.terraform.required_providers.time).toEqual({ source: 'hashicorp/time', version: '0.13.1' });
  });

  it('rotates after rotationDays (default two thirds of the lifetime), and at once when rotation is raised', () => {
    const out = synth(modelFrom((d) => (d.environments.dev.agentCredentials = { lifetimeDays: 30, rotationDays: 25, rotation: 2 })));
    expect(out.byPath('time_rotating')['identities/Rotation/orchestrator']).toMatchObject({ rotation_days: 25, triggers: { rotation: '2' } });
    expect(out.byPath('databricks_service_principal_secret')['identities/Secrets/orchestrator'].lifetime).toBe('2592000s');
    expect(rotationDaysOf({ lifetimeDays: 30 })).toBe(20);
    expect(rotationDaysOf({ lifetimeDays: 2 })).toBe(1);
  });

  it('exports when each secret rotates and expires', () => {
    expect((dev.json.output as Record<string, Data>)['credential-dates-orchestrator'].value).toEqual({
      rotates_after: `\${${dev.addressOf('identities/Rotation/orchestrator')}.rotation_rfc3339}`,
      expires: `\${${dev.addressOf('identities/Secrets/orchestrator')}.expire_time}`,
    });
  });

  it.each([
    [
      { lifetimeDays: 30, rotationDays: 30 },
      /agentCredentials\.rotationDays: 30 is not shorter than lifetimeDays \(30\).*give at most 29, e\.g\. 20/,
    ],
    [{ lifetimeDays: 10, rotationDays: 12 }, /agentCredentials\.rotationDays: 12 is not shorter than lifetimeDays \(10\)/],
    [{ lifetimeDays: 1 }, /agentCredentials\.lifetimeDays: '1' days leaves no room to rotate.*give at least 2/],
    [{ lifetimeDays: 731 }, /agentCredentials\.lifetimeDays: '731' days is more than the 730 days the API gives a secret/],
  ])('refuses %j with the path, the value and the fix', (credentials, message) => {
    const problems = problemsOf((d) => (d.environments.prod.agentCredentials = credentials));
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([expect.stringMatching(message)]);
    expect(problems[0].path).toMatch(/^environments\.prod\.agentCredentials\./);
  });

  it('states the cadence and the expiry in the contract', () => {
    const contract = renderContract(teamOf(model, 'prod'));
    expect(contract).toContain('replaced by the first apply after 60 days (`time_rotating`): apply at least every 30 days');
    expect(contract).toContain('a secret expires 90 days after the apply that created it');
  });
});

describe('the deployer the grants name is the identity that applies', () => {
  it('fails the plan before any change when someone else applies, in both plans', () => {
    // user_name is the application id when a service principal applies (docs/data-sources/current_user.md); a data
    // source whose configuration is known is read during plan, so its postcondition stops the plan.
    for (const out of [dev, prod]) {
      const current = out.byPath('databricks_current_user', 'data')['identities/Deployer'];
      expect(current.lifecycle.postcondition).toEqual([
        {
          condition: '${self.user_name == "9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"}',
          error_message: expect.stringContaining('set catalog.deployer.applicationId in the model'),
        },
      ]);
    }
  });

  it('checks a group deployer through its members', () => {
    const out = synth(modelFrom((d) => (d.catalog.deployer = { group: 'lakehouse-deployers', metastoreAdmin: true })));
    const group = out.addressOf('identities/DeployerGroup');
    expect(out.byPath('databricks_group', 'data')['identities/DeployerGroup']).toEqual(
      expect.objectContaining({ display_name: 'lakehouse-deployers' }),
    );
    expect(out.byPath('databricks_current_user', 'data')['identities/Deployer'].lifecycle.postcondition[0].condition).toBe(
      `\${contains(concat(${group}.users, ${group}.service_principals), self.id)}`,
    );
  });

  it('adds no condition when the model names no deployer', () => {
    const out = synth(
      modelFrom((d) => {
        d.catalog.ownership = 'deployer';
        delete d.catalog.deployer;
      }),
    );
    expect(out.byPath('databricks_current_user', 'data')['identities/Deployer'].lifecycle).toBeUndefined();
  });

  it("lets DAC-SC2 accept the stack's own condition and refuse any other expression there", () => {
    const stack = addEnvironmentStacks(Testing.app(), modelFrom())[0] as EnvironmentStack;
    stack.team.identities.deployer.addOverride('lifecycle.postcondition', [{ condition: '${file("/etc/passwd") == ""}', error_message: 'x' }]);
    // The override is appended after the stack's own condition [0], which passes; file() at [1] does not.
    expect(stack.team.guardrails.findings().filter((f) => f.rule === 'DAC-SC2')).toEqual([
      expect.objectContaining({
        path: 'dev/identities/Deployer',
        message: expect.stringMatching(/^lifecycle\.postcondition\[1\]\.condition holds '\$\{file/),
      }),
    ]);
  });
});

describe('every principal a workspace ACL names exists in the workspace', () => {
  it('looks every agent account group up, and every permissions naming it waits for the look-up, in both plans', () => {
    // Workspace permissions accept only assigned groups; the look-up fails "cannot find group" (scim/groups.go).
    for (const out of [dev, prod]) {
      const lookup = out.byPath('databricks_group', 'data')['identities/Groups/workspace-admin'];
      expect(lookup).toEqual(expect.objectContaining({ display_name: 'lakehouse-platform-admins', recursive: false }));
      expect(lookup.depends_on).toBeUndefined(); // read during plan
      const naming = permissionsNaming(out, 'lakehouse-platform-admins');
      expect(Object.keys(naming).length).toBeGreaterThanOrEqual(3);
      for (const config of Object.values(naming)) expect(config.depends_on).toContain(out.addressOf('identities/Groups/workspace-admin'));
    }
    expect(dev.byPath('databricks_permission_assignment')).toEqual({});
  });

  it('assigns the groups first when the model asks', () => {
    // databricks_permission_assignment with group_name (docs/resources/permission_assignment.md).
    const out = synth(modelFrom((d) => (d.environments.dev.assignGroups = true)));
    expect(out.byPath('databricks_permission_assignment')['identities/GroupAssignments/workspace-admin']).toEqual(
      expect.objectContaining({ group_name: 'lakehouse-platform-admins', permissions: ['USER'] }),
    );
    expect(out.byPath('databricks_group', 'data')['identities/Groups/workspace-admin'].depends_on).toEqual([
      out.addressOf('identities/GroupAssignments/workspace-admin'),
    ]);
  });
});

describe('budget policies that apply', () => {
  it('refuses a budget policy without a way to hold its User role, naming the path, the policy and the fix', () => {
    const problems = problemsOf((d) => delete d.environments.prod.budgetPolicyRoles);
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      expect.stringMatching(
        /^environments\.prod\.budgetPolicies\.data-connector-specialist: budget policy '5b1c2d3e-4f50-4a61-8b72-93a4b5c6d7e8' is attached only if .*deployerIsUser: true.*'managers' and 'users'/,
      ),
      expect.stringMatching(/^environments\.prod\.budgetPolicies\.etl-pipeline-architect: budget policy '6c2d3e4f/),
    ]);
    expect(problemsOf((d) => (d.environments.prod.budgetPolicyRoles.unused = { deployerIsUser: true })).map((p) => p.path)).toEqual([
      'environments.prod.budgetPolicyRoles.unused',
    ]);
    expect(
      problemsOf((d) => (d.environments.prod.budgetPolicyRoles['6c2d3e4f-5061-4b72-9c83-a4b5c6d7e8f9'] = { managers: [] })).map((p) => p.message),
    ).toEqual([expect.stringMatching(/list at least one manager to keep/)]);
  });

  it('grants the deployer the User role in an authoritative rule set listing every member, and the pipeline waits for it', () => {
    // accounts/<id>/budgetPolicies/<id>/ruleSets/default, roles/budgetPolicy.* (docs/resources/access_control_rule_set.md).
    const ruleSets = prod.byPath('databricks_access_control_rule_set');
    expect(ruleSets['budget-policies/6c2d3e4f-5061-4b72-9c83-a4b5c6d7e8f9']).toEqual(
      expect.objectContaining({
        name: 'accounts/0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6/budgetPolicies/6c2d3e4f-5061-4b72-9c83-a4b5c6d7e8f9/ruleSets/default',
        grant_rules: [
          { role: 'roles/budgetPolicy.manager', principals: ['groups/lakehouse-finops'] },
          { role: 'roles/budgetPolicy.user', principals: [`\${${prod.addressOf('identities/Deployer')}.acl_principal_id}`] },
        ],
      }),
    );
    // deployerIsUser: the stack leaves that policy's rule set alone.
    expect(Object.keys(ruleSets).filter((path) => path.startsWith('budget-policies/'))).toEqual([
      'budget-policies/6c2d3e4f-5061-4b72-9c83-a4b5c6d7e8f9',
    ]);
    const silver = prod.byPath('databricks_pipeline')['pipeline-silver-clean/pipeline'];
    expect(silver.budget_policy_id).toBe('6c2d3e4f-5061-4b72-9c83-a4b5c6d7e8f9');
    expect(silver.depends_on).toContain(prod.addressOf('budget-policies/6c2d3e4f-5061-4b72-9c83-a4b5c6d7e8f9'));
    const contract = renderContract(teamOf(model, 'prod'));
    expect(contract).toMatch(/\n\| Budget policy 6c2d3e4f-5061-4b72-9c83-a4b5c6d7e8f9: the stack grants [^\n]* \| the stack grants it \|\n/);
    expect(contract).toMatch(
      /\n\| Budget policy 5b1c2d3e-4f50-4a61-8b72-93a4b5c6d7e8: the deploying identity already holds [^\n]* \| checked by a person \|\n/,
    );
    const bronze = prod.byPath('databricks_pipeline')['pipeline-bronze-ingest/pipeline'];
    expect(bronze.depends_on.some((address: string) => address.startsWith('databricks_access_control_rule_set.budget-policies'))).toBe(false);
  });
});

describe('Personal Compute', () => {
  const keep = [{ group: 'data-scientists' }, { user: 'lead@example.com' }];

  it('is left alone by default, and the contract says so', () => {
    const policies = Object.values(dev.byPath('databricks_cluster_policy'));
    expect(policies.some((policy) => policy.policy_family_id !== undefined)).toBe(false);
    expect(renderContract(teamOf(model, 'dev'))).toContain(
      '**Personal Compute**: left as the workspace has it: every user may start a Personal Compute cluster',
    );
  });

  it('is taken over only with the list of who keeps it', () => {
    expect(problemsOf((d) => (d.environments.dev.personalCompute = { takeOver: true })).map((p) => `${p.path}: ${p.message}`)).toEqual([
      expect.stringMatching(/^environments\.dev\.personalCompute\.keep: required but missing/),
    ]);
    expect(problemsOf((d) => (d.environments.dev.personalCompute = { takeOver: true, keep: [] })).map((p) => p.message)).toEqual([
      expect.stringMatching(/name who keeps Personal Compute/),
    ]);
  });

  it('overrides the built-in policy and gives CAN_USE to exactly the listed principals, each group looked up', () => {
    // policy_family_id personal-vm + overrides (docs/resources/cluster_policy.md, "Overriding the built-in cluster policies").
    const m = modelFrom((d) => (d.environments.dev.personalCompute = { takeOver: true, keep }));
    const out = synth(m);
    const policy = out.byPath('databricks_cluster_policy')['personal-compute/policy'];
    expect(policy).toEqual(expect.objectContaining({ name: 'Personal Compute', policy_family_id: 'personal-vm' }));
    expect(JSON.parse(policy.policy_family_definition_overrides)).toEqual({
      autotermination_minutes: { type: 'fixed', value: 60, hidden: true },
      'custom_tags.environment': { type: 'fixed', value: 'dev' },
      'custom_tags.project': { type: 'fixed', value: 'lakehouse-agents' },
    });
    const permissions = out.byPath('databricks_permissions')['personal-compute/permissions'];
    expect(permissions.access_control).toEqual([
      { group_name: 'data-scientists', permission_level: 'CAN_USE' },
      { user_name: 'lead@example.com', permission_level: 'CAN_USE' },
    ]);
    expect(permissions.depends_on).toEqual([out.addressOf('personal-compute/Groups/data-scientists')]);
    expect(renderContract(teamOf(m, 'dev'))).toContain('only data-scientists, lead@example.com may use it, and no agent');
  });

  it('fails synth (DAC-CP5) when the list names an agent', () => {
    const m = modelFrom((d) => (d.environments.dev.personalCompute = { takeOver: true, keep: [{ group: 'lakehouse-platform-admins' }] }));
    const stack = addEnvironmentStacks(Testing.app(), m)[0] as EnvironmentStack;
    expect(stack.team.guardrails.findings().filter((f) => f.rule === 'DAC-CP5')).toEqual([
      expect.objectContaining({
        path: 'dev/personal-compute/permissions',
        message: expect.stringMatching(/agent 'workspace-admin' may use Personal Compute/),
      }),
    ]);
  });
});

describe('agent-contract doctor', () => {
  function doctor(vars: Record<string, string>, ...argv: string[]): { code: number; out: string } {
    const saved = { ...process.env };
    for (const key of ['DATABRICKS_ACCOUNT_ID', 'DATABRICKS_CONFIG_PROFILE', 'DATABRICKS_CONFIG_FILE', 'DATABRICKS_TOKEN']) delete process.env[key];
    Object.assign(process.env, vars);
    let out = '';
    const sink = { write: (text: string) => (out += text) };
    try {
      return { code: main(['doctor', ...argv], { stdout: sink, stderr: sink }), out };
    } finally {
      process.env = saved;
    }
  }

  it('exits 0 and prints every precondition as a checklist', () => {
    const { code, out } = doctor({ DATABRICKS_TOKEN: 'not-printed' }, '--env', 'prod');
    expect(code).toBe(0);
    expect(out).not.toContain('not-printed');
    for (const precondition of deployPreconditions(teamOf(model, 'prod'))) expect(out).toContain(precondition.what);
    expect(out).toContain('  [ ] (plan) The identity that applies is catalog.deployer');
  });

  it('exits 1 when DATABRICKS_ACCOUNT_ID is set or the named profile carries account_id', () => {
    // Either switches databricks_access_control_rule_set to the account client (permissions/resource_access_control_rule_set.go).
    expect(doctor({ DATABRICKS_ACCOUNT_ID: 'x' }, '--env', 'dev')).toEqual({
      code: 1,
      out: expect.stringMatching(/FAIL {2}DATABRICKS_ACCOUNT_ID is set/),
    });
    const config = join(scratch, 'databrickscfg');
    writeFileSync(
      config,
      '[DEFAULT]\nhost = https://x\n\n[deploy]\nhost = https://adb-1234567890123456.7.azuredatabricks.net\naccount_id = 0d1e\ntoken = dapi-not-printed\n',
    );
    const failed = doctor({ DATABRICKS_CONFIG_FILE: config, DATABRICKS_CONFIG_PROFILE: 'deploy' }, '--env', 'dev');
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(/FAIL {2}profile 'deploy' in .* sets account_id/);
    expect(failed.out).not.toContain('dapi-not-printed');
    expect(doctor({ DATABRICKS_CONFIG_FILE: config, DATABRICKS_CONFIG_PROFILE: 'missing' }, '--env', 'dev').out).toMatch(
      /FAIL {2}DATABRICKS_CONFIG_PROFILE names 'missing'/,
    );
    expect(iniSection('[a]\nk = v\n[b]\nk = w\n', 'b')).toEqual({ k: 'w' });
  });

  it('exits 2 for an unknown environment and 1 for an invalid model', () => {
    expect(doctor({}, '--env', 'staging')).toEqual({ code: 2, out: expect.stringMatching(/'staging' is not an environment of the model/) });
    const bad = join(scratch, 'bad.yaml');
    writeFileSync(bad, readFileSync(join(ROOT, 'stacks/team.yaml'), 'utf8').replace(/catalog: lakehouse_dev/, 'catalog: Lakehouse Dev'));
    expect(doctor({}, bad, '--env', 'dev').code).toBe(1);
  });
});

describe('docs', () => {
  it('names every deploy precondition in the deploy checklist of docs/deploy.md, by id', () => {
    const deploy = readFileSync(join(ROOT, 'docs/deploy.md'), 'utf8');
    const ids = new Set(
      (['dev', 'prod'] as const).flatMap((env) =>
        deployPreconditions(teamOf(model, env)).map((p) => p.id.replace(/^budget-policy-.*/, 'budget-policy')),
      ),
    );
    ids.add('personal-compute');
    const checklist = deploy.slice(deploy.indexOf('## Deploy checklist'));
    for (const id of ids) expect(checklist).toContain(`\`${id}\``);
  });

  it('lists the addresses this change adds in docs/upgrading.md', () => {
    const upgrading = readFileSync(join(ROOT, 'docs/upgrading.md'), 'utf8');
    for (const address of ['identities/Rotation/<agent>', 'identities/Groups/<agent>', 'budget-policies/<policy id>', 'personal-compute/policy'])
      expect(upgrading).toContain(address);
  });
});
