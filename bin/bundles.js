// Which prebuilt bundle runs a CLI command (scripts/write-bundles.ts writes one per command into dist/bundles/).
// An installed package ships no sources: its bundles are what it was built from. In a checkout a bundle is used only
// while every file it was built from is older than it; after an edit, a checkout or an install the bin runs the
// sources (bin/load.js) until `npm run build` bundles again. Anything unreadable means "not fresh": the sources run.
'use strict';
const { readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');

/**
 * The bundle to load for `command` in the package at `root`, or undefined to load the sources. `sources` says whether
 * root is a checkout (it has src/); AGENT_CONTRACT_BUNDLES=0 always answers undefined.
 */
function bundleFor(root, command, sources, env = process.env) {
  if (env.AGENT_CONTRACT_BUNDLES === '0' || typeof command !== 'string' || !/^[a-z][a-z-]*$/.test(command)) return undefined;
  const bundle = join(root, 'dist', 'bundles', `${command}.js`);
  try {
    const built = statSync(bundle).mtimeMs;
    if (!sources) return bundle;
    const inputs = JSON.parse(readFileSync(join(root, 'dist', 'bundles', `${command}.inputs.json`), 'utf8'));
    if (!Array.isArray(inputs) || inputs.length === 0) return undefined;
    for (const input of inputs) if (typeof input !== 'string' || statSync(join(root, input)).mtimeMs > built) return undefined;
    return bundle;
  } catch {
    return undefined;
  }
}

module.exports = { bundleFor };
