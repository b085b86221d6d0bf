// The package as a user gets it: built into a staging folder, packed with `npm pack`, installed with `npm install`
// into a fresh project outside this repository, then `agents` run there and the settings.json hook it writes run
// by a shell as Claude Code runs it. The dependencies are this checkout's, linked in, so no registry is needed.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers';
import { writePrecompiledTemplates } from '../src/contract/compiled-templates';

jest.setTimeout(300_000);

const work = realpathSync(mkdtempSync(join(tmpdir(), 'packed-')));
const project = join(work, 'project');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  files: string[];
  dependencies: Record<string, string>;
};

beforeAll(() => {
  // Stage the package's files with a fresh build, so the test packs this source, not a stale dist/.
  const stage = join(work, 'stage');
  mkdirSync(stage);
  for (const entry of ['package.json', ...manifest.files.filter((file) => file !== 'dist')])
    cpSync(join(ROOT, entry), join(stage, entry), { recursive: true });
  // The build's two steps: the templates precompiled, the sources compiled.
  writePrecompiledTemplates(join(stage, 'templates'));
  execFileSync(process.execPath, [
    join(ROOT, 'node_modules/typescript/bin/tsc'),
    '-p',
    join(ROOT, 'tsconfig.build.json'),
    '--outDir',
    join(stage, 'dist'),
  ]);
  execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], { cwd: stage, stdio: 'ignore' });
  const tarball = readdirSync(work).find((name) => name.endsWith('.tgz')) as string;

  mkdirSync(join(project, 'node_modules'), { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'fresh-lakehouse', version: '1.0.0', private: true }));
  for (const dependency of Object.keys(manifest.dependencies)) {
    mkdirSync(join(project, 'node_modules', dependency, '..'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', dependency), join(project, 'node_modules', dependency));
  }
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', join(work, tarball)], {
    cwd: project,
    stdio: 'ignore',
  });
  mkdirSync(join(project, 'stacks'));
  cpSync(join(ROOT, 'stacks/team.yaml'), join(project, 'stacks/team.yaml'));
  for (const folder of ['sql', 'pipelines/bronze']) mkdirSync(join(project, folder), { recursive: true });
});

const shell = (command: string, input = '', env: Record<string, string> = {}) =>
  spawnSync('sh', ['-c', command], { cwd: project, input, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1', ...env } });

describe('the packed package in a fresh project', () => {
  it('installs as real files, its hook running the compiled dist/ (no sources shipped)', () => {
    const installed = join(project, 'node_modules', manifest.name);
    expect(realpathSync(installed)).toBe(installed);
    expect(existsSync(join(installed, 'dist/ownership/may-edit.js'))).toBe(true);
    expect(existsSync(join(installed, 'src'))).toBe(false);
    // The contract renders from the templates precompiled at build time.
    expect(existsSync(join(installed, 'templates/precompiled.js'))).toBe(true);
  });

  it('writes a settings.json whose hook blocks a forbidden edit and allows an owned one', () => {
    const agents = shell('node_modules/.bin/agent-contract agents stacks/team.yaml --env dev --out .claude/agents');
    expect({ status: agents.status, stderr: agents.stderr.replace(/^warning: .*\n/gm, '') }).toEqual({ status: 0, stderr: '' });
    const settings = JSON.parse(readFileSync(join(project, '.claude/settings.json'), 'utf8'));
    const command: string = settings.hooks.PreToolUse[0].hooks[0].command;
    expect(command).toContain(`"\${CLAUDE_PROJECT_DIR:?}"/'node_modules/${manifest.name}/bin/may-edit.js'`);
    const event = (path: string) =>
      JSON.stringify({
        session_id: 's',
        transcript_path: '/tmp/t.jsonl',
        cwd: project,
        hook_event_name: 'PreToolUse',
        tool_name: 'Write',
        tool_input: { file_path: join(project, path), content: 'x' },
        agent_id: 'a',
        agent_type: 'sql-analyst',
      });
    expect(shell(command, event('sql/revenue.sql'), { CLAUDE_PROJECT_DIR: project })).toMatchObject({ status: 0, stderr: '' });
    expect(shell(command, event('pipelines/bronze/orders.py'), { CLAUDE_PROJECT_DIR: project })).toMatchObject({
      status: 2,
      stderr:
        "sql-analyst has no access to 'pipelines/bronze/orders.py' (pattern 'pipelines/bronze/**'): ask data-connector-specialist to make the change\n",
    });
    expect(shell('node_modules/.bin/agent-contract agents stacks/team.yaml --env dev --out .claude/agents --check')).toMatchObject({ status: 0 });
  });
});
