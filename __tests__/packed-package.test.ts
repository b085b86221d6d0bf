// The package as a user gets it: built into a staging folder, packed once with `npm pack`, installed with `npm install`
// into fresh projects outside this repository: one where `agents` runs and the settings.json hook it writes is run by
// a shell as Claude Code runs it, and one `agent-contract init` writes, synthesized as written. No registry is
// reachable in tests, so each project's dependencies are this checkout's, linked into its node_modules before the
// tarball is installed with --offline: npm then finds every dependency satisfied and only unpacks the tarball (and
// links its bin), as it would after downloading it.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers';
import { writePrecompiledTemplates } from '../src/contract/compiled-templates';
import { COMMANDS } from '../src/cli/main';
import { writeBundles } from '../scripts/write-bundles';

jest.setTimeout(300_000);

const work = realpathSync(mkdtempSync(join(tmpdir(), 'packed-')));
const project = join(work, 'project');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  files: string[];
  dependencies: Record<string, string>;
};

let tarball: string;

/** Installs the tarball into `dir`, the dependencies (and `extra` ones) linked from this checkout. */
function install(dir: string, extra: readonly string[] = []): void {
  for (const dependency of [...Object.keys(manifest.dependencies), ...extra]) {
    mkdirSync(join(dir, 'node_modules', dependency, '..'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', dependency), join(dir, 'node_modules', dependency));
  }
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', tarball], { cwd: dir, stdio: 'ignore' });
}

beforeAll(async () => {
  // Stage the package's files with a fresh build, so the test packs this source, not a stale dist/.
  const stage = join(work, 'stage');
  mkdirSync(stage);
  for (const entry of ['package.json', ...manifest.files.filter((file) => file !== 'dist' && !file.startsWith('!'))])
    cpSync(join(ROOT, entry), join(stage, entry), { recursive: true });
  // The build's three steps: the templates precompiled, the sources compiled, the commands bundled.
  writePrecompiledTemplates(join(stage, 'templates'));
  execFileSync(process.execPath, [
    join(ROOT, 'node_modules/typescript/bin/tsc'),
    '-p',
    join(ROOT, 'tsconfig.build.json'),
    '--outDir',
    join(stage, 'dist'),
  ]);
  await writeBundles(join(stage, 'dist'));
  execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], { cwd: stage, stdio: 'ignore' });

  tarball = join(work, readdirSync(work).find((name) => name.endsWith('.tgz')) as string);

  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'fresh-lakehouse', version: '1.0.0', private: true }));
  install(project);
  mkdirSync(join(project, 'stacks'));
  cpSync(join(ROOT, 'stacks/team.yaml'), join(project, 'stacks/team.yaml'));
  for (const folder of ['sql', 'pipelines/bronze']) mkdirSync(join(project, folder), { recursive: true });
});

const shellIn = (cwd: string, command: string, input = '', env: Record<string, string> = {}) =>
  spawnSync('sh', ['-c', command], { cwd, input, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1', ...env } });
const shell = (command: string, input = '', env: Record<string, string> = {}) => shellIn(project, command, input, env);

/** A PreToolUse event of `agent` writing `path` below `root`, as Claude Code sends it to the hook. */
const writeEvent = (root: string, path: string, agent: string) =>
  JSON.stringify({
    session_id: 's',
    transcript_path: '/tmp/t.jsonl',
    cwd: root,
    hook_event_name: 'PreToolUse',
    tool_name: 'Write',
    tool_input: { file_path: join(root, path), content: 'x' },
    agent_id: 'a',
    agent_type: agent,
  });

describe('the packed package in a fresh project', () => {
  it('installs as real files, its hook running the compiled dist/ (no sources shipped)', () => {
    const installed = join(project, 'node_modules', manifest.name);
    expect(realpathSync(installed)).toBe(installed);
    expect(existsSync(join(installed, 'dist/ownership/may-edit.js'))).toBe(true);
    expect(existsSync(join(installed, 'src'))).toBe(false);
    // The contract renders from the templates precompiled at build time.
    expect(existsSync(join(installed, 'templates/precompiled.js'))).toBe(true);
  });

  it('runs each command from its bundle, which finds the templates and package.json of the installed package', () => {
    const installed = join(project, 'node_modules', manifest.name);
    const probe = `process.argv.push('agent-contract', 'validate', 'stacks/team.yaml'); require(${JSON.stringify(join(installed, 'bin/agent-contract.js'))});
      process.on('exit', () => process.stderr.write(JSON.stringify(Object.keys(require.cache))));`;
    const run = spawnSync(process.execPath, ['-e', probe], { cwd: project, encoding: 'utf8' });
    expect(run).toMatchObject({ status: 0, stdout: expect.stringContaining('stacks/team.yaml is valid: 16 agents') });
    const loaded = (JSON.parse(run.stderr.slice(run.stderr.lastIndexOf('["'))) as string[]).filter((path) => path.startsWith(installed));
    expect(loaded.map((path) => path.slice(installed.length + 1)).sort()).toEqual([
      'bin/agent-contract.js',
      'bin/bundles.js',
      'bin/load.js',
      'dist/bundles/validate.js',
    ]);
    expect(shell('node_modules/.bin/agent-contract --version')).toMatchObject({ status: 0, stdout: `${manifest.version}\n` });
    expect(shell('node_modules/.bin/agent-contract render stacks/team.yaml --env dev')).toMatchObject({
      status: 0,
      stdout: expect.stringContaining('\n# Databricks Agent Coordination Contract\n'),
    });
  });

  it('writes a settings.json whose hook blocks a forbidden edit and allows an owned one', () => {
    const agents = shell('node_modules/.bin/agent-contract agents stacks/team.yaml --env dev --out .claude/agents');
    expect({ status: agents.status, stderr: agents.stderr.replace(/^warning: .*\n/gm, '') }).toEqual({ status: 0, stderr: '' });
    const settings = JSON.parse(readFileSync(join(project, '.claude/settings.json'), 'utf8'));
    const command: string = settings.hooks.PreToolUse[0].hooks[0].command;
    expect(command).toContain(`"\${CLAUDE_PROJECT_DIR:?}"/'node_modules/${manifest.name}/bin/may-edit.js'`);
    const event = (path: string) => writeEvent(project, path, 'sql-analyst');
    expect(shell(command, event('sql/revenue.sql'), { CLAUDE_PROJECT_DIR: project })).toMatchObject({ status: 0, stderr: '' });
    expect(shell(command, event('pipelines/bronze/orders.py'), { CLAUDE_PROJECT_DIR: project })).toMatchObject({
      status: 2,
      stderr:
        "sql-analyst has no access to 'pipelines/bronze/orders.py' (pattern 'pipelines/bronze/**'): ask data-connector-specialist to make the change\n",
    });
    expect(shell('node_modules/.bin/agent-contract agents stacks/team.yaml --env dev --out .claude/agents --check')).toMatchObject({ status: 0 });
  });
});

describe('the packed file list', () => {
  // What `npm publish` would upload from this checkout (dist/ as `npm ci` built it through `prepare`).
  const packed = (): string[] => {
    const [{ files }] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' }));
    return (files as { path: string }[]).map((file) => file.path).sort();
  };

  it('holds the bins, the templates, the guard script, the schema, the README and the license beside dist/, and nothing else', () => {
    const files = packed();
    expect(files.filter((path) => !path.startsWith('dist/') && !path.startsWith('templates/'))).toEqual([
      'LICENSE',
      'README.md',
      'bin/agent-contract.js',
      'bin/bundles.js',
      'bin/load.js',
      'bin/may-edit.js',
      'bin/register.js',
      'guard/runtime_guard.py',
      'package.json',
      'stacks/team.schema.json',
    ]);
    expect(files).toEqual(
      expect.arrayContaining([
        'templates/CONTRACT.md.hbs',
        'templates/brief.md.hbs',
        'templates/init/gitignore',
        'templates/init/main.js',
        'templates/init/stacks/team.yaml',
        'templates/init/workflows/agent-contract.yml',
        'templates/init/workflows/agent-contract-plan-review.yml',
      ]),
    );
    // Compiled modules and their declarations only: no sources, tests, benchmarks or source maps.
    expect(files.filter((path) => path.startsWith('dist/') && !/\.(js|d\.ts)$/.test(path))).toEqual([]);
    expect(files.filter((path) => /(^|\/)(src|__tests__|bench)\/|\.map$|\.test\./.test(path))).toEqual([]);
  });

  it('is publishable: public, with repository, keywords and the entry points it packs', () => {
    const own = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(own.private).toBeUndefined();
    expect(own.publishConfig).toEqual({ access: 'public' });
    expect(own.repository).toMatchObject({ type: 'git', url: expect.stringMatching(/^git\+https:\/\/.+\.git$/) });
    expect(own.keywords).toEqual(expect.arrayContaining(['databricks', 'unity-catalog', 'cdktf', 'terraform']));
    const tarballFiles = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    for (const entry of [own.main, own.types, own.bin['agent-contract'], 'dist/cli/model-app.js', 'dist/cli/init-command.js'])
      expect(tarballFiles).toContain(`package/${entry}`);
    // A bundle per command; the lists of their inputs and the bundle of this repository's own cdktf app serve only a checkout.
    expect(tarballFiles.filter((path) => path.startsWith('package/dist/bundles/')).sort()).toEqual(
      COMMANDS.map(({ name }) => `package/dist/bundles/${name}.js`).sort(),
    );
    expect(tarballFiles.filter((path) => path.startsWith('package/dist/app/'))).toEqual([]);
  });
});

describe('a project `agent-contract init` writes, with the tarball installed', () => {
  const team = join(work, 'fresh-team');
  const STACKS = ['dev', 'prod'];
  let init: ReturnType<typeof shell>;

  beforeAll(() => {
    // As a user runs it before the project exists (`npx databricks-agent-contract init fresh-team`): the packed CLI.
    init = shell(`node_modules/.bin/agent-contract init ../fresh-team`);
    install(team, ['cdktf-cli']);
  });

  it('is written by the packed CLI into the empty folder', () => {
    expect(init).toMatchObject({ status: 0, stderr: '', stdout: expect.stringContaining('wrote 14 files to ../fresh-team\n') });
    const installed = JSON.parse(readFileSync(join(team, 'node_modules', manifest.name, 'package.json'), 'utf8'));
    expect(installed.version).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('validates, and its Claude Code files are those the installed `agents` writes (npm test)', () => {
    expect(shellIn(team, 'npm run validate --silent')).toMatchObject({
      status: 0,
      stdout: expect.stringContaining('stacks/team.yaml is valid: 3 agents'),
    });
    expect(shellIn(team, 'npm test --silent')).toMatchObject({
      status: 0,
      stdout: expect.stringContaining('.claude/agents is up to date with stacks/team.yaml (dev): 4 files, and the project files'),
    });
  });

  it("synthesizes both stacks and their contracts with no edits, through cdktf.json's app as cdktf runs it", () => {
    const cdktf = JSON.parse(readFileSync(join(team, 'cdktf.json'), 'utf8'));
    // cdktf synth runs `app` with these two variables; the CLI itself would only add a download check of its own.
    const run = shellIn(team, cdktf.app, '', { CDKTF_OUTDIR: join(team, cdktf.output), CDKTF_CONTEXT_JSON: JSON.stringify(cdktf.context) });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(readdirSync(join(team, 'cdktf.out/stacks')).sort()).toEqual(STACKS);
    for (const stack of STACKS) {
      const plan = JSON.parse(readFileSync(join(team, 'cdktf.out/stacks', stack, 'cdk.tf.json'), 'utf8'));
      expect(Object.values(plan.resource.databricks_catalog).map((catalog: any) => catalog.name)).toEqual([`my_lakehouse_${stack}`]);
      expect(
        Object.values(plan.resource.databricks_schema)
          .map((schema: any) => schema.name)
          .sort(),
      ).toEqual(['bronze', 'gold']);
      const contract = readFileSync(join(team, 'cdktf.out/stacks', stack, 'CONTRACT.md'), 'utf8');
      for (const agent of ['orchestrator', 'delta-lake-engineer', 'sql-analyst']) expect(contract).toContain(agent);
      expect(contract).toContain(`my_lakehouse_${stack}`);
    }
  });

  it("writes a hook that judges edits by the model's file ownership", () => {
    const settings = JSON.parse(readFileSync(join(team, '.claude/settings.json'), 'utf8'));
    const command: string = settings.hooks.PreToolUse[0].hooks[0].command;
    const hook = (path: string) => shellIn(team, command, writeEvent(team, path, 'sql-analyst'), { CLAUDE_PROJECT_DIR: team });
    expect(hook('sql/revenue.sql')).toMatchObject({ status: 0, stderr: '' });
    expect(hook('pipelines/bronze/orders.py')).toMatchObject({
      status: 2,
      stderr: expect.stringContaining("sql-analyst has no access to 'pipelines/bronze/orders.py'"),
    });
  });

  it('refuses a second init over the project (exit 2), changing nothing', () => {
    const before = readFileSync(join(team, 'stacks/team.yaml'), 'utf8');
    const again = shellIn(team, 'node_modules/.bin/agent-contract init');
    expect(again).toMatchObject({ status: 2, stderr: expect.stringContaining('init would replace 14 existing files: ') });
    expect(readFileSync(join(team, 'stacks/team.yaml'), 'utf8')).toBe(before);
  });
});
