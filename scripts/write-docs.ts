// Writes the generated docs (docs/model.md, docs/rules.md, README's rule table): `npm run docs`.
// `npm run docs -- --check` writes nothing and exits 1 naming every file that differs from a fresh render (CI).
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generatedDocs } from './docs/generated-docs';

const root = join(__dirname, '..');
const check = process.argv.includes('--check');
const stale: string[] = [];
for (const [path, text] of generatedDocs(root)) {
  const file = join(root, path);
  if ((existsSync(file) ? readFileSync(file, 'utf8') : undefined) === text) continue;
  if (check) {
    stale.push(path);
  } else {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    console.log(`wrote ${path}`);
  }
}
if (stale.length) {
  console.error(`${stale.join(', ')}: out of date with the schema or the rule pack; run \`npm run docs\` and commit the result`);
  process.exit(1);
}
