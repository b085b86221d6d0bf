// Which prebuilt bundle runs: a CLI command's (dist/bundles/<command>.js) or the repository's cdktf app
// (dist/app/synth.js); scripts/write-bundles.ts writes both. An installed package ships no sources: its bundles are
// what it was built from. In a checkout a bundle is used only while every file it was built from has exactly the
// size and modification time it had when the bundle was built (`<bundle>.inputs.json`): an edit, a checkout, a copy
// of an older file or an install changes one of them, and the sources run (bin/load.js) until `npm run build`
// bundles again. Anything missing or unreadable means "not fresh": the sources run.
'use strict';
const { readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');

/**
 * The bundle `base` (a path below root without `.js`, e.g. `dist/app/synth`), or undefined to load the sources.
 * `sources` says whether root is a checkout (it has src/); AGENT_CONTRACT_BUNDLES=0 always answers undefined.
 */
function bundleAt(root, base, sources, env = process.env) {
  if (env.AGENT_CONTRACT_BUNDLES === '0') return undefined;
  const bundle = join(root, `${base}.js`);
  try {
    statSync(bundle);
    if (!sources) return bundle;
    const inputs = JSON.parse(readFileSync(join(root, `${base}.inputs.json`), 'utf8'));
    if (!Array.isArray(inputs) || inputs.length === 0) return undefined;
    for (const input of inputs) {
      if (!Array.isArray(input) || typeof input[0] !== 'string') return undefined;
      const { size, mtimeMs } = statSync(join(root, input[0]));
      if (size !== input[1] || mtimeMs !== input[2]) return undefined;
    }
    return bundle;
  } catch {
    return undefined;
  }
}

/** The bundle of CLI command `command` (argv's first argument), or undefined to load the sources. */
function bundleFor(root, command, sources, env = process.env) {
  if (typeof command !== 'string' || !/^[a-z][a-z-]*$/.test(command)) return undefined;
  return bundleAt(root, `dist/bundles/${command}`, sources, env);
}

module.exports = { bundleAt, bundleFor };
