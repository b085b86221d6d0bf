// Holes a review found after the hostile-input work, each closed through the public interface.
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { Grant } from '@cdktf/provider-databricks/lib/grant';
import { Permissions } from '@cdktf/provider-databricks/lib/permissions';
import { addEnvironmentStacks } from '../src/app';
import { main } from '../src/cli/main';
import { main as mayEdit } from '../src/ownership/may-edit';
import { selectedModelPath } from '../src/model/model-path';
import type { EnvironmentStack } from '../src/constructs/environment-stack';
import { modelFrom, problemsOf, referenceData, ROOT, type Data } from './helpers';

const DIR = mkdtempSync(join(tmpdir(), 'hardening-'));
function run(argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } } as never);
  return { code, stdout, stderr };
}
const messages = (mutate: (d: Data) => void) => problemsOf(mutate).map((p) => `${p.path}: ${p.message}`);

describe('a YAML model reads no file but the templates beside it', () => {
  it.each(['/etc/passwd', '../../../etc/passwd', 'templates/../../secret.hbs'])('refuses contract.template %j', (template) => {
    expect(messages((d) => (d.contract = { template }))).toEqual([expect.stringMatching(/^contract\.template: '.*' leaves the model's folder/)]);
  });
});

describe('keys a record would drop', () => {
  it('refuses an environment named __proto__ instead of losing it', () => {
    const data = referenceData();
    Object.defineProperty(data.environments, '__proto__', {
      value: { workspaceUrl: 'https://adb-1.2.azuredatabricks.net', catalog: 'x' },
      enumerable: true,
    });
    const file = join(DIR, 'proto.json');
    writeFileSync(file, JSON.stringify(data));
    expect(run(['validate', file])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/environments\.__proto__: '__proto__' cannot be a key of the model/),
    });
  });
});

describe('single grants are held to the derivation too', () => {
  it('DAC-UC2 and DAC-UC3 flag a databricks_grant, not only DAC-UC5', () => {
    const stack = addEnvironmentStacks(Testing.app(), modelFrom())[0] as EnvironmentStack;
    const orchestrator = stack.team.identities.principalOf('orchestrator').name;
    new Grant(stack, 'modify-gold', {
      schema: stack.team.unityCatalog.schemas.get('gold')!.schema.id,
      principal: orchestrator,
      privileges: ['MODIFY'],
    });
    new Grant(stack, 'select-catalog', { catalog: stack.team.unityCatalog.catalog.catalog.name, principal: orchestrator, privileges: ['SELECT'] });
    const rules = new Set(stack.team.guardrails.findings().map((f) => f.rule));
    expect([...rules].sort()).toEqual(['DAC-UC2', 'DAC-UC3', 'DAC-UC5']);
  });
});

describe('one environment per workspace, however the URL is spelled', () => {
  it.each(['https://adb-1234567890123456.7.azuredatabricks.net:443', 'https://ADB-1234567890123456.7.azuredatabricks.net./'])(
    "refuses prod on dev's workspace written %j",
    (url) => {
      expect(messages((d) => (d.environments.prod.workspaceUrl = url))).toContainEqual(
        expect.stringMatching(/^environments\.prod\.workspaceUrl: .* is already environment 'dev''s workspace/),
      );
    },
  );
});

describe('usage errors, not internal errors', () => {
  it('a cdktf.json that is not JSON names the file', () => {
    const file = join(DIR, 'cdktf.json');
    writeFileSync(file, '{ "context": ');
    expect(() => selectedModelPath({}, file)).toThrow(/cannot read .*cdktf\.json: it is not JSON/);
    expect(() => selectedModelPath({ CDKTF_CONTEXT_JSON: '{' })).toThrow(/cannot read CDKTF_CONTEXT_JSON: it is not JSON/);
  });

  it('agents --out and check --agents on a file exit 2', () => {
    const file = join(DIR, 'not-a-dir');
    writeFileSync(file, 'x');
    expect(run(['agents', '--env', 'dev', '--out', file])).toMatchObject({ code: 2, stderr: expect.stringMatching(/is not a directory/) });
    expect(run(['check', '--env', 'dev', '--agents', file])).toMatchObject({ code: 2, stderr: expect.stringMatching(/is not a directory/) });
  });

  it('profiles refuses an application id that would write lines of its own', () => {
    const outputs = join(DIR, 'outputs.json');
    const stack: Record<string, unknown> = {};
    for (const agent of [...referenceData().agents.core, ...referenceData().agents.domain])
      stack[`identity-${agent.name}`] = { application_id: '00000000-0000-4000-8000-000000000000' };
    stack['identity-orchestrator'] = { application_id: 'x\n[evil]\nhost = https://attacker' };
    writeFileSync(outputs, JSON.stringify({ dev: stack }));
    // Invalid input, never written into a profile: exit 1.
    expect(run(['profiles', join(ROOT, 'stacks/team.yaml'), '--env', 'dev', '--outputs', outputs])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/identity-orchestrator\.application_id in the outputs is not an application id/),
    });
  });
});

describe('the edit hook', () => {
  const io = (stdin: string) => {
    let stderr = '';
    return { io: { stdout: { write: () => true }, stderr: { write: (t: string) => (stderr += t) }, stdin: () => stdin }, stderr: () => stderr };
  };
  const event = JSON.stringify({ tool_name: 'Edit', cwd: '/repo/tests', tool_input: { file_path: '/repo/tests/unit/test_x.py' } });

  it('judges paths against --root, whatever directory the session is in', () => {
    const repo = realpathSync(mkdtempSync(join(DIR, 'repo-')));
    const ownership = join(DIR, 'ownership.json');
    writeFileSync(
      ownership,
      JSON.stringify({
        version: 2,
        orchestrator: 'orchestrator',
        mainAgent: 'orchestrator',
        agents: ['orchestrator', 'testing-agent'],
        refuseUnreadable: ['testing-agent'],
        protected: [],
        patterns: [{ pattern: 'tests/**/*', owners: ['testing-agent'], readers: [] }],
      }),
    );
    const inRepo = JSON.stringify({ tool_name: 'Edit', cwd: join(repo, 'tests'), tool_input: { file_path: join(repo, 'tests/unit/test_x.py') } });
    const { io: streams } = io(inRepo);
    expect(mayEdit(['--agent', 'testing-agent', '--hook', '--root', repo, '--ownership', ownership], streams)).toBe(0);
  });

  it('blocks (exit 2) when the ownership file is malformed, never lets the edit through', () => {
    const broken = join(DIR, 'broken.json');
    writeFileSync(broken, JSON.stringify({ version: 1, orchestrator: 'orchestrator', patterns: [1] }));
    const { io: streams, stderr } = io(event);
    // Any exit but 0 and 2 lets a PreToolUse call proceed (Claude Code docs, "Hooks reference").
    expect(mayEdit(['--agent', 'testing-agent', '--hook', '--root', '/repo', '--ownership', broken], streams)).toBe(2);
    expect(stderr()).toMatch(/^may-edit: /);
  });
});

describe('an unambiguous matrix, checked conservatively', () => {
  it('refuses equally specific patterns that overlap by their literal ends', () => {
    const problems = messages((d) =>
      d.fileOwnership.push(
        { pattern: 'sql/a*', access: { 'sql-analyst': 'OWNS' } },
        { pattern: 'sql/*b', access: { 'delta-lake-engineer': 'OWNS' } },
      ),
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /^fileOwnership\[19\]\.pattern: 'sql\/\*b' and fileOwnership\[18\] \('sql\/a\*'\) are equally specific and both match e\.g\. 'sql\/ab'/,
      ),
    ]);
  });

  it('accepts equally specific patterns whose literal ends differ', () => {
    // Same literal segments and characters ('sql/.sq', 'sql/.py'), so equally specific; no path ends in both.
    expect(
      problemsOf((d) =>
        d.fileOwnership.push(
          { pattern: 'sql/*.sq', access: { 'sql-analyst': 'OWNS' } },
          { pattern: 'sql/*.py', access: { 'delta-lake-engineer': 'OWNS' } },
        ),
      ),
    ).toEqual([]);
  });
});

describe('production jobs', () => {
  it('DAC-JB1 flags any principal but the workspace admin and the run-as owner managing a job in prod', () => {
    const stack = addEnvironmentStacks(Testing.app(), modelFrom()).find((s) => s.node.id === 'prod') as EnvironmentStack;
    const guard = stack.team.compute.guard!;
    (guard.node.findChild('permissions') as Permissions).putAccessControl([
      { permissionLevel: 'IS_OWNER', servicePrincipalName: guard.identity.applicationId },
      { permissionLevel: 'CAN_MANAGE', groupName: 'users' },
    ]);
    expect(stack.team.guardrails.findings().map((f) => `${f.rule} ${f.message}`)).toEqual([
      // The built-in group of every user: DAC-UC4 reads databricks_permissions too.
      "DAC-UC4 'users' holds CAN_MANAGE: give it to the agents' principals instead, or suppress DAC-UC4 in the model with a reason",
      expect.stringMatching(/^DAC-JB1 users holds CAN_MANAGE in protected environment 'prod': only workspace-admin may modify production jobs/),
    ]);
  });
});
