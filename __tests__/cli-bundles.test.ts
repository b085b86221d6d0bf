// The CLI's per-command bundles (scripts/write-bundles.ts) and how the bin picks one (bin/bundles.js).
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { COMMANDS, main } from '../src/cli/main';
import { APP_BUNDLE, writeBundles } from '../scripts/write-bundles';
import { REFERENCE_MODEL, ROOT, runCli } from './helpers';

// The bin's own module, plain JavaScript.
const { bundleAt, bundleFor } = require('../bin/bundles') as {
  bundleAt: (root: string, base: string, sources: boolean, env?: NodeJS.ProcessEnv) => string | undefined;
  bundleFor: (root: string, command: unknown, sources: boolean, env?: NodeJS.ProcessEnv) => string | undefined;
};

describe('bundleFor: a bundle only while every file it was built from is as it was then', () => {
  const root = mkdtempSync(join(tmpdir(), 'agent-contract-bundles-'));
  const bundle = join(root, 'dist/bundles/validate.js');
  const inputsFile = join(root, 'dist/bundles/validate.inputs.json');
  const source = join(root, 'src/cli/main.ts');
  const lockfile = join(root, 'node_modules/.package-lock.json');
  const at = (path: string, seconds: number) => utimesSync(path, seconds, seconds);
  /** Records the files' size and modification time as the build does. */
  const record = (file: string, paths: string[]) =>
    writeFileSync(file, JSON.stringify(paths.map((path) => [path, statSync(join(root, path)).size, statSync(join(root, path)).mtimeMs])));

  beforeEach(() => {
    rmSync(root, { recursive: true, force: true });
    for (const dir of ['dist/bundles', 'dist/app', 'src/cli', 'node_modules']) mkdirSync(join(root, dir), { recursive: true });
    for (const file of [bundle, lockfile]) writeFileSync(file, '');
    writeFileSync(source, 'export {};\n');
    at(source, 1_000);
    at(lockfile, 1_000);
    record(inputsFile, ['src/cli/main.ts', 'node_modules/.package-lock.json']);
  });

  it('answers the bundle while its sources and the last install are as they were built', () => {
    expect(bundleFor(root, 'validate', true, {})).toBe(bundle);
  });

  it('answers the sources after an edit, a checkout, an install, or a copy of an older file', () => {
    at(source, 3_000);
    expect(bundleFor(root, 'validate', true, {})).toBeUndefined();
    at(source, 1_000);
    at(lockfile, 3_000);
    expect(bundleFor(root, 'validate', true, {})).toBeUndefined();
    at(lockfile, 1_000);
    // `cp -p`, `tar x` or a clock set back: an older time than the build saw.
    at(source, 500);
    expect(bundleFor(root, 'validate', true, {})).toBeUndefined();
    // The same time, another size: an edit within the timestamp resolution of a coarse file system.
    writeFileSync(source, 'export const changed = 1;\n');
    at(source, 1_000);
    expect(bundleFor(root, 'validate', true, {})).toBeUndefined();
  });

  it('fails closed to the sources: a missing input, bundle or inputs list, or a list it cannot read', () => {
    rmSync(source);
    expect(bundleFor(root, 'validate', true, {})).toBeUndefined();
    writeFileSync(source, 'export {};\n');
    at(source, 1_000);
    expect(bundleFor(root, 'validate', true, {})).toBe(bundle);
    for (const broken of ['not json', '{}', '[]', '[42]', '["src/cli/main.ts"]', '[[42, 11, 1000000]]', 'null']) {
      writeFileSync(inputsFile, broken);
      expect(bundleFor(root, 'validate', true, {})).toBeUndefined();
    }
    rmSync(inputsFile);
    expect(bundleFor(root, 'validate', true, {})).toBeUndefined();
    expect(bundleFor(root, 'render', true, {})).toBeUndefined();
  });

  it('in an installed package (no sources) answers any bundle there is, without an inputs list', () => {
    rmSync(inputsFile);
    at(source, 3_000);
    expect(bundleFor(root, 'validate', false, {})).toBe(bundle);
    expect(bundleFor(root, 'render', false, {})).toBeUndefined();
  });

  it('answers the sources for AGENT_CONTRACT_BUNDLES=0, options and names that are not a command', () => {
    expect(bundleFor(root, 'validate', true, { AGENT_CONTRACT_BUNDLES: '0' })).toBeUndefined();
    for (const argument of [undefined, '--help', '-h', '../validate', 'validate/../x', 'Validate', ''])
      expect(bundleFor(root, argument, true, {})).toBeUndefined();
  });

  it("never answers the app's bundle for a command named like it (`agent-contract synth`)", () => {
    const app = join(root, 'dist/app/synth.js');
    writeFileSync(app, '');
    record(join(root, 'dist/app/synth.inputs.json'), ['src/cli/main.ts']);
    expect(bundleAt(root, 'dist/app/synth', true, {})).toBe(app);
    expect(bundleFor(root, 'synth', true, {})).toBeUndefined();
    expect(bundleFor(root, 'synth', false, {})).toBeUndefined();
  });
});

// A package root of its own, as `npm run build` leaves one: this checkout's bins copied, its sources, packages,
// templates and manifest linked, the bundles built into its dist/. The bundled modules find the templates, the guard
// script and package.json from their own directory, so they run there as they would here; nothing is written here.
const packageRoot = realpathSync(mkdtempSync(join(tmpdir(), 'agent-contract-bin-')));
let built: string[] = [];
beforeAll(async () => {
  mkdirSync(join(packageRoot, 'bin'));
  for (const file of readdirSync(join(ROOT, 'bin'))) copyFileSync(join(ROOT, 'bin', file), join(packageRoot, 'bin', file));
  for (const entry of ['src', 'node_modules', 'templates', 'stacks', 'guard', '.claude', 'cdktf.json', 'package.json', 'tsconfig.json', 'scripts'])
    symlinkSync(join(ROOT, entry), join(packageRoot, entry));
  built = await writeBundles(join(packageRoot, 'dist'));
}, 60_000);
afterAll(() => rmSync(packageRoot, { recursive: true, force: true }));

describe('the command bundles', () => {
  const outdir = join(packageRoot, 'dist');
  const app = join(outdir, relative('dist', `${APP_BUNDLE}.js`));
  const runWith = (run: typeof main, argv: string[]) => runCli(run, argv);

  const bundles = join(outdir, 'bundles');
  const bundled = (command: string): typeof main => (require(join(bundles, `${command}.js`)) as { main: typeof main }).main;
  const allBundles = () => [...COMMANDS.map(({ name }) => join(bundles, `${name}.js`)), app];

  it("are one per command and one for cdktf.json's app, each with the list of files it was built from, and nothing else", () => {
    expect(built).toEqual(allBundles());
    expect(readdirSync(bundles).sort()).toEqual(COMMANDS.flatMap(({ name }) => [`${name}.inputs.json`, `${name}.js`]).sort());
    expect(readdirSync(join(app, '..')).sort()).toEqual(['synth.inputs.json', 'synth.js']);
    const inputs = (JSON.parse(readFileSync(join(bundles, 'validate.inputs.json'), 'utf8')) as [string, number, number][]).map(([path]) => path);
    expect(inputs).toEqual(
      expect.arrayContaining([
        'src/cli/main.ts',
        'src/cli/validate-command.ts',
        'src/model/schema.ts',
        'scripts/write-bundles.ts',
        'tsconfig.json',
        'package.json',
      ]),
    );
    // The other commands are not in it; the packages are represented by npm's lockfile alone.
    expect(inputs).not.toContain('src/cli/render-command.ts');
    expect(inputs.filter((input) => input.startsWith('node_modules/'))).toEqual(['node_modules/.package-lock.json']);
    // Each input with its size and modification time as the build saw them.
    for (const [path, size, mtimeMs] of JSON.parse(readFileSync(join(bundles, 'validate.inputs.json'), 'utf8')) as [string, number, number][])
      expect({ path, size, mtimeMs }).toEqual({ path, size: statSync(join(ROOT, path)).size, mtimeMs: statSync(join(ROOT, path)).mtimeMs });
    // Fresh for the bins, as built.
    expect(bundleFor(packageRoot, 'validate', true, {})).toBe(join(bundles, 'validate.js'));
  });

  it('are ASCII, so V8 holds them one byte per character', () => {
    for (const bundle of allBundles()) expect(readFileSync(bundle).findIndex((byte) => byte > 0x7f)).toBe(-1);
  });

  it('hold zod without its 40 translations of error messages (the model is validated in English)', () => {
    const text = readFileSync(join(bundles, 'validate.js'), 'utf8');
    expect(text.length).toBeLessThan(700_000);
    expect(text).toContain('Invalid input');
    // The French and German locales' words for "invalid input", as esbuild escapes them to ASCII.
    expect(text).not.toContain('Entr\\xE9e invalide');
    expect(text).not.toContain('Ung\\xFCltige Eingabe');
  });

  it.each([
    ['validate', ['validate', 'stacks/team.yaml'], 0],
    ['validate', ['validate', 'stacks/team.yaml', '--json'], 0],
    ['validate', ['validate', 'stacks/team.example.ts'], 0],
    ['validate', ['validate', 'templates/CONTRACT.md.hbs'], 1],
    ['access', ['access', 'stacks/team.yaml', '--env', 'dev', '--json'], 0],
    ['render', ['render', 'stacks/team.yaml', '--env', 'prod'], 0],
    ['brief', ['brief', 'stacks/team.yaml', '--env', 'dev', '--agent', 'sql-analyst'], 0],
    ['may-edit', ['may-edit', '--agent', 'sql-analyst', 'sql/report.sql', 'CLAUDE.md'], 1],
    ['doctor', ['doctor', 'stacks/team.yaml', '--env', 'dev'], 0],
    // check and verify-commits import from agents-command: a command module, bundled with them as a library.
    ['check', ['check', 'stacks/team.yaml', '--env', 'dev', '--agents', '.claude/agents', '.claude/CONTRACT.md'], 0],
    ['verify-commits', ['verify-commits', '--help'], 0],
    ['agents', ['agents', '--help'], 0],
    ['init', ['init', '--help'], 0],
    ['profiles', ['profiles', 'stacks/team.yaml', '--env', 'dev', '--outputs', 'no-such-outputs.json'], 2],
    ['diff', ['diff', '--help'], 0],
    ['lint', ['lint', '--bogus'], 2],
  ])('run %s as the sources do: %j', (command, argv, exitCode) => {
    // Each in its own package root, as a project runs its own installed copy (check compares the hook's path).
    const cwd = process.cwd();
    try {
      process.chdir(ROOT);
      const fromSources = runWith(main, argv);
      expect(fromSources.code).toBe(exitCode);
      expect(fromSources.stdout + fromSources.stderr).not.toBe('');
      process.chdir(packageRoot);
      expect(runWith(bundled(command), argv)).toEqual(fromSources);
    } finally {
      process.chdir(cwd);
    }
  });

  it('synthesize as the sources do, and report a bad model with the problem list, not as an internal error', () => {
    const appBundle = require(app) as { synthesize: () => void; reportFailure: (error: unknown, stderr: unknown) => number };
    const { synthesize } = require('../stacks/main') as { synthesize: () => void };
    const saved = { model: process.env.AGENT_CONTRACT_MODEL, outdir: process.env.CDKTF_OUTDIR };
    const files = (dir: string): Record<string, string> =>
      Object.fromEntries(
        (readdirSync(dir, { recursive: true }) as string[])
          .sort()
          .flatMap((path) => (path.endsWith('.json') || path.endsWith('.md') ? [[path, readFileSync(join(dir, path), 'utf8')]] : [])),
      );
    const synthInto = (run: () => void): Record<string, string> => {
      const dir = mkdtempSync(join(tmpdir(), 'agent-contract-synth-'));
      process.env.CDKTF_OUTDIR = dir;
      run();
      return files(dir);
    };
    try {
      process.env.AGENT_CONTRACT_MODEL = REFERENCE_MODEL;
      const fromBundle = synthInto(appBundle.synthesize);
      expect(Object.keys(fromBundle)).toEqual(expect.arrayContaining(['stacks/dev/cdk.tf.json', 'stacks/prod/CONTRACT.md']));
      expect(fromBundle).toEqual(synthInto(synthesize));

      process.env.AGENT_CONTRACT_MODEL = join(ROOT, 'templates/CONTRACT.md.hbs');
      let thrown: unknown;
      try {
        synthInto(appBundle.synthesize);
      } catch (error) {
        thrown = error;
      }
      let stderr = '';
      expect(appBundle.reportFailure(thrown, { write: (text: string) => ((stderr += text), true) })).toBe(1);
      expect(stderr).toMatch(/^templates\/CONTRACT\.md\.hbs is invalid \(\d+ problems?\):\n/);
    } finally {
      for (const [key, value] of [
        ['AGENT_CONTRACT_MODEL', saved.model],
        ['CDKTF_OUTDIR', saved.outdir],
      ] as const)
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
    }
  });

  it("refuse another command's work with a message, never by running it", () => {
    const { code, stderr } = runWith(bundled('validate'), ['render', 'stacks/team.yaml', '--env', 'dev']);
    expect(code).toBe(1);
    expect(stderr).toContain("the 'validate' bundle holds only that command, not ./render-command: run bin/agent-contract.js");
  });
});

describe('the bin', () => {
  const inputsFile = join(packageRoot, 'dist/bundles/validate.inputs.json');

  /** Where the modules a `validate` through the bin loaded came from: its bundle, our sources, or both. */
  function loadedBy(env: NodeJS.ProcessEnv = {}): { bundle: boolean; sources: boolean } {
    const probe = `process.argv.splice(1, 0, 'agent-contract'); process.argv.push('validate', 'stacks/team.yaml');
      require(${JSON.stringify(join(packageRoot, 'bin/agent-contract.js'))});
      process.on('exit', () => process.stderr.write(JSON.stringify(Object.keys(require.cache))));`;
    const result = spawnSync(process.execPath, ['-e', probe], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
    expect(result).toMatchObject({ status: 0, stdout: expect.stringContaining('stacks/team.yaml is valid') });
    const loaded = JSON.parse(result.stderr.slice(result.stderr.lastIndexOf('["'))) as string[];
    return {
      bundle: loaded.includes(join(packageRoot, 'dist/bundles/validate.js')),
      sources: loaded.includes(join(ROOT, 'src/cli/validate-command.ts')),
    };
  }

  it('runs the command from its bundle while every input is as it was built', () => {
    expect(loadedBy()).toEqual({ bundle: true, sources: false });
  });

  it('runs the sources once an input differs from what the build recorded, or with AGENT_CONTRACT_BUNDLES=0', () => {
    const recorded = readFileSync(inputsFile, 'utf8');
    const inputs = JSON.parse(recorded) as [string, number, number][];
    try {
      // As if src/cli/main.ts had been edited since: another modification time than the build saw.
      writeFileSync(
        inputsFile,
        JSON.stringify(inputs.map(([path, size, mtimeMs]) => [path, size, path === 'src/cli/main.ts' ? mtimeMs - 1 : mtimeMs])),
      );
      expect(loadedBy()).toEqual({ bundle: false, sources: true });
    } finally {
      writeFileSync(inputsFile, recorded);
    }
    expect(loadedBy({ AGENT_CONTRACT_BUNDLES: '0' })).toEqual({ bundle: false, sources: true });
    expect(loadedBy()).toEqual({ bundle: true, sources: false });
  });

  it('runs the sources when a fresh bundle does not load, never failing the command for it', () => {
    const bundle = join(packageRoot, 'dist/bundles/validate.js');
    const text = readFileSync(bundle);
    const { mtime } = statSync(bundle);
    try {
      writeFileSync(bundle, Buffer.from("throw new Error('half written');\n".padEnd(text.length, ' ')));
      utimesSync(bundle, mtime, mtime);
      expect(bundleFor(packageRoot, 'validate', true, {})).toBe(bundle);
      expect(loadedBy()).toMatchObject({ sources: true });
    } finally {
      writeFileSync(bundle, text);
    }
    expect(loadedBy()).toEqual({ bundle: true, sources: false });
  });
});
