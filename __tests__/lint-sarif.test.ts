// `agent-contract lint`: the guardrail pack on an environment's stack, as text and as SARIF 2.1.0 validated against
// the official schema (fixtures/sarif-schema-2.1.0.json: oasis-tcs/sarif-spec sarif-2.1/schema/sarif-schema-2.1.0.json,
// id .../v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { main } from '../src/cli/main';
import { Testing } from 'cdktf';
import { addEnvironmentStacks } from '../src/app';
import { modelPathOf, suppressionPathOf } from '../src/cli/lint-locations';
import { sarifOf, uriOf } from '../src/cli/sarif';
import { GUARDRAILS } from '../src/rules/pack';
import { modelFrom, REFERENCE_MODEL, type Data } from './helpers';

const SCHEMA = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'sarif-schema-2.1.0.json'), 'utf8'));

/**
 * The JSON Schema (draft-04) keywords the SARIF schema uses, checked as the draft says: type, enum, $ref into
 * #/definitions, properties, required, additionalProperties, items, minItems, uniqueItems, minimum, maximum,
 * pattern, anyOf, oneOf. (format is an annotation here, as validators leave it by default.) Returns every error.
 */
function validate(schema: Data, value: unknown, at = '$', root: Data = schema): string[] {
  if (schema.$ref) return validate(root.definitions[schema.$ref.replace('#/definitions/', '')], value, at, root);
  const errors: string[] = [];
  const kind = Array.isArray(value) ? 'array' : value === null ? 'null' : Number.isInteger(value) ? 'integer' : typeof value;
  const types: string[] | undefined = schema.type === undefined ? undefined : [schema.type].flat();
  if (types && !types.some((t) => t === kind || (t === 'number' && kind === 'integer'))) return [`${at}: ${kind}, expected ${types.join('|')}`];
  if (schema.enum && !schema.enum.some((e: unknown) => JSON.stringify(e) === JSON.stringify(value))) errors.push(`${at}: not one of ${schema.enum}`);
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${at}: below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${at}: above ${schema.maximum}`);
  }
  if (typeof value === 'string' && schema.pattern && !new RegExp(schema.pattern, 'u').test(value))
    errors.push(`${at}: does not match ${schema.pattern}`);
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${at}: fewer than ${schema.minItems} items`);
    if (schema.uniqueItems && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) errors.push(`${at}: items not unique`);
    if (schema.items) value.forEach((item, i) => errors.push(...validate(schema.items, item, `${at}[${i}]`, root)));
  }
  if (kind === 'object') {
    const object = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in object)) errors.push(`${at}: missing ${key}`);
    for (const [key, inner] of Object.entries(object)) {
      if (schema.properties?.[key]) errors.push(...validate(schema.properties[key], inner, `${at}.${key}`, root));
      else if (schema.additionalProperties === false) errors.push(`${at}: unexpected property ${key}`);
      else if (typeof schema.additionalProperties === 'object') errors.push(...validate(schema.additionalProperties, inner, `${at}.${key}`, root));
    }
  }
  if (schema.anyOf && !schema.anyOf.some((option: Data) => validate(option, value, at, root).length === 0))
    errors.push(`${at}: matches none of anyOf`);
  if (schema.oneOf && schema.oneOf.filter((option: Data) => validate(option, value, at, root).length === 0).length !== 1)
    errors.push(`${at}: does not match exactly one of oneOf`);
  return errors;
}

const DIR = mkdtempSync(join(tmpdir(), 'agent-contract-lint-'));
const SUPPRESSION = [
  'suppressions:',
  '  - rule: DAC-UC1',
  '    resource: dev/unity-catalog/schema-gold',
  '    reason: reviewed by the security team',
  '',
];

/** The reference model with a suppression that matches nothing: the one finding a valid model file can carry. */
function modelWithUnusedSuppression(): { file: string; line: number } {
  const text = readFileSync(REFERENCE_MODEL, 'utf8');
  expect(text).not.toMatch(/^suppressions:/m);
  const file = join(DIR, 'team.yaml');
  writeFileSync(file, `${text.trimEnd()}\n${SUPPRESSION.join('\n')}`);
  return { file, line: text.trimEnd().split('\n').length + 2 };
}

function lint(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = main(['lint', ...args], { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stdout, stderr };
}

describe('the SARIF schema check', () => {
  it('rejects what the schema forbids, so a passing check means something', () => {
    expect(validate(SCHEMA, { version: '2.1.0', runs: [] })).toEqual([]);
    expect(validate(SCHEMA, { version: '2.0.0', runs: [] })).toEqual(['$.version: not one of 2.1.0']);
    expect(validate(SCHEMA, { runs: [] })).toEqual(['$: missing version']);
    const run = { tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] };
    expect(validate(SCHEMA, { version: '2.1.0', runs: [run] })).toEqual([expect.stringMatching(/^\$\.runs\[0\]\.results\[0\]\.level: not one of/)]);
    expect(validate(SCHEMA, { version: '2.1.0', runs: [{ ...run, results: [{ ruleId: 'x' }] }] })).toEqual(
      expect.arrayContaining([expect.stringMatching(/results\[0\]: missing message/)]),
    );
  });
});

describe('agent-contract lint', () => {
  it('passes the reference model: no finding, exit 0, an empty SARIF run with every rule', () => {
    const out = join(DIR, 'clean.sarif');
    const result = lint(REFERENCE_MODEL, '--env', 'dev', '--sarif', out);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(`0 findings in stack 'dev'\nwrote ${out} (0 results)\n`);
    const sarif = JSON.parse(readFileSync(out, 'utf8'));
    expect(validate(SCHEMA, sarif)).toEqual([]);
    expect(sarif.runs[0].results).toEqual([]);
    expect(sarif.runs[0].tool.driver.rules.map((rule: Data) => rule.id)).toEqual(GUARDRAILS.map((rule) => rule.id));
    expect(sarif.runs[0].tool.driver.rules[0]).toMatchObject({
      id: 'DAC-UC1',
      shortDescription: { text: GUARDRAILS[0].summary },
      help: { text: expect.stringContaining('suppressions') },
    });
  });

  it('reports a finding at the model line, exits 1 and writes valid SARIF with the fix', () => {
    const { file, line } = modelWithUnusedSuppression();
    const out = join(DIR, 'findings.sarif');
    const result = lint(file, '--env', 'dev', '--sarif', out);
    expect(result.code).toBe(1);
    const uri = relative(process.cwd(), file).split('\\').join('/');
    const fix = 'remove it from suppressions, or correct its resource to the construct path the finding names';
    expect(result.stdout.split('\n')).toEqual([
      `${uri}:${line}: DAC-UC1 dev/unity-catalog/schema-gold: the suppression (rule DAC-UC1, resource 'dev/unity-catalog/schema-gold') matches no finding of stack 'dev': ${fix}`,
      "1 finding in stack 'dev'",
      `wrote ${out} (1 result)`,
      '',
    ]);
    const sarif = JSON.parse(readFileSync(out, 'utf8'));
    expect(validate(SCHEMA, sarif)).toEqual([]);
    expect(sarif.runs[0].results).toEqual([
      {
        ruleId: 'DAC-UC1',
        ruleIndex: 0,
        level: 'error',
        message: { text: expect.stringContaining(`: ${fix}`) },
        locations: [
          {
            physicalLocation: { artifactLocation: { uri }, region: { startLine: line, startColumn: 5 } },
            logicalLocations: [{ fullyQualifiedName: 'dev/unity-catalog/schema-gold', kind: 'resource' }],
          },
        ],
        properties: { fix, constructPath: 'dev/unity-catalog/schema-gold' },
      },
    ]);
  });

  it('exits 2 for usage errors and writes nothing', () => {
    const out = join(DIR, 'never.sarif');
    expect(lint(REFERENCE_MODEL, '--sarif', out)).toMatchObject({ code: 2, stderr: expect.stringContaining('--env is required') });
    expect(lint(REFERENCE_MODEL, '--env', 'staging', '--sarif', out)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("'staging' is not an environment"),
    });
    expect(lint(REFERENCE_MODEL, REFERENCE_MODEL, '--env', 'dev')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('lint takes one model path'),
    });
    expect(existsSync(out)).toBe(false);
  });
});

describe('SARIF locations of findings on stack elements', () => {
  const model = modelFrom();
  const finding = (path: string) => ({ rule: 'DAC-UC2', path, message: 'orchestrator holds MODIFY but is not a writer: remove the grant' });

  it('reads a construct path back to the model element it comes from', () => {
    const schemaIndex = model.schemas.findIndex((s) => s.name === 'gold');
    const tableIndex = model.tables.findIndex((t) => t.name === 'customer_lifetime_value');
    const rowIndex = model.compute.findIndex((c) => c.name === 'analytics-warehouse');
    expect([schemaIndex, tableIndex, rowIndex].every((i) => i >= 0)).toBe(true);
    expect(modelPathOf(model, finding('dev/unity-catalog/schema-gold/grants/grants'))).toEqual(['schemas', schemaIndex]);
    expect(modelPathOf(model, finding('dev/unity-catalog/table-gold-customer_lifetime_value/table'))).toEqual(['tables', tableIndex]);
    expect(modelPathOf(model, finding('dev/unity-catalog/volume-bronze-landing/grants/grants'))).toEqual(['schemas', 0, 'volumes', 0]);
    expect(modelPathOf(model, finding('dev/compute/warehouse-analytics-warehouse/permissions'))).toEqual(['compute', rowIndex]);
    expect(modelPathOf(model, finding('dev/identities/sql-analyst'))).toEqual([
      'agents',
      'domain',
      model.agents.domain.findIndex((a) => a.name === 'sql-analyst'),
    ]);
    expect(modelPathOf(model, finding('dev/escape-hatch/grants'))).toBeUndefined();
  });

  it('places a finding without a model line at its construct path, still valid SARIF', () => {
    const sarif = sarifOf(
      GUARDRAILS,
      [finding('dev/escape-hatch/grants'), { ...finding('dev/x'), suppressedBecause: 'reviewed' }],
      () => ({}),
      '0.0.0',
      'dev',
    );
    // One run per environment, its id the code-scanning category (SARIF 2.1.0 §3.14.28 automationDetails).
    expect((sarif.runs as Data)[0].automationDetails).toEqual({ id: 'agent-contract/dev/' });
    expect(validate(SCHEMA, sarif)).toEqual([]);
    expect((sarif.runs as Data)[0].results).toEqual([
      expect.objectContaining({
        ruleId: 'DAC-UC2',
        locations: [{ logicalLocations: [{ fullyQualifiedName: 'dev/escape-hatch/grants', kind: 'resource' }] }],
        properties: { fix: 'remove the grant', constructPath: 'dev/escape-hatch/grants' },
      }),
      // Suppressed, not dropped: where the suppression is written is unknown here, so it has no location.
      expect.objectContaining({ ruleId: 'DAC-UC2', suppressions: [{ kind: 'external', justification: 'reviewed' }] }),
    ]);
  });
});

describe('SARIF of suppressed findings and of model files with any name', () => {
  const REASON = 'Demo warehouse runs a 24/7 dashboard for the trade fair.';
  const suppressed = modelFrom((d) => {
    d.suppressions = [
      { rule: 'DAC-UC1', resource: 'dev/unity-catalog', reason: 'an unrelated suppression placed first' },
      { rule: 'DAC-CP3', resource: 'dev/compute/warehouse-analytics-warehouse', reason: REASON },
    ];
  });
  /** The dev stack's findings after an escape hatch stops the warehouse never: a model cannot express a violation. */
  const findings = () => {
    const stack = addEnvironmentStacks(Testing.app(), suppressed).find((candidate) => candidate.node.id === 'dev')!;
    stack.team.compute.warehouses.get('analytics-warehouse')!.endpoint.addOverride('auto_stop_mins', 0);
    return stack.team.guardrails.findings().filter((finding) => finding.rule === 'DAC-CP3');
  };

  it('reports a suppressed finding as a result with an external suppression, its reason and where it is written', () => {
    const [finding] = findings();
    expect(finding).toMatchObject({ suppressedBecause: REASON });
    expect(suppressionPathOf(suppressed, finding)).toEqual(['suppressions', 1]);
    expect(suppressionPathOf(suppressed, { ...finding, suppressedBecause: undefined })).toBeUndefined();
    const sarif = sarifOf(
      GUARDRAILS,
      [finding],
      () => ({ file: 'stacks/team.yaml' }),
      '0.0.0',
      'dev',
      () => ({
        file: 'stacks/team.yaml',
        line: 120,
        column: 5,
      }),
    );
    expect(validate(SCHEMA, sarif)).toEqual([]);
    expect((sarif.runs as Data)[0].results).toEqual([
      expect.objectContaining({
        ruleId: 'DAC-CP3',
        level: 'error',
        suppressions: [
          {
            kind: 'external',
            justification: REASON,
            location: { physicalLocation: { artifactLocation: { uri: 'stacks/team.yaml' }, region: { startLine: 120, startColumn: 5 } } },
          },
        ],
      }),
    ]);
  });

  it('keeps the unsuppressed finding a result without suppressions', () => {
    const sarif = sarifOf(GUARDRAILS, [{ ...findings()[0], suppressedBecause: undefined }], () => ({}), '0.0.0', 'dev');
    expect((sarif.runs as Data)[0].results[0]).not.toHaveProperty('suppressions');
  });

  it('writes a model path as a URI reference: space, %, #, ? and non-ASCII letters percent-encoded, slashes kept', () => {
    expect(uriOf('teams/a b/50%#1?/équipe.yaml')).toBe('teams/a%20b/50%25%231%3F/%C3%A9quipe.yaml');
    expect(uriOf('../stacks/team.yaml')).toBe('../stacks/team.yaml');
  });

  it('lint places a finding of a model in such a folder at its encoded URI', () => {
    const folder = join(DIR, 'a b#%é');
    mkdirSync(folder);
    const { file: written } = modelWithUnusedSuppression();
    const file = join(folder, 'team.yaml');
    writeFileSync(file, readFileSync(written, 'utf8'));
    const out = join(DIR, 'encoded.sarif');
    expect(lint(file, '--env', 'dev', '--sarif', out).code).toBe(1);
    const sarif = JSON.parse(readFileSync(out, 'utf8'));
    expect(validate(SCHEMA, sarif)).toEqual([]);
    const uri = sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri;
    expect(uri).toBe(uriOf(relative(process.cwd(), file)));
    expect(uri).toMatch(/\/a%20b%23%25%C3%A9\/team\.yaml$/);
  });
});
