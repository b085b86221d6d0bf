// bin/may-edit.js, the edit hook's entry, runs the compiled hook only, and refuses (exit 2: Claude Code blocks the
// call) when that is missing, older than the hook's sources beside it, or cannot be loaded.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers';

/** A package folder holding the entry and what `files` names, as a checkout or an installation lays it out. */
function hookPackage(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'hook-entry-'));
  mkdirSync(join(dir, 'bin'));
  copyFileSync(join(ROOT, 'bin/may-edit.js'), join(dir, 'bin/may-edit.js'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const COMPILED = 'dist/ownership/may-edit.js';
/** A stand-in for the compiled hook: exit code 0, and its arguments on standard output. */
const ALLOWING = 'exports.main = (argv) => { process.stdout.write(argv.join(" ")); return 0; };';

const run = (dir: string) => spawnSync(process.execPath, [join(dir, 'bin/may-edit.js'), '--hook'], { input: '{}', encoding: 'utf8' });

describe('the edit hook entry', () => {
  it('runs the compiled hook with its arguments, in an installation and in a checkout built after its sources', () => {
    expect(run(hookPackage({ [COMPILED]: ALLOWING }))).toMatchObject({ status: 0, stdout: '--hook' });
    const checkout = hookPackage({ 'src/ownership/matcher.ts': '', [COMPILED]: ALLOWING });
    utimesSync(join(checkout, 'src/ownership/matcher.ts'), new Date(2020, 0, 1), new Date(2020, 0, 1));
    expect(run(checkout)).toMatchObject({ status: 0, stdout: '--hook' });
  });

  it('refuses every call when the compiled hook is missing, naming the build to run', () => {
    expect(run(hookPackage({}))).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(
        /^may-edit: the compiled hook .*dist\/ownership\/may-edit\.js is missing: every edit is refused until the hook is built; run npm run build in /,
      ),
    });
  });

  it('refuses every call when a source of the hook changed after the build', () => {
    const dir = hookPackage({ [COMPILED]: ALLOWING, 'src/ownership/matcher.ts': '' });
    utimesSync(join(dir, COMPILED), new Date(2020, 0, 1), new Date(2020, 0, 1));
    expect(run(dir)).toMatchObject({
      status: 2,
      stdout: '',
      stderr: expect.stringMatching(/^may-edit: src\/ownership\/matcher\.ts changed after the hook was compiled: /),
    });
  });

  it('refuses every call when the compiled hook cannot be loaded', () => {
    expect(run(hookPackage({ [COMPILED]: 'exports.main = (' }))).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/^may-edit: the compiled hook cannot be loaded \(.+\): every edit is refused/),
    });
  });

  it('refuses every call when the compiled hook has no main(), throws, or answers something else than 0, 1 or 2', () => {
    // Claude Code blocks a tool call only on exit 2 (code.claude.com/docs/en/hooks): a crash must not let it through.
    expect(run(hookPackage({ [COMPILED]: 'exports.other = 1;' }))).toMatchObject({ status: 2, stderr: expect.stringMatching(/has no main\(\)/) });
    expect(run(hookPackage({ [COMPILED]: 'exports.main = () => { throw new Error("boom"); };' }))).toMatchObject({
      status: 2,
      stderr: 'may-edit: boom: the edit is refused\n',
    });
    expect(run(hookPackage({ [COMPILED]: 'exports.main = () => undefined;' }))).toMatchObject({ status: 2 });
  });
});
