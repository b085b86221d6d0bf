#!/usr/bin/env node
// The edit hook's entry. It runs on every edit and shell command, so it starts the compiled dist/ whenever that is
// current (an installed package ships only dist/); in a checkout whose hook sources are newer than their build, it runs
// the sources, transpiled once and cached by bin/register.js, so an edit of the hook takes effect without a build.
'use strict';
const { readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const sources = join(root, 'src', 'ownership');
const built = join(root, 'dist', 'ownership');
function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}
function stale() {
  let names;
  try {
    names = readdirSync(sources);
  } catch {
    return false; // no sources: an installed package
  }
  return names.some((name) => name.endsWith('.ts') && mtime(join(sources, name)) > mtime(join(built, name.replace(/\.ts$/, '.js'))));
}
const useSources = stale();
if (useSources) require('./register');
process.exitCode = require(join(useSources ? sources : built, useSources ? 'may-edit.ts' : 'may-edit.js')).main(process.argv.slice(2));
