import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { Grants } from '@cdktf/provider-databricks/lib/grants';
import { Grant } from '@cdktf/provider-databricks/lib/grant';
import { ClusterPolicy } from '@cdktf/provider-databricks/lib/cluster-policy';
import { Permissions } from '@cdktf/provider-databricks/lib/permissions';
import { addEnvironmentStacks, buildApp, synthBuilt } from '../src/app';
import type { DatabricksProvider } from '@cdktf/provider-databricks/lib/provider';
import type { EnvironmentStack } from '../src/constructs/environment-stack';
import { GuardrailError } from '../src/rules/guardrail-error';
import { GUARDRAILS } from '../src/rules/pack';
import { renderContract } from '../src/contract/render';
import { type TeamModel } from '../src/model/types';
import { modelFrom, teamOf } from './helpers';

const reference = modelFrom();

/** The findings of `env`'s stack after `tamper` changes it the way an escape hatch would. */
function findingsAfter(tamper: (stack: EnvironmentStack) => void, env = 'dev', model: TeamModel = reference) {
  const stack = addEnvironmentStacks(Testing.app(), model).find((s) => s.node.id === env) as EnvironmentStack;
  tamper(stack);
  return stack.team.guardrails.findings();
}
const ids = (findings: readonly { rule: string }[]) => [...new Set(findings.map((f) => f.rule))].sort();
const gold = (stack: EnvironmentStack) => stack.team.unityCatalog.schemas.get('gold')!;
const goldGrants = (stack: EnvironmentStack) => gold(stack).node.findChild('grants').node.findChild('grants') as Grants;
const catalogGrants = (stack: EnvironmentStack) => stack.team.unityCatalog.catalog.node.findChild('grants').node.findChild('grants') as Grants;

describe('the reference model', () => {
  it.each(['dev', 'prod'])('is compliant with every rule in %s', (env) => {
    expect(findingsAfter(() => undefined, env)).toEqual([]);
  });

  it('has stable, unique rule ids', () => {
    const all = GUARDRAILS.map((rule) => rule.id);
    expect(new Set(all).size).toBe(all.length);
    for (const id of all) expect(id).toMatch(/^DAC-[A-Z]+\d+$/);
  });
});

describe('non-compliant stacks', () => {
  it('DAC-UC1 flags ALL_PRIVILEGES', () => {
    const findings = findingsAfter((s) => goldGrants(s).addOverride('grant.0.privileges', ['ALL_PRIVILEGES']));
    expect(findings).toContainEqual(
      expect.objectContaining({
        rule: 'DAC-UC1',
        path: 'dev/unity-catalog/schema-gold/grants/grants',
        message: expect.stringMatching(/is granted ALL_PRIVILEGES/),
      }),
    );
  });

  it('DAC-UC2 flags a write privilege for a reader', () => {
    const findings = findingsAfter((s) => {
      const principal = s.team.identities.principalOf('orchestrator').name;
      goldGrants(s).addOverride('grant', [{ principal, privileges: ['MODIFY', 'SELECT', 'USE_SCHEMA'] }]);
    });
    expect(findings).toContainEqual(
      expect.objectContaining({ rule: 'DAC-UC2', message: expect.stringMatching(/^orchestrator holds MODIFY but is not an owner or writer/) }),
    );
  });

  it('DAC-UC3 flags a catalog-level SELECT', () => {
    const findings = findingsAfter((s) => {
      const principal = s.team.identities.principalOf('sql-analyst').name;
      catalogGrants(s).addOverride('grant', [{ principal, privileges: ['SELECT', 'USE_CATALOG'] }]);
    });
    expect(findings).toContainEqual(
      expect.objectContaining({ rule: 'DAC-UC3', message: expect.stringMatching(/^sql-analyst holds SELECT on the catalog, which flows down/) }),
    );
  });

  it.each(['users', 'account users'])('DAC-UC4 flags a grant to %s', (principal) => {
    const findings = findingsAfter((s) => goldGrants(s).addOverride('grant', [{ principal, privileges: ['SELECT', 'USE_SCHEMA'] }]));
    expect(ids(findings)).toContain('DAC-UC4');
  });

  it('DAC-UC5 flags a second grants resource on one securable', () => {
    const findings = findingsAfter(
      (s) => new Grants(s, 'extra-grants', { schema: gold(s).schema.id, grant: [{ principal: 'data-team', privileges: ['SELECT'] }] }),
    );
    expect(
      findings
        .filter((f) => f.rule === 'DAC-UC5')
        .map((f) => f.path)
        .sort(),
    ).toEqual(['dev/extra-grants', 'dev/unity-catalog/schema-gold/grants/grants']);
  });

  it('DAC-UC5 flags databricks_grant mixed with databricks_grants', () => {
    const findings = findingsAfter(
      (s) => new Grant(s, 'single-grant', { schema: gold(s).schema.id, principal: 'data-team', privileges: ['SELECT'] }),
    );
    expect(findings).toContainEqual(expect.objectContaining({ rule: 'DAC-UC5', path: 'dev/single-grant' }));
  });

  const policy = ownerPolicy;

  it.each([
    ['not fixed', { type: 'range', maxValue: 60 }, /is not fixed/],
    ['0 (never)', { type: 'fixed', value: 0 }, /is 0: fix it within 10–1440/],
    ['over a day', { type: 'fixed', value: 2000 }, /is 2000/],
  ])('DAC-CP1 flags all-purpose auto-termination %s', (_what, rule, message) => {
    const findings = findingsAfter((s) => {
      const definition = JSON.parse(policyDefinitionOf(s, 'spark-interactive'));
      policy(s, 'spark-interactive').addOverride('definition', JSON.stringify({ ...definition, autotermination_minutes: rule }));
    });
    expect(findings).toContainEqual(expect.objectContaining({ rule: 'DAC-CP1', message: expect.stringMatching(message) }));
  });

  it('DAC-CP2 flags auto-termination on a job policy', () => {
    const findings = findingsAfter((s) => {
      const definition = JSON.parse(policyDefinitionOf(s, 'test-jobs'));
      policy(s, 'test-jobs').addOverride('definition', JSON.stringify({ ...definition, autotermination_minutes: { type: 'fixed', value: 30 } }));
    });
    expect(ids(findings)).toEqual(['DAC-CP2']);
  });

  it('DAC-CP3 flags a warehouse that never stops', () => {
    const findings = findingsAfter((s) => s.team.compute.warehouses.get('analytics-warehouse')!.endpoint.addOverride('auto_stop_mins', 0));
    expect(ids(findings)).toEqual(['DAC-CP3']);
  });

  it('DAC-CP4 flags a policy nobody may use', () => {
    const findings = findingsAfter(
      (s) => new ClusterPolicy(s, 'orphan-policy', { name: 'orphan', definition: '{"cluster_type":{"type":"fixed","value":"job"}}' }),
    );
    expect(findings).toContainEqual(
      expect.objectContaining({ rule: 'DAC-CP4', path: 'dev/orphan-policy', message: expect.stringMatching(/nobody is given CAN_USE/) }),
    );
  });

  const table = (s: EnvironmentStack) => s.team.unityCatalog.tables.get('bronze.raw_events')!.table;

  it.each([
    ['no warehouse', (s: EnvironmentStack) => table(s).addOverride('warehouse_id', null), /no warehouse_id/],
    ['CDF off', (s: EnvironmentStack) => table(s).addOverride('properties', { 'delta.enableChangeDataFeed': 'TRUE' }), /is not "true"/],
    ['DELTA format', (s: EnvironmentStack) => table(s).addOverride('data_source_format', 'DELTA'), /CREATE OR REPLACE/],
  ])('DAC-TB1 flags a table with %s', (_what, tamper, message) => {
    expect(findingsAfter(tamper)).toEqual([expect.objectContaining({ rule: 'DAC-TB1', message: expect.stringMatching(message) })]);
  });

  it('DAC-PR1 flags a stateful resource without prevent_destroy in prod only', () => {
    const tamper = (s: EnvironmentStack) => gold(s).schema.addOverride('lifecycle.prevent_destroy', false);
    expect(findingsAfter(tamper, 'prod')).toEqual([expect.objectContaining({ rule: 'DAC-PR1', path: 'prod/unity-catalog/schema-gold/schema' })]);
    expect(findingsAfter(tamper, 'dev')).toEqual([]);
  });

  it('DAC-PR2 flags force_destroy', () => {
    const findings = findingsAfter((s) => s.team.unityCatalog.catalog.catalog.addOverride('force_destroy', true));
    expect(ids(findings)).toEqual(['DAC-PR2']);
  });

  const pipeline = (s: EnvironmentStack) => s.team.pipelines.get('silver-clean')!.pipeline;

  it.each([
    [
      'production mode in dev',
      (s: EnvironmentStack) => pipeline(s).addOverride('development', false),
      /development is false in 'dev': it must be true/,
    ],
    ['the legacy target', (s: EnvironmentStack) => pipeline(s).addOverride('target', 'silver'), /target is legacy/],
    ['no run_as', (s: EnvironmentStack) => pipeline(s).addOverride('run_as', null), /run_as is not set/],
  ])('DAC-PL1 flags a pipeline with %s', (_what, tamper, message) => {
    expect(findingsAfter(tamper)).toEqual([expect.objectContaining({ rule: 'DAC-PL1', message: expect.stringMatching(message) })]);
  });

  const pipelineAcl = (s: EnvironmentStack) => s.team.pipelines.get('silver-clean')!.node.findChild('permissions') as Permissions;

  it.each([
    [
      'no IS_OWNER',
      (s: EnvironmentStack) => pipelineAcl(s).putAccessControl([{ permissionLevel: 'CAN_MANAGE', groupName: 'data-team' }]),
      /IS_OWNER is not the run_as/,
    ],
    [
      'another IS_OWNER',
      (s: EnvironmentStack) => pipelineAcl(s).addOverride('access_control.0.service_principal_name', 'someone-else'),
      /IS_OWNER is not the run_as/,
    ],
    [
      'no permissions at all',
      (s: EnvironmentStack) => s.team.pipelines.get('silver-clean')!.node.tryRemoveChild('permissions'),
      /whoever applies becomes the owner/,
    ],
  ])('DAC-PL2 flags a pipeline with %s', (_what, tamper, message) => {
    // Without IS_OWNER the applying identity becomes owner and the pipeline runs as it (permission_definitions.go addOwnerPermissionIfNeeded).
    expect(findingsAfter(tamper)).toEqual([
      expect.objectContaining({ rule: 'DAC-PL2', path: 'dev/pipeline-silver-clean/pipeline', message: expect.stringMatching(message) }),
    ]);
  });

  const guardJob = (s: EnvironmentStack) => s.team.compute.guard!.job;
  const guardAcl = (s: EnvironmentStack) => s.team.compute.guard!.node.findChild('permissions') as Permissions;

  it('DAC-JB1 flags a job without run_as', () => {
    // A job without run_as runs as its owner, the deploying identity (DATABRICKS.md "Serverless compute and the runtime guard").
    expect(findingsAfter((s) => guardJob(s).addOverride('run_as', null))).toEqual([
      expect.objectContaining({ rule: 'DAC-JB1', message: expect.stringMatching(/run_as is not set/) }),
    ]);
  });

  it('DAC-JB1 flags a job without permissions', () => {
    expect(findingsAfter((s) => s.team.compute.guard!.node.tryRemoveChild('permissions'))).toEqual([
      expect.objectContaining({ rule: 'DAC-JB1', message: expect.stringMatching(/no databricks_permissions/) }),
    ]);
  });

  it('DAC-JB1 flags an agent other than the workspace admin managing a job in prod only', () => {
    const tamper = (s: EnvironmentStack) =>
      guardAcl(s).putAccessControl([{ permissionLevel: 'CAN_MANAGE', servicePrincipalName: s.team.identities.principalOf('spark-developer').name }]);
    expect(findingsAfter(tamper, 'prod')).toEqual([
      expect.objectContaining({
        rule: 'DAC-JB1',
        message: expect.stringMatching(/^spark-developer holds CAN_MANAGE in protected environment 'prod': only workspace-admin/),
      }),
    ]);
    expect(findingsAfter(tamper, 'dev')).toEqual([]);
  });

  it('DAC-WS1 flags a folder under /Shared unless the model allows it', () => {
    const tamper = (s: EnvironmentStack) => s.team.workspace.root.directory.addOverride('path', '/Shared/lakehouse-agents');
    const findings = findingsAfter(tamper);
    expect(findings).toContainEqual(
      expect.objectContaining({
        rule: 'DAC-WS1',
        path: 'dev/workspace/root/directory',
        message: expect.stringMatching(/'\/Shared\/lakehouse-agents' is under \/Shared/),
      }),
    );
    // Children are resolved through the folder they derive from, and flagged too.
    expect(findings).toContainEqual(
      expect.objectContaining({
        rule: 'DAC-WS1',
        path: 'dev/workspace/root/dir-pipelines/dir-bronze/directory',
        message: expect.stringMatching(/'\/Shared\/lakehouse-agents\/pipelines\/bronze' is under/),
      }),
    );
    expect(new Set(findings.map((f) => f.rule))).toEqual(new Set(['DAC-WS1']));
    const allowing = modelFrom((d) => (d.project.allowUnrestrictedFolders = true));
    expect(findingsAfter(tamper, 'dev', allowing)).toEqual([]);
  });

  it('DAC-CP5 flags a policy two agents may use', () => {
    const findings = findingsAfter((s) => {
      const acl = s.team.compute.policies.get('spark-interactive')!.get('spark-developer')!.node.findChild('permissions') as Permissions;
      acl.putAccessControl([
        { permissionLevel: 'CAN_USE', servicePrincipalName: s.team.identities.principalOf('spark-developer').name },
        { permissionLevel: 'CAN_USE', servicePrincipalName: s.team.identities.principalOf('troubleshooter').name },
      ]);
    });
    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'DAC-CP5',
        path: 'dev/compute/policy-spark-interactive/permissions',
        message: expect.stringMatching(/^2 principals may use one policy/),
      }),
    ]);
  });

  it.each([
    [
      'a token on the provider',
      (s: EnvironmentStack) => (s.node.findChild('databricks') as DatabricksProvider).addOverride('token', 'not-a-reference'),
    ],
    ['a PAT-looking value anywhere', (s: EnvironmentStack) => gold(s).schema.addOverride('comment', 'dapi0123456789abcdef0123456789abcdef')],
  ])('DAC-SC1 flags %s', (_what, tamper) => {
    expect(ids(findingsAfter(tamper))).toEqual(['DAC-SC1']);
  });
});

/** The row owner's policy: the first of the row's policies. */
function ownerPolicy(stack: EnvironmentStack, row: string) {
  return [...stack.team.compute.policies.get(row)!.values()][0].policy;
}

function policyDefinitionOf(stack: EnvironmentStack, row: string): string {
  return ownerPolicy(stack, row).definitionInput as string;
}

describe('suppressions', () => {
  const suppressed = modelFrom(
    (d) =>
      (d.suppressions = [
        {
          rule: 'DAC-CP3',
          resource: 'dev/compute/warehouse-analytics-warehouse',
          reason: 'Demo warehouse runs a 24/7 dashboard for the trade fair.',
        },
      ]),
  );
  const tamper = (s: EnvironmentStack) => s.team.compute.warehouses.get('analytics-warehouse')!.endpoint.addOverride('auto_stop_mins', 0);

  it('keeps a suppressed finding with its reason but fails nothing', () => {
    const stack = addEnvironmentStacks(Testing.app(), suppressed).find((s) => s.node.id === 'dev') as EnvironmentStack;
    tamper(stack);
    expect(stack.team.guardrails.findings()).toEqual([
      expect.objectContaining({ rule: 'DAC-CP3', suppressedBecause: 'Demo warehouse runs a 24/7 dashboard for the trade fair.' }),
    ]);
    expect(stack.team.guardrails.errors()).toEqual([]);
  });

  it('lists suppressions in CONTRACT.md', () => {
    const text = renderContract(teamOf(suppressed, 'dev'));
    expect(text).toContain('| DAC-CP3 | `dev/compute/warehouse-analytics-warehouse` | Demo warehouse runs a 24/7 dashboard for the trade fair. |');
  });
});

describe('synth', () => {
  it('fails with the rule id, the resource path and the fix, and writes nothing', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'agent-contract-guard-'));
    // A model cannot express a violation (validation refuses it), so tamper the way an escape hatch would.
    const built = buildApp(reference, { outdir });
    built.stacks[0].team.compute.warehouses.get('analytics-warehouse')!.endpoint.addOverride('auto_stop_mins', 0);
    let error: unknown;
    try {
      synthBuilt(built);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GuardrailError);
    expect((error as Error).message).toMatch(/DAC-CP3 dev\/compute\/warehouse-analytics-warehouse\/warehouse: auto_stop_mins is unset or 0/);
    expect(existsSync(join(outdir, 'stacks/dev/cdk.tf.json'))).toBe(false);
  });
});
