// After tsc: copies the hand-written JavaScript under src/ (the edit hook's dependency-free matcher and its types),
// which tsc does not emit, to the same place under dist/.
'use strict';
const { copyFileSync, mkdirSync, readdirSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');

const root = join(__dirname, '..');
function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (/\.js$/.test(entry.name) || (/\.d\.ts$/.test(entry.name) && readdirSync(dir).includes(entry.name.replace(/\.d\.ts$/, '.js')))) {
      const target = join(root, 'dist', relative(join(root, 'src'), path));
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(path, target);
    }
  }
}
walk(join(root, 'src'));
