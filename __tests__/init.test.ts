// `agent-contract init`: the files of a new project, the model's comments on every required field, and refusing to
// replace files. The packed package's init → npm install → synth runs in packed-package.test.ts.
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMap, isSeq, parseDocument, type Node } from 'yaml';
import type { z } from 'zod';
import { main } from '../src/cli/main';
import { projectPackageName } from '../src/cli/init-files';
import { loadModelFile } from '../src/validation/load';
import { TeamModelSchema } from '../src/model/schema';
import { environmentsOf, allAgents } from '../src/model/types';
import { ROOT, runCli } from './helpers';

const scratch = fs.mkdtempSync(join(tmpdir(), 'agent-contract-init-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function cli(...argv: string[]) {
  return runCli(main, argv);
}

let folders = 0;
const freshFolder = () => join(scratch, `project-${++folders}`);

/** Every file below `dir`, relative, sorted. */
function filesBelow(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesBelow(dir, join(prefix, entry.name)) : [join(prefix, entry.name)]))
    .sort();
}

const EXPECTED_FILES = [
  '.claude/agents/delta-lake-engineer.md',
  '.claude/agents/orchestrator.md',
  '.claude/agents/ownership.json',
  '.claude/agents/sql-analyst.md',
  '.claude/settings.json',
  '.github/workflows/agent-contract-plan-review.yml',
  '.github/workflows/agent-contract.yml',
  '.gitignore',
  'AGENTS.md',
  'CLAUDE.md',
  'cdktf.json',
  'main.js',
  'package.json',
  'stacks/team.yaml',
];

describe('agent-contract init', () => {
  it('writes the project into a new folder and says how many files it wrote where', () => {
    const dir = freshFolder();
    const result = cli('init', dir);
    expect(result).toEqual({
      code: 0,
      stdout: `wrote 14 files to ${dir}\nnext: cd ${dir} && npm install && npm run validate && npm run synth\n`,
      stderr: '',
    });
    expect(filesBelow(dir)).toEqual(EXPECTED_FILES);
  });

  it('writes a valid three-agent model in two environments', () => {
    const dir = freshFolder();
    cli('init', dir);
    const model = loadModelFile(join(dir, 'stacks/team.yaml'));
    expect(allAgents(model).map((agent) => agent.name)).toEqual(['orchestrator', 'delta-lake-engineer', 'sql-analyst']);
    expect(environmentsOf(model).map((env) => [env.name, env.protected])).toEqual([
      ['dev', false],
      ['prod', true],
    ]);
    expect(model.schemas.map((schema) => `${schema.name}:${schema.owner}`)).toEqual(['bronze:delta-lake-engineer', 'gold:sql-analyst']);
  });

  it("runs the installed package's app and CLI: cdktf.json, main.js and package.json", () => {
    const dir = freshFolder();
    cli('init', dir);
    const own = JSON.parse(fs.readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const cdktf = JSON.parse(fs.readFileSync(join(dir, 'cdktf.json'), 'utf8'));
    expect(cdktf).toMatchObject({ language: 'typescript', app: 'node main.js', output: 'cdktf.out', context: { modelPath: 'stacks/team.yaml' } });
    expect(fs.readFileSync(join(dir, 'main.js'), 'utf8')).toMatch(/^ {2}process\.exitCode = runModelApp\(\);$/m);
    const manifest = JSON.parse(fs.readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({
      name: `project-${folders}`,
      private: true,
      dependencies: { [own.name]: `^${own.version}` },
      devDependencies: { 'cdktf-cli': own.devDependencies['cdktf-cli'] },
    });
    expect(Object.keys(manifest.scripts)).toEqual(['synth', 'validate', 'test', 'agents']);
    expect(manifest.scripts.synth).toBe('cdktf synth');
    expect(manifest.scripts.test).toBe(
      'agent-contract validate stacks/team.yaml && agent-contract agents stacks/team.yaml --env dev --out .claude/agents --check',
    );
    // The hook runs the copy npm installs into the project, before it is installed.
    expect(fs.readFileSync(join(dir, '.claude/settings.json'), 'utf8')).toContain(`'node_modules/${own.name}/bin/may-edit.js'`);
  });

  it('names the package after the folder, as npm accepts names', () => {
    expect(projectPackageName('/tmp/My Team!')).toBe('my-team');
    expect(projectPackageName('/tmp/__')).toBe('agent-team');
  });

  it('refuses to replace existing files (exit 2), naming them and changing nothing', () => {
    const dir = freshFolder();
    fs.mkdirSync(dir);
    fs.writeFileSync(join(dir, 'package.json'), '{"name":"mine"}\n');
    const result = cli('init', dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `agent-contract: init would replace 1 existing file: ${join(dir, 'package.json')}: choose an empty folder, or pass --force to replace them\n`,
    );
    expect(filesBelow(dir)).toEqual(['package.json']);
    expect(fs.readFileSync(join(dir, 'package.json'), 'utf8')).toBe('{"name":"mine"}\n');
  });

  it('with --force replaces them, names each, and keeps what the Claude Code settings hold besides the hook', () => {
    const dir = freshFolder();
    fs.mkdirSync(join(dir, '.claude'), { recursive: true });
    fs.writeFileSync(join(dir, 'package.json'), '{"name":"mine"}\n');
    fs.writeFileSync(join(dir, '.claude/settings.json'), JSON.stringify({ env: { KEEP: '1' } }));
    const result = cli('init', dir, '--force');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').slice(0, 3)).toEqual([
      `replaced ${join(dir, 'package.json')}`,
      `replaced ${join(dir, '.claude/settings.json')}`,
      `wrote 14 files to ${dir}`,
    ]);
    expect(JSON.parse(fs.readFileSync(join(dir, 'package.json'), 'utf8')).name).toBe(`project-${folders}`);
    expect(JSON.parse(fs.readFileSync(join(dir, '.claude/settings.json'), 'utf8'))).toMatchObject({ env: { KEEP: '1' }, hooks: {} });
  });

  it('leaves nothing behind when a write fails: no file, no temporary file, no folder it created (exit 2)', () => {
    const dir = freshFolder();
    const realWrite = fs.writeFileSync;
    let writes = 0;
    // The module object itself (an `import * as` namespace is a frozen copy); the fifth staged file fails.
    const spy = jest.spyOn(require('node:fs') as typeof fs, 'writeFileSync').mockImplementation((...args: Parameters<typeof fs.writeFileSync>) => {
      if (String(args[0]).endsWith('.tmp') && ++writes === 5) throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
      return realWrite(...args);
    });
    let result: ReturnType<typeof cli>;
    try {
      result = cli('init', join(dir, 'team'));
    } finally {
      spy.mockRestore();
    }
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^agent-contract: cannot write '.*': the disk is full\n/);
    expect(writes).toBe(5);
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('writes into the current directory when no folder is named', () => {
    const dir = freshFolder();
    fs.mkdirSync(dir);
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(cli('init').stdout).toBe('wrote 14 files to .\nnext: npm install && npm run validate && npm run synth\n');
    } finally {
      process.chdir(cwd);
    }
    expect(filesBelow(dir)).toEqual(EXPECTED_FILES);
  });

  it.each([
    [['init', 'a', 'b'], 'init takes one folder, got 2'],
    [['init', ''], 'init needs a folder name, e.g. agent-contract init my-team'],
    [['init', '--overwrite'], "unknown option --overwrite (options: --force); a path starting with '-' goes after --"],
  ])('%j is a usage error (exit 2)', (argv, message) => {
    const result = cli(...argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`agent-contract: ${message}\n`);
  });
});

// ---------------------------------------------------------------- the model's comments

interface Def {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  element?: AnySchema;
  shape?: Record<string, AnySchema>;
  valueType?: AnySchema;
}
type AnySchema = z.ZodType & { _zod: { def: Def } };

function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (let def = current._zod.def; def.innerType ?? def.in; def = current._zod.def) current = (def.innerType ?? def.in) as AnySchema;
  return current;
}

/**
 * The required fields of the model as written in `text`, each with the line above it: every object shape is walked
 * once (the first agent, schema, environment), as a newcomer reads the file from the top.
 */
function requiredFieldsWithCommentAbove(text: string): { path: string; above: string }[] {
  const lines = text.split('\n');
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length - 1;
  const seen = new Set<AnySchema>();
  const found: { path: string; above: string }[] = [];
  const walk = (schema: AnySchema, node: Node | null | undefined, path: string): void => {
    const inner = unwrap(schema);
    const def = inner._zod.def;
    if (def.type === 'array' && def.element && isSeq(node)) return walk(def.element, node.items[0] as Node, `${path}[0]`);
    if (!isMap(node)) return;
    if (def.type === 'record' && def.valueType) {
      const first = node.items[0];
      return walk(def.valueType, first?.value as Node, `${path}.${String((first?.key as { value?: unknown })?.value)}`);
    }
    if (def.type !== 'object' || !def.shape || seen.has(inner)) return;
    seen.add(inner);
    for (const pair of node.items) {
      const key = String((pair.key as { value?: unknown }).value);
      const field = def.shape[key];
      if (!field) continue;
      const keyPath = path ? `${path}.${key}` : key;
      if (!field.safeParse(undefined).success) found.push({ path: keyPath, above: lines[lineOf((pair.key as Node).range![0]) - 1].trim() });
      walk(field, pair.value as Node, keyPath);
    }
  };
  walk(TeamModelSchema as unknown as AnySchema, parseDocument(text, { keepSourceTokens: true }).contents as Node, '');
  return found;
}

describe("init's model", () => {
  const text = fs.readFileSync(join(ROOT, 'templates/init/stacks/team.yaml'), 'utf8');
  const required = requiredFieldsWithCommentAbove(text);

  it('holds every required field of the schema', () => {
    expect(required.map((field) => field.path)).toEqual(
      expect.arrayContaining([
        'project',
        'project.name',
        'project.description',
        'environments',
        'environments.dev.workspaceUrl',
        'environments.dev.catalog',
        'agents',
        'catalog',
        'catalog.owner',
        'catalog.comment',
        'schemas',
        'governance',
        'governance.conflictResolution',
        'governance.versionHistory',
      ]),
    );
  });

  it('comments every required field as REQUIRED on the line above it, at its first occurrence', () => {
    const uncommented = required.filter((field) => !/^#.*\bREQUIRED\b/.test(field.above));
    expect(uncommented).toEqual([]);
  });
});
