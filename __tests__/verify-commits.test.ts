// verify-commits over a real repository: each commit mapped to its agent by its Agent: trailer or author e-mail, and
// every path it changed judged by the model's file-ownership matrix.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../src/cli/main';
import { ROOT } from './helpers';

const MODEL = join(ROOT, 'stacks/team.yaml');
const repo = realpathSync(mkdtempSync(join(tmpdir(), 'verify-commits-')));

function git(...args: string[]): string {
  const result = spawnSync('git', args, {
    cwd: repo,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'a',
      GIT_COMMITTER_NAME: 'a',
      GIT_COMMITTER_EMAIL: 'ci@example.com',
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: repo,
    },
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout.trim();
}

function commit(path: string, message: string, email = 'dev@example.com'): string {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), `${message}\n`);
  git('add', '-A');
  spawnSync('git', ['commit', '-q', '-m', message], {
    cwd: repo,
    env: { ...process.env, GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: email, GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: email, HOME: repo },
  });
  return git('rev-parse', 'HEAD');
}

function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const cwd = process.cwd();
  process.chdir(repo);
  try {
    const code = main(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } } as never);
    return { code, stdout, stderr };
  } finally {
    process.chdir(cwd);
  }
}

beforeAll(() => {
  git('init', '-q', '-b', 'main');
  commit('README.md', 'Start');
});

describe('agent-contract verify-commits', () => {
  it('passes commits that keep to their agent, by trailer', () => {
    const base = git('rev-parse', 'HEAD');
    commit('sql/revenue.sql', 'Revenue view\n\nAgent: sql-analyst');
    commit('.claude/STATUS.md', 'Status\n\nAgent: qa-engineer');
    expect(run('verify-commits', MODEL, `${base}..HEAD`)).toEqual({
      code: 0,
      stdout: "2 agent commits checked, 0 by no agent: every commit keeps to its agent's files\n",
      stderr: '',
    });
  });

  it('exits 1 naming the commit and each path outside its agent, and a trailer naming no agent', () => {
    const base = git('rev-parse', 'HEAD');
    const bad = commit('pipelines/bronze/orders.py', 'Sneaky edit\n\nAgent: sql-analyst');
    const ghost = commit('sql/x.sql', 'Ghost\n\nAgent: ghost');
    const settings = commit('.claude/settings.json', 'Loosen the hook\n\nAgent: orchestrator');
    const result = run('verify-commits', MODEL, `${base}..HEAD`);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      [
        `${bad.slice(0, 12)} Sneaky edit`,
        "  sql-analyst has no access to 'pipelines/bronze/orders.py' (pattern 'pipelines/bronze/**'): ask data-connector-specialist to make the change",
        `${ghost.slice(0, 12)} Ghost`,
        "  its Agent: trailer names 'ghost', not an agent of the team",
        `${settings.slice(0, 12)} Loosen the hook`,
        "  '.claude/settings.json' is part of the edit enforcement (protected by '.claude/settings*.json'): no agent edits it",
        '',
      ].join('\n'),
    );
    expect(result.stderr).toMatch(
      /^verify-commits: 3 commits changed files outside their agent's ownership; 2 agent commits checked, 0 by no agent$/m,
    );
  });

  it('maps a commit without trailer by the author e-mail the model assigns, and skips or refuses commits by no agent', () => {
    const model = join(mkdtempSync(join(tmpdir(), 'verify-model-')), 'team.yaml');
    const text = require('node:fs').readFileSync(MODEL, 'utf8') as string;
    writeFileSync(model, text.replace('    - name: sql-analyst\n', '    - name: sql-analyst\n      commitEmail: sql-analyst@agents.example.com\n'));
    const base = git('rev-parse', 'HEAD');
    const byEmail = commit('docs/x.md', 'Docs by the analyst', 'sql-analyst@agents.example.com');
    const human = commit('notes.txt', 'A human commit');
    const result = run('verify-commits', model, `${base}..HEAD`);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${byEmail.slice(0, 12)} Docs by the analyst\n  sql-analyst has no access to 'docs/x.md'`);
    expect(result.stderr).toContain(`1 by no agent (${human.slice(0, 12)})`);
    expect(run('verify-commits', model, `${byEmail}..HEAD`)).toMatchObject({ code: 0 });
    expect(run('verify-commits', model, `${byEmail}..HEAD`, '--strict')).toMatchObject({
      code: 1,
      stdout: expect.stringContaining('no Agent: trailer and no agent author e-mail (--strict)'),
    });
  });

  it('is a usage error for a range git does not know', () => {
    expect(run('verify-commits', MODEL, 'nope..HEAD')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^agent-contract: git log failed: /) });
  });
});
