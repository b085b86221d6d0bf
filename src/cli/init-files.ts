// The files of a new project `agent-contract init` writes: the model, the cdktf app, package.json, CI workflows and
// the Claude Code files `agents` writes for the model's first environment. The project installs this package from
// the registry, so the hook runs the installed copy, whether or not it is installed yet.
import { ownPackage, PACKAGE_ROOT } from './own-package';
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { agentFiles, projectFiles } from '../agents/agent-files';
import { parseModelText } from '../validation/load';
import { resolveEnvironment } from '../access/team-environment';
import { environmentsOf } from '../model/types';
import { protectedPatterns } from '../ownership/protected-paths';

/** This package's root: two folders above src/cli or dist/cli. */
const TEMPLATES = resolve(PACKAGE_ROOT, 'templates', 'init');
const MODEL_PATH = 'stacks/team.yaml';
const AGENTS_DIR = '.claude/agents';

/** Project path → template file below templates/init (npm never packs a file named .gitignore). */
const COPIED: ReadonlyArray<readonly [string, string]> = [
  [MODEL_PATH, 'stacks/team.yaml'],
  ['main.js', 'main.js'],
  ['.gitignore', 'gitignore'],
  ['.github/workflows/agent-contract.yml', 'workflows/agent-contract.yml'],
  ['.github/workflows/agent-contract-plan-review.yml', 'workflows/agent-contract-plan-review.yml'],
];

/** An npm package name from the folder's name: lower case, other characters as '-'; 'agent-team' when none is left. */
export function projectPackageName(folder: string): string {
  const name = basename(resolve(folder))
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '');
  return name.slice(0, 214) || 'agent-team';
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function packageJson(folder: string): string {
  const own = ownPackage();
  return json({
    name: projectPackageName(folder),
    version: '0.1.0',
    private: true,
    description: 'An AI agent team on Databricks, provisioned from stacks/team.yaml by databricks-agent-contract.',
    scripts: {
      synth: 'cdktf synth',
      validate: `agent-contract validate ${MODEL_PATH}`,
      // The Claude Code files must match the model: `agents` without --check rewrites them.
      test: `agent-contract validate ${MODEL_PATH} && agent-contract agents ${MODEL_PATH} --env dev --out ${AGENTS_DIR} --check`,
      agents: `agent-contract agents ${MODEL_PATH} --env dev --out ${AGENTS_DIR}`,
    },
    dependencies: { [own.name]: `^${own.version}` },
    devDependencies: { 'cdktf-cli': own.devDependencies['cdktf-cli'] },
  });
}

function cdktfJson(folder: string): string {
  return json({
    language: 'typescript',
    // Plain JavaScript that calls the installed package: no build step, no type-checking on the synth path.
    app: 'node main.js',
    output: 'cdktf.out',
    projectId: projectPackageName(folder),
    sendCrashReports: 'false',
    terraformProviders: [],
    terraformModules: [],
    context: { modelPath: MODEL_PATH },
  });
}

/**
 * Project path (with '/') → content of every file of a new project in `folder`. The Claude Code files are those
 * `agent-contract agents stacks/team.yaml --env dev --out .claude/agents` writes once the package is installed.
 */
export function initFiles(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const [path, template] of COPIED) files.set(path, readFileSync(resolve(TEMPLATES, template), 'utf8'));
  files.set('cdktf.json', cdktfJson(folder));
  files.set('package.json', packageJson(folder));

  const model = parseModelText(files.get(MODEL_PATH) as string, MODEL_PATH);
  const team = resolveEnvironment(model, environmentsOf(model)[0].name);
  const packageDir = `node_modules/${ownPackage().name}`;
  const script = `${packageDir}/bin/may-edit.js`;
  const protectedPaths = protectedPatterns({ agentsDir: AGENTS_DIR, hookPackage: packageDir });
  for (const [name, text] of agentFiles(team, { modelPath: MODEL_PATH, outDir: AGENTS_DIR, mayEditScript: script, protectedPaths }))
    files.set(`${AGENTS_DIR}/${name}`, text);
  for (const [name, text] of projectFiles(folder, team, { modelPath: MODEL_PATH, agentsDir: AGENTS_DIR, script, protectedPaths }))
    files.set(name, text);
  return files;
}
