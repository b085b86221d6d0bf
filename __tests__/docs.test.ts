// The documentation: the generated files equal a fresh render of the schema and the rule pack, every model field
// says what it is for, and the README's minimal model is a valid model.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedDocs, README_RULES_END, README_RULES_START, withRulesTable } from '../scripts/docs/generated-docs';
import { fieldRows, sectionExample, typeOf, undescribed, type SchemaNode } from '../scripts/docs/model-doc';
import { renderRulesDoc } from '../scripts/docs/rules-doc';
import { modelJsonSchema } from '../src/model/json-schema';
import { parseModelText } from '../src/validation/load';
import { GUARDRAILS } from '../src/rules/pack';

const ROOT = join(__dirname, '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const schema = modelJsonSchema() as SchemaNode;
const rows = Object.entries(schema.properties ?? {}).flatMap(([key, node]) => fieldRows(node, key, schema.required?.includes(key) ?? false));

describe('generated docs', () => {
  const expected = generatedDocs(ROOT);

  it('renders docs/model.md, docs/rules.md and the README rule table', () => {
    expect([...expected.keys()]).toEqual(['docs/model.md', 'docs/rules.md', 'README.md']);
  });

  it.each(['docs/model.md', 'docs/rules.md', 'README.md'])('%s equals a fresh render (run `npm run docs` when this fails)', (path) => {
    // A plain boolean first, so the failure says what to do before the long diff.
    const fresh = read(path) === expected.get(path);
    if (!fresh) throw new Error(`${path} is out of date with the schema or the rule pack: run \`npm run docs\` and commit the result`);
    expect(fresh).toBe(true);
  });

  it('renders the same text twice', () => {
    expect(generatedDocs(ROOT)).toEqual(expected);
  });
});

describe('docs/model.md', () => {
  it('gives every field of the schema a description', () => {
    expect(rows.length).toBeGreaterThan(200);
    expect(undescribed(rows)).toEqual([]);
  });

  it('marks required fields and shows defaults and allowed values', () => {
    const row = (path: string) => rows.find((candidate) => candidate.path === path);
    expect(row('project.name')).toMatchObject({ required: true, default: '' });
    expect(row('project.ownerTag')).toMatchObject({ required: false, default: '`owner_agent`' });
    expect(row('environments.<name>.offPolicyClusters')).toMatchObject({ type: 'one of `limit`, `terminate`', default: '`limit`' });
    expect(row('environments.<name>.agentCredentials.lifetimeDays')).toMatchObject({ type: 'integer, 2–730', default: '`90`' });
    expect(row('environments.<name>.pipelineDevelopment')?.default).toBe('true unless protected');
    expect(row('environments.<name>.backend.type')?.type).toBe('one of `local`, `s3`, `azurerm`, `gcs`, `remote`');
    expect(row('environments.<name>.backend.bucket')?.description).toMatch(/\(form `type: s3`\)$/);
    expect(row('schemas[].volumes[].writers')?.required).toBe(false);
    const table = read('docs/model.md');
    expect(table).toContain('| `project.name` | string | **required** |');
    expect(table).toContain('| `project.ownerTag` | string | optional | `owner_agent` |');
  });

  it('describes types a reader writes', () => {
    expect(typeOf({ type: 'array', items: { type: 'string', format: 'email' }, minItems: 1 })).toBe('list of string (email), at least 1');
    expect(typeOf({ type: 'object', additionalProperties: { type: 'string' } })).toBe('map: name → string');
    expect(typeOf({ type: 'integer', minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER })).toBe('integer');
    expect(typeOf({ anyOf: [{ type: 'string' }, { type: 'number' }] })).toBe('string or number');
  });

  it('cuts each example from the reference model to the first entry of every list', () => {
    const model = { environments: { dev: { catalog: 'a' }, prod: { catalog: 'b' } }, schemas: [{ name: 'x', readers: ['p', 'q'] }, { name: 'y' }] };
    expect(sectionExample(model, 'environments')).toBe('environments:\n  dev:\n    catalog: a');
    expect(sectionExample(model, 'schemas')).toBe('schemas:\n  - name: x\n    readers:\n      - p');
    expect(sectionExample(model, 'roles')).toBeUndefined();
  });
});

describe('docs/rules.md', () => {
  it('has a section per rule with what it checks, why, the fix and how to suppress it', () => {
    expect(GUARDRAILS).toHaveLength(23);
    const doc = renderRulesDoc(GUARDRAILS);
    for (const rule of GUARDRAILS) {
      expect([rule.checks, rule.why, rule.fix].every((text) => text.length > 10)).toBe(true);
      const section = doc.slice(doc.indexOf(`## ${rule.id}\n`));
      expect(section).toContain(`- **Checks:** ${rule.checks}`);
      expect(section).toContain(`- **Why:** ${rule.why}`);
      expect(section).toContain(`- **Fix:** ${rule.fix}`);
      expect(section).toContain(`\`rule: ${rule.id}\``);
    }
  });

  it('fills README’s rule block from the pack and refuses a README without one', () => {
    const readme = withRulesTable(`intro\n${README_RULES_START}\nstale\n${README_RULES_END}\nafter\n`);
    expect(readme).not.toContain('stale');
    expect(readme).toContain(`| [DAC-UC1](docs/rules.md#dac-uc1) | ${GUARDRAILS[0].summary} |`);
    expect(readme.endsWith(`${README_RULES_END}\nafter\n`)).toBe(true);
    expect(() => withRulesTable('no block')).toThrow(/README.md has no/);
  });
});

describe('README', () => {
  const readme = read('README.md');

  it('stays a front door of at most 12 KB', () => {
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(12 * 1024);
  });

  it("keeps `npm test` as the test command (CI runs the README's test command)", () => {
    expect(readme).toMatch(/```sh\nnpm ci && npx cdktf synth[^\n]*\nnpm test\n```/);
  });

  it('holds a minimal model that validates', () => {
    const section = readme.slice(readme.indexOf('## A minimal model'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(yaml).toBeDefined();
    const model = parseModelText(yaml as string, 'README.md');
    expect([...model.agents.core, ...model.agents.domain].map((agent) => agent.name)).toEqual(['orchestrator', 'delta-lake-engineer', 'sql-analyst']);
  });

  it('links only to docs that exist', () => {
    const links = [...readme.matchAll(/\]\((docs\/[^)#]+)/g)].map((match) => match[1]);
    expect(links.length).toBeGreaterThan(10);
    for (const link of new Set(links)) expect(() => read(link)).not.toThrow();
  });
});
