// Each agent acts as itself: entitlements, a credential per created identity, outputs, profiles and the
// file-ownership check its own edits go through.
import { mkdtempSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli/main';
import { main as mayEdit } from '../src/ownership/may-edit';
import { ownershipOf } from '../src/ownership/ownership';
import { modelFrom, problemsOf, ROOT, synth, type Data } from './helpers';

const model = modelFrom();
const dev = synth(model, 'dev');
const DIR = mkdtempSync(join(tmpdir(), 'agent-identity-'));

function run(argv: string[], stdin = ''): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } };
  const code = argv[0] === 'may-edit-hook' ? mayEdit(argv.slice(1), { ...io, stdin: () => stdin }) : main(argv, io as never);
  return { code, stdout, stderr };
}

describe('entitlements', () => {
  const principals = dev.byPath('databricks_service_principal');

  it('gives created identities no cluster or pool creation, and SQL access only where they use a warehouse', () => {
    // Cluster creation through a policy needs only CAN_USE on it (DATABRICKS.md "Identity, isolation").
    expect(principals['identities/spark-developer']).toMatchObject({
      allow_cluster_create: false,
      allow_instance_pool_create: false,
      workspace_access: true,
      databricks_sql_access: true,
    });
    // The orchestrator uses no warehouse: the stack asks for no SQL access (it may still inherit it from `users`).
    expect(principals['identities/orchestrator']).toMatchObject({
      allow_cluster_create: false,
      allow_instance_pool_create: false,
      databricks_sql_access: false,
    });
  });
});

describe('credentials per agent', () => {
  const secrets = dev.byPath('databricks_service_principal_secret');

  it('creates one bounded-lifetime OAuth secret per created identity, rotated by a model field', () => {
    // service_principal_id is the SCIM id (the resource's id); lifetime in seconds; time_rotating forces a new secret
    // (docs/resources/service_principal_secret.md).
    expect(Object.keys(secrets)).toHaveLength(14);
    expect(secrets['identities/Secrets/orchestrator']).toEqual(
      expect.objectContaining({
        service_principal_id: `\${${dev.addressOf('identities/orchestrator')}.id}`,
        lifetime: '7776000s',
        time_rotating: `\${${dev.addressOf('identities/Rotation/orchestrator')}.rfc3339}`,
        lifecycle: { create_before_destroy: true },
      }),
    );
    const rotated = synth(modelFrom((d) => (d.environments.dev.agentCredentials = { lifetimeDays: 30, rotation: 2 })));
    expect(rotated.byPath('databricks_service_principal_secret')['identities/Secrets/orchestrator']).toMatchObject({ lifetime: '2592000s' });
    expect(rotated.byPath('time_rotating')['identities/Rotation/orchestrator']).toMatchObject({ rotation_days: 20, triggers: { rotation: '2' } });
    const off = synth(modelFrom((d) => (d.environments.dev.agentCredentials = { enabled: false })));
    expect(off.byPath('databricks_service_principal_secret')).toEqual({});
  });

  it('exports one output per identity with its application id, and each secret only as a sensitive output', () => {
    const outputs = dev.json.output as Record<string, Data>;
    expect(outputs['identity-orchestrator'].value).toEqual({ kind: 'service-principal', application_id: dev.principalOf('orchestrator') });
    expect(outputs['identity-security-engineer'].value).toEqual({
      kind: 'existing-service-principal',
      application_id: dev.principalOf('security-engineer'),
    });
    expect(outputs['identity-workspace-admin'].value).toEqual({ kind: 'account-group', group: 'lakehouse-platform-admins' });
    expect(outputs['secret-orchestrator']).toEqual(
      expect.objectContaining({ sensitive: true, value: `\${${dev.addressOf('identities/Secrets/orchestrator')}.secret}` }),
    );
    expect(outputs['secret-security-engineer']).toBeUndefined();
  });

  it('holds no secret value in any synthesized file', () => {
    // The secret is computed by the provider at apply; the plan only references it.
    expect(dev.text).not.toMatch(/dose[0-9a-f]{32}|"secret":\s*"[^$]/);
  });
});

describe('profiles', () => {
  const appId = (n: number) => `${n}a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d`;
  const outputs = () => {
    const stack: Record<string, unknown> = {};
    model.agents.core.concat(model.agents.domain).forEach((agent, i) => {
      stack[`identity-${agent.name}`] =
        agent.identity.type === 'account-group'
          ? { kind: 'account-group', group: agent.identity.name }
          : { kind: agent.identity.type, application_id: appId(i % 10) };
      if (agent.identity.type === 'service-principal') stack[`secret-${agent.name}`] = `dose${'0'.repeat(31)}${i % 10}`;
    });
    const file = join(DIR, 'outputs.json');
    writeFileSync(file, JSON.stringify({ dev: stack }));
    return file;
  };

  it('prints one profile per agent with host and client id, and no secret', () => {
    const { code, stdout } = run(['profiles', join(ROOT, 'stacks/team.yaml'), '--env', 'dev', '--outputs', outputs()]);
    expect(code).toBe(0);
    expect(stdout).toContain(
      `[lakehouse-agents-dev-orchestrator]\nhost = https://adb-1234567890123456.7.azuredatabricks.net\nclient_id = ${appId(0)}\n; client_secret: run again with --with-secrets`,
    );
    expect(stdout.match(/^\[lakehouse-agents-dev-[a-z-]+\]$/gm)).toHaveLength(16);
    expect(stdout).not.toMatch(/dose0/);
  });

  it('writes stubs for an existing service principal and an account group', () => {
    const { stdout } = run(['profiles', '--env', 'dev', '--outputs', outputs()]);
    expect(stdout).toMatch(
      /; security-engineer is an existing service principal: this stack creates no secret for it[\s\S]*\[lakehouse-agents-dev-security-engineer\][\s\S]*client_secret = <OAuth secret of this service principal>/,
    );
    expect(stdout).toMatch(
      /; workspace-admin acts as account group 'lakehouse-platform-admins'[\s\S]*\[lakehouse-agents-dev-workspace-admin\][\s\S]*client_id = <application id of a member service principal>/,
    );
  });

  it('writes secrets only to a file, with mode 0600', () => {
    const out = join(DIR, 'databrickscfg');
    expect(run(['profiles', '--env', 'dev', '--outputs', outputs(), '--with-secrets'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--with-secrets needs --out FILE/),
    });
    expect(run(['profiles', '--env', 'dev', '--outputs', outputs(), '--with-secrets', '--out', out]).code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readFileSync(out, 'utf8')).toContain(`client_secret = dose${'0'.repeat(31)}0`);
  });

  it('refuses an outputs file without the stack, naming the command that writes it', () => {
    const file = join(DIR, 'other.json');
    writeFileSync(file, JSON.stringify({ prod: {} }));
    // A readable file of the wrong content is invalid input: exit 1 (outputs-file.ts).
    expect(run(['profiles', '--env', 'dev', '--outputs', file])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/holds no outputs of stack 'dev' \(stacks in it: 'prod'\): write it with `npx cdktf output dev --outputs-file/),
    });
  });
});

describe('may-edit', () => {
  const ownership = join(DIR, 'ownership.json');
  writeFileSync(ownership, JSON.stringify(ownershipOf(model)));
  // The project root is resolved on disk (the hook judges files, not strings): a real folder stands for it.
  const repo = realpathSync(mkdtempSync(join(tmpdir(), 'repo-')));
  const mayEditPaths = (agent: string, ...paths: string[]) => run(['may-edit', '--agent', agent, '--ownership', ownership, '--root', repo, ...paths]);

  it('exits 0 for a path the agent owns', () => {
    expect(mayEditPaths('troubleshooter', 'src/jobs/run.py', join(repo, 'notebooks/debug.py'))).toMatchObject({ code: 0, stderr: '' });
  });

  it('exits 1 for a path the agent may only read, naming the pattern and the owner to ask', () => {
    expect(mayEditPaths('orchestrator', 'src/jobs/run.py')).toMatchObject({
      code: 1,
      stderr: "orchestrator may only read 'src/jobs/run.py' (pattern 'src/**/*'): ask troubleshooter to make the change\n",
    });
  });

  it('exits 1 for a path no pattern covers, naming the orchestrator', () => {
    expect(mayEditPaths('troubleshooter', 'Makefile')).toMatchObject({
      code: 1,
      stderr: "no file-ownership pattern covers 'Makefile': ask orchestrator to add one to the model\n",
    });
  });

  it('lets the most specific of overlapping patterns decide', () => {
    // pipelines/**/* (troubleshooter) and pipelines/bronze/** (data-connector-specialist) both match.
    expect(mayEditPaths('data-connector-specialist', 'pipelines/bronze/orders.py').code).toBe(0);
    expect(mayEditPaths('troubleshooter', 'pipelines/bronze/orders.py')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        /has no access to 'pipelines\/bronze\/orders\.py' \(pattern 'pipelines\/bronze\/\*\*'\): ask data-connector-specialist/,
      ),
    });
    expect(mayEditPaths('troubleshooter', 'pipelines/shared/util.py').code).toBe(0);
  });

  it('refuses a path outside the repository', () => {
    expect(mayEditPaths('troubleshooter', '../elsewhere/src/x.py')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/is outside the project root/),
    });
  });

  it('reads a PreToolUse event on standard input and blocks with exit 2', () => {
    // Claude Code passes tool_name, tool_input and cwd as JSON on stdin; exit 2 blocks the call (Hooks reference).
    const event = (file: string, tool = 'Edit') =>
      JSON.stringify({ hook_event_name: 'PreToolUse', tool_name: tool, cwd: repo, tool_input: { file_path: file } });
    const hook = (agent: string, stdin: string) =>
      run(['may-edit-hook', '--agent', agent, '--ownership', ownership, '--root', repo, '--hook'], stdin);
    expect(hook('sql-analyst', event(join(repo, 'sql/revenue.sql')))).toMatchObject({ code: 0 });
    expect(hook('sql-analyst', event(join(repo, 'pipelines/bronze/x.py'), 'Write'))).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/sql-analyst has no access/),
    });
    expect(hook('sql-analyst', JSON.stringify({ tool_name: 'Read', cwd: repo, tool_input: { file_path: join(repo, 'x') } }))).toMatchObject({
      code: 0,
    });
    expect(hook('sql-analyst', 'not json')).toMatchObject({ code: 2, stderr: expect.stringMatching(/standard input is not a hook event/) });
  });

  it('runs as a plain node process from bin/, the way the hook calls it', () => {
    const result = spawnSync(
      process.execPath,
      [join(ROOT, 'bin/may-edit.js'), '--agent', 'orchestrator', '--ownership', ownership, '--root', repo, 'src/x.py'],
      { encoding: 'utf8' },
    );
    expect({ status: result.status, stderr: result.stderr }).toEqual({
      status: 1,
      stderr: expect.stringMatching(/^orchestrator may only read 'src\/x\.py'/),
    });
  });
});

describe('an unambiguous matrix', () => {
  it('refuses two equally specific patterns that match one path with different owners', () => {
    const problems = problemsOf((d) =>
      d.fileOwnership.push({ pattern: 'data/x*', access: { orchestrator: 'OWNS' } }, { pattern: 'data/*y', access: { 'sql-analyst': 'OWNS' } }),
    ).map((p) => `${p.path}: ${p.message}`);
    expect(problems).toEqual([
      expect.stringMatching(
        /^fileOwnership\[19\]\.pattern: 'data\/\*y' and fileOwnership\[18\] \('data\/x\*'\) are equally specific and both match e\.g\. 'data\/xy' with different owners/,
      ),
    ]);
    // The same two patterns with the same owners decide every path one way.
    expect(
      problemsOf((d) =>
        d.fileOwnership.push({ pattern: 'data/x*', access: { orchestrator: 'OWNS' } }, { pattern: 'data/*y', access: { orchestrator: 'OWNS' } }),
      ),
    ).toEqual([]);
  });

  it('accepts a more specific pattern inside a broader one', () => {
    // src/*.md and src/**/* overlap, but src/*.md has more literal characters and decides.
    expect(
      problemsOf((d) =>
        d.fileOwnership.push(
          { pattern: 'src/agents/**', access: { orchestrator: 'OWNS' } },
          { pattern: 'src/*.md', access: { orchestrator: 'OWNS' } },
        ),
      ),
    ).toEqual([]);
  });
});

describe('agent definitions', () => {
  const out = join(DIR, 'agents');
  const frontMatterOf = (text: string): Data => require('yaml').parse(/^---\n([\s\S]*?)\n---\n/.exec(text)![1]);

  it('writes one subagent file per agent whose front matter parses as YAML with the required keys', () => {
    expect(run(['agents', join(ROOT, 'stacks/team.yaml'), '--env', 'dev', '--out', out]).code).toBe(0);
    for (const agent of [...model.agents.core, ...model.agents.domain]) {
      const front = frontMatterOf(readFileSync(join(out, `${agent.name}.md`), 'utf8'));
      // name, description and model are the subagent fields Claude Code reads first (Claude Code docs, "Subagents").
      expect(front).toMatchObject({
        name: agent.name,
        description: agent.description,
        model: expect.stringMatching(/^(sonnet|opus|haiku|inherit)$/),
      });
    }
  });

  it('maps the LLM to the alias Claude Code takes and caps turns where a loop limit names the agent', () => {
    const read = (agent: string) => frontMatterOf(readFileSync(join(out, `${agent}.md`), 'utf8'));
    expect(read('orchestrator')).toMatchObject({ model: 'opus', maxTurns: 120 });
    expect(read('testing-agent')).toMatchObject({ model: 'haiku', maxTurns: 60 });
    expect(read('sql-analyst').model).toBe('sonnet');
    expect(read('sql-analyst').maxTurns).toBeUndefined();
  });

  it('tells the agent its profile and carries its brief', () => {
    const text = readFileSync(join(out, 'troubleshooter.md'), 'utf8');
    expect(text).toContain('`DATABRICKS_CONFIG_PROFILE=lakehouse-agents-dev-troubleshooter`');
    expect(text).toContain('# Brief: troubleshooter');
  });

  it('wires a PreToolUse hook whose command blocks an edit the agent does not own', () => {
    const hook = frontMatterOf(readFileSync(join(out, 'sql-analyst.md'), 'utf8')).hooks.PreToolUse[0];
    expect(hook.matcher).toBe('Edit|MultiEdit|Write|NotebookEdit|Bash');
    const event = (file: string) => JSON.stringify({ tool_name: 'Edit', cwd: ROOT, tool_input: { file_path: join(ROOT, file) } });
    // The command as Claude Code runs it: through a shell, with CLAUDE_PROJECT_DIR set (Hooks reference).
    const exec = (file: string) =>
      spawnSync('sh', ['-c', hook.hooks[0].command], {
        input: event(file),
        encoding: 'utf8',
        env: { ...process.env, CLAUDE_PROJECT_DIR: ROOT },
        cwd: ROOT,
      });
    expect(exec('sql/revenue.sql').status).toBe(0);
    expect(exec('pipelines/bronze/orders.py')).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/sql-analyst has no access to 'pipelines\/bronze\/orders\.py'/),
    });
  });

  it('writes the ownership matrix the hook reads beside the definitions', () => {
    const { readAlways, patternBytes, ...written } = JSON.parse(readFileSync(join(out, 'ownership.json'), 'utf8'));
    expect(patternBytes).toBeGreaterThan(0);
    expect(written).toEqual(ownershipOf(model, written.protected));
    // The header repeats the patterns the hook cannot find by a lowercase search of their first segment.
    expect(readAlways.map((entry: { pattern: string }) => entry.pattern)).toEqual(['*.md']);
    // The enforcement's own files travel with the matrix: the settings, this folder, the hook's code in this checkout.
    expect(written.protected).toEqual(expect.arrayContaining(['.claude/settings*.json', '.claude/agents/**', 'bin/**', 'src/ownership/**']));
  });

  it('reports drift with exit 1, and removes definitions of agents no longer in the model', () => {
    expect(run(['agents', '--env', 'dev', '--out', out, '--check'])).toMatchObject({ code: 0 });
    writeFileSync(join(out, 'sql-analyst.md'), readFileSync(join(out, 'sql-analyst.md'), 'utf8').replace('model: "sonnet"', 'model: "opus"'));
    const drifted = run(['agents', '--env', 'dev', '--out', out, '--check']);
    expect(drifted).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/drifted from stacks\/team\.yaml; regenerate it with: npx agent-contract agents/),
    });
    expect(drifted.stdout).toMatch(/^-model: "opus"$/m);
    expect(drifted.stdout).toMatch(/^\+model: "sonnet"$/m);
    writeFileSync(join(out, 'retired-agent.md'), '---\n# Generated by databricks-agent-contract from x\nname: retired-agent\n---\n');
    writeFileSync(join(out, 'hand-written.md'), '---\nname: mine\n---\n');
    expect(run(['agents', '--env', 'dev', '--out', out, '--check']).stdout).toContain('no longer generated');
    expect(run(['agents', '--env', 'dev', '--out', out]).code).toBe(0);
    expect(() => statSync(join(out, 'retired-agent.md'))).toThrow();
    expect(statSync(join(out, 'hand-written.md')).isFile()).toBe(true);
    expect(run(['agents', '--env', 'dev', '--out', out, '--check']).code).toBe(0);
    // `check` covers the definitions like CONTRACT.md.
    writeFileSync(join(out, 'orchestrator.md'), 'edited by hand\n');
    expect(run(['check', '--env', 'dev', '--agents', out])).toMatchObject({ code: 1, stderr: expect.stringMatching(/drifted/) });
  });

  it('keeps the checked-in definitions of the reference model current', () => {
    expect(
      run(['agents', join(ROOT, 'stacks/team.yaml'), '--env', 'dev', '--out', join(ROOT, '.claude/agents'), '--no-project-files', '--check']),
    ).toMatchObject({
      code: 0,
    });
  });
});
