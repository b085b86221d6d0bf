// Hostile input, round 2: text that is not text, identities that collide, templates and outputs that escape,
// plans with hostile keys, files whose content must not leak. Each class: the exit code, the message naming
// the field or path, and that nothing outside the intended place changed. Through the CLI's `main` in-process.
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { main } from '../src/cli/main';
import { MAX_RENDERED_CHARACTERS } from '../src/contract/render-budget';
import { renderContract } from '../src/contract/render';
import { printable, unsafeCharacter } from '../src/model/plain-text';
import { validateModel } from '../src/validation/validate';
import { formatProblem } from '../src/model/problems';
import { TeamModelSchema } from '../src/model/schema';
import { textProblems } from '../src/model/text-fields';
import { modelFrom, problemsOf, referenceData, synthText, type Data, teamOf, runCli } from './helpers';

const scratch = fs.mkdtempSync(join(tmpdir(), 'agent-contract-hostile-input-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(...argv: string[]): Result {
  return runCli(main, argv);
}

/** Characters no message may print raw. */
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;

function expectRefused(result: Result, code: 1 | 2, message: RegExp): void {
  expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(result.stderr).not.toMatch(RAW);
  expect(result.stderr).toMatch(message);
  expect(result.code).toBe(code);
}

/** Every file below `dir` with its content (links as their target): what a refused command must leave alone. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of fs.readdirSync(at).sort()) {
      const path = join(at, name);
      const stats = fs.lstatSync(path);
      if (stats.isSymbolicLink()) out[path] = `-> ${fs.readlinkSync(path)}`;
      else if (stats.isDirectory()) walk(path);
      else out[path] = fs.readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return out;
}

let cases = 0;
/** A fresh folder with the reference model (as YAML) in it. */
function workspace(): { dir: string; model: string } {
  const dir = join(scratch, `case-${++cases}`);
  fs.mkdirSync(dir);
  const model = join(dir, 'team.yaml');
  fs.writeFileSync(model, stringify(referenceData()));
  return { dir, model };
}

// ---------------------------------------------------------------- 1. text is text

describe('text that is not text', () => {
  const CLASSES: [string, string, string][] = [
    ['NUL', 'a\u0000b', 'U+0000 (NUL, a control character)'],
    ['a lone CR', 'line\rfake heading', 'U+000D (CR, a control character)'],
    ['an OSC terminal sequence', 'x\u001b]0;pwned\u0007y', 'U+001B (ESC, a control character)'],
    ['DEL', 'a\u007fb', 'U+007F (DEL, a control character)'],
    ['a C1 control', 'a\u009bb', 'U+009B (CSI, a control character)'],
    ['a bidi override', 'admin\u202Etxt.exe', 'U+202E (a bidirectional control)'],
    ['a bidi isolate', 'a\u2066b', 'U+2066 (a bidirectional control)'],
    ['a zero-width space', 'work\u200bspace', 'U+200B (a zero-width character)'],
    ['a byte order mark', 'a\ufeffb', 'U+FEFF (BOM, a zero-width character)'],
    ['a line separator', 'a\u2028b', 'U+2028 (a line separator)'],
    ['an unpaired surrogate', 'a\ud800b', 'U+D800 (an unpaired surrogate)'],
  ];

  /** Every string leaf of the reference model, one per field (array items folded). */
  function stringFields(): (string | number)[][] {
    const seen = new Set<string>();
    const out: (string | number)[][] = [];
    const walk = (value: unknown, path: (string | number)[]) => {
      if (typeof value === 'string') {
        const key = path.map((p) => (typeof p === 'number' ? '*' : p)).join('.');
        if (!seen.has(key) && path[0] !== '$schema') {
          seen.add(key);
          out.push(path);
        }
      } else if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i]));
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    };
    walk(referenceData(), []);
    return out;
  }
  const fields = stringFields();
  const set = (data: Data, path: (string | number)[], value: string) => {
    let at = data;
    for (const key of path.slice(0, -1)) at = at[key];
    at[path[path.length - 1]] = value;
  };
  const pathOf = (segments: (string | number)[]) => segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');

  it.each(CLASSES)('refuses %s in every string field, naming the field and the code point', (_what, hostile, codePoint) => {
    expect(fields.length).toBeGreaterThan(100);
    for (const path of fields) {
      const data = referenceData();
      set(data, path, hostile);
      const result = validateModel(data);
      expect({ path, ok: result.ok }).toEqual({ path, ok: false });
      if (result.ok) continue;
      const problem = result.problems.find((p) => p.path === pathOf(path));
      expect({ path, message: problem?.message }).toEqual({ path, message: expect.stringContaining(`holds ${codePoint} at character`) });
      // The value is printed escaped, never raw.
      for (const problem of result.problems) expect(formatProblem(problem)).not.toMatch(RAW);
    }
  });

  it('refuses the same characters in keys: environment names, property keys, file-ownership agents', () => {
    const problems = problemsOf((d) => {
      d.environments['dev\u001b[2J'] = d.environments.dev;
      d.catalog.properties['team\u202e'] = 'x';
    });
    expect(problems.map((problem) => ({ path: printable(problem.path), message: problem.message }))).toContainEqual({
      path: 'environments.dev\\x1b[2J',
      message: "the key 'dev\\x1b[2J' holds U+001B (ESC, a control character) at character 4: remove it (it is one line of printable text)",
    });
    expect(problems.map((problem) => printable(problem.path))).toContain('catalog.properties.team\\u{202e}');
  });

  // Multi-line: prose (descriptions, comments, purposes, rules, notes, changes, reasons); every other string is one line.
  const MULTI_LINE = [
    'project.description',
    'agents.core.*.description',
    'agents.domain.*.description',
    'catalog.comment',
    'schemas.*.comment',
    'schemas.*.volumes.*.comment',
    'tables.*.comment',
    'tables.*.columns.*.comment',
    'models.*.comment',
    'compute.*.purpose',
    'governance.conflictResolution.*.rule',
    'governance.notebookRules.*.rule',
    'governance.handoffNote',
    'governance.reviewRequirements.*.requirement',
    'governance.emergencyProcedures.*.steps.*.rule',
    'governance.queryOptimization.*',
    'governance.versionHistory.*.changes',
    'suppressions.*.reason',
  ];

  it('keeps tabs, line feeds and CRLF in multi-line fields only, and refuses a CR without its LF there too', () => {
    const multi: string[] = [];
    for (const path of fields) {
      const data = referenceData();
      set(data, path, 'first line\r\n\tsecond line\nthird');
      if (!textProblems(data, TeamModelSchema).length) multi.push(path.map((p) => (typeof p === 'number' ? '*' : p)).join('.'));
      set(data, path, 'first line\rsecond');
      expect({ path, problems: textProblems(data, TeamModelSchema).length }).toEqual({ path, problems: 1 });
    }
    expect(multi.sort()).toEqual(
      MULTI_LINE.filter((field) => fields.some((f) => f.map((p) => (typeof p === 'number' ? '*' : p)).join('.') === field)).sort(),
    );
    // ... and carries them into the contract as one table row: CRLF and LF become <br>, nothing starts a new line.
    const model = modelFrom((d) => (d.compute[0].purpose = 'Interactive\r\n# not a heading'));
    const contract = renderContract(teamOf(model, 'dev'));
    expect(contract).toContain('Interactive<br># not a heading');
    expect(contract).not.toMatch(/^# not a heading/m);
  });

  it('refuses a control character in a YAML model through the CLI with exit 1, its line and the character escaped', () => {
    const { model } = workspace();
    const data = referenceData();
    data.project.description = 'Lakehouse\u001b]0;owned\u0007 team';
    fs.writeFileSync(model, stringify(data));
    const result = cli('validate', model);
    expectRefused(
      result,
      1,
      /team\.yaml:\d+:3: project\.description: the text 'Lakehouse\\x1b\]0;owned\\x07 team' holds U\+001B \(ESC, a control character\) at character 10/,
    );
  });

  it('escapes what a message echoes: \\xNN below U+0100, \\u{…} above', () => {
    expect(printable('a\u0000b\u001b[31mc\u202ed\n')).toBe('a\\x00b\\x1b[31mc\\u{202e}d\\x0a');
    expect(unsafeCharacter('ünïcødé ✓ 中文 👍')).toBeUndefined();
  });
});

// ---------------------------------------------------------------- 2. identities

describe('identities that collide or are too broad', () => {
  const APP = '11111111-2222-3333-4444-555555555555';
  const domain = (i: number) => `agents.domain[${i}].identity`;

  it.each([
    [
      'two agents with one application id',
      (d: Data) => {
        d.agents.domain[0].identity = { type: 'existing-service-principal', applicationId: APP };
        d.agents.domain[1].identity = { type: 'existing-service-principal', applicationId: APP };
      },
      `${domain(1)}.applicationId`,
      new RegExp(
        `^'${APP}' is already agent '[a-z-]+''s identity \\(agents\\.domain\\[0\\]\\): two agents on one principal hold each other's grants`,
      ),
    ],
    [
      'two agents on one account group, case aside',
      (d: Data) => {
        d.agents.domain[0].identity = { type: 'account-group', name: 'data-engineers' };
        d.agents.domain[1].identity = { type: 'account-group', name: 'Data-Engineers' };
      },
      `${domain(1)}.name`,
      /^'Data-Engineers' is already agent '[a-z-]+''s identity \(agents\.domain\[0\], group names ignore case\)/,
    ],
    [
      'an agent that is the deployer',
      (d: Data) => {
        d.catalog.deployer = { applicationId: APP, metastoreAdmin: true };
        d.agents.domain[0].identity = { type: 'existing-service-principal', applicationId: APP };
      },
      `${domain(0)}.applicationId`,
      new RegExp(`^'${APP}' is the deploying identity \\(catalog\\.deployer\\): the agent would hold MANAGE on every securable`),
    ],
    [
      "an agent on the deployer's group",
      (d: Data) => {
        d.catalog.deployer = { group: 'Platform-Deployers', metastoreAdmin: true };
        d.agents.domain[0].identity = { type: 'account-group', name: 'platform-deployers' };
      },
      `${domain(0)}.name`,
      /^'platform-deployers' is the deploying identity \(catalog\.deployer\)/,
    ],
    ...['users', 'Admins', 'USERS'].map((group): [string, (d: Data) => void, string, RegExp] => [
      `an agent whose group is ${group}`,
      (d: Data) => (d.agents.domain[0].identity = { type: 'account-group', name: group }),
      `${domain(0)}.name`,
      new RegExp(`^agent '[a-z-]+': '${group}' is a built-in group of every user or admin \\(users, account users, admins, in any case\\)`),
    ]),
    [
      'the workspace admin on the admins group',
      (d: Data) => {
        const admin = [...d.agents.core, ...d.agents.domain].find((agent: Data) => agent.name === 'workspace-admin');
        admin.identity = { type: 'account-group', name: 'admins' };
      },
      '',
      /^agent 'workspace-admin' \(the workspace admin\): 'admins' is a built-in group/,
    ],
    [
      'a deployer that is the users group',
      (d: Data) => (d.catalog.deployer = { group: 'users', metastoreAdmin: true }),
      'catalog.deployer.group',
      /^'users' is a built-in group of every user or admin/,
    ],
  ])('refuses %s', (_what, mutate, path, message) => {
    const problems = problemsOf(mutate);
    expect(problems).toContainEqual({
      path: path || expect.stringMatching(/^agents\.(core|domain)\[\d+\]\.identity\.name$/),
      message: expect.stringMatching(message),
    });
  });

  it('refuses them through the CLI with exit 1, and the plan never grants a broad group CAN_MANAGE', () => {
    const { model } = workspace();
    const data = referenceData();
    data.agents.domain[0].identity = { type: 'account-group', name: 'users' };
    fs.writeFileSync(model, stringify(data));
    expectRefused(cli('validate', model), 1, /team\.yaml:\d+:\d+: agents\.domain\[0\]\.identity\.name: agent '[a-z-]+': 'users' is a built-in group/);
    expect(synthText(modelFrom())).not.toMatch(/"group_name": "(users|admins|account users)"/i);
  });
});

// ---------------------------------------------------------------- 3. templates

describe('templates stay inside and fail as template problems', () => {
  function withTemplate(text: string | undefined, link?: string): { dir: string; model: string; out: string } {
    const { dir, model } = workspace();
    const data = referenceData();
    data.contract = { template: 'contract.hbs' };
    fs.writeFileSync(model, stringify(data));
    if (link) fs.symlinkSync(link, join(dir, 'contract.hbs'));
    else fs.writeFileSync(join(dir, 'contract.hbs'), text ?? '');
    return { dir, model, out: join(dir, 'CONTRACT.md') };
  }

  it("refuses a contract.template that is a link to a file outside the model's folder (exit 1), writing nothing", () => {
    const secret = join(scratch, 'outside-secret.txt');
    fs.writeFileSync(secret, 'deployer credentials\n');
    const { dir, model, out } = withTemplate(undefined, secret);
    const before = tree(dir);
    for (const argv of [
      ['render', model, '--env', 'dev', '--out', out],
      ['check', model, '--env', 'dev', out],
    ])
      expectRefused(
        cli(...argv),
        1,
        /contract\.template: 'contract\.hbs' resolves to '.*outside-secret\.txt', outside the model's folder '.*case-\d+' \(through a symbolic link\): copy the template into the model's folder/,
      );
    expect(tree(dir)).toEqual(before);
    expect(fs.readFileSync(secret, 'utf8')).toBe('deployer credentials\n');
  });

  it('refuses render --out onto the template, named by --template or by contract.template (exit 2), changing nothing', () => {
    const { dir, model } = withTemplate('# {{PROJECT_NAME}}\n');
    const template = join(dir, 'contract.hbs');
    const before = tree(dir);
    for (const argv of [
      ['render', model, '--env', 'dev', '--out', template],
      ['render', model, '--env', 'dev', '--template', template, '--out', template],
    ])
      expectRefused(cli(...argv), 2, /--out '.*contract\.hbs' would overwrite the template '.*contract\.hbs': write to another file/);
    expect(tree(dir)).toEqual(before);
  });

  it("accepts a link to a template inside the model's folder", () => {
    const { dir, model, out } = withTemplate(undefined, 'templates/seed.hbs');
    fs.mkdirSync(join(dir, 'templates'));
    fs.writeFileSync(join(dir, 'templates/seed.hbs'), '# {{PROJECT_NAME}}\n');
    expect(cli('render', model, '--env', 'dev', '--out', out)).toEqual({ code: 0, stdout: `wrote ${out}\n`, stderr: '' });
    expect(fs.readFileSync(out, 'utf8')).toBe('# lakehouse-agents\n');
  });

  it("reports nested loops whose '../' climbs past the top as a template problem with its line (exit 1)", () => {
    const { model } = withTemplate(
      '# Team\n{{#each CORE_AGENTS}}{{#each ../CORE_AGENTS}}{{#each ../../CORE_AGENTS}}{{../name}}{{/each}}{{/each}}{{/each}}\n',
    );
    expectRefused(
      cli('render', model, '--env', 'dev'),
      1,
      /template .*contract\.hbs cannot be rendered \(1 problem\):\n {2}.*contract\.hbs:2:\d+: rendering: .*name the value with a block parameter or @root instead of '\.\.\/'/,
    );
  });

  it(`refuses a template that renders more than ${MAX_RENDERED_CHARACTERS / 1024 / 1024} MiB, naming the loop's line (exit 1)`, () => {
    const loops = (depth: number): string => (depth === 0 ? 'x'.repeat(64) : `{{#each @root.DOMAIN_AGENTS}}${loops(depth - 1)}{{/each}}`);
    const { dir, model, out } = withTemplate(`# Team\n\n${loops(6)}\n`);
    const before = tree(dir);
    expectRefused(
      cli('render', model, '--env', 'dev', '--out', out),
      1,
      /contract\.hbs:3:\d+: rendering: it renders more than 16 MiB of text, the limit .*: look for loops nested inside loops over the same lists/,
    );
    expect(tree(dir)).toEqual(before);
  });
});

// ---------------------------------------------------------------- 4. outputs

describe('outputs never overwrite inputs nor escape their folder', () => {
  const APP = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

  /** An outputs file as `cdktf output --outputs-file` writes it. */
  function outputsFile(dir: string): string {
    const model = modelFrom();
    const stack: Record<string, unknown> = {};
    [...model.agents.core, ...model.agents.domain].forEach((agent, i) => {
      stack[`identity-${agent.name}`] = { application_id: APP(i) };
      stack[`secret-${agent.name}`] = `dose${i}secret`;
    });
    const path = join(dir, 'outputs.json');
    fs.writeFileSync(path, JSON.stringify({ dev: stack }));
    return path;
  }

  interface Writer {
    /** The command writing to `out` (a file, or for agents and init a folder). */
    readonly argv: (w: { dir: string; model: string; outputs: string }, out: string) => string[];
    readonly folder: boolean;
    /** For a folder: a file the command writes into it. */
    readonly file?: string;
  }
  const WRITERS: Record<string, Writer> = {
    render: { argv: (w, out) => ['render', w.model, '--env', 'dev', '--out', out], folder: false },
    brief: { argv: (w, out) => ['brief', w.model, '--env', 'dev', '--agent', 'orchestrator', '--out', out], folder: false },
    profiles: { argv: (w, out) => ['profiles', w.model, '--env', 'dev', '--outputs', w.outputs, '--with-secrets', '--out', out], folder: false },
    agents: { argv: (w, out) => ['agents', w.model, '--env', 'dev', '--out', out], folder: true, file: 'orchestrator.md' },
    init: { argv: (_w, out) => ['init', out, '--force'], folder: true, file: 'package.json' },
  };

  function setUp() {
    const { dir, model } = workspace();
    const outputs = outputsFile(dir);
    const victim = join(scratch, `victim-${cases}.txt`);
    fs.writeFileSync(victim, 'not yours\n');
    return { dir, model, outputs, victim };
  }

  type Case = [string, string, (w: ReturnType<typeof setUp>, writer: Writer) => string, RegExp];
  const CASES: Case[] = [
    [
      'the model itself',
      'render brief profiles',
      (w) => w.model,
      /--out '.*team\.yaml' would overwrite the model '.*team\.yaml': write to another file/,
    ],
    [
      'a link to the model',
      'render brief profiles',
      (w) => {
        fs.symlinkSync(w.model, join(w.dir, 'OUT.md'));
        return join(w.dir, 'OUT.md');
      },
      /would overwrite the model/,
    ],
    ['the outputs file', 'profiles', (w) => w.outputs, /--out '.*outputs\.json' would overwrite the outputs file '.*outputs\.json'/],
    [
      'a folder holding the model as one of its outputs',
      'agents',
      (w) => {
        fs.renameSync(w.model, join(w.dir, 'orchestrator.md'));
        (w as { model: string }).model = join(w.dir, 'orchestrator.md');
        return w.dir;
      },
      /--out '.*orchestrator\.md' would overwrite the model '.*orchestrator\.md'/,
    ],
    [
      'a link to a file outside the output folder',
      'render brief profiles agents init',
      (w, writer) => {
        const out = writer.folder ? join(w.dir, 'agents') : join(w.dir, 'OUT.md');
        if (writer.folder) fs.mkdirSync(out);
        fs.symlinkSync(w.victim, writer.folder ? join(out, writer.file as string) : out);
        return out;
      },
      /cannot write '.*(OUT\.md|orchestrator\.md|package\.json)': it is a symbolic link to '.*victim-\d+\.txt', outside the output folder '.*': remove the link or name another file/,
    ],
    [
      'a path below a regular file',
      'render brief profiles agents init',
      (w) => join(w.outputs, 'out'),
      /cannot write '.*outputs\.json\/out': ('.*outputs\.json' is a file, not a directory|a part of its path is a file, not a directory)/,
    ],
  ];

  for (const [what, commands, outFor, message] of CASES)
    for (const command of commands.split(' '))
      it(`${command} refuses --out naming ${what} (exit 2) and changes nothing`, () => {
        const w = setUp();
        const writer = WRITERS[command];
        const out = outFor(w, writer);
        const before = { inside: tree(w.dir), victim: fs.readFileSync(w.victim, 'utf8') };
        expectRefused(cli(...writer.argv(w, out)), 2, message);
        expect({ inside: tree(w.dir), victim: fs.readFileSync(w.victim, 'utf8') }).toEqual(before);
      });

  it.each(Object.keys(WRITERS))('%s writes through a link whose target lies inside the output folder', (command) => {
    const w = setUp();
    const writer = WRITERS[command];
    const folder = join(w.dir, 'out');
    fs.mkdirSync(folder);
    const target = join(folder, 'real.md');
    fs.writeFileSync(target, 'old\n');
    const link = join(folder, writer.folder ? (writer.file as string) : 'OUT.md');
    fs.symlinkSync('real.md', link);
    expect(cli(...writer.argv(w, writer.folder ? folder : join(folder, 'OUT.md'))).code).toBe(0);
    expect(fs.readFileSync(target, 'utf8')).not.toBe('old\n');
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
  });

  // Root ignores file modes, so an unwritable folder and a full disk are the errors the file system would give.
  it.each([
    ['an unwritable folder', 'EACCES', /permission denied: the folder is not writable/],
    ['a full disk', 'ENOSPC', /the disk is full/],
  ])('%s is a usage error (exit 2) for every writing command, leaving neither a half-written nor a temporary file', (_what, errno, reason) => {
    for (const [command, writer] of Object.entries(WRITERS)) {
      const w = setUp();
      const out = writer.folder ? join(w.dir, 'agents') : join(w.dir, 'OUT.md');
      if (writer.folder) {
        fs.mkdirSync(out);
        fs.writeFileSync(join(out, writer.file as string), 'old\n');
      } else fs.writeFileSync(out, 'old\n');
      const before = tree(w.dir);
      const realWrite = fs.writeFileSync;
      let writes = 0;
      // The module object itself (an `import * as` namespace is a frozen copy). The second file fails: a batch
      // must not keep the first.
      const spy = jest.spyOn(require('node:fs') as typeof fs, 'writeFileSync').mockImplementation((...args: Parameters<typeof fs.writeFileSync>) => {
        if (String(args[0]).endsWith('.tmp') && ++writes >= (writer.folder ? 2 : 1)) {
          throw Object.assign(new Error(errno), { code: errno });
        }
        return realWrite(...args);
      });
      try {
        expectRefused(cli(...writer.argv(w, out)), 2, new RegExp(`cannot write '.*': ${reason.source}`));
      } finally {
        spy.mockRestore();
      }
      expect({ command, tree: tree(w.dir) }).toEqual({ command, tree: before });
    }
  });
});

// ---------------------------------------------------------------- 5. plans are data

describe('plans with hostile keys', () => {
  it.each(['__proto__', 'toString', 'constructor', 'hasOwnProperty', 'valueOf'])(
    'compares a plan with a resource type, name and reference named %s, never crashing',
    (key) => {
      const dir = join(scratch, `plan-${key}`);
      fs.mkdirSync(dir);
      const base = synthText(modelFrom());
      const json = JSON.parse(base);
      // JSON.parse makes `__proto__` an own key, as a hostile file would.
      const hostile = JSON.parse(
        `{${JSON.stringify(key)}: {${JSON.stringify(key)}: {"//": {"metadata": {"path": "dev/${key}/x"}}, "owner": "\${databricks_schema.x.${key}}", "grant": []}}}`,
      );
      json.resource = { ...json.resource };
      Object.defineProperty(json.resource, key, { value: hostile[key], enumerable: true, writable: true, configurable: true });
      const [before, after] = [join(dir, 'before.json'), join(dir, 'after.json')];
      fs.writeFileSync(before, base);
      fs.writeFileSync(after, JSON.stringify(json));
      for (const [a, b] of [
        [before, after],
        [after, before],
      ]) {
        const result = cli('diff', a, b);
        expect(result.stderr).not.toMatch(/internal error/);
        expect([0, 2, 3]).toContain(result.code);
      }
    },
  );
});

// ---------------------------------------------------------------- 6. messages leak nothing

describe('messages leak nothing', () => {
  it('refuses /proc/self/environ by kind before reading it: no byte of the environment in the message', () => {
    process.env.AGENT_CONTRACT_TEST_SECRET = 'hunter2-do-not-print';
    try {
      for (const argv of [
        ['validate', '/proc/self/environ'],
        ['render', '--env', 'dev', '--template', '/proc/self/environ'],
        ['diff', '/proc/self/environ', '/proc/self/environ'],
      ]) {
        const result = cli(...argv);
        expectRefused(
          result,
          2,
          /cannot read (model|template|plan) '\/proc\/self\/environ': it is a file of the kernel's procfs \(\/proc\), not a regular file/,
        );
        expect(result.stderr).not.toContain('hunter2');
      }
    } finally {
      delete process.env.AGENT_CONTRACT_TEST_SECRET;
    }
  });

  it('never quotes an outputs or plan file that is not JSON', () => {
    const file = join(scratch, 'credentials');
    fs.writeFileSync(file, '[default]\ntoken = dapi-very-secret\n');
    for (const [argv, code, message] of [
      // An outputs file of the wrong shape is invalid input (exit 1), a plan the wrong file (exit 2).
      [
        ['profiles', '--env', 'dev', '--outputs', file],
        1,
        /'.*credentials' is not an outputs file of stack 'dev': it is not JSON( \(at character \d+\))?\n/,
      ],
      [['diff', file, file], 2, /'.*credentials' is not JSON( \(at character \d+\))?: pass/],
    ] as const) {
      const result = cli(...argv);
      expectRefused(result, code, message);
      expect(result.stderr).not.toMatch(/dapi|token|default/);
    }
  });

  it('refuses a model, template or output path holding control characters (it is written into generated files), printed escaped', () => {
    const { dir, model } = workspace();
    const hostile = join(dir, 'team\u001b[31m.yaml');
    fs.copyFileSync(model, hostile);
    const before = tree(dir);
    expectRefused(
      cli('validate', hostile),
      2,
      /cannot read model '.*team\\x1b\[31m\.yaml': the path holds U\+001B \(ESC, a control character\) at character \d+: rename it/,
    );
    expectRefused(
      cli('render', model, '--env', 'dev', '--template', join(dir, 'x\u202e.hbs')),
      2,
      /cannot read template '.*x\\u\{202e\}\.hbs': the path holds U\+202E/,
    );
    for (const argv of [
      ['render', model, '--env', 'dev', '--out', join(dir, 'CONTRACT\r.md')],
      ['agents', model, '--env', 'dev', '--out', join(dir, 'agents\n')],
    ])
      expectRefused(cli(...argv), 2, /cannot write '.*\\x0[da](\.md)?': the path holds U\+000[DA] \((CR|LF), a control character\)/);
    expect(tree(dir)).toEqual(before);
  });
});
