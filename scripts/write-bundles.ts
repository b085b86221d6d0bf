// Build step (`npm run build`): one bundle per CLI command in dist/bundles/, which bin/agent-contract.js runs, and
// dist/app/synth.js, this repository's cdktf.json app, which bin/synth.js runs (not shipped in the package).
//
// Why: a CLI run is short, and most of it went to loading modules. `validate` loads about 250 (zod 95, yaml 72, ours
// 77), each resolved, stat'ed, read and wrapped on its own; one file holding them all took it from about 400 to 290 ms
// of CPU, and synth of a 16-agent team takes about 90 ms less (docs/performance.md, "The CLI's start"). One bundle per command, not one
// for all: a bundle of every command made `--help` 40 ms slower to parse, and each command needs only its own code.
//
// A command's bundle is src/cli/main.ts with exactly that command inlined. The others resolve to a module that
// throws: the bin runs a command's bundle only for that command, so those throws are never reached. The packages the
// heavy commands need (cdktf, the providers, Handlebars, jsdiff) stay external, loaded from node_modules as before, so
// there is one cdktf in the process whatever runs. Beside each bundle, `<name>.inputs.json` lists the files it was
// built from with their size and modification time, so that in a checkout the bins can tell a stale bundle and run
// the sources instead (bin/bundles.js). A bundle lives two levels below the package root, as src/<area>/ does: the
// paths its modules find from __dirname (templates/, guard/, package.json) stay right, and the build fails when a
// module at another depth uses __dirname or __filename.
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { COMMANDS } from '../src/cli/main';

const ROOT = join(__dirname, '..');

/** Loaded from node_modules at run time rather than bundled: large, and loaded only by the commands that synthesize or diff. */
const EXTERNAL = ['cdktf', '@cdktf/*', 'constructs', 'handlebars', 'diff', 'sucrase'];

/**
 * Build inputs esbuild does not list: its configuration here, the compiler options it reads, the package manifest,
 * and npm's hidden lockfile, which npm rewrites when it changes node_modules
 * (docs.npmjs.com/cli/configuring-npm/package-lock-json), standing for the 170 files of zod and yaml. A hand edit
 * inside node_modules is not seen; `npm run build` after one.
 */
const ALSO_BUILT_FROM = ['scripts/write-bundles.ts', 'tsconfig.json', 'package.json', 'node_modules/.package-lock.json'];

/** The bundle of cdktf.json's app below ROOT, without `.js`: what bin/synth.js needs, its failure report from the same copy. */
export const APP_BUNDLE = 'dist/app/synth';
const SYNTH_ENTRY = "export { synthesize } from './stacks/main';\nexport { reportFailure } from './src/cli/report';\n";

/** The module of `command` as main.ts requires it. */
const moduleOf = (command: string) => `./${command}-command`;

/**
 * Resolves the other commands' modules, as main.ts requires them, to one that refuses to load. A command module that
 * imports from another as a library (check and verify-commits use agents-command) gets the real module.
 */
function onlyCommand(command: string): Plugin {
  const others = new Set(
    COMMANDS.map((entry) => entry.name)
      .filter((name) => name !== command)
      .map(moduleOf),
  );
  return {
    name: 'only-command',
    setup(build) {
      build.onResolve({ filter: /-command$/ }, (args) =>
        others.has(args.path) && args.importer.endsWith(join('src', 'cli', 'main.ts')) ? { path: args.path, namespace: 'other-command' } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'other-command' }, (args) => ({
        contents: `throw new Error(${JSON.stringify(`the '${command}' bundle holds only that command, not ${args.path}: run bin/agent-contract.js`)});`,
        loader: 'js',
      }));
    },
  };
}

/** A bundled module away from src/<area>/ that finds files from its own directory, which the bundle's differs from. */
function misplacedDirname(input: string): string | undefined {
  if (input.split('/').length === 3) return undefined;
  return /\b__(dirname|filename)\b/.test(readFileSync(join(ROOT, input), 'utf8')) ? input : undefined;
}

/** Writes `<base>.js` from `entry` and `<base>.inputs.json` beside it; returns the bundle's path. */
async function writeBundle(base: string, entry: Pick<BuildOptions, 'entryPoints' | 'stdin' | 'plugins'>): Promise<string> {
  const outfile = `${base}.js`;
  const started = Date.now();
  const { metafile } = await build({
    ...entry,
    absWorkingDir: ROOT,
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: EXTERNAL,
    // Without comments the file is ASCII (esbuild escapes the rest of the text): V8 then holds it one byte per
    // character. Two comments in zod with a non-ASCII letter made the whole 1 MB file two-byte, 10 ms more to read.
    minifyWhitespace: true,
    charset: 'ascii',
    metafile: true,
    logLevel: 'error',
  });
  // Our sources one by one; the packages' files through npm's lockfile.
  const sources = Object.keys(metafile.inputs).filter((input) => !input.includes(':') && input !== '<stdin>' && !input.startsWith('node_modules/'));
  const misplaced = sources.map(misplacedDirname).filter((input) => input !== undefined);
  if (misplaced.length)
    throw new Error(
      `${misplaced.join(', ')}: uses __dirname or __filename but is not in src/<area>/, so it would not find its files from ${outfile}`,
    );
  const inputs = [...sources.sort(), ...ALSO_BUILT_FROM].map((input) => {
    const { size, mtimeMs } = statSync(join(ROOT, input));
    return [input, size, mtimeMs] as const;
  });
  // A file saved while esbuild ran may be in the bundle as it was before: without a list the bundle never runs.
  const changed = inputs.filter(([input, , mtimeMs]) => mtimeMs >= started && !input.startsWith('node_modules/'));
  if (changed.length) {
    process.stderr.write(`${outfile}: not used until the next build: ${changed.map(([input]) => input).join(', ')} changed while it was built\n`);
    return outfile;
  }
  writeFileSync(`${base}.inputs.json`, `${JSON.stringify(inputs)}\n`);
  return outfile;
}

/**
 * Writes every bundle and its inputs list (afresh) into outdir/bundles and outdir/app; returns the bundles' paths, the
 * commands' first. outdir is one level below the package root the bundles run in (its dist/).
 */
export async function writeBundles(outdir: string = join(ROOT, 'dist')): Promise<string[]> {
  // Afresh, so no bundle of a command since removed stays behind.
  for (const dir of ['bundles', 'app']) {
    rmSync(join(outdir, dir), { recursive: true, force: true });
    mkdirSync(join(outdir, dir), { recursive: true });
  }
  return Promise.all([
    ...COMMANDS.map(({ name }) =>
      writeBundle(join(outdir, 'bundles', name), { entryPoints: [join(ROOT, 'src', 'cli', 'main.ts')], plugins: [onlyCommand(name)] }),
    ),
    writeBundle(join(outdir, relative('dist', APP_BUNDLE)), { stdin: { contents: SYNTH_ENTRY, resolveDir: ROOT, loader: 'ts' } }),
  ]);
}

if (require.main === module) {
  void writeBundles().then((written) =>
    process.stdout.write(`wrote ${written.length} bundles into ${relative(process.cwd(), join(ROOT, 'dist'))}/bundles and /app\n`),
  );
}
