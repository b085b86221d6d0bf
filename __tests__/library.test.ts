// The package as others use it: imported by its name into their own cdktf app, packed with compiled JavaScript.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ROOT, type Data } from './helpers';

/** Builds dist/ from the current sources: the example imports the package by name, which resolves to dist/. */
beforeAll(() => {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'pipe' });
}, 120_000);

describe('a cdktf app of your own', () => {
  let json: Data;
  beforeAll(() => {
    const outdir = mkdtempSync(join(tmpdir(), 'own-app-'));
    const result = spawnSync(process.execPath, ['-r', join(ROOT, 'bin/register.js'), join(ROOT, 'examples/own-app/main.ts')], {
      cwd: join(ROOT, 'examples/own-app'),
      encoding: 'utf8',
      env: { ...process.env, OUTDIR: outdir },
    });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    json = JSON.parse(readFileSync(join(outdir, 'stacks/platform/cdk.tf.json'), 'utf8'));
  }, 60_000);

  it('imports the package by its name, not by a relative path', () => {
    expect(readFileSync(join(ROOT, 'examples/own-app/main.ts'), 'utf8')).toMatch(/from 'databricks-agent-contract'/);
  });

  it("holds the team's grants under its AgentTeam and the app's own resource", () => {
    const grants = Object.values(json.resource.databricks_grants as Record<string, Data>);
    expect(grants.length).toBeGreaterThan(5);
    expect(grants.some((g) => g['//'].metadata.path.startsWith('platform/agents/unity-catalog/'))).toBe(true);
    expect(Object.values(json.resource.databricks_directory as Record<string, Data>)).toContainEqual(
      expect.objectContaining({ path: '/platform/runbooks' }),
    );
  });

  it("keeps what the app's own Aspect changed", () => {
    const warehouse = Object.values(json.resource.databricks_sql_endpoint as Record<string, Data>)[0];
    expect(warehouse.tags.custom_tags).toContainEqual({ key: 'cost_center', value: 'platform-42' });
  });
});

describe('the package', () => {
  it('exports the model loader, the constructs, the guardrails and the renderer from compiled JavaScript', () => {
    // Resolved like a consumer's require: package.json `exports` → dist/index.js.
    const api = require(require.resolve('databricks-agent-contract', { paths: [ROOT] }));
    for (const name of [
      'loadModelFile',
      'defineModel',
      'AgentTeam',
      'EnvironmentStack',
      'UcCatalog',
      'GovernedJob',
      'Guardrails',
      'GUARDRAILS',
      'renderContract',
      'renderBrief',
      'deriveAccess',
    ]) {
      expect({ name, type: typeof api[name] }).toEqual({ name, type: name === 'GUARDRAILS' ? 'object' : 'function' });
    }
    expect(require.resolve('databricks-agent-contract', { paths: [ROOT] })).toBe(join(ROOT, 'dist/index.js'));
  });

  it('packs compiled JavaScript, types, templates and the guard script, and no tests or sources', () => {
    const [pack] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
    ) as { files: { path: string }[] }[];
    const files = pack.files.map((file) => file.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/index.js',
        'dist/index.d.ts',
        'dist/ownership/matcher.js',
        'templates/CONTRACT.md.hbs',
        'guard/runtime_guard.py',
        'bin/agent-contract.js',
      ]),
    );
    expect(files.filter((file) => /^(__tests__|src|examples|bench)\//.test(file) || /\.test\./.test(file))).toEqual([]);
  });

  it('imports no cdktf internals (cdktf/lib/...), only its public API', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) {
          if (name !== 'node_modules' && name !== 'cdktf.out') walk(path);
        } else if (/\.(ts|js)$/.test(name) && /from 'cdktf\/lib\/|require\('cdktf\/lib\//.test(readFileSync(path, 'utf8')))
          offenders.push(relative(ROOT, path));
      }
    };
    for (const dir of ['src', 'stacks', 'bench', 'bin', 'examples', '__tests__']) walk(join(ROOT, dir));
    expect(offenders).toEqual([]);
  });
});
