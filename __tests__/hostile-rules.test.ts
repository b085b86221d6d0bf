// Hostile input against the guardrails: suppressions that over-match, name nothing or match nothing, and
// credentials smuggled into the model or the synthesized plan.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import type { WorkspaceFile } from '@cdktf/provider-databricks/lib/workspace-file';
import { stringify } from 'yaml';
import { addEnvironmentStacks, buildApp, synthBuilt } from '../src/app';
import { main } from '../src/cli/main';
import type { EnvironmentStack } from '../src/constructs/environment-stack';
import type { TeamModel } from '../src/model/types';
import { GuardrailError } from '../src/rules/guardrail-error';
import { GUARDRAILS, RULE_IDS } from '../src/rules/pack';
import { modelFrom, problemsOf, referenceData, type Data } from './helpers';

const scratch = mkdtempSync(join(tmpdir(), 'agent-contract-hostile-'));
let models = 0;

// Fake credentials, assembled at run time so secret scanners do not flag this file.
const PAT = 'dapi' + 'a1'.repeat(16);
const AWS_KEY_ID = 'AKIA' + 'IOSFODNN7EXAMPLE';

/** `agent-contract validate` on the reference model after `mutate`, run in-process. */
function validate(mutate: (data: Data) => void) {
  const data = referenceData();
  mutate(data);
  const file = join(scratch, `model-${++models}.yaml`);
  writeFileSync(file, stringify(data));
  let stderr = '';
  const code = main(['validate', file], { stdout: { write: () => true }, stderr: { write: (text: string) => (stderr += text) } });
  return { code, stderr };
}

/** The guardrail findings of the dev stack of `model` after `tamper` changes it the way an escape hatch would. */
function findingsAfter(tamper: (stack: EnvironmentStack) => void, model: TeamModel = modelFrom()) {
  const stack = addEnvironmentStacks(Testing.app(), model).find((s) => s.node.id === 'dev')!;
  tamper(stack);
  return stack.team.guardrails.findings();
}

/** Synthesizes every stack of `model` after `tamper` changes them; the error synth threw, if any. */
function synthError(model: TeamModel, tamper: (stacks: readonly EnvironmentStack[]) => void = () => undefined): unknown {
  const built = buildApp(model, { outdir: mkdtempSync(join(scratch, 'out-')) });
  tamper(built.stacks);
  try {
    synthBuilt(built);
    return undefined;
  } catch (error) {
    return error;
  }
}

const WAREHOUSE = 'dev/compute/warehouse-analytics-warehouse';
const REASON = 'Trade-fair dashboard must answer instantly all week.';
const suppressing = (resource: string) => modelFrom((d) => (d.suppressions = [{ rule: 'DAC-CP3', resource, reason: REASON }]));
const stopNever = (stack: EnvironmentStack) => stack.team.compute.warehouses.get('analytics-warehouse')!.endpoint.addOverride('auto_stop_mins', 0);

describe('suppressions', () => {
  it('reads the rule ids from the rules themselves: each id is written once, in its own rule file', () => {
    expect(GUARDRAILS).toHaveLength(23);
    expect(new Set(RULE_IDS).size).toBe(GUARDRAILS.length);
    const rulesDir = join(__dirname, '../src/rules');
    const declared = readdirSync(rulesDir)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => [...readFileSync(join(rulesDir, file), 'utf8').matchAll(/\bid: '(DAC-[A-Z]+\d+)'/g)].map((match) => match[1]));
    expect([...declared].sort()).toEqual([...RULE_IDS].sort());
  });

  it.each([
    ['covers its exact construct path', `${WAREHOUSE}/warehouse`, REASON],
    ['covers the paths below a whole-segment prefix', 'dev/compute', REASON],
    ['does not cover a path its resource only string-prefixes', 'dev/compute/warehouse-analytics', undefined],
  ])('%s', (_what, resource, reason) => {
    const findings = findingsAfter(stopNever, suppressing(resource));
    expect(findings).toContainEqual(expect.objectContaining({ rule: 'DAC-CP3', path: `${WAREHOUSE}/warehouse`, suppressedBecause: reason }));
  });

  it('refuses an unknown rule id with exit 1, the closest id and every known one', () => {
    const { code, stderr } = validate((d) => (d.suppressions = [{ rule: 'DAC-CP33', resource: WAREHOUSE, reason: REASON }]));
    expect(code).toBe(1);
    expect(stderr).toContain(`suppressions[0].rule: 'DAC-CP33' is not a guardrail rule (did you mean 'DAC-CP3'?): use one of ${RULE_IDS.join(', ')}`);
  });

  it('refuses a resource that starts with no environment, which no stack would check', () => {
    expect(problemsOf((d) => (d.suppressions = [{ rule: 'DAC-CP3', resource: 'prd/compute', reason: REASON }]))).toEqual([
      {
        path: 'suppressions[0].resource',
        message: expect.stringMatching(
          /^'prd\/compute' starts with 'prd', which is no environment's stack \(did you mean 'prod'\?\): start the construct path with one of 'dev', 'prod'$/,
        ),
      },
    ]);
  });

  it('fails synth on a suppression that matches no finding, naming its rule and resource', () => {
    const error = synthError(suppressing(WAREHOUSE));
    expect(error).toBeInstanceOf(GuardrailError);
    expect((error as Error).message).toContain(
      `DAC-CP3 ${WAREHOUSE}: the suppression (rule DAC-CP3, resource '${WAREHOUSE}') matches no finding of stack 'dev': remove it from suppressions`,
    );
  });

  it('checks a suppression only in the stack its resource names, so other stacks do not report it unused', () => {
    expect(synthError(suppressing(WAREHOUSE), (stacks) => stopNever(stacks.find((s) => s.node.id === 'dev')!))).toBeUndefined();
  });
});

describe('a workspace URL with user info', () => {
  it.each([
    ['a token', `https://token:${PAT}@adb-1234567890123456.7.azuredatabricks.net`, PAT],
    ['a user name', 'https://someone@adb-1234567890123456.7.azuredatabricks.net', 'someone'],
  ])('is refused with exit 1 for %s, without echoing it', (_what, url, secret) => {
    const { code, stderr } = validate((d) => (d.environments.dev.workspaceUrl = url));
    expect(code).toBe(1);
    expect(stderr).toContain("environments.dev.workspaceUrl: 'https://…@adb-1234567890123456.7.azuredatabricks.net' carries user info");
    expect(stderr).not.toContain(secret);
  });
});

describe('DAC-SC1', () => {
  const messagesOf = (findings: ReturnType<typeof findingsAfter>) => findings.filter((f) => f.rule === 'DAC-SC1').map((f) => f.message);
  const gold = (stack: EnvironmentStack) => stack.team.unityCatalog.schemas.get('gold')!.schema;

  it.each([
    ['a Databricks PAT with its -N suffix', 'a Databricks personal access token', `${PAT}-2`],
    ['a Databricks OAuth secret', 'a Databricks OAuth secret', `dose${'0f'.repeat(16)}`],
    ['a classic GitHub token', 'a GitHub token', `ghp_${'A1b2'.repeat(9)}`],
    ['a fine-grained GitHub token', 'a GitHub token', `github_pat_${'A1b2_'.repeat(16)}`],
    ['a PEM private key', 'a PEM private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----'],
    ['an AWS access key id', 'an AWS access key id', AWS_KEY_ID],
    [
      'an Azure connection string',
      'an Azure storage account key',
      `AccountName=st;AccountKey=${'Zm9v+/'.repeat(8)}==;EndpointSuffix=core.windows.net`,
    ],
    ['a URL with user:password', 'a password in a URL', 'https://deployer:correct-horse-battery@example.com/repo.git'],
  ])('finds %s inside a longer string, naming the path and not the value', (_what, kind, secret) => {
    const messages = messagesOf(findingsAfter((s) => gold(s).addOverride('comment', `see ${secret} for access`)));
    expect(messages).toEqual([expect.stringMatching(new RegExp(`^comment holds ${kind}:`))]);
    expect(messages.join()).not.toContain(secret);
  });

  it('scans the backend', () => {
    const findings = findingsAfter((s) => s.addOverride('terraform.backend.local.path', `state/${PAT}.tfstate`));
    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'DAC-SC1',
        path: 'dev/backend.local',
        message: expect.stringMatching(/^path holds a Databricks personal access token/),
      }),
    ]);
  });

  it("flags a literal under a backend's credential key", () => {
    const findings = findingsAfter((s) => s.addOverride('terraform.backend.local.access_key', 'plain-storage-account-key'));
    expect(findings).toEqual([
      expect.objectContaining({ rule: 'DAC-SC1', path: 'dev/backend.local', message: expect.stringMatching(/^access_key is a literal credential/) }),
    ]);
  });

  it('finds a token in base64-encoded workspace file content', () => {
    const content = Buffer.from(`token = "${PAT}"`).toString('base64');
    const messages = messagesOf(findingsAfter((s) => (s.team.node.findChild('contract') as WorkspaceFile).addOverride('content_base64', content)));
    expect(messages).toEqual([expect.stringMatching(/^content_base64 \(decoded\) holds a Databricks personal access token/)]);
  });

  it('never repeats a secret written as a key', () => {
    const messages = messagesOf(findingsAfter((s) => gold(s).addOverride(`properties.${PAT}`, 'x')));
    expect(messages).toEqual([expect.stringMatching(/^a key of properties is a Databricks personal access token/)]);
    expect(messages.join()).not.toContain(PAT);
  });
});
