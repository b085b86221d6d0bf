// Custom CONTRACT.md templates: the seed's own template renders unchanged into a correct contract, and a template
// check refuses every name the context does not offer — block-helper arguments included — before rendering.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { parse, stringify } from 'yaml';
import { addEnvironmentStacks } from '../src/app';
import { checkContractTemplate, renderContract } from '../src/contract/render';
import { TemplateError } from '../src/contract/template-check';
import { readTemplate } from '../src/contract/template-source';
import { ModelError } from '../src/model/problems';
import { loadModelFile } from '../src/validation/load';
import { environmentOf, type NamedEnvironment } from '../src/model/types';
import { tablesOf, tableUnder } from './contract-tables';
import { modelFrom, ROOT, REFERENCE_MODEL, teamOf } from './helpers';

/** The seed contract's template, byte for byte as the project started from it. */
const SEED = join(ROOT, 'templates/seed/CONTRACT.md.hbs');
const seedText = readFileSync(SEED, 'utf8');
const model = modelFrom();
const dev = environmentOf(model, 'dev') as NamedEnvironment;
const scratch = mkdtempSync(join(tmpdir(), 'agent-contract-template-'));
const run = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/agent-contract.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
const file = (name: string, text: string) => {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
};
const problemsOf = (text: string) => checkContractTemplate({ name: 'custom.hbs', text });

describe('the seed template, through --template', () => {
  const result = run('render', '--env', 'dev', '--template', SEED);
  const text = result.stdout;

  it('renders with exit 0 and fills every placeholder', () => {
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(text).not.toMatch(/\{\{|\}\}/);
    expect(text).toContain('> **Catalog**: lakehouse_dev');
  });

  it("keeps every table's column count: header, separator and each row", () => {
    const tables = tablesOf(text);
    expect(tables.map((t) => t.heading)).toEqual(
      expect.arrayContaining(['Agent Roster', 'Core Agents', 'Domain Agents', 'Delta Tables', 'Compute Resources']),
    );
    for (const t of tables) {
      expect({ table: t.heading, separator: t.separator.length }).toEqual({ table: t.heading, separator: t.header.length });
      for (const row of t.rows) expect({ table: t.heading, row: row.length }).toEqual({ table: t.heading, row: t.header.length });
    }
  });

  it("fills the Domain Agents rows with each domain agent's access, in header order", () => {
    const table = tableUnder(text, 'Domain Agents');
    const agents = model.agents.domain.map((agent) => agent.name);
    expect(table.header).toEqual(['Path Pattern', ...agents]);
    const patterns = model.fileOwnership.filter((entry) => agents.some((agent) => entry.access[agent]));
    expect(table.rows).toHaveLength(patterns.length);
    table.rows.forEach((row, i) => {
      expect(row).toEqual([`\`${patterns[i].pattern}\``, ...agents.map((agent) => patterns[i].access[agent] ?? '---')]);
    });
    // e.g. the infra folder: both owners and the security engineer's read access are where the header says.
    expect(table.rows.find((r) => r[0] === '`infra/**`')).toEqual([
      '`infra/**`',
      'OWNS',
      '---',
      '---',
      '---',
      '---',
      '---',
      '---',
      'OWNS',
      '---',
      '---',
      'READS',
    ]);
  });

  it("fills the seed's other tables from the model", () => {
    expect(tableUnder(text, 'Agent Roster').rows.map((r) => r[0])).toEqual([...model.agents.core, ...model.agents.domain].map((a) => a.name));
    expect(tableUnder(text, 'Delta Tables').rows[0]).toEqual(['`lakehouse_dev.bronze.raw_orders`', 'data-connector-specialist', 'bronze', 'append']);
    expect(tableUnder(text, 'Compute Resources').rows.map((r) => r.slice(0, 3))).toEqual(
      model.compute.map((row) => [row.name, expect.any(String), row.owner]),
    );
  });

  it('renders byte-identically twice, and equals the library render', () => {
    expect(run('render', '--env', 'dev', '--template', SEED).stdout).toBe(text);
    expect(renderContract(teamOf(model, dev.name), { template: { name: SEED, text: seedText } })).toBe(text);
  });

  it('is what check --template compares against', () => {
    const out = file('SEED-CONTRACT.md', text);
    expect(run('check', '--env', 'dev', '--template', SEED, out).status).toBe(0);
    const drifted = run('check', '--env', 'dev', out);
    expect(drifted.status).toBe(1);
    expect(drifted.stderr).toMatch(/drifted/);
  });

  it('passes the template check', () => {
    expect(problemsOf(seedText)).toEqual([]);
  });
});

describe('the template check', () => {
  it('fails render with exit 1 for an unknown variable, naming it, its line and the closest name', () => {
    const path = file('typo.hbs', '# Contract\n\n> **Catalog**: {{CATALOG_NAEM}}\n');
    const result = run('render', '--env', 'dev', '--template', path);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${path}:3:18: CATALOG_NAEM: unknown name 'CATALOG_NAEM' at the top level (did you mean 'CATALOG_NAME'?)`);
  });

  it('fails with exit 1 for an unknown block argument, which strict mode would print as nothing', () => {
    // Handlebars' strict mode checks only printed names: {{#each agents}} over a missing list renders "".
    const path = file('block.hbs', '| Agent |\n|---|\n{{#each agents}}\n| {{name}} |\n{{/each}}\n');
    const result = run('render', '--env', 'dev', '--template', path);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${path}:3:9: agents: unknown name 'agents' at the top level (did you mean 'AGENTS'?)`);
    const check = run('check', '--env', 'dev', '--template', path, join(ROOT, '.claude/CONTRACT.md'));
    expect(check.status).toBe(1);
    expect(check.stderr).toContain("agents: unknown name 'agents'");
  });

  it('lists every problem at once, in template order', () => {
    const problems = problemsOf('{{FOO}}\n{{#each DOMAIN_AGENTS}}{{nmae}}{{/each}}\n{{#if BAR}}x{{/if}}\n');
    expect(problems.map((p) => [p.line, p.name])).toEqual([
      [1, 'FOO'],
      [2, 'nmae'],
      [3, 'BAR'],
    ]);
    expect(problems[1].message).toBe(
      "unknown name 'nmae' inside {{#each DOMAIN_AGENTS}} (did you mean 'name'?): the names here are name, model, description, anchor, group, identity",
    );
  });

  it.each([
    ['names inside {{#each}} against its items', '{{#each FILE_OWNERSHIP}}{{pattern}}{{#each agents}}{{name}}={{access}}{{/each}}{{/each}}'],
    ['../ against the enclosing context', '{{#each FILE_OWNERSHIP}}{{#each agents}}{{../pattern}} {{../../CATALOG_NAME}}{{/each}}{{/each}}'],
    ['../ past an {{#if}}, which keeps the context', '{{#each DOMAIN_AGENTS}}{{#if name}}{{../CATALOG_NAME}}{{/if}}{{/each}}'],
    ['this, ./ and @root', '{{#each REPOSITORY_ONLY}}{{this}}{{/each}}{{#each AGENTS}}{{./name}}{{this.model}}{{@root.CATALOG_NAME}}{{/each}}'],
    ['@index, @first, @last inside {{#each}}', '{{#each AGENTS}}{{@index}}{{#if @first}}a{{/if}}{{#unless @last}},{{/unless}}{{/each}}'],
    ['block parameters', '{{#each UC_OBJECTS as |object i|}}{{object.path}} {{i}} {{type}}{{/each}}'],
    ['{{#with}} and a section block over an object', '{{#with ENVIRONMENT}}{{name}}{{/with}}{{#ENVIRONMENT}}{{catalog}}{{/ENVIRONMENT}}'],
    [
      '.length, lookup and a built-in partial',
      '{{#if AGENTS.length}}{{lookup ROLES "orchestrator"}}{{/if}}{{> agent-roster}}{{#each AGENT_BRIEFS}}{{> agent-brief}}{{/each}}',
    ],
  ])('resolves %s', (_what, template) => {
    expect(problemsOf(template)).toEqual([]);
  });

  it.each([
    ['a field of the wrong list', '{{#each DOMAIN_AGENTS}}{{pattern}}{{/each}}', "unknown name 'pattern' inside {{#each DOMAIN_AGENTS}}"],
    ['@index outside {{#each}}', '{{@index}}', "'@index' exists only inside {{#each}}"],
    ['../ above the top', '{{#each AGENTS}}{{../../NOTICE}}{{/each}}', 'climbs above the top of the context'],
    [
      'a block parameter outside its block',
      '{{#each AGENTS as |agent|}}{{/each}}{{agent.name}}',
      "unknown name 'agent' (in 'agent.name') at the top level",
    ],
    ['a list printed whole', '{{DOMAIN_AGENTS}}', "'DOMAIN_AGENTS' is a list: print its items inside {{#each}}"],
    ['{{#each}} over a single value', '{{#each CATALOG_NAME}}x{{/each}}', "'CATALOG_NAME' is not a list"],
    ['an unknown helper', '{{uppercase CATALOG_NAME}}', "'uppercase' is not a helper"],
    ['an unknown partial', '{{> agent-rooster}}', "there is no partial 'agent-rooster' (did you mean 'agent-roster'?)"],
    ['a name a partial would not find where it is included', '{{> agent-brief}}', "unknown name 'name' at the top level"],
    ['a lookup of a missing field', '{{lookup ROLES "orchestrater"}}', "'orchestrater' is not a field of ROLES (did you mean 'orchestrator'?)"],
    ['a syntax error', '{{#each AGENTS}}', 'does not parse'],
  ])('refuses %s', (_what, template, message) => {
    const problems = problemsOf(template);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.map((p) => p.message).join('\n')).toContain(message);
  });

  it('is a ModelError, so every caller exits 1 with the list', () => {
    expect(() => renderContract(teamOf(model, dev.name), { template: { name: 'bad.hbs', text: '{{#each nope}}{{/each}}' } })).toThrow(TemplateError);
    expect(() => renderContract(teamOf(model, dev.name), { template: { name: 'bad.hbs', text: '{{#each nope}}{{/each}}' } })).toThrow(ModelError);
  });

  it('exits 2 when the template cannot be read', () => {
    const result = run('render', '--env', 'dev', '--template', join(scratch, 'missing.hbs'));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/cannot read template '.*missing\.hbs': no such file/);
  });
});

describe("the model's contract.template", () => {
  // A model beside its template, as a user would keep them: the path is relative to the model file.
  const dir = mkdtempSync(join(tmpdir(), 'agent-contract-model-template-'));
  const data = parse(readFileSync(REFERENCE_MODEL, 'utf8'));
  delete data.$schema;
  data.contract = { template: 'seed.hbs' };
  const modelPath = join(dir, 'team.yaml');
  writeFileSync(modelPath, stringify(data));
  copyFileSync(SEED, join(dir, 'seed.hbs'));
  const withTemplate = loadModelFile(modelPath);
  const expected = renderContract(teamOf(withTemplate, dev.name), { modelPath, template: readTemplate(join(dir, 'seed.hbs')) });

  it('is what render and check use', () => {
    const rendered = run('render', modelPath, '--env', 'dev');
    expect(rendered.status).toBe(0);
    expect(rendered.stdout).toBe(expected);
    expect(rendered.stdout).toMatch(/^# Databricks Agent Coordination Contract\n/);
    const out = join(dir, 'CONTRACT.md');
    writeFileSync(out, rendered.stdout);
    expect(run('check', modelPath, '--env', 'dev', out).status).toBe(0);
  });

  it('is what synth deploys and writes: the app reads it and passes its text to the stacks', () => {
    const [stack] = addEnvironmentStacks(Testing.app(), withTemplate, modelPath).filter((s) => s.node.id === 'dev');
    expect(stack.team.contract).toBe(expected);
    const json = JSON.parse(Testing.synth(stack, true));
    const deployed = Object.values(json.resource.databricks_workspace_file as Record<string, { content_base64: string; path: string }>).find((f) =>
      f.path.endsWith('/CONTRACT.md'),
    )!;
    expect(Buffer.from(deployed.content_base64, 'base64').toString()).toBe(expected);
  });

  it('stops synth with the template problems (exit 1) when it names something the contract does not offer', () => {
    writeFileSync(join(dir, 'bad.hbs'), '{{#each agents}}{{/each}}\n');
    const bad = loadModelFile(modelPath);
    (bad.contract as { template?: string }).template = 'bad.hbs';
    expect(() => addEnvironmentStacks(Testing.app(), bad, modelPath)).toThrow(/bad\.hbs:1:9: agents: unknown name 'agents'/);
  });
});
