// The CLI's commands in-process through main(argv, io): what each prints, where (stdout or stderr), and its exit
// code — 0 ok, 1 invalid model or drift, 2 usage. cli.test.ts keeps a few end-to-end runs of the real binary.
import { appendFileSync, chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accessMatrix } from '../src/access/matrix';
import { renderBrief } from '../src/contract/brief';
import { COMMANDS, main } from '../src/cli/main';
import { reportFailure } from '../src/cli/report';
import { validateCommand } from '../src/cli/validate-command';
import { ModelError } from '../src/model/problems';
import { allAgents, environmentOf, type NamedEnvironment } from '../src/model/types';
import { GuardrailError } from '../src/rules/guardrail-error';
import { modelFrom, teamOf, runCli } from './helpers';

const MODEL = 'stacks/team.yaml';
const model = modelFrom();
const dev = environmentOf(model, 'dev') as NamedEnvironment;
const scratch = mkdtempSync(join(tmpdir(), 'agent-contract-commands-'));

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `agent-contract ...argv` in-process, capturing what it writes. */
function cli(...argv: string[]): Result {
  return runCli(main, argv);
}

function file(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

/** A string sink for reportFailure. */
function sink() {
  const out = { text: '', write: (text: string) => (out.text += text) };
  return out;
}

describe('agent-contract (no command, help, unknown command)', () => {
  it('prints help to stderr with exit 2 when no command is given', () => {
    const result = cli();
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(
      /^agent-contract: one typed model of an AI agent team on Databricks\n\nUsage: agent-contract <command> \[options\]/,
    );
  });

  it.each(['help', '--help', '-h'])('prints help to stdout with exit 0 for %s, listing every command with its summary', (flag) => {
    const result = cli(flag);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    for (const command of COMMANDS)
      expect(result.stdout).toMatch(new RegExp(`^  ${command.name} +${command.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    expect(result.stdout).toContain("Run 'agent-contract <command> --help' for a command's options.");
  });

  it('names an unknown command and prints the help, with exit 2', () => {
    const result = cli('deploy', '--env', 'dev');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^agent-contract: unknown command 'deploy'\n\nagent-contract: one typed model/);
  });

  it.each(COMMANDS.map((command) => [command.name]))("prints %s's usage with exit 0 for --help or -h, whatever else is given", (name) => {
    for (const flag of ['--help', '-h']) {
      const result = cli(name, '--env', 'nowhere', flag);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toMatch(new RegExp(`^Usage: agent-contract ${name}\\b`));
    }
  });

  it("follows a usage error with the command's usage line", () => {
    expect(cli('validate', 'a.yaml', 'b.yaml')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'agent-contract: validate takes one model path, got 2\nUsage: agent-contract validate [model] [--json]\n',
    });
  });
});

describe('failures map to exit codes, never to a stack trace', () => {
  afterEach(() => jest.restoreAllMocks());

  it('reports an unexpected error in a command as an internal error with exit 1 and no usage line', () => {
    jest.spyOn(validateCommand, 'run').mockImplementation(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'x')");
    });
    const result = cli('validate', MODEL);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "agent-contract: internal error: Cannot read properties of undefined (reading 'x')\n(set AGENT_CONTRACT_DEBUG=1 for the stack trace and report it)\n",
    );
  });

  it('prints the stack trace of an internal error only with AGENT_CONTRACT_DEBUG set', () => {
    const saved = process.env.AGENT_CONTRACT_DEBUG;
    process.env.AGENT_CONTRACT_DEBUG = '1';
    try {
      const out = sink();
      expect(reportFailure(new Error('boom'), out)).toBe(1);
      expect(out.text).toMatch(/^agent-contract: internal error: Error: boom\n\s+at /);
    } finally {
      if (saved === undefined) delete process.env.AGENT_CONTRACT_DEBUG;
      else process.env.AGENT_CONTRACT_DEBUG = saved;
    }
  });

  it.each([
    ['a thrown string', 'disk full', 'disk full'],
    ['a thrown null', null, 'null'],
    [
      'a value whose message getter throws',
      Object.defineProperty({}, 'message', {
        get: () => {
          throw new Error('no');
        },
      }),
      'a value that cannot be printed',
    ],
  ])('describes %s as an internal error without failing itself', (_what, thrown, detail) => {
    const out = sink();
    expect(reportFailure(thrown, out)).toBe(1);
    expect(out.text.split('\n')[0]).toBe(`agent-contract: internal error: ${detail}`);
  });

  it('reports an invalid model with exit 1 and its own message, without the agent-contract: prefix', () => {
    const out = sink();
    const error = new ModelError([{ path: 'schemas[0].owner', message: "'x' is not an agent" }], 'team.yaml');
    expect(reportFailure(error, out)).toBe(1);
    expect(out.text).toBe(`${error.message}\n`);
  });

  it('reports guardrail errors with exit 1, counting them', () => {
    const finding = { rule: 'DAC-CP3', path: 'dev/compute/w', message: 'auto_stop_mins is unset or 0' };
    const out = sink();
    expect(reportFailure(new GuardrailError([finding]), out)).toBe(1);
    expect(out.text).toBe('guardrails failed (1 error):\n  DAC-CP3 dev/compute/w: auto_stop_mins is unset or 0\n');
    expect(new GuardrailError([finding, finding]).message).toMatch(/^guardrails failed \(2 errors\):\n {2}DAC-CP3 .*\n {2}DAC-CP3 /);
  });
});

describe('agent-contract validate', () => {
  it('summarizes a valid model on stdout with exit 0, in singular where there is one', () => {
    expect(cli('validate', MODEL)).toEqual({
      code: 0,
      stdout: `${MODEL} is valid: 16 agents, 2 environments, 6 schemas, 9 tables, 1 model, 5 compute rows, 4 pipelines\n`,
      // The reference model's one narrowed owner, once per more specific pattern holding another identity's code; then
      // '*.md' (project-manager) covering the generated session files: warnings, not failures.
      stderr: expect.stringMatching(
        /^(warning: stacks\/team\.yaml: fileOwnership\[7\]\.access\.troubleshooter: [^\n]+\n){4}warning: stacks\/team\.yaml: fileOwnership\[3\]\.pattern: '\*\.md' covers 'CLAUDE\.md', which the edit hook protects \('CLAUDE\.md'\): no agent may edit it whatever the pattern says\nwarning: stacks\/team\.yaml: fileOwnership\[3\]\.pattern: '\*\.md' covers 'AGENTS\.md', [^\n]+\n$/,
      ),
    });
  });

  it('accepts a model written in TypeScript, loaded in-process', () => {
    expect(cli('validate', 'stacks/team.example.ts')).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^stacks\/team\.example\.ts is valid: 4 agents, /),
    });
  });

  it('ignores the byte order mark some Windows editors write', () => {
    const path = file('bom.yaml', `\ufeff${readFileSync(MODEL, 'utf8')}`);
    expect(cli('validate', path)).toMatchObject({ code: 0, stdout: expect.stringMatching(/ is valid: 16 agents/) });
  });

  it('refuses a model of only whitespace with exit 1', () => {
    expect(cli('validate', file('blank.yaml', '\n  \n'))).toMatchObject({ code: 1, stderr: expect.stringMatching(/the model is empty/) });
  });

  it('lists every problem of an invalid model with exit 1', () => {
    const text = readFileSync(MODEL, 'utf8').replace(
      'owner: sql-analyst\n    accessPolicy: Analytics',
      'owner: sql-analist\n    accessPolicy: Analytics',
    );
    const result = cli('validate', file('typo.yaml', text));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/schemas\[2\]\.owner: 'sql-analist' is not an agent \(did you mean 'sql-analyst'\?\)/);
  });
});

describe('agent-contract access', () => {
  it('prints the access matrix as Markdown: privileges per securable, then compute with its limits', () => {
    const { code, stdout } = cli('access', MODEL, '--env', 'dev');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      '# Access in dev (catalog lakehouse_dev)',
      '',
      '| Agent | Securable | Privileges |',
      '|-------|-----------|------------|',
    ]);
    // Readers get exactly USE_SCHEMA and SELECT, everyone below the catalog USE_CATALOG (DATABRICKS.md "Grants", minimal sets).
    expect(lines).toContain('| orchestrator | `lakehouse_dev.gold` | SELECT, USE_SCHEMA |');
    expect(lines).toContain('| orchestrator | `lakehouse_dev` | USE_CATALOG |');
    expect(lines).toContain('| sql-analyst | `lakehouse_dev.gold` | OWNER |');
    // Warehouses have no maximum runtime; job and DLT clusters end with their run (DATABRICKS.md "Cluster policies").
    expect(lines).toContain('| spark-developer | spark-interactive | all-purpose | CAN_USE | 4 hours | 60 min |');
    expect(lines).toContain('| spark-developer | analytics-warehouse | sql-warehouse | CAN_USE | N/A | 10 min |');
    expect(lines).toContain('| qa-engineer | test-jobs | job | CAN_USE | 1 hour | on completion |');
    expect(lines).toContain('| workspace-admin | analytics-warehouse | sql-warehouse | CAN_MANAGE | N/A | 10 min |');
    expect(lines.filter((line) => line.startsWith('| project-manager | ') && !line.includes('`'))).toEqual([]);
  });

  it('prints the same matrix as JSON with --json', () => {
    const { code, stdout } = cli('access', MODEL, '--env', 'prod', '--json');
    expect(code).toBe(0);
    const prod = environmentOf(model, 'prod')!;
    expect(JSON.parse(stdout)).toEqual(
      JSON.parse(JSON.stringify({ environment: 'prod', catalog: 'lakehouse_prod', agents: accessMatrix(teamOf(model, prod.name)) })),
    );
  });

  it.each([
    ['without --env, naming the environments', ['access', MODEL], 'agent-contract: --env is required: one of dev, prod'],
    [
      'for an environment the model lacks, suggesting the closest',
      ['access', MODEL, '--env', 'dve'],
      "agent-contract: 'dve' is not an environment of the model (did you mean 'dev'?): use one of dev, prod",
    ],
    ['for two models', ['access', MODEL, MODEL, '--env', 'dev'], 'agent-contract: access takes one model path, got 2'],
  ])('exits 2 %s', (_what, argv, message) => {
    const result = cli(...argv);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(message);
  });
});

describe('agent-contract brief', () => {
  it("prints the agent's brief with exit 0", () => {
    const result = cli('brief', MODEL, '--env', 'dev', '--agent', 'qa-engineer');
    expect(result).toEqual({ code: 0, stdout: renderBrief(teamOf(model, dev.name), 'qa-engineer', { modelPath: MODEL }), stderr: '' });
  });

  it.each([
    [
      'an unknown agent, suggesting the closest',
      ['--env', 'dev', '--agent', 'sql-analist'],
      /^agent-contract: 'sql-analist' is not an agent of the model \(did you mean 'sql-analyst'\?\): use one of orchestrator, /,
    ],
    ['no --agent', ['--env', 'dev'], /^agent-contract: --agent is required: name one agent of the model\n/],
    ['no --env', ['--agent', 'qa-engineer'], /^agent-contract: --env is required/],
    ['two models', [MODEL, '--env', 'dev', '--agent', 'qa-engineer'], /^agent-contract: brief takes one model path, got 2/],
  ])('exits 2 for %s', (_what, argv, message) => {
    const result = cli('brief', MODEL, ...argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/Usage: agent-contract brief \[model\] --env <env> --agent <name> \[--out FILE\] \[--json\]\n$/);
  });
});

describe('agent-contract render and check', () => {
  const contract = join(scratch, 'CONTRACT.md');

  beforeAll(() => {
    expect(cli('render', MODEL, '--env', 'dev', '--out', contract)).toEqual({ code: 0, stdout: `wrote ${contract}\n`, stderr: '' });
  });

  it('renders to stdout exactly what --out writes', () => {
    const result = cli('render', MODEL, '--env', 'dev');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(readFileSync(contract, 'utf8'));
  });

  it("keeps the replaced file's permissions", () => {
    const out = file('KEEP-MODE.md', 'old\n');
    chmodSync(out, 0o640);
    expect(cli('render', MODEL, '--env', 'dev', '--out', out).code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o640);
  });

  it('refuses to replace something that is not a regular file', () => {
    expect(cli('render', MODEL, '--env', 'dev', '--out', '/dev/null')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^agent-contract: cannot write '\/dev\/null': it is not a regular file: name a file, or leave out --out/),
    });
  });

  it('exits 0 when the file is up to date', () => {
    expect(cli('check', MODEL, '--env', 'dev', contract)).toEqual({ code: 0, stdout: `${contract} is up to date with ${MODEL} (dev)\n`, stderr: '' });
  });

  it('exits 1 with a unified diff and the command that regenerates it when the file drifted', () => {
    const drifted = file('DRIFTED.md', readFileSync(contract, 'utf8').replace('> **Catalog**: lakehouse_dev', '> **Catalog**: lakehouse_test'));
    const result = cli('check', MODEL, '--env', 'dev', drifted);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `${drifted} drifted from ${MODEL}; regenerate it with: npx agent-contract render ${MODEL} --env dev --out ${drifted}\n`,
    );
    expect(result.stdout).toMatch(new RegExp(`^--- ${drifted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n\\+\\+\\+ ${MODEL} \\(fresh render\\)\n`));
    expect(result.stdout.split('\n')).toEqual(expect.arrayContaining(['-> **Catalog**: lakehouse_test', '+> **Catalog**: lakehouse_dev']));
  });

  it('names --template in the regeneration command when one was given', () => {
    const template = file('custom.hbs', '# {{CATALOG_NAME}}\n');
    const drifted = file('CUSTOM.md', '# something else\n');
    const result = cli('check', MODEL, '--env', 'dev', '--template', template, drifted);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`regenerate it with: npx agent-contract render ${MODEL} --env dev --template ${template} --out ${drifted}`);
    expect(cli('check', MODEL, '--env', 'dev', '--template', template, file('CUSTOM-OK.md', '# lakehouse_dev\n')).code).toBe(0);
  });

  it('exits 2 without a file to check', () => {
    expect(cli('check', '--env', 'dev')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^agent-contract: check takes \[model\] and the FILE to check, or --agents DIR\n/),
    });
  });
});

describe('agent-contract check --agents', () => {
  const agentsDir = join(scratch, 'agents');
  const contract = join(scratch, 'CONTRACT-FOR-AGENTS.md');

  beforeAll(() => {
    expect(cli('agents', MODEL, '--env', 'dev', '--out', agentsDir).code).toBe(0);
    expect(cli('render', MODEL, '--env', 'dev', '--out', contract).code).toBe(0);
  });

  it('checks only the agent files when the lone positional is the model', () => {
    const result = cli('check', MODEL, '--env', 'dev', '--agents', agentsDir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^${agentsDir} is up to date with ${MODEL} \\(dev\\): ${allAgents(model).length + 1} files\n$`));
  });

  it('checks the contract and the agent files together', () => {
    const result = cli('check', MODEL, '--env', 'dev', '--agents', agentsDir, contract);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${contract} is up to date with ${MODEL} (dev)\n`);
  });

  it('exits 1 when the agent files drifted, even with an up-to-date contract', () => {
    const drifted = join(scratch, 'agents-drifted');
    expect(cli('agents', MODEL, '--env', 'dev', '--out', drifted).code).toBe(0);
    appendFileSync(join(drifted, 'qa-engineer.md'), 'hand edit\n');
    const result = cli('check', MODEL, '--env', 'dev', '--agents', drifted, contract);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${contract} is up to date with ${MODEL} (dev)\n`);
    expect(result.stderr).toContain(
      `${drifted} drifted from ${MODEL}; regenerate it with: npx agent-contract agents ${MODEL} --env dev --out ${drifted}`,
    );
    expect(result.stdout).toContain('-hand edit');
  });

  it.each([
    ['no --out', ['agents', MODEL, '--env', 'dev'], /^agent-contract: --out DIR is required, e.g. --out .claude\/agents\n/],
    ['an empty --out', ['agents', MODEL, '--env', 'dev', '--out='], /^agent-contract: --out DIR is required/],
    ['two models', ['agents', MODEL, MODEL, '--env', 'dev', '--out', agentsDir], /^agent-contract: agents takes one model path, got 2/],
  ])('agents exits 2 for %s', (_what, argv, message) => {
    expect(cli(...argv)).toMatchObject({ code: 2, stderr: expect.stringMatching(message) });
  });
});

describe('agent-contract profiles', () => {
  const appId = (i: number) => `${i % 10}a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d`;
  /** An outputs file as `cdktf output --outputs-file` writes it, with `edit` applied to the dev stack's outputs. */
  const outputs = (edit: (stack: Record<string, unknown>) => void = () => undefined, name = 'outputs.json') => {
    const stack: Record<string, unknown> = {};
    allAgents(model).forEach((agent, i) => {
      if (agent.identity.type !== 'account-group') stack[`identity-${agent.name}`] = { kind: agent.identity.type, application_id: appId(i) };
    });
    edit(stack);
    return file(name, JSON.stringify({ dev: stack }));
  };

  it.each([
    ['no --outputs', ['--env', 'dev'], /^agent-contract: --outputs FILE is required: the file `npx cdktf output <env> --outputs-file FILE` writes\n/],
    // Outputs files of the wrong shape exit 1: __tests__/profiles-outputs.test.ts.
  ])('exits 2 for %s', (_what, argv, message) => {
    const paths: Record<string, string> = {};
    expect(cli('profiles', MODEL, ...argv.map((arg) => paths[arg] ?? arg))).toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(message),
    });
  });

  it('writes profiles without secrets to --out with the default mode, and prints only what it wrote', () => {
    const out = join(scratch, 'profiles.cfg');
    expect(cli('profiles', MODEL, '--env', 'dev', '--outputs', outputs(), '--out', out)).toEqual({ code: 0, stdout: `wrote ${out}\n`, stderr: '' });
    expect(readFileSync(out, 'utf8')).toMatch(
      /^; Databricks profiles of the lakehouse-agents agents in dev \(generated by agent-contract profiles\)\.\n\n\[lakehouse-agents-dev-orchestrator\]\n/,
    );
    expect(statSync(out).mode & 0o077).not.toBe(0);
  });
});

describe('agent-contract may-edit', () => {
  const USAGE = 'Usage: may-edit [--agent <name>] [--ownership FILE] [--root DIR] (--hook | <path>...)\n';

  it.each([
    ['no --agent', ['src/x.py'], 'may-edit: --agent is required'],
    ['--agent without its value', ['--agent', '--hook'], 'may-edit: --agent needs a value'],
    ['an unknown option', ['--agent', 'qa-engineer', '--force', 'src/x.py'], "may-edit: unknown option '--force'"],
    ['no path to judge', ['--agent', 'qa-engineer'], 'may-edit: name at least one path'],
  ])('exits 2 with its usage for %s', (_what, argv, message) => {
    expect(cli('may-edit', ...argv)).toEqual({ code: 2, stdout: '', stderr: `${message}\n${USAGE}` });
  });

  it('exits 2 naming an ownership file it cannot read or that is not one', () => {
    const missing = join(scratch, 'missing-ownership.json');
    expect(cli('may-edit', '--agent', 'qa-engineer', '--ownership', missing, 'src/x.py')).toEqual({
      code: 2,
      stdout: '',
      stderr: `may-edit: cannot read the ownership file '${missing}': ENOENT\n`,
    });
    // The version-1 file of earlier releases had no agent list: it is refused, naming the command that rewrites it.
    const other = file('not-ownership.json', JSON.stringify({ version: 1, patterns: [] }));
    expect(cli('may-edit', '--agent', 'qa-engineer', '--ownership', other, 'src/x.py')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        new RegExp(`^may-edit: '${other}' is not an ownership file of this version: run npx agent-contract agents --env <env> --out `),
      ),
    });
  });

  it('reads the matrix `agents` writes under --root, and exits 2 naming both places when there is none', () => {
    const root = mkdtempSync(join(scratch, 'root-'));
    expect(cli('may-edit', '--agent', 'qa-engineer', '--root', root, 'src/x.py')).toMatchObject({
      code: 2,
      stderr:
        'may-edit: no ownership file (.claude/agents/ownership.json or cdktf.out/ownership.json): run npx agent-contract agents --env <env> --out .claude/agents\n',
    });
    expect(cli('agents', MODEL, '--env', 'dev', '--out', join(root, '.claude/agents'), '--no-project-files').code).toBe(0);
    expect(cli('may-edit', '--agent', 'troubleshooter', '--root', root, 'src/jobs/run.py')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(cli('may-edit', '--agent', 'orchestrator', '--root', root, 'src/jobs/run.py')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^orchestrator may only read 'src\/jobs\/run\.py'/),
    });
  });
});
