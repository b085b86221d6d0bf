// Every command line the CLI suggests quotes each path and value it names: pasted into a shell, a path holding a
// space, `$(…)` and a single quote stays the one argument it is and runs nothing.
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandLine } from '../src/cli/command-line';
import { main } from '../src/cli/main';
import { readOutputs } from '../src/cli/outputs-file';
import { environmentOf, type NamedEnvironment } from '../src/model/types';
import { modelFrom } from './helpers';

const MODEL = 'stacks/team.yaml';
const HOSTILE = "it's a $(touch pwned) folder";
const scratch = mkdtempSync(join(tmpdir(), 'suggested-commands-'));
const hostile = join(scratch, HOSTILE);
mkdirSync(hostile);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } });
  return { code, stdout, stderr };
}

/** The words a POSIX shell reads from `line`, run in `scratch`: nothing in them may run (no `pwned` appears). */
function shellWords(line: string): string[] {
  const out = execFileSync('sh', ['-c', `printf '%s\\0' ${line}`], { cwd: scratch, encoding: 'utf8' });
  expect(existsSync(join(scratch, 'pwned'))).toBe(false);
  return out.split('\0').slice(0, -1);
}

/** The command after `marker` on its line of `text`. */
const suggested = (text: string, marker: string, end = '\n'): string => {
  const start = text.indexOf(marker);
  expect(start).toBeGreaterThanOrEqual(0);
  return text.slice(start + marker.length, text.indexOf(end, start + marker.length));
};

describe('commandLine', () => {
  it('leaves plain words bare and quotes any other so the shell reads each back as it was', () => {
    expect(commandLine('npx', 'agent-contract', '--env', 'dev', 'stacks/team.yaml')).toBe('npx agent-contract --env dev stacks/team.yaml');
    expect(shellWords(commandLine(HOSTILE, 'a b', "'", '$HOME', '`id`'))).toEqual([HOSTILE, 'a b', "'", '$HOME', '`id`']);
  });
});

describe('commands the CLI suggests', () => {
  it("init's next step changes into a folder of any name", () => {
    const dir = join(hostile, 'project');
    const result = cli('init', dir);
    expect(result.code).toBe(0);
    const cd = suggested(result.stdout, 'next: ', ' && npm install');
    expect(shellWords(cd)).toEqual(['cd', dir]);
  });

  it("check's regeneration command names the contract and the template as given", () => {
    const template = join(hostile, 'custom.hbs');
    writeFileSync(template, '# {{CATALOG_NAME}}\n');
    const drifted = join(hostile, 'CONTRACT.md');
    writeFileSync(drifted, '# something else\n');
    const result = cli('check', MODEL, '--env', 'dev', '--template', template, drifted);
    expect(result.code).toBe(1);
    expect(shellWords(suggested(result.stderr, 'regenerate it with: '))).toEqual([
      'npx',
      'agent-contract',
      'render',
      MODEL,
      '--env',
      'dev',
      '--template',
      template,
      '--out',
      drifted,
    ]);
  });

  it("agents --check's regeneration command names the folder as given", () => {
    const agents = join(hostile, 'agents');
    expect(cli('agents', MODEL, '--env', 'dev', '--out', agents, '--no-project-files').code).toBe(0);
    appendFileSync(join(agents, 'qa-engineer.md'), 'hand edit\n');
    const result = cli('agents', MODEL, '--env', 'dev', '--out', agents, '--no-project-files', '--check');
    expect(result.code).toBe(1);
    expect(shellWords(suggested(result.stderr, 'regenerate it with: '))).toEqual([
      'npx',
      'agent-contract',
      'agents',
      MODEL,
      '--env',
      'dev',
      '--out',
      agents,
      '--no-project-files',
    ]);
  });

  it('an outputs file of other stacks is answered with the cdktf command that writes it, the file quoted', () => {
    const file = join(hostile, 'outputs.json');
    const dev = environmentOf(modelFrom(), 'dev') as NamedEnvironment;
    let message = '';
    try {
      readOutputs(JSON.stringify({ prod: {} }), file, dev);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(shellWords(suggested(message, 'write it with `', '`'))).toEqual(['npx', 'cdktf', 'output', 'dev', '--outputs-file', file]);
  });
});
