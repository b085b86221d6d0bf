// `agent-contract profiles` reads the deployed outputs in both shapes Terraform tooling writes (outputs-file.ts), and
// refuses any other shape with exit 1, naming the path of the bad value and showing the expected shapes.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli/main';
import { allAgents } from '../src/model/types';
import { modelFrom, REFERENCE_MODEL } from './helpers';

const DIR = mkdtempSync(join(tmpdir(), 'agent-contract-profiles-'));
const model = modelFrom();
const appId = (i: number) => `${i % 10}a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d`;
let count = 0;
const file = (text: string) => {
  const path = join(DIR, `outputs-${count++}.json`);
  writeFileSync(path, text);
  return path;
};

/** The dev stack's outputs by name, as the stack declares them (agent-team.ts declareIdentityOutputs). */
function stackOutputs(): Record<string, unknown> {
  const outputs: Record<string, unknown> = {};
  allAgents(model).forEach((agent, i) => {
    if (agent.identity.type !== 'account-group') outputs[`identity-${agent.name}`] = { kind: agent.identity.type, application_id: appId(i) };
    if (agent.identity.type === 'service-principal') outputs[`secret-${agent.name}`] = `dose${i}secret`;
  });
  return outputs;
}

function profiles(outputs: string, ...extra: string[]) {
  let stdout = '';
  let stderr = '';
  const code = main(['profiles', REFERENCE_MODEL, '--env', 'dev', '--outputs', outputs, ...extra], {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stdout, stderr };
}

describe('agent-contract profiles: the outputs file', () => {
  // cdktf nests outputs by construct path below the stack (@cdktf/cli-core lib/output.js getConstructIdsForOutputs over
  // cdk.tf.json's "//".outputs): an EnvironmentStack's team is `Default`.
  const cdktf = file(JSON.stringify({ dev: { Default: stackOutputs() } }));
  const flat = file(JSON.stringify({ dev: stackOutputs() }));
  // terraform output -json: { name: { sensitive, type, value } } (Terraform "Command: output"); `type` is the value's
  // type in Terraform's JSON type notation, an object's ["object", { <attribute>: <type> }] (cty's JSON encoding).
  const typeOf = (value: unknown): unknown =>
    typeof value === 'string'
      ? 'string'
      : ['object', Object.fromEntries(Object.entries(value as object).map(([key, inner]) => [key, typeOf(inner)]))];
  const terraform = file(
    JSON.stringify(
      Object.fromEntries(
        Object.entries(stackOutputs()).map(([name, value]) => [name, { sensitive: name.startsWith('secret-'), type: typeOf(value), value }]),
      ),
    ),
  );

  it('reads `cdktf output --outputs-file` and `terraform output -json` to the same profiles', () => {
    const fromCdktf = profiles(cdktf);
    expect(fromCdktf).toMatchObject({ code: 0, stderr: '' });
    expect(fromCdktf.stdout).toContain(`[lakehouse-agents-dev-orchestrator]\nhost = `);
    expect(fromCdktf.stdout).toContain(`client_id = ${appId(allAgents(model).findIndex((a) => a.name === 'orchestrator'))}\n`);
    expect(profiles(terraform)).toEqual(fromCdktf);
    // A team declared directly in its stack (or cdktf without output metadata) writes them flat.
    expect(profiles(flat)).toEqual(fromCdktf);
    const out = join(DIR, 'with-secrets.cfg');
    expect(profiles(terraform, '--with-secrets', '--out', out)).toEqual({
      code: 0,
      stdout: `wrote ${out} (mode 0600: it holds secrets)\n`,
      stderr: '',
    });
    expect(readFileSync(out, 'utf8')).toContain(`client_secret = dose${allAgents(model).findIndex((a) => a.name === 'orchestrator')}secret\n`);
  });

  it('documents both shapes in --help', () => {
    let stdout = '';
    expect(main(['profiles', '--help'], { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => undefined } })).toBe(0);
    expect(stdout).toContain('npx cdktf output <env> --outputs-file FILE');
    expect(stdout).toContain('{ "<env>": { "Default": { "identity-<agent>": { "kind": "service-principal", "application_id": "<uuid>" },');
    expect(stdout).toContain('terraform output -json');
    expect(stdout).toContain('"secret-<agent>": { "sensitive": true, "type": "string", "value": "<OAuth secret>" }');
  });

  const withIdentity = (value: unknown) => JSON.stringify({ dev: { ...stackOutputs(), 'identity-orchestrator': value } });
  it.each([
    ['not JSON', '{"dev": ', /it is not JSON/],
    ['an array', '[]', /the top level is an array, expected an object$/m],
    ['a stack that is an array', JSON.stringify({ dev: [] }), /"dev" is an array, expected an object of outputs by name$/m],
    [
      'another stack only',
      JSON.stringify({ prod: stackOutputs() }),
      /it holds no outputs of stack 'dev' \(stacks in it: 'prod'\): write it with `npx cdktf output dev --outputs-file /,
    ],
    [
      'an identity that is a string',
      withIdentity('abc'),
      /dev\.identity-orchestrator is a string, expected an object \{ "kind", "application_id" \| "group" \}$/m,
    ],
    [
      'an application id that is a number',
      withIdentity({ kind: 'service-principal', application_id: 7 }),
      /dev\.identity-orchestrator\.application_id is a number, expected a string$/m,
    ],
    [
      'a terraform output value of the wrong type',
      JSON.stringify({ 'identity-orchestrator': { sensitive: false, type: 'string', value: 'abc' } }),
      /identity-orchestrator\.value is a string, expected an object/,
    ],
  ])('exits 1 for %s, naming the bad value and showing the expected shapes', (_what, text, message) => {
    const path = file(text);
    const result = profiles(path);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^agent-contract: '${path}' is not an outputs file of stack 'dev': `));
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('Expected one of:\n  npx cdktf output dev --outputs-file FILE');
    expect(result.stderr).toContain('  terraform output -json   (in cdktf.out/stacks/dev)');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 1 when an identity or, with --with-secrets, a secret is missing', () => {
    const { 'identity-orchestrator': _identity, ...rest } = stackOutputs();
    expect(profiles(file(JSON.stringify({ dev: rest })))).toMatchObject({
      code: 1,
      stderr: "agent-contract: the outputs hold no identity-orchestrator: deploy the 'dev' stack, then write the outputs file again\n",
    });
    const withoutSecrets = Object.fromEntries(Object.entries(stackOutputs()).filter(([name]) => !name.startsWith('secret-')));
    expect(profiles(file(JSON.stringify({ dev: withoutSecrets })), '--with-secrets', '--out', join(DIR, 'never.cfg'))).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        /^agent-contract: the outputs hold no secret for orchestrator: write them with `npx cdktf output dev --outputs-file FILE --outputs-file-include-sensitive-outputs`/,
      ),
    });
  });

  it('exits 2 for an outputs file it cannot read', () => {
    expect(profiles(join(DIR, 'missing.json'))).toMatchObject({ code: 2, stderr: expect.stringContaining("cannot read outputs file '") });
  });
});
