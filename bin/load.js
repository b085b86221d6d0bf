// Where the bins load the library from: the TypeScript sources in a checkout (transpiled on the fly, so an edit
// takes effect at once), the compiled dist/ in an installed package, which ships no sources.
'use strict';
const fs = require('node:fs');
const { dirname, join, sep } = require('node:path');

const root = join(__dirname, '..');
const sources = fs.existsSync(join(root, 'src', 'index.ts'));

/**
 * Keeps V8's compiled code of every module the CLI loads from the library and its dependencies, so a later run
 * skips parsing and compiling them: the cache is keyed by a hash of the module's code (a changed file is compiled
 * afresh, never run from a stale entry) and written at exit, when it also holds the functions the run compiled
 * lazily. Measured 2026-12-03 (CPU, median of 13, node 20, 2 loaded cores): `validate stacks/team.yaml` 680 -> 595 ms.
 * Anything unusual (a cache that cannot be read or written, code V8 rejects, code with a dynamic import(), which a
 * vm.Script cannot resolve) falls back to Node's own compile: the cache only ever saves time.
 */
function cacheCompiledCode() {
  const Module = require('node:module');
  // Loaded at the first module compiled: `--help` compiles none.
  let vm;
  let crypto;
  const cacheDir = join(root, 'node_modules', '.cache', 'agent-contract-v8');
  const cacheable = (filename) =>
    (filename.startsWith(root + sep) || filename.includes(`${sep}node_modules${sep}`)) && !filename.startsWith(cacheDir);
  const compile = Module.prototype._compile;
  const unsaved = [];
  Module.prototype._compile = function compileCached(content, filename, format) {
    if ((format !== undefined && format !== 'commonjs') || !cacheable(filename) || content.includes('import('))
      return compile.call(this, content, filename, format);
    vm ??= require('node:vm');
    crypto ??= require('node:crypto');
    const key = crypto.createHash('sha1').update(process.version).update('\0').update(filename).update('\0').update(content).digest('hex');
    const cacheFile = join(cacheDir, `${key}.bin`);
    let cachedData;
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      // Not cached yet.
    }
    let script;
    try {
      script = new vm.Script(Module.wrap(content), { filename, cachedData });
    } catch {
      // Not a CommonJS script after all (a syntax error, ESM): Node's compile reports it as it always does.
      return compile.call(this, content, filename, format);
    }
    if (cachedData === undefined || script.cachedDataRejected) unsaved.push({ script, cacheFile });
    const wrapper = script.runInThisContext({ displayErrors: true });
    const moduleRequire = (id) => this.require(id);
    moduleRequire.resolve = (request, options) => Module._resolveFilename(request, this, false, options);
    moduleRequire.resolve.paths = (request) => Module._resolveLookupPaths(request, this);
    moduleRequire.main = process.mainModule;
    moduleRequire.extensions = Module._extensions;
    moduleRequire.cache = Module._cache;
    return wrapper.call(this.exports, this.exports, moduleRequire, this, filename, dirname(filename));
  };
  process.on('exit', () => {
    if (unsaved.length === 0) return;
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      for (const { script, cacheFile } of unsaved) {
        // Write then rename, so a concurrent run never reads half a file.
        const temporary = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(temporary, script.createCachedData());
        fs.renameSync(temporary, cacheFile);
      }
    } catch {
      // A read-only tree still works, only without the cache.
    }
  });
}

cacheCompiledCode();
if (sources) require('./register');

/** `module` below src/ (or dist/), e.g. `cli/main`. */
module.exports = (module) => require(join(root, sources ? 'src' : 'dist', module));
