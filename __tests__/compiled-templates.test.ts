// The build precompiles the built-in templates (templates/precompiled.js); a render uses that file only while it
// was made from exactly the template files, so an edited template is never rendered from a stale spec.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PRECOMPILED_FILE,
  TEMPLATES_DIR,
  precompiledModule,
  readTemplateSources,
  sourcesDigest,
  templateSpecs,
  writePrecompiledTemplates,
} from '../src/contract/compiled-templates';

const sources = readTemplateSources();
const copyOfTemplates = () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'templates-')), 'templates');
  cpSync(TEMPLATES_DIR, dir, { recursive: true });
  rmSync(join(dir, 'precompiled.js'), { force: true });
  return dir;
};
/** A module with the right digest whose main spec is a marker, not a template: shows which specs were used. */
const markedModule = (digest: string) => `module.exports = { digest: ${JSON.stringify(digest)}, main: 'marker', brief: 'marker', partials: {} };\n`;

describe('precompiled templates', () => {
  it('the build wrote templates/precompiled.js, equal to a fresh precompile of the template files (npm run build)', () => {
    expect(existsSync(PRECOMPILED_FILE)).toBe(true);
    expect(readFileSync(PRECOMPILED_FILE, 'utf8')).toBe(precompiledModule(sources));
  });

  it('the build step writes every built-in template, partials included, under their names', () => {
    const dir = copyOfTemplates();
    const file = writePrecompiledTemplates(dir);
    expect(file).toBe(join(dir, 'precompiled.js'));
    const built = require(file) as { digest: string; partials: Record<string, unknown> };
    expect(built.digest).toBe(sourcesDigest(sources));
    expect(Object.keys(built.partials)).toEqual(Object.keys(sources.partials));
    expect(Object.keys(built.partials)).toContain('agent-brief');
  });

  it('renders from the built file when its digest matches the sources', () => {
    const file = join(copyOfTemplates(), 'precompiled.js');
    writeFileSync(file, markedModule(sourcesDigest(sources)));
    expect(templateSpecs(sources, file).main).toBe('marker');
  });

  it('precompiles in memory when the built file is stale (a template edited since the build) or missing', () => {
    const dir = copyOfTemplates();
    const file = join(dir, 'precompiled.js');
    const edited = { ...sources, main: `${sources.main}\nedited` };
    writeFileSync(file, markedModule(sourcesDigest(sources)));
    const stale = templateSpecs(edited, file);
    expect(stale.main).not.toBe('marker');
    expect(Object.keys(stale.partials)).toEqual(Object.keys(sources.partials));
    const missing = templateSpecs(sources, join(dir, 'absent.js'));
    expect(missing.main).not.toBe('marker');
    expect(Object.keys(missing.partials)).toEqual(Object.keys(sources.partials));
  });

  it('an added partial or an edited template changes the digest', () => {
    expect(sourcesDigest({ ...sources, partials: { ...sources.partials, extra: 'x' } })).not.toBe(sourcesDigest(sources));
    expect(sourcesDigest({ ...sources, brief: `${sources.brief} ` })).not.toBe(sourcesDigest(sources));
  });
});
