#!/usr/bin/env node
// The edit hook's entry. It runs before every edit and shell command of an agent, so it loads Node and the compiled
// hook only (dist/ownership/, written by `npm run build`: an installed package ships it, and `npm ci` / `npm install`
// in a checkout run the build through `prepare`) — no TypeScript loader, no cdktf, no zod.
//
// It fails closed. When the compiled hook is missing (a checkout not built yet), older than the hook's sources (a
// checkout whose src/ownership/ changed since the last build: running the old build would judge by rules no longer
// in the sources), or cannot be loaded (a build rewriting dist/ at this moment), it refuses with exit 2 and says to
// run `npm run build`. Exit 2 blocks a PreToolUse call and feeds standard error back to Claude (Claude Code docs,
// "Hooks reference", code.claude.com/docs/en/hooks); it is also may-edit's exit code for a failure.
'use strict';
const { readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const compiled = join(root, 'dist', 'ownership', 'may-edit.js');
const sources = join(root, 'src', 'ownership');

/** Why the compiled hook cannot be trusted, or undefined when it can. */
function unusable() {
  let builtAt;
  try {
    builtAt = statSync(compiled).mtimeMs;
  } catch {
    return `the compiled hook ${compiled} is missing`;
  }
  let names;
  try {
    names = readdirSync(sources);
  } catch {
    return undefined; // no sources beside it: an installed package, which ships only dist/
  }
  const changedAt = (name) => {
    try {
      return statSync(join(sources, name)).mtimeMs;
    } catch {
      return Infinity; // a source that cannot be read now is no proof the build is current
    }
  };
  const newer = names.filter((name) => name.endsWith('.ts') && changedAt(name) > builtAt);
  return newer.length ? `src/ownership/${newer[0]} changed after the hook was compiled` : undefined;
}

function refuse(reason) {
  process.stderr.write(`may-edit: ${reason}: every edit is refused until the hook is built; run npm run build in ${root}\n`);
  process.exitCode = 2;
}

const reason = unusable();
if (reason) refuse(reason);
else {
  let main;
  try {
    ({ main } = require(compiled));
  } catch (error) {
    refuse(`the compiled hook cannot be loaded (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
  if (typeof main !== 'function') {
    if (!process.exitCode) refuse('the compiled hook has no main()');
  } else {
    // Claude Code blocks only on exit 2 ("Hooks reference", code.claude.com/docs/en/hooks): a throw (exit 1) would let
    // the edit through, so anything main() does not decide is a refusal.
    try {
      const code = main(process.argv.slice(2));
      process.exitCode = code === 0 || code === 1 || code === 2 ? code : 2;
    } catch (error) {
      process.stderr.write(`may-edit: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}: the edit is refused\n`);
      process.exitCode = 2;
    }
  }
}
