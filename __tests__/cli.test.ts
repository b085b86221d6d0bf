import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers';

const BIN = join(ROOT, 'bin/agent-contract.js');
const scratch = mkdtempSync(join(tmpdir(), 'agent-contract-cli-'));

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function file(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe('agent-contract validate', () => {
  it('accepts the reference model with exit 0 and a one-line summary', () => {
    const { code, stdout } = run('validate');
    expect(code).toBe(0);
    expect(stdout).toBe('stacks/team.yaml is valid: 16 agents, 2 environments, 6 schemas, 9 tables, 1 model, 5 compute rows, 4 pipelines\n');
  });

  it('accepts a model written in TypeScript', () => {
    const { code, stdout } = run('validate', 'stacks/team.example.ts');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^stacks\/team\.example\.ts is valid: 4 agents/);
  });

  it('refuses an invalid model with exit 1, naming each offending value', () => {
    const text = readFileSync(join(ROOT, 'stacks/team.yaml'), 'utf8')
      .replace('owner: sql-analyst\n    accessPolicy: Analytics', 'owner: sql-analist\n    accessPolicy: Analytics')
      .replace('autoTerminateMinutes: 60', 'autoTerminateMinutes: 2000');
    const { code, stderr } = run('validate', file('typo.yaml', text));
    expect(code).toBe(1);
    expect(stderr).toMatch(/is invalid \(2 problems\)/);
    expect(stderr).toMatch(/schemas\[2\]\.owner: 'sql-analist' is not an agent \(did you mean 'sql-analyst'\?\)/);
    expect(stderr).toMatch(/compute\[0\]\.autoTerminateMinutes: 2000 is outside 10–1440 minutes/);
    noStackTrace(stderr);
  });

  it.each([
    ['broken YAML', 'project: [unclosed\n', /YAML syntax error/],
    ['an empty file', '', /the model is empty/],
    ['an unknown key', 'projekt: {}\n', /unknown key 'projekt' \(did you mean 'project'\?\)/],
  ])('exits 1 without a stack trace on %s', (_what, text, message) => {
    const { code, stderr } = run('validate', file(`case-${text.length}.yaml`, text));
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    noStackTrace(stderr);
  });

  it('exits 2 without a stack trace on a missing file', () => {
    const { code, stderr } = run('validate', 'does-not-exist.yaml');
    expect(code).toBe(2);
    expect(stderr).toBe("agent-contract: cannot read model 'does-not-exist.yaml': no such file\n");
  });

  it('exits 2 on an unknown option and on an unknown command', () => {
    expect(run('validate', '--strict').code).toBe(2);
    const unknown = run('deploy');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'deploy'/);
  });

  it('prints help for the CLI and for each command', () => {
    const top = run('--help');
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/validate\s+check a model/);
    const validate = run('validate', '--help');
    expect(validate.code).toBe(0);
    expect(validate.stdout).toMatch(/^Usage: agent-contract validate \[model\]/);
  });
});
