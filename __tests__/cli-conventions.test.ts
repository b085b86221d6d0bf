// The CLI's conventions (issue 23 item 3, issue 22 item 4): --version, --json with the shapes of src/cli/json-output.ts,
// strict argument parsing (node:util parseArgs) with exit 2, writing commands that say what they wrote, and commands
// loaded only when they run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMANDS, main } from '../src/cli/main';
import type { AccessJson, BriefJson, CheckJson, DoctorJson, InvalidModelJson, MayEditJson, ValidateJson } from '../src/cli/json-output';
import { ROOT, runCli } from './helpers';

const MODEL = 'stacks/team.yaml';
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const scratch = mkdtempSync(join(tmpdir(), 'agent-contract-conventions-'));

/** `agent-contract ...argv` in-process. */
function cli(...argv: string[]): { code: number; stdout: string; stderr: string } {
  return runCli(main, argv);
}

/** The command's stdout parsed as JSON, with its exit code. */
function json<T>(...argv: string[]): { code: number; value: T; stderr: string } {
  const { code, stdout, stderr } = cli(...argv);
  return { code, value: JSON.parse(stdout) as T, stderr };
}

/** The reference model with one owner misspelled: invalid, with one problem. */
function invalidModel(): string {
  const path = join(scratch, 'invalid.yaml');
  writeFileSync(
    path,
    readFileSync(join(ROOT, MODEL), 'utf8').replace(
      'owner: sql-analyst\n    accessPolicy: Analytics',
      'owner: sql-analist\n    accessPolicy: Analytics',
    ),
  );
  return path;
}

describe('--version', () => {
  it("prints package.json's version with exit 0", () => {
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
    expect(cli('--version')).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it.each(COMMANDS.map((command) => [command.name]))('prints the version for `%s --version`, whatever else is given', (name) => {
    expect(cli(name, '--version', '--no-such-option')).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('mentions --version in the help', () => {
    expect(cli('--help').stdout).toMatch(/^ {7}agent-contract --version$/m);
  });
});

describe('--json', () => {
  it('validate: counts and warnings of a valid model, exit 0', () => {
    const { code, value } = json<ValidateJson>('validate', MODEL, '--json');
    expect(code).toBe(0);
    expect(value).toMatchObject({ model: MODEL, valid: true, problems: [] });
    expect(value.counts).toEqual({ agents: 16, environments: 2, schemas: 6, tables: 9, models: 1, computeRows: 5, pipelines: 4 });
    // The reference model's warnings: four narrowed folders and two protected files its '*.md' pattern covers.
    expect(value.warnings).toHaveLength(6);
    expect(value.warnings.filter((warning) => warning.path === 'fileOwnership[3].pattern')).toHaveLength(2);
  });

  it('validate: an invalid model gives its problems on stdout with exit 1 and nothing on stderr', () => {
    const path = invalidModel();
    const { code, value, stderr } = json<InvalidModelJson>('validate', path, '--json');
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(value).toEqual({
      model: path,
      valid: false,
      problems: [
        {
          path: 'schemas[2].owner',
          message: expect.stringMatching(/'sql-analist' is not an agent/),
          line: expect.any(Number),
          column: expect.any(Number),
        },
      ],
    });
  });

  it.each([
    ['access', ['--env', 'dev']],
    ['brief', ['--env', 'dev', '--agent', 'orchestrator']],
    ['check', ['--env', 'dev', '.claude/CONTRACT.md']],
    ['doctor', ['--env', 'dev']],
  ])('%s: an invalid model is the same JSON problems list with exit 1', (command, argv) => {
    const path = invalidModel();
    const { code, value } = json<InvalidModelJson>(command, path, ...argv, '--json');
    expect(code).toBe(1);
    expect(value.valid).toBe(false);
    expect(value.problems.map((problem) => problem.path)).toEqual(['schemas[2].owner']);
  });

  it('access: the matrix of every agent, exit 0', () => {
    const { code, value } = json<AccessJson>('access', MODEL, '--env', 'dev', '--json');
    expect(code).toBe(0);
    expect(value).toMatchObject({ environment: 'dev', catalog: 'lakehouse_dev' });
    expect(value.agents).toHaveLength(16);
    expect(value.agents.every((row) => typeof row.agent === 'string' && Array.isArray(row.securables) && Array.isArray(row.compute))).toBe(true);
  });

  it('check: up to date (exit 0), and drifted with the diff (exit 1)', () => {
    const fresh = json<CheckJson>('check', MODEL, '--env', 'dev', '--agents', '.claude/agents', '.claude/CONTRACT.md', '--json');
    expect(fresh.code).toBe(0);
    expect(fresh.value).toEqual({
      model: MODEL,
      environment: 'dev',
      upToDate: true,
      contract: { file: '.claude/CONTRACT.md', upToDate: true },
      agents: { dir: '.claude/agents', upToDate: true, missing: [], changed: [], stale: [], project: [] },
    });
    const drifted = join(scratch, 'DRIFTED.md');
    writeFileSync(drifted, readFileSync(join(ROOT, '.claude/CONTRACT.md'), 'utf8').replace('# ', '# Edited '));
    const stale = json<CheckJson>('check', MODEL, '--env', 'dev', drifted, '--json');
    expect(stale.code).toBe(1);
    expect(stale.value.upToDate).toBe(false);
    expect(stale.value.agents).toBeUndefined();
    expect(stale.value.contract).toMatchObject({ file: drifted, upToDate: false });
    expect(stale.value.contract?.diff).toMatch(/^-# Edited /m);
  });

  it('check: agent files that drifted are named, exit 1', () => {
    const dir = mkdtempSync(join(scratch, 'agents-'));
    expect(cli('agents', MODEL, '--env', 'dev', '--out', dir, '--no-project-files').code).toBe(0);
    writeFileSync(join(dir, 'orchestrator.md'), 'edited\n');
    writeFileSync(join(dir, 'departed-agent.md'), '---\nname: departed-agent\n---\n<!-- Generated by databricks-agent-contract -->\n');
    const { code, value } = json<CheckJson>('check', MODEL, '--env', 'dev', '--agents', dir, '--json');
    expect(code).toBe(1);
    expect(value.contract).toBeUndefined();
    expect(value.agents).toMatchObject({ upToDate: false, missing: [], changed: ['orchestrator.md'] });
  });

  it('brief: metadata instead of the text; with --out the file it wrote and its size', () => {
    const printed = json<BriefJson>('brief', MODEL, '--env', 'dev', '--agent', 'orchestrator', '--json');
    expect(printed.code).toBe(0);
    const text = cli('brief', MODEL, '--env', 'dev', '--agent', 'orchestrator').stdout;
    expect(printed.value).toEqual({
      agent: 'orchestrator',
      environment: 'dev',
      model: MODEL,
      out: null,
      bytes: Buffer.byteLength(text),
      lines: text.split('\n').length - 1,
    });
    const out = join(scratch, 'orchestrator.md');
    const written = json<BriefJson>('brief', MODEL, '--env', 'dev', '--agent', 'orchestrator', '--out', out, '--json');
    expect(written.value).toEqual({ ...printed.value, out });
    expect(readFileSync(out, 'utf8')).toBe(text);
  });

  it('doctor: findings and preconditions; a failed finding gives exit 1', () => {
    const saved = process.env.DATABRICKS_ACCOUNT_ID;
    try {
      delete process.env.DATABRICKS_ACCOUNT_ID;
      const ok = json<DoctorJson>('doctor', MODEL, '--env', 'dev', '--json');
      expect(ok.value).toMatchObject({ model: MODEL, environment: 'dev', failed: 0 });
      expect(ok.code).toBe(0);
      expect(ok.value.findings).toContainEqual({ status: 'ok', message: 'DATABRICKS_ACCOUNT_ID is not set' });
      expect(ok.value.preconditions.map((precondition) => precondition.id)).toContain('workspace-admin');
      process.env.DATABRICKS_ACCOUNT_ID = 'an-account';
      const failed = json<DoctorJson>('doctor', MODEL, '--env', 'dev', '--json');
      expect(failed.code).toBe(1);
      expect(failed.value.failed).toBe(1);
      expect(failed.value.findings.filter((finding) => finding.status === 'FAIL')).toHaveLength(1);
    } finally {
      if (saved === undefined) delete process.env.DATABRICKS_ACCOUNT_ID;
      else process.env.DATABRICKS_ACCOUNT_ID = saved;
    }
  });

  it('may-edit: the decision and the reasons, exit 0 when allowed and 1 when refused', () => {
    const root = mkdtempSync(join(scratch, 'root-'));
    expect(cli('agents', MODEL, '--env', 'dev', '--out', join(root, '.claude/agents'), '--no-project-files').code).toBe(0);
    expect(json<MayEditJson>('may-edit', '--agent', 'troubleshooter', '--root', root, '--json', 'src/jobs/run.py')).toEqual({
      code: 0,
      stderr: '',
      value: { agent: 'troubleshooter', paths: ['src/jobs/run.py'], allowed: true, refused: [] },
    });
    const refused = json<MayEditJson>('may-edit', '--json', '--agent', 'orchestrator', '--root', root, 'src/jobs/run.py');
    expect(refused.code).toBe(1);
    expect(refused.value).toMatchObject({ agent: 'orchestrator', paths: ['src/jobs/run.py'], allowed: false });
    expect(refused.value.refused).toEqual([expect.stringMatching(/^orchestrator may only read 'src\/jobs\/run\.py'/)]);
  });

  it('may-edit: --json with --hook is a usage error', () => {
    expect(cli('may-edit', '--hook', '--json')).toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(/--json does not apply to --hook/),
    });
  });

  it.each(['render', 'profiles', 'agents', 'verify-commits'])('%s takes no --json: a usage error, exit 2', (command) => {
    expect(cli(command, '--json')).toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(/^agent-contract: unknown option --json \(options: /),
    });
  });
});

describe('strict argument parsing', () => {
  it.each([
    ['an unknown option', ['access', '--env', 'dev', '--jsn'], 'agent-contract: unknown option --jsn (options: --env, --json)'],
    ['a short option', ['access', '-e', 'dev'], 'agent-contract: unknown option -e (options: --env, --json)'],
    [
      'an option without its value at the end',
      ['render', '--env'],
      "agent-contract: --env needs a value (one starting with '-' is written --env=VALUE)",
    ],
    [
      'an option followed by another option',
      ['brief', '--env', '--agent', 'x'],
      "agent-contract: --env needs a value (one starting with '-' is written --env=VALUE)",
    ],
    ['a value given to a flag', ['validate', '--json=yes'], 'agent-contract: --json takes no value'],
  ])('exits 2 on %s, naming the option, then the usage line', (_what, argv, message) => {
    const { code, stdout, stderr } = cli(...argv);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr.split('\n')[0]).toBe(
      message.startsWith('agent-contract: unknown') ? `${message}; a path starting with '-' goes after --` : message,
    );
    expect(stderr).toMatch(new RegExp(`\\nUsage: agent-contract ${argv[0]} .*\\n$`));
  });

  it('takes an option value written with = and a positional starting with - after --', () => {
    expect(cli('access', MODEL, '--env=dev').code).toBe(0);
    // After `--` every argument is a positional: the model path, not an option.
    expect(cli('validate', '--', '-odd.yaml')).toMatchObject({ code: 2, stderr: "agent-contract: cannot read model '-odd.yaml': no such file\n" });
    expect(cli('validate', '--', '--help')).toMatchObject({ code: 2, stderr: "agent-contract: cannot read model '--help': no such file\n" });
  });
});

describe('writing commands say what they wrote', () => {
  it('render --out and brief --out', () => {
    const contract = join(scratch, 'CONTRACT.md');
    expect(cli('render', MODEL, '--env', 'dev', '--out', contract)).toEqual({ code: 0, stdout: `wrote ${contract}\n`, stderr: '' });
    const brief = join(scratch, 'brief.md');
    expect(cli('brief', MODEL, '--env', 'dev', '--agent', 'orchestrator', '--out', brief)).toEqual({
      code: 0,
      stdout: `wrote ${brief}\n`,
      stderr: '',
    });
  });

  it('agents: how many files, into which folder', () => {
    const dir = join(mkdtempSync(join(scratch, 'agents-')), 'out');
    const { code, stdout } = cli('agents', MODEL, '--env', 'dev', '--out', dir, '--no-project-files');
    expect(code).toBe(0);
    // 16 agent definitions and ownership.json.
    expect(stdout).toBe(`wrote 17 files to ${dir}\n`);
  });
});

describe('loading', () => {
  /** The packages a run of the CLI in a fresh process loads. */
  function packagesLoaded(...argv: string[]): string[] {
    const script = `
      const { main } = require('./bin/load')('cli/main');
      const sink = { write: () => true };
      main(${JSON.stringify(argv)}, { stdout: sink, stderr: sink });
      const names = Object.keys(require.cache).map((file) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(file)?.[1]).filter(Boolean);
      process.stdout.write(JSON.stringify([...new Set(names)].sort()));`;
    const result = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    return JSON.parse(result.stdout) as string[];
  }

  /** sucrase and what it loads to transpile a file the checkout's cache does not hold yet (bin/register.js). */
  const TRANSPILER = new Set([
    'sucrase',
    ...Object.keys(require('sucrase/package.json').dependencies as Record<string, string>),
    '@jridgewell/gen-mapping',
    '@jridgewell/resolve-uri',
    '@jridgewell/sourcemap-codec',
    '@jridgewell/trace-mapping',
  ]);

  it('--help loads no package: the command modules load only when their command runs', () => {
    expect(packagesLoaded('--help').filter((name) => !TRANSPILER.has(name))).toEqual([]);
  });

  it('validate loads the schema and the YAML parser, not cdktf, the provider or Handlebars', () => {
    const loaded = packagesLoaded('validate', MODEL);
    expect(loaded).toEqual(expect.arrayContaining(['yaml', 'zod']));
    for (const heavy of ['cdktf', 'constructs', '@cdktf/provider-databricks', 'handlebars']) expect(loaded).not.toContain(heavy);
  });

  it('`npm run validate` calls the local bin, so it works from a clean clone', () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.validate).toBe('node bin/agent-contract.js validate');
  });
});
