// Build step (`npm run build`): the bundles in dist/bundles/ — one per CLI command, which bin/agent-contract.js runs,
// and `synth`, cdktf.json's app, which bin/synth.js runs.
//
// Why: a CLI run is short, and most of it went to loading modules. `validate` loads about 250 (zod 95, yaml 72, ours
// 77), each resolved, stat'ed, read and wrapped on its own; one file holding them all starts in 254 instead of
// 380 ms of CPU, and synth of a small team takes 60 ms less (docs/performance.md). One bundle per command, not one
// for all: a bundle of every command made `--help` 40 ms slower to parse, and each command needs only its own code.
//
// A command's bundle is src/cli/main.ts with exactly that command inlined. The others resolve to a module that
// throws: the bin runs a command's bundle only for that command, so those throws are never reached. The packages the
// heavy commands need (cdktf, the providers, Handlebars, jsdiff) stay external, loaded from node_modules as before, so
// there is one cdktf in the process whatever runs. Beside each bundle, `<name>.inputs.json` lists the files it was
// built from, so that in a checkout the bins can tell a stale bundle and run the sources instead (bin/bundles.js).
// Every bundled module lives two levels below the package root (src/<area>/), as dist/bundles/ is: the paths they
// find from __dirname (templates/, guard/, package.json) stay right.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { COMMANDS } from '../src/cli/main';

const ROOT = join(__dirname, '..');

/** Loaded from node_modules at run time rather than bundled: large, and loaded only by the commands that synthesize or diff. */
const EXTERNAL = ['cdktf', '@cdktf/*', 'constructs', 'handlebars', 'diff', 'sucrase'];

/** What npm writes on every install: the hidden lockfile (docs.npmjs.com/cli/configuring-npm/package-lock-json). */
const INSTALLED = 'node_modules/.package-lock.json';

/** The bundle of cdktf.json's app: what bin/synth.js needs, its failure report from the same copy of the errors. */
export const SYNTH_BUNDLE = 'synth';
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

/** Writes `<name>.js` from `entry` and `<name>.inputs.json` into outdir; returns the bundle's path. */
async function writeBundle(outdir: string, name: string, entry: Pick<BuildOptions, 'entryPoints' | 'stdin' | 'plugins'>): Promise<string> {
  const outfile = join(outdir, `${name}.js`);
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
  // Our sources one by one; the packages' files (about 170) through the one file npm rewrites on every install.
  const sources = Object.keys(metafile.inputs).filter((input) => !input.includes(':') && input !== '<stdin>' && !input.startsWith('node_modules/'));
  writeFileSync(join(outdir, `${name}.inputs.json`), `${JSON.stringify([...sources.sort(), INSTALLED])}\n`);
  return outfile;
}

/** Writes every bundle and its inputs list into outdir (afresh); returns the bundles' paths, the commands' first. */
export async function writeBundles(outdir: string = join(ROOT, 'dist', 'bundles')): Promise<string[]> {
  // Afresh, so no bundle of a command since removed stays behind.
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  return Promise.all([
    ...COMMANDS.map(({ name }) => writeBundle(outdir, name, { entryPoints: [join(ROOT, 'src', 'cli', 'main.ts')], plugins: [onlyCommand(name)] })),
    writeBundle(outdir, SYNTH_BUNDLE, { stdin: { contents: SYNTH_ENTRY, resolveDir: ROOT, loader: 'ts' } }),
  ]);
}

if (require.main === module) {
  void writeBundles().then((written) =>
    process.stdout.write(`wrote ${written.length} bundles to ${relative(process.cwd(), join(ROOT, 'dist', 'bundles'))}\n`),
  );
}
