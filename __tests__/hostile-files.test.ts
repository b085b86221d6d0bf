// Hostile model files and CLI invocations: each gives a message naming the bad value and the fix, and the
// right exit code (0 ok, 1 invalid model, 2 usage or unreadable file) — never a stack trace, an "internal
// error", a hang or a silent wrong answer. Through the CLI's `main` in-process; real processes where a
// regression would hang or exhaust memory.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateModel } from '../bench/generate-model';
import { main } from '../src/cli/main';
import { MAX_MODEL_BYTES } from '../src/model/limits';
import { referenceData, REFERENCE_MODEL, ROOT, type Data } from './helpers';

const BIN = join(ROOT, 'bin/agent-contract.js');
const scratch = fs.mkdtempSync(join(tmpdir(), 'agent-contract-hostile-files-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The CLI in-process, with SOURCE_DATE_EPOCH as given (unset when undefined). */
function cli(argv: string[], env: { SOURCE_DATE_EPOCH?: string } = {}): Result {
  let stdout = '';
  let stderr = '';
  const saved = process.env.SOURCE_DATE_EPOCH;
  if ('SOURCE_DATE_EPOCH' in env) process.env.SOURCE_DATE_EPOCH = env.SOURCE_DATE_EPOCH;
  else delete process.env.SOURCE_DATE_EPOCH;
  try {
    const code = main(argv, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } });
    return { code, stdout, stderr };
  } finally {
    if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = saved;
  }
}

/** The CLI as a real process, killed after `timeout` ms so a hang fails the test instead of the run. */
function spawnCli(args: string[], options: { timeout?: number; env?: NodeJS.ProcessEnv } = {}): Result {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: options.timeout ?? 15_000,
    env: { ...process.env, ...options.env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function file(name: string, text: string | Buffer): string {
  const path = join(scratch, name);
  fs.writeFileSync(path, text);
  return path;
}

/** Never a stack trace or an internal error, whatever the input. */
function expectClean(result: Result): void {
  expect(result.stderr).not.toMatch(/internal error|\n\s+at |Maximum call stack/);
  expect(result.stdout).not.toMatch(/internal error|\n\s+at /);
}

function expectFailure(result: Result, code: 1 | 2, message: RegExp): void {
  expectClean(result);
  expect(result.stderr).toMatch(message);
  expect(result.code).toBe(code);
}

const referenceYaml = fs.readFileSync(REFERENCE_MODEL, 'utf8');
const referenceJson = JSON.stringify(referenceData(), null, 2);
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('one parser: JSON and YAML give the same answer', () => {
  // The project's name appears twice: once inserted, once as written.
  const jsonDuplicate = referenceJson.replace('"project": {\n', '"project": {\n    "name": "other-name",\n');
  const yamlDuplicate = referenceYaml.replace('\nproject:\n', '\nproject:\n  name: other-name\n');

  it('refuses a duplicate key in a .json model with its line, column and path (JSON.parse would keep the last)', () => {
    const result = cli(['validate', file('duplicate.json', jsonDuplicate)]);
    const first = lineOf(jsonDuplicate, '"name": "other-name"');
    expectFailure(
      result,
      1,
      new RegExp(`duplicate\\.json:${first + 1}:5: project\\.name: duplicate key 'name' \\(first at line ${first}\\): keep one of them`),
    );
  });

  it('refuses the same duplicate key in YAML with the same message', () => {
    const yaml = cli(['validate', file('duplicate.yaml', yamlDuplicate)]);
    const first = lineOf(yamlDuplicate, 'name: other-name');
    expectFailure(
      yaml,
      1,
      new RegExp(`duplicate\\.yaml:${first + 1}:3: project\\.name: duplicate key 'name' \\(first at line ${first}\\): keep one of them`),
    );
    const json = cli(['validate', file('duplicate-again.json', jsonDuplicate)]);
    const message = (result: Result) =>
      result.stderr
        .replace(/^.*?: /gm, '')
        .replace(/\d+/g, 'N')
        .split('\n')
        .slice(1);
    expect(message(yaml)).toEqual(message(json));
  });

  it('refuses a duplicate key in JSON text inside a .yaml file too', () => {
    expectFailure(cli(['validate', file('json-in.yaml', jsonDuplicate)]), 1, /json-in\.yaml:\d+:5: project\.name: duplicate key 'name'/);
  });

  it('lists every duplicate key at once, at any depth', () => {
    const text = referenceJson.replace('"project": {\n', '"project": {\n    "name": "x",\n    "description": "y",\n');
    const { stderr } = cli(['validate', file('two-duplicates.json', text)]);
    expect(stderr).toMatch(/\(2 problems\)/);
    expect(stderr).toMatch(/project\.description: duplicate key 'description'/);
  });

  it('reports a JSON syntax error with its line and column', () => {
    const text = referenceJson.replace('"project": {', '"project": {,');
    expectFailure(
      cli(['validate', file('syntax.json', text)]),
      1,
      new RegExp(`syntax\\.json:${lineOf(text, '{,')}:15: project: JSON syntax error: unexpected ',': expected a key in double quotes`),
    );
  });

  it.each([
    ['a trailing comma', '{"project": {},}', /JSON syntax error: unexpected '}' after ',': JSON allows no trailing comma/],
    ['an unclosed string', '{"project": "abc', /JSON syntax error: a string is never closed/],
    ['a control character in a string', '{"project": "a\tb"}', /JSON syntax error: control character U\+0009 inside a string/],
    ['text after the model', '{"project": {}} {}', /JSON syntax error: unexpected '\{' after the end of the model/],
    [
      'YAML in a .json file',
      'project:\n  name: x\n',
      /:1:1: JSON syntax error: unexpected 'p': a JSON model starts with '\{' \(a YAML model belongs in a \.yaml file\)/,
    ],
  ])('refuses %s in a .json model', (_what, text, message) => {
    expectFailure(cli(['validate', file(`syntax-${text.length}.json`, text)]), 1, message);
  });

  it('reads JSON without loading the YAML parser, even to report a problem', () => {
    const bad = file('bad-owner.json', referenceJson.replace('"owner": "sql-analyst"', '"owner": "nobody"'));
    const script = `require('./bin/register');
      try { require('./src/validation/load').loadModelFile(${JSON.stringify(bad)}); } catch (error) { console.log(error.message); }
      console.log('yaml loaded:', Object.keys(require.cache).some((path) => path.includes('/node_modules/yaml/')));`;
    const { stdout } = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(stdout).toMatch(/bad-owner\.json:\d+:\d+: schemas\[\d\]\.owner: 'nobody' is not an agent/);
    expect(stdout).toMatch(/yaml loaded: false/);
  });

  // How fast: `npm run bench` measures validation of a valid and of a one-bad-value model; tests do not time.
  it('reports a bad value in a generated 200-agent / 5,000-table JSON model at its line, from the JSON reader itself', () => {
    const model = generateModel(200, 5000) as Data;
    model.tables[4321].owner = 'nobody';
    const text = JSON.stringify(model, null, 2);
    const line = text.split('\n').findIndex((row) => row.includes('"owner": "nobody"')) + 1;
    expectFailure(
      cli(['validate', file('bench-invalid.json', text)]),
      1,
      new RegExp(`bench-invalid\\.json:${line}:7: tables\\[4321\\]\\.owner: 'nobody' is not an agent`),
    );
  });

  it('reports one bad value in a ~50 MB JSON model within a 1 GiB heap (it took 3 GB)', () => {
    const model = generateModel(200, 5000) as Data;
    for (const table of model.tables) for (let i = 0; i < 20; i++) table.columns.push({ name: `c_${i}`, type: 'STRING', comment: 'x'.repeat(470) });
    model.tables[4999].owner = 'nobody';
    const big = file('big-invalid.json', JSON.stringify(model, null, 1));
    expect(fs.statSync(big).size).toBeGreaterThan(50_000_000);
    const result = spawnCli(['validate', big], { timeout: 90_000, env: { NODE_OPTIONS: '--max-old-space-size=1024' } });
    expectFailure(result, 1, /big-invalid\.json:\d+:\d+: tables\[4999\]\.owner: 'nobody' is not an agent/);
  }, 120_000);
});

describe('model files that are not regular files give exit 2, never a hang', () => {
  it('refuses /dev/zero', () => {
    expectFailure(
      spawnCli(['validate', '/dev/zero']),
      2,
      /cannot read model '\/dev\/zero': it is a character device, not a regular file: name a regular model file/,
    );
  });

  it('refuses a FIFO (a reader would block until someone writes)', () => {
    const fifo = join(scratch, 'model-fifo.yaml');
    spawnSync('mkfifo', [fifo]);
    expect(fs.statSync(fifo).isFIFO()).toBe(true);
    expectFailure(spawnCli(['validate', fifo]), 2, /it is a named pipe \(FIFO\), not a regular file/);
    expectFailure(spawnCli(['validate', fifo.replace('.yaml', '.ts')]), 2, /no such file/);
    fs.renameSync(fifo, join(scratch, 'model-fifo.ts'));
    expectFailure(spawnCli(['validate', join(scratch, 'model-fifo.ts')]), 2, /it is a named pipe \(FIFO\)/);
  });

  it('refuses a socket', async () => {
    const socket = join(scratch, 'model.sock');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      expectFailure(spawnCli(['validate', socket]), 2, /it is a socket, not a regular file/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses a directory', () => {
    expectFailure(cli(['validate', scratch]), 2, /cannot read model '.*': it is a directory, not a regular file: name a regular model file/);
  });

  it(`refuses a file over the ${MAX_MODEL_BYTES / 1024 / 1024} MiB limit, naming it, before reading it`, () => {
    const huge = join(scratch, 'huge.json');
    fs.writeFileSync(huge, '');
    fs.truncateSync(huge, MAX_MODEL_BYTES + 1); // sparse: no disk used
    expectFailure(cli(['validate', huge]), 2, /it is 67,108,865 bytes, over the 64 MiB limit: check that this is the right file/);
  });

  it('refuses a file that is not UTF-8 text instead of guessing', () => {
    expectFailure(
      cli(['validate', file('latin1.yaml', Buffer.from('project:\n  name: caf\xe9\n', 'latin1'))]),
      2,
      /it is not UTF-8 text: save it as UTF-8/,
    );
  });

  it('diffs a contract to check that is far longer than a fresh render in linear memory', () => {
    const log = file('build.log', 'line\n'.repeat(200_000));
    const result = cli(['check', '--env', 'dev', log]);
    expectFailure(result, 1, /build\.log drifted from stacks\/team\.yaml; regenerate it with: npx agent-contract render/);
    // jsdiff with the cut of src/contract/unified-diff.ts: one exact hunk of the changed middle, in linear memory.
    expect(result.stdout).toMatch(/^@@ -1,200000 \+1,\d+ @@$/m);
  });

  it('refuses /dev/zero as the contract to check', () => {
    expectFailure(spawnCli(['check', '--env', 'dev', '/dev/zero']), 2, /cannot read contract '\/dev\/zero': it is a character device/);
  });
});

describe('depth and size limits give a message, never a stack overflow', () => {
  const deep = (open: string, close: string, depth: number) => `${open.repeat(depth)}${close.repeat(depth)}`;

  it('refuses JSON nested 100,000 levels deep, naming the limit', () => {
    expectFailure(
      cli(['validate', file('deep.json', `{"project": ${deep('[', ']', 100_000)}}`)]),
      1,
      /deep\.json:1:\d+: project\[0\]\[0\]\[0\]\[0\]\[0\]…: nested deeper than 64 levels, the limit/,
    );
  });

  it('refuses JSON text nested 100,000 levels deep in a .yaml file', () => {
    expectFailure(cli(['validate', file('deep-json.yaml', `{"project": ${deep('[', ']', 100_000)}}`)]), 1, /nested deeper than 64 levels, the limit/);
  });

  it('refuses YAML flow collections nested 100,000 levels deep', () => {
    expectFailure(
      cli(['validate', file('deep-flow.yaml', `project: ${deep('[', ']', 100_000)}\n`)]),
      1,
      /deep-flow\.yaml:1:\d+: nested deeper than 64 levels, the limit/,
    );
  });

  it('refuses YAML block maps nested 2,000 levels deep', () => {
    const text = Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n');
    expectFailure(cli(['validate', file('deep-block.yaml', text)]), 1, /nested deeper than 64 levels, the limit/);
  });

  it('refuses YAML nested 70 levels deep with the path, the same as JSON', () => {
    const yaml = cli(['validate', file('deep70.yaml', `project: ${deep('[', ']', 70)}\n`)]);
    const json = cli(['validate', file('deep70.json', `{"project": ${deep('[', ']', 70)}}`)]);
    expectFailure(yaml, 1, /deep70\.yaml:1:\d+: project\[0\]\[0\]\[0\]\[0\]\[0\]…: nested deeper than 64 levels/);
    expectFailure(json, 1, /deep70\.json:1:\d+: project\[0\]\[0\]\[0\]\[0\]\[0\]…: nested deeper than 64 levels/);
  });

  it.each([
    ['JSON', 'huge.json', () => `{"tables": [${'0,'.repeat(1_100_000)}0]}`],
    ['YAML', 'huge.yaml', () => `tables: [${'0,'.repeat(1_100_000)}0]\n`],
    ['block YAML', 'huge-block.yaml', () => `tables:\n${'- 0\n'.repeat(1_100_000)}`],
  ])('refuses a %s array of 1.1 million items, naming the limit (it used to exhaust the heap)', (_what, name, text) => {
    expectFailure(cli(['validate', file(name, text())]), 1, /the model has more than 1,000,000 keys and values, the limit/);
  });

  it('places every problem of a YAML map with thousands of unknown keys on its own line', () => {
    const text = Array.from({ length: 5_000 }, (_, i) => `key${i}: 1`).join('\n');
    const result = cli(['validate', file('wide.yaml', text)]);
    expectFailure(result, 1, /wide\.yaml:5000:1: key4999: unknown key 'key4999': remove it or fix its spelling/);
    expect(result.stderr).toMatch(/wide\.yaml:1:1: key0: unknown key 'key0'/);
  });

  it('refuses YAML aliases that expand exponentially ("billion laughs")', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      lines.push(
        `${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9)
          .fill(`*${'abcdefghi'[i - 1]}`)
          .join(', ')}]`,
      );
    expectFailure(
      cli(['validate', file('laughs.yaml', lines.join('\n'))]),
      1,
      /YAML aliases \(\*name\) expand to too many copies.*: write the repeated values out/,
    );
  });

  it('refuses a YAML alias that contains itself', () => {
    expectFailure(cli(['validate', file('cycle.yaml', 'project: &p [*p]\n')]), 1, /nested deeper than 64 levels/);
  });

  it('refuses a YAML key that is a collection', () => {
    expectFailure(
      cli(['validate', file('complex-key.yaml', '? [a, b]\n: 1\n')]),
      1,
      /complex-key\.yaml:1:3: a key is a collection, not plain text: write the key as a string/,
    );
  });
});

describe('TypeScript and JavaScript models', () => {
  // In a real process: jest's module loader would wrap what a module throws.
  it.each([
    ['42', 'throw 42;', /it threw 42, not an Error/],
    ['null', 'throw null;', /it threw null, not an Error/],
    ['undefined', 'throw undefined;', /it threw undefined, not an Error/],
    ['an object', 'throw {};', /it threw an object \(\[object Object\]\), not an Error/],
    ['an object whose toString throws', 'throw { toString() { throw new Error("no"); } };', /it threw an object \(\[object Object\]\), not an Error/],
    ['a string', 'throw "boom";', /it threw "boom", not an Error/],
  ])('gives exit 2 when the module throws %s', (what, code, message) => {
    const path = file(`throws-${what.replace(/\W/g, '-')}.ts`, `${code}\nexport default {};\n`);
    expectFailure(spawnCli(['validate', path]), 2, new RegExp(`cannot load model module '.*': ${message.source}: fix the module so that it runs`));
  });

  it('names the error a module throws', () => {
    expectFailure(
      cli(['validate', file('throws-error.js', 'throw new TypeError("no project here");\n')]),
      2,
      /cannot load model module '.*throws-error\.js': no project here/,
    );
  });

  it.each([
    ['a number', 'export default 42;', /the default export is a number \(42\), not the model object: export default \{ project: …/],
    ['null', 'export default null;', /the default export is null, not the model object/],
    ['an array', 'export default [1, 2];', /the default export is an array \(2 items\), not the model object/],
    ['a string', 'export default "team.yaml";', /the default export is a string \("team\.yaml"\), not the model object/],
    ['a function', 'export default () => ({});', /the default export is a function, not the model object/],
  ])('gives exit 1 when the default export is %s', (what, code, message) => {
    expectFailure(cli(['validate', file(`exports-${what.replace(/\W/g, '-')}.ts`, `${code}\n`)]), 1, message);
  });

  it('gives exit 1 when a module has no default export', () => {
    expectFailure(
      cli(['validate', file('named-export.ts', 'export const model = {};\n')]),
      1,
      /named-export\.ts: the module has no default export: export default/,
    );
  });

  it('gives exit 2 when reading the export throws', () => {
    const code = 'module.exports = { get project() { throw new Error("secret store unreachable"); } };\n';
    expectFailure(cli(['validate', file('getter.js', code)]), 2, /cannot read the model exported by '.*getter\.js': secret store unreachable/);
  });

  it('gives exit 1 when the export contains itself', () => {
    expectFailure(
      cli(['validate', file('cyclic.js', 'const m = { project: {} }; m.project.self = m; module.exports = m;\n')]),
      1,
      /cyclic\.js: project\.self\.project\.self\.project\.self…: nested deeper than 64 levels/,
    );
  });
});

describe('render --out', () => {
  const model = () => file('team.yaml', referenceYaml);

  it('refuses to overwrite the model itself, under any name', () => {
    const path = model();
    fs.symlinkSync(path, join(scratch, 'link-to-model.md'));
    for (const out of [path, join(scratch, '..', scratch.split('/').pop() as string, 'team.yaml'), join(scratch, 'link-to-model.md')]) {
      expectFailure(
        cli(['render', path, '--env', 'dev', '--out', out]),
        2,
        /--out '.*' would overwrite the model '.*team\.yaml': write to another file/,
      );
    }
    expect(fs.readFileSync(path, 'utf8')).toBe(referenceYaml);
  });

  it('replaces the output atomically, leaving no temporary file', () => {
    const out = file('CONTRACT.md', 'old contract\n');
    expect(cli(['render', model(), '--env', 'dev', '--out', out]).code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toMatch(/^# Databricks Agent Coordination Contract$/m);
    expect(fs.readdirSync(scratch).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('leaves the old output whole when the write fails', () => {
    const out = file('KEPT.md', 'old contract\n');
    // The module object itself (an `import * as` namespace is a frozen copy).
    const rename = jest.spyOn(require('node:fs') as typeof fs, 'renameSync').mockImplementation(() => {
      throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    });
    try {
      expectFailure(cli(['render', model(), '--env', 'dev', '--out', out]), 2, /cannot write '.*KEPT\.md': the disk is full/);
    } finally {
      rename.mockRestore();
    }
    expect(fs.readFileSync(out, 'utf8')).toBe('old contract\n');
    expect(fs.readdirSync(scratch).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('writes through a symbolic link to the file it points to', () => {
    const target = file('TARGET.md', 'old\n');
    const link = join(scratch, 'LINK.md');
    fs.symlinkSync(target, link);
    expect(cli(['render', model(), '--env', 'dev', '--out', link]).code).toBe(0);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(target, 'utf8')).toMatch(/^# Databricks Agent Coordination Contract$/m);
  });

  it.each([
    ['a directory', () => scratch, /cannot write '.*': it is a directory: name a file, or leave out --out to print to stdout/],
    ['a missing directory', () => join(scratch, 'missing', 'CONTRACT.md'), /cannot write '.*CONTRACT\.md': its directory does not exist/],
    ['an empty name', () => '', /--out needs a file name/],
  ])('gives exit 2 for --out naming %s', (_what, out, message) => {
    expectFailure(cli(['render', model(), '--env', 'dev', `--out=${out()}`]), 2, message);
  });
});

describe('SOURCE_DATE_EPOCH', () => {
  it.each(['1e20', '-5', 'abc', '100000000000000000000', '1.5', ' 1700000000', '253402300800'])(
    'refuses %j with exit 2, naming the variable, the value and the fix',
    (value) => {
      for (const command of [
        ['render', '--env', 'dev'],
        ['check', '--env', 'dev', join(ROOT, '.claude/CONTRACT.md')],
      ]) {
        const result = cli(command, { SOURCE_DATE_EPOCH: value });
        expectFailure(
          result,
          2,
          new RegExp(
            `SOURCE_DATE_EPOCH=${JSON.stringify(value).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a date: set it to whole seconds since 1970-01-01 UTC`,
          ),
        );
      }
    },
  );

  it('renders the date it names, from the first to the last day a contract can show', () => {
    expect(cli(['render', '--env', 'dev'], { SOURCE_DATE_EPOCH: '0' }).stdout).toMatch(/1970-01-01/);
    expect(cli(['render', '--env', 'dev'], { SOURCE_DATE_EPOCH: '253402300799' }).stdout).toMatch(/9999-12-31/);
  });

  it('treats an empty value as unset', () => {
    expect(cli(['render', '--env', 'dev'], { SOURCE_DATE_EPOCH: '' }).stdout).toBe(cli(['render', '--env', 'dev']).stdout);
  });
});

describe('usage errors give exit 2 with a message', () => {
  it.each([
    ['an unknown option', ['render', '--env', 'dev', '--strict'], /unknown option --strict/],
    ['an option missing its value', ['render', '--env'], /--env needs a value/],
    ['an option followed by another option', ['render', '--env', '--out', 'x.md'], /--env needs a value/],
    ['a flag given a value', ['access', '--env', 'dev', '--json=yes'], /--json takes no value/],
    ['an environment not in the model', ['render', '--env', 'staging'], /'staging' is not an environment of the model: use one of dev, prod/],
    ['an environment not in the model (access)', ['access', '--env', 'prd'], /'prd' is not an environment of the model \(did you mean 'prod'\?\)/],
    ['a missing --env', ['check', join(ROOT, '.claude/CONTRACT.md')], /--env is required: one of dev, prod/],
    ['check without a FILE', ['check', '--env', 'dev', 'a', 'b', 'c'], /check takes \[model\] and the FILE to check/],
    ['a missing model', ['render', join(scratch, 'nope.yaml'), '--env', 'dev'], /cannot read model '.*nope\.yaml': no such file/],
  ])('%s', (_what, argv, message) => {
    expectFailure(cli(argv), 2, message);
  });
});
