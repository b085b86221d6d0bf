// cdk-nag-style tests of the guardrail pack: for every rule, a compliant case (the reference stacks, where the rule
// must apply to something) and each non-compliant case, one rule at a time. Most cases feed a small Terraform JSON
// through `evaluate` (the real rule context: principals, grouping, references); the rules that compare against
// the model's derivation are fed the synthesized stacks, tampered the way an escape hatch would.
import { Testing, TerraformStack } from 'cdktf';
import type { Grants } from '@cdktf/provider-databricks/lib/grants';
import { DEPLOYER } from '../src/access/derive';
import { addEnvironmentStacks } from '../src/app';
import type { EnvironmentStack } from '../src/constructs/environment-stack';
import { type TeamModel } from '../src/model/types';
import { evaluate, type Finding } from '../src/rules/evaluate';
import type { GuardrailsProps } from '../src/rules/guardrails';
import { GUARDRAILS } from '../src/rules/pack';
import type { GuardrailRule, Verdict } from '../src/rules/rule';
import { catalogUseOnly } from '../src/rules/catalog-use-only';
import { jobIdentity } from '../src/rules/job-identity';
import { noAllPrivileges } from '../src/rules/no-all-privileges';
import { noBroadPrincipals } from '../src/rules/no-broad-principals';
import { noSecrets } from '../src/rules/no-secrets';
import { noSharedFolders } from '../src/rules/no-shared-folders';
import { codeWriters } from '../src/rules/code-writers';
import { noTemplateInjection } from '../src/rules/no-template-injection';
import { oneGrantsPerSecurable } from '../src/rules/one-grants-per-securable';
import { pipelineOwnerIsRunAs } from '../src/rules/pipeline-owner';
import { pipelineSettings } from '../src/rules/pipeline-settings';
import { interactiveAutoTermination, runClustersWithoutAutoTermination } from '../src/rules/policy-auto-termination';
import { policyHasOnePermissions } from '../src/rules/policy-permissions';
import { policyForOneAgent } from '../src/rules/policy-single-user';
import { noForceDestroy, protectedStateful } from '../src/rules/protection';
import { tableSafety } from '../src/rules/table-safety';
import { warehouseAutoStops } from '../src/rules/warehouse-auto-stop';
import { writesOnlyForWriters } from '../src/rules/writes-only-for-writers';
import { volumeWriters } from '../src/rules/volume-writers';
import { alertObservers } from '../src/rules/alert-observers';
import { monitorOutputSchema } from '../src/rules/monitor-output-schema';
import { modelFrom, type Data, teamOf } from './helpers';

const reference = modelFrom();

/** Principal names as a stack would write them, for the agents these tests name. */
const APP = {
  orchestrator: 'app-orchestrator',
  'sql-analyst': 'app-sql-analyst',
  'spark-developer': 'app-spark-developer',
  'unity-catalog-admin': 'app-unity-catalog-admin',
  'workspace-admin': 'app-workspace-admin',
  [DEPLOYER]: 'app-deployer',
} as const;

type Block = Record<string, Record<string, Data>>;
interface Plan {
  resource?: Block;
  data?: Block;
  provider?: Record<string, Data[]>;
  terraform?: Data;
}

/** A plan of `[type, id, config]` resources. */
function plan(...resources: [type: string, id: string, config: Data][]): Plan {
  const resource: Block = {};
  for (const [type, id, config] of resources) (resource[type] ??= {})[id] = config;
  return { resource };
}

/** The findings of `rule` alone over `json` as stack `env` of `model`, with the principals above. */
function findingsOf(rule: GuardrailRule, json: Plan, env: 'dev' | 'prod' = 'dev', model: TeamModel = reference): Finding[] {
  const stack = new TerraformStack(Testing.app(), env);
  return evaluate(stack, json as Record<string, unknown>, {
    team: teamOf(model, env),
    principals: new Map(Object.entries(APP)),
    rules: [rule],
  });
}
const messagesOf = (rule: GuardrailRule, json: Plan, env: 'dev' | 'prod' = 'dev', model: TeamModel = reference) =>
  findingsOf(rule, json, env, model).map((finding) => finding.message);

/** The synthesized stack `env` of `model` after `tamper`. */
function stackOf(env: 'dev' | 'prod', tamper: (stack: EnvironmentStack) => void = () => undefined, model: TeamModel = reference): EnvironmentStack {
  const stack = addEnvironmentStacks(Testing.app(), model).find((candidate) => candidate.node.id === env)!;
  tamper(stack);
  return stack;
}

/**
 * `rule` alone over a synthesized stack, with the props the stack gives its own guardrails (principals resolved from
 * its identities, the securables it declared), and every verdict the rule returned.
 */
function evaluateStack(rule: GuardrailRule, stack: EnvironmentStack): { findings: Finding[]; verdicts: Verdict[] } {
  // The stack's own evaluation props: Guardrails keeps them private, and they are exactly what synth checks with.
  const { teamPaths, ...props } = (stack.team.guardrails as unknown as { props: GuardrailsProps }).props;
  const verdicts: Verdict[] = [];
  const spy: GuardrailRule = {
    ...rule,
    check: (element, context) => {
      const verdict = rule.check(element, context);
      verdicts.push(verdict);
      return verdict;
    },
  };
  const json = stack.toTerraform() as Record<string, unknown>;
  return { findings: evaluate(stack, json, { ...props, teamPaths: teamPaths?.(), rules: [spy] }), verdicts };
}

describe('every rule of the pack', () => {
  // Which rules this file covers with non-compliant cases: a rule added to the pack must get its own describe block.
  const TESTED = [
    noAllPrivileges,
    writesOnlyForWriters,
    catalogUseOnly,
    noBroadPrincipals,
    oneGrantsPerSecurable,
    interactiveAutoTermination,
    runClustersWithoutAutoTermination,
    warehouseAutoStops,
    policyHasOnePermissions,
    policyForOneAgent,
    tableSafety,
    protectedStateful,
    noForceDestroy,
    pipelineSettings,
    pipelineOwnerIsRunAs,
    jobIdentity,
    noSharedFolders,
    codeWriters,
    noSecrets,
    noTemplateInjection,
    volumeWriters,
    alertObservers,
    monitorOutputSchema,
  ];

  it('has non-compliant cases in this file', () => {
    expect(GUARDRAILS.map((rule) => rule.id).sort()).toEqual(TESTED.map((rule) => rule.id).sort());
  });

  it.each(GUARDRAILS.map((rule) => [rule.id, rule] as const))('%s has a summary', (_id, rule) => {
    expect(rule.summary.length).toBeGreaterThan(10);
  });

  const stacks = { dev: stackOf('dev'), prod: stackOf('prod') };
  it.each(GUARDRAILS.map((rule) => [rule.id, rule] as const))(
    '%s finds the reference dev and prod stacks compliant, and applies to something there',
    (_id, rule) => {
      const results = [evaluateStack(rule, stacks.dev), evaluateStack(rule, stacks.prod)];
      expect(results.flatMap((result) => result.findings)).toEqual([]);
      // Not vacuous: some element of the reference stacks is one the rule judged compliant. DAC-PR2 applies only where
      // force_destroy is written, and the reference stacks write none: its compliant case is below.
      const compliant = results.flatMap((result) => result.verdicts).filter((verdict) => verdict.status === 'compliant').length;
      if (rule.id === 'DAC-PR2') expect(compliant).toBe(0);
      else expect(compliant).toBeGreaterThan(0);
    },
  );
});

describe('DAC-UC1 no ALL_PRIVILEGES', () => {
  it('is compliant with explicit privileges', () => {
    expect(
      messagesOf(
        noAllPrivileges,
        plan(['databricks_grants', 'g', { schema: 'c.s', grant: [{ principal: APP.orchestrator, privileges: ['USE_SCHEMA', 'SELECT'] }] }]),
      ),
    ).toEqual([]);
  });

  it('flags ALL_PRIVILEGES in databricks_grants, naming the agent', () => {
    // ALL_PRIVILEGES comes back expanded from the server: permanent drift (provider #3450, DATABRICKS.md "Grants").
    const json = plan([
      'databricks_grants',
      'g',
      {
        schema: 'c.s',
        grant: [
          { principal: APP.orchestrator, privileges: ['ALL_PRIVILEGES'] },
          { principal: APP['sql-analyst'], privileges: ['SELECT'] },
        ],
      },
    ]);
    expect(findingsOf(noAllPrivileges, json)).toEqual([
      {
        rule: 'DAC-UC1',
        path: 'dev/g',
        message: "orchestrator is granted ALL_PRIVILEGES: grant the model's read or write set instead",
        suppressedBecause: undefined,
      },
    ]);
  });

  it('flags ALL_PRIVILEGES in a databricks_grant, naming a principal the model does not know as written', () => {
    const json = plan(['databricks_grant', 'g', { table: 'c.s.t', principal: 'someone@example.com', privileges: ['ALL_PRIVILEGES'] }]);
    expect(messagesOf(noAllPrivileges, json)).toEqual(["someone@example.com is granted ALL_PRIVILEGES: grant the model's read or write set instead"]);
  });

  it('does not apply to other resources', () => {
    expect(messagesOf(noAllPrivileges, plan(['databricks_permissions', 'p', { access_control: [{ privileges: ['ALL_PRIVILEGES'] }] }]))).toEqual([]);
  });
});

describe('DAC-UC2 writes only for writers', () => {
  // MODIFY and CREATE_* are the write set of a schema; readers hold USE_SCHEMA + SELECT (DATABRICKS.md "Grants", minimal sets).
  const goldGrants = (stack: EnvironmentStack) =>
    stack.team.unityCatalog.schemas.get('gold')!.node.findChild('grants').node.findChild('grants') as Grants;
  const uc2 = (tamper: (stack: EnvironmentStack) => void) =>
    evaluateStack(writesOnlyForWriters, stackOf('dev', tamper)).findings.map((f) => f.message);

  it("is compliant with the model's write set for the schema's owner and writers", () => {
    expect(uc2(() => undefined)).toEqual([]);
  });

  it('flags a write privilege for a reader, naming the agent and the privilege', () => {
    const messages = uc2((s) =>
      goldGrants(s).addOverride('grant', [
        { principal: s.team.identities.principalOf('orchestrator').name, privileges: ['USE_SCHEMA', 'SELECT', 'MODIFY', 'CREATE_TABLE'] },
      ]),
    );
    expect(messages).toEqual([
      "orchestrator holds MODIFY, CREATE_TABLE but is not an owner or writer of this securable in the model: add it to the schema's writers or remove the grant",
    ]);
  });

  it('flags a write privilege for a principal that is no agent, as written', () => {
    const messages = uc2((s) => goldGrants(s).addOverride('grant', [{ principal: 'contractors', privileges: ['USE_SCHEMA', 'MODIFY'] }]));
    expect(messages).toEqual([expect.stringMatching(/^contractors holds MODIFY but is not an owner or writer/)]);
  });

  it('lets anyone keep read privileges', () => {
    expect(uc2((s) => goldGrants(s).addOverride('grant', [{ principal: 'contractors', privileges: ['USE_SCHEMA', 'SELECT'] }]))).toEqual([]);
  });

  it('flags a write privilege on a securable the team did not declare, in databricks_grant as in databricks_grants', () => {
    const json = plan(
      ['databricks_grant', 'single', { schema: 'lakehouse_dev.scratch', principal: APP['sql-analyst'], privileges: ['USE_SCHEMA', 'MODIFY'] }],
      [
        'databricks_grants',
        'many',
        { table: 'lakehouse_dev.scratch.t', grant: [{ principal: APP['sql-analyst'], privileges: ['SELECT', 'MODIFY'] }] },
      ],
    );
    expect(findingsOf(writesOnlyForWriters, json).map((f) => [f.path, f.message.split(' but ')[0]])).toEqual([
      ['dev/single', 'sql-analyst holds MODIFY'],
      ['dev/many', 'sql-analyst holds MODIFY'],
    ]);
  });
});

describe('DAC-UC3 catalog grants: USE_CATALOG only', () => {
  const catalog = (...grant: { principal: string; privileges: string[] }[]) =>
    plan(['databricks_grants', 'catalog', { catalog: 'lakehouse_dev', grant }]);

  it('lets agents hold USE_CATALOG, the deployer USE_CATALOG, CREATE_SCHEMA and MANAGE, and the catalog owner MANAGE', () => {
    // MANAGE does not flow down to the schemas; other catalog privileges do (DATABRICKS.md "Grants", privileges table).
    const json = catalog(
      { principal: APP.orchestrator, privileges: ['USE_CATALOG'] },
      { principal: APP[DEPLOYER], privileges: ['USE_CATALOG', 'CREATE_SCHEMA', 'MANAGE'] },
      { principal: APP['unity-catalog-admin'], privileges: ['USE_CATALOG', 'MANAGE'] },
    );
    expect(reference.catalog.owner).toBe('unity-catalog-admin');
    expect(messagesOf(catalogUseOnly, json)).toEqual([]);
  });

  it.each([
    ['an agent with SELECT', APP['sql-analyst'], ['USE_CATALOG', 'SELECT'], 'sql-analyst holds SELECT'],
    ['an agent that is not the catalog owner with MANAGE', APP.orchestrator, ['USE_CATALOG', 'MANAGE'], 'orchestrator holds MANAGE'],
    ['the catalog owner with CREATE_SCHEMA', APP['unity-catalog-admin'], ['USE_CATALOG', 'CREATE_SCHEMA'], 'unity-catalog-admin holds CREATE_SCHEMA'],
    ['the deployer with MODIFY', APP[DEPLOYER], ['USE_CATALOG', 'MODIFY'], 'the deploying identity holds MODIFY'],
    ['a principal that is no agent', 'analysts', ['USE_CATALOG', 'USE_SCHEMA', 'SELECT'], 'analysts holds USE_SCHEMA, SELECT'],
  ])('flags %s, which flows down to every schema', (_what, principal, privileges, start) => {
    expect(messagesOf(catalogUseOnly, catalog({ principal, privileges }))).toEqual([
      `${start} on the catalog, which flows down to every schema: grant it on the schema instead`,
    ]);
  });

  it('flags a databricks_grant on the catalog too', () => {
    expect(
      messagesOf(
        catalogUseOnly,
        plan(['databricks_grant', 'single', { catalog: 'lakehouse_dev', principal: APP.orchestrator, privileges: ['USE_CATALOG', 'SELECT'] }]),
      ),
    ).toEqual(['orchestrator holds SELECT on the catalog, which flows down to every schema: grant it on the schema instead']);
  });

  it('does not apply to schema grants', () => {
    expect(
      messagesOf(
        catalogUseOnly,
        plan(['databricks_grants', 's', { schema: 'lakehouse_dev.gold', grant: [{ principal: APP.orchestrator, privileges: ['SELECT'] }] }]),
      ),
    ).toEqual([]);
  });
});

describe('DAC-UC4 no broad principals', () => {
  it('is compliant with agent principals', () => {
    expect(
      messagesOf(
        noBroadPrincipals,
        plan(['databricks_grants', 'g', { schema: 'c.s', grant: [{ principal: APP.orchestrator, privileges: ['SELECT'] }] }]),
      ),
    ).toEqual([]);
  });

  // 'users' and 'admins' are the workspace's built-in groups, every principal is in 'users' (DATABRICKS.md "Identity,
  // isolation"); 'account users' is the account-wide group (Databricks docs, "Manage groups").
  it.each(['users', 'account users', 'admins', 'Account Users'])('flags a databricks_grants entry for %s', (principal) => {
    const json = plan(['databricks_grants', 'g', { schema: 'c.s', grant: [{ principal, privileges: ['SELECT'] }] }]);
    expect(messagesOf(noBroadPrincipals, json)).toEqual([
      `'${principal}' is granted access: grant the agents' principals instead, or suppress DAC-UC4 in the model with a reason`,
    ]);
  });

  // An access_control entry names a group by group_name (Go SDK iam.AccessControlRequest.GroupName).
  it.each(['users', 'Admins', 'account users'])('flags a databricks_permissions entry for the group %s', (group) => {
    const json = plan([
      'databricks_permissions',
      'p',
      {
        job_id: '1',
        access_control: [
          { group_name: group, permission_level: 'CAN_MANAGE' },
          { service_principal_name: APP.orchestrator, permission_level: 'IS_OWNER' },
        ],
      },
    ]);
    expect(messagesOf(noBroadPrincipals, json)).toEqual([
      `'${group}' holds CAN_MANAGE: give it to the agents' principals instead, or suppress DAC-UC4 in the model with a reason`,
    ]);
  });

  it('flags a databricks_grant for users', () => {
    expect(
      messagesOf(noBroadPrincipals, plan(['databricks_grant', 'g', { schema: 'c.s', principal: 'users', privileges: ['SELECT'] }])),
    ).toHaveLength(1);
  });
});

describe('DAC-UC5 one grants resource per securable', () => {
  const grants = (schema: string) => ({ schema, grant: [{ principal: APP.orchestrator, privileges: ['SELECT'] }] });

  it('is compliant with one databricks_grants per securable', () => {
    expect(messagesOf(oneGrantsPerSecurable, plan(['databricks_grants', 'a', grants('c.one')], ['databricks_grants', 'b', grants('c.two')]))).toEqual(
      [],
    );
  });

  it('flags both of two databricks_grants on one securable, each naming the other', () => {
    // Two authoritative grants resources undo each other on every apply (provider #2216, DATABRICKS.md "Grants").
    const findings = findingsOf(
      oneGrantsPerSecurable,
      plan(['databricks_grants', 'a', grants('c.one')], ['databricks_grants', 'b', grants('c.one')]),
    );
    expect(findings.map((f) => [f.path, f.message])).toEqual([
      ['dev/a', 'dev/b (databricks_grants) also manages grants on schema:c.one: list every principal in one databricks_grants'],
      ['dev/b', 'dev/a (databricks_grants) also manages grants on schema:c.one: list every principal in one databricks_grants'],
    ]);
  });

  it('flags databricks_grant beside databricks_grants on one securable', () => {
    const json = plan(
      ['databricks_grants', 'a', grants('c.one')],
      ['databricks_grant', 'single', { schema: 'c.one', principal: APP['sql-analyst'], privileges: ['SELECT'] }],
    );
    expect(findingsOf(oneGrantsPerSecurable, json).map((f) => f.path)).toEqual(['dev/a', 'dev/single']);
  });

  it('tells securable kinds apart: a schema and a table of the same name are two securables', () => {
    const json = plan(['databricks_grants', 'a', grants('c.x')], ['databricks_grants', 'b', { table: 'c.x', grant: [] }]);
    expect(messagesOf(oneGrantsPerSecurable, json)).toEqual([]);
  });

  it('ignores a grants element that names no securable it knows', () => {
    expect(messagesOf(oneGrantsPerSecurable, plan(['databricks_grants', 'a', { grant: [] }], ['databricks_grants', 'b', { grant: [] }]))).toEqual([]);
  });
});

const policy = (definition: unknown) => ({ name: 'p', definition: typeof definition === 'string' ? definition : JSON.stringify(definition) });
const fixedMinutes = (value: number) => ({ type: 'fixed', value, hidden: true });

describe('DAC-CP1 interactive auto-termination', () => {
  it.each([10, 60, 1440])('is compliant with a fixed %i minutes', (value) => {
    expect(
      messagesOf(
        interactiveAutoTermination,
        plan([
          'databricks_cluster_policy',
          'p',
          policy({ cluster_type: { type: 'fixed', value: 'all-purpose' }, autotermination_minutes: fixedMinutes(value) }),
        ]),
      ),
    ).toEqual([]);
  });

  it.each([
    ['a definition that is not JSON', '{not json', 'the definition is not JSON: generate it from the model'],
    ['no autotermination_minutes', {}, "autotermination_minutes is not fixed: fix it to the compute row's autoTerminateMinutes"],
    ['a range', { autotermination_minutes: { type: 'range', minValue: 10, maxValue: 60 } }, 'autotermination_minutes is not fixed'],
    ['a fixed non-number', { autotermination_minutes: { type: 'fixed', value: '60' } }, 'autotermination_minutes is not fixed'],
    // 0 means never terminate (DATABRICKS.md "Cluster policies").
    ['0 minutes (never)', { autotermination_minutes: fixedMinutes(0) }, 'autotermination_minutes is 0: fix it within 10–1440'],
    ['9 minutes', { autotermination_minutes: fixedMinutes(9) }, 'autotermination_minutes is 9: fix it within 10–1440'],
    ['1441 minutes', { autotermination_minutes: fixedMinutes(1441) }, 'autotermination_minutes is 1441: fix it within 10–1440'],
  ])('flags %s on an all-purpose or GPU policy', (_what, definition, message) => {
    expect(messagesOf(interactiveAutoTermination, plan(['databricks_cluster_policy', 'p', policy(definition)]))).toEqual([
      expect.stringContaining(message),
    ]);
  });

  it.each(['job', 'dlt'])('leaves %s policies to DAC-CP2', (type) => {
    expect(
      messagesOf(interactiveAutoTermination, plan(['databricks_cluster_policy', 'p', policy({ cluster_type: { type: 'fixed', value: type } })])),
    ).toEqual([]);
  });
});

describe('DAC-CP2 no auto-termination on job and DLT policies', () => {
  it('is compliant with a job policy without autotermination_minutes', () => {
    expect(
      messagesOf(
        runClustersWithoutAutoTermination,
        plan(['databricks_cluster_policy', 'p', policy({ cluster_type: { type: 'fixed', value: 'job' } })]),
      ),
    ).toEqual([]);
  });

  it.each(['job', 'dlt'])('flags autotermination_minutes on a %s policy', (type) => {
    // Job clusters do not support autotermination_minutes (DATABRICKS.md "Cluster policies").
    const json = plan([
      'databricks_cluster_policy',
      'p',
      policy({ cluster_type: { type: 'fixed', value: type }, autotermination_minutes: fixedMinutes(30) }),
    ]);
    expect(messagesOf(runClustersWithoutAutoTermination, json)).toEqual([
      'job and DLT clusters reject autotermination_minutes: remove it from the policy',
    ]);
  });

  it('does not apply to all-purpose policies or to a definition that is not JSON (DAC-CP1 reports that)', () => {
    expect(
      messagesOf(runClustersWithoutAutoTermination, plan(['databricks_cluster_policy', 'p', policy({ autotermination_minutes: fixedMinutes(30) })])),
    ).toEqual([]);
    expect(messagesOf(runClustersWithoutAutoTermination, plan(['databricks_cluster_policy', 'p', policy('{not json')]))).toEqual([]);
  });
});

describe('DAC-CP3 warehouses auto-stop', () => {
  // auto_stop_mins defaults to 120, 0 disables it; classic and pro warehouses need 0 or >= 10 (DATABRICKS.md "Jobs and SQL warehouses").
  it.each([
    ['a classic warehouse stopping after 10 minutes', { auto_stop_mins: 10, enable_serverless_compute: false }],
    ['a serverless warehouse stopping after 5 minutes', { auto_stop_mins: 5, enable_serverless_compute: true }],
  ])('is compliant with %s', (_what, config) => {
    expect(messagesOf(warehouseAutoStops, plan(['databricks_sql_endpoint', 'w', { name: 'w', ...config }]))).toEqual([]);
  });

  it.each([
    ['no auto_stop_mins (the default, 120, would apply)', {}],
    ['auto_stop_mins 0 (never stops)', { auto_stop_mins: 0 }],
    ['a negative auto_stop_mins', { auto_stop_mins: -1 }],
  ])('flags %s', (_what, config) => {
    expect(messagesOf(warehouseAutoStops, plan(['databricks_sql_endpoint', 'w', { name: 'w', ...config }]))).toEqual([
      "auto_stop_mins is unset or 0 (never stops; the default is 120): set the row's autoTerminateMinutes",
    ]);
  });

  it('flags a classic warehouse stopping after fewer than 10 minutes', () => {
    expect(messagesOf(warehouseAutoStops, plan(['databricks_sql_endpoint', 'w', { name: 'w', auto_stop_mins: 5 }]))).toEqual([
      'auto_stop_mins is 5: classic and pro warehouses need 0 or at least 10',
    ]);
  });
});

const POLICY_REF = '${databricks_cluster_policy.p.id}';
const canUse = (principal: string) => ({ permission_level: 'CAN_USE', service_principal_name: principal });

describe('DAC-CP4 one permissions resource per policy', () => {
  // databricks_permissions with cluster_policy_id takes only CAN_USE, and is authoritative (DATABRICKS.md "Cluster policies").
  const policyPlan = (...permissions: Data[]) =>
    plan(
      ['databricks_cluster_policy', 'p', policy({})],
      ...permissions.map((config, i): [string, string, Data] => ['databricks_permissions', `acl${i}`, config]),
    );

  it('is compliant with exactly one', () => {
    expect(
      messagesOf(policyHasOnePermissions, policyPlan({ cluster_policy_id: POLICY_REF, access_control: [canUse(APP['spark-developer'])] })),
    ).toEqual([]);
  });

  it('flags a policy nobody may use', () => {
    expect(messagesOf(policyHasOnePermissions, policyPlan())).toEqual([
      "nobody is given CAN_USE: add one databricks_permissions listing the row's agents",
    ]);
  });

  it('flags two permissions resources on one policy', () => {
    const acl = { cluster_policy_id: POLICY_REF, access_control: [canUse(APP['spark-developer'])] };
    expect(messagesOf(policyHasOnePermissions, policyPlan(acl, acl))).toEqual(['2 permissions resources fight over this policy: keep one']);
  });

  it('counts only permissions that reference this policy', () => {
    const other = { cluster_policy_id: '${databricks_cluster_policy.other.id}', access_control: [canUse(APP['spark-developer'])] };
    expect(messagesOf(policyHasOnePermissions, policyPlan(other))).toEqual([expect.stringMatching(/^nobody is given CAN_USE/)]);
  });
});

describe('DAC-CP5 a policy for one agent', () => {
  // A policy fixes custom_tags.<Key> to one value, so its owner tag can name one agent (DATABRICKS.md "Cluster policies").
  it('is compliant with one CAN_USE entry', () => {
    expect(
      messagesOf(
        policyForOneAgent,
        plan(['databricks_permissions', 'acl', { cluster_policy_id: POLICY_REF, access_control: [canUse(APP['spark-developer'])] }]),
      ),
    ).toEqual([]);
  });

  it('flags two principals on one policy', () => {
    const json = plan([
      'databricks_permissions',
      'acl',
      { cluster_policy_id: POLICY_REF, access_control: [canUse(APP['spark-developer']), canUse(APP.orchestrator)] },
    ]);
    expect(messagesOf(policyForOneAgent, json)).toEqual([
      '2 principals may use one policy, whose fixed owner tag then names only one of them: give each agent its own policy',
    ]);
  });

  it('does not apply to permissions on other objects', () => {
    const json = plan(['databricks_permissions', 'acl', { job_id: '${databricks_job.j.id}', access_control: [canUse('a'), canUse('b')] }]);
    expect(messagesOf(policyForOneAgent, json)).toEqual([]);
  });
});

describe('DAC-TB1 table safety', () => {
  const table = (config: Data) =>
    plan([
      'databricks_sql_table',
      't',
      {
        name: 't',
        table_type: 'MANAGED',
        warehouse_id: '${databricks_sql_endpoint.w.id}',
        properties: { 'delta.enableChangeDataFeed': 'true' },
        ...config,
      },
    ]);

  it('is compliant with a warehouse, Change Data Feed on and no data_source_format', () => {
    expect(messagesOf(tableSafety, table({}))).toEqual([]);
  });

  it('lets an external table declare DELTA', () => {
    expect(messagesOf(tableSafety, table({ table_type: 'EXTERNAL', data_source_format: 'DELTA' }))).toEqual([]);
  });

  it.each([
    // With neither warehouse_id nor cluster_id the provider starts its own cluster (DATABRICKS.md "Tables").
    ['no warehouse_id', { warehouse_id: undefined }, /^no warehouse_id: without one the provider starts its own cluster/],
    // Properties compare as exact strings: "true", lowercase (DATABRICKS.md "Tables").
    ['CDF spelled TRUE', { properties: { 'delta.enableChangeDataFeed': 'TRUE' } }, /^delta\.enableChangeDataFeed is not "true"/],
    ['no properties at all', { properties: undefined }, /^delta\.enableChangeDataFeed is not "true"/],
    // DELTA on a managed table makes creation run CREATE OR REPLACE TABLE (DATABRICKS.md "Tables").
    [
      'data_source_format delta on a managed table',
      { data_source_format: 'delta' },
      /^data_source_format DELTA on a managed table makes creation run CREATE OR REPLACE TABLE/,
    ],
  ])('flags %s', (_what, config, message) => {
    expect(messagesOf(tableSafety, table(config))).toEqual([expect.stringMatching(message)]);
  });

  it('reports every problem of one table at once', () => {
    expect(messagesOf(tableSafety, table({ warehouse_id: undefined, properties: undefined, data_source_format: 'DELTA' }))).toHaveLength(3);
  });
});

describe('DAC-PR1 prevent_destroy in protected environments', () => {
  const schema = (lifecycle?: Data) =>
    plan(['databricks_schema', 's', { name: 'gold', catalog_name: 'lakehouse_prod', ...(lifecycle ? { lifecycle } : {}) }]);

  it('is compliant with prevent_destroy in prod', () => {
    expect(messagesOf(protectedStateful, schema({ prevent_destroy: true }), 'prod')).toEqual([]);
  });

  it('flags a schema without prevent_destroy in prod, and not in dev', () => {
    // Destroying a schema's resource loses its tables (DATABRICKS.md "What loses data or access").
    expect(messagesOf(protectedStateful, schema(), 'prod')).toEqual([
      "databricks_schema in protected environment 'prod' lacks prevent_destroy: destroying it loses data",
    ]);
    expect(messagesOf(protectedStateful, schema({ prevent_destroy: false }), 'prod')).toHaveLength(1);
    expect(messagesOf(protectedStateful, schema(), 'dev')).toEqual([]);
  });

  it.each(['databricks_catalog', 'databricks_sql_table', 'databricks_registered_model', 'databricks_pipeline'])(
    'flags a %s without prevent_destroy in prod',
    (type) => {
      expect(messagesOf(protectedStateful, plan([type, 'x', { name: 'x' }]), 'prod')).toEqual([
        expect.stringMatching(new RegExp(`^${type} in protected environment 'prod' lacks prevent_destroy`)),
      ]);
    },
  );

  it('does not apply to stateless resources', () => {
    expect(messagesOf(protectedStateful, plan(['databricks_grants', 'g', { schema: 'c.s', grant: [] }]), 'prod')).toEqual([]);
  });
});

describe('DAC-PR2 no force_destroy', () => {
  it('is compliant with force_destroy false or absent', () => {
    expect(
      messagesOf(noForceDestroy, plan(['databricks_catalog', 'c', { name: 'c', force_destroy: false }], ['databricks_schema', 's', { name: 's' }])),
    ).toEqual([]);
  });

  it('flags force_destroy true', () => {
    // force_destroy on a catalog or schema cascades the delete to everything inside (DATABRICKS.md "What loses data or access").
    expect(findingsOf(noForceDestroy, plan(['databricks_schema', 's', { name: 's', force_destroy: true }]))).toEqual([
      expect.objectContaining({ rule: 'DAC-PR2', path: 'dev/s', message: 'force_destroy cascades a delete to everything inside: remove it' }),
    ]);
  });
});

describe('DAC-PL1 pipeline settings', () => {
  const RUN_AS = { service_principal_name: APP['spark-developer'] };
  const pipeline = (config: Data) =>
    plan(['databricks_pipeline', 'p', { name: 'p', catalog: 'lakehouse_dev', schema: 'silver', development: true, run_as: RUN_AS, ...config }]);

  it('is compliant with catalog + schema, development matching the environment and run_as', () => {
    expect(messagesOf(pipelineSettings, pipeline({}))).toEqual([]);
    expect(messagesOf(pipelineSettings, pipeline({ development: false }), 'prod')).toEqual([]);
    // development defaults to false (DATABRICKS.md "Pipelines"): leaving it out is production mode.
    expect(messagesOf(pipelineSettings, pipeline({ development: undefined }), 'prod')).toEqual([]);
  });

  it.each([
    // Publish with catalog + schema; target is legacy and conflicts with schema (DATABRICKS.md "Pipelines").
    ['no catalog', { catalog: undefined }, 'catalog and schema are not both set: publish to Unity Catalog with catalog + schema'],
    ['no schema', { schema: undefined }, 'catalog and schema are not both set: publish to Unity Catalog with catalog + schema'],
    ['the legacy target', { target: 'silver' }, 'target is legacy and conflicts with schema: remove it'],
    ['production mode in dev', { development: false }, "development is false in 'dev': it must be true there"],
    ['development left out in dev', { development: undefined }, "development is false in 'dev': it must be true there"],
    ['no run_as', { run_as: undefined }, "run_as is not set: run as the owner agent's service principal"],
    ['a run_as without a service principal', { run_as: {} }, "run_as is not set: run as the owner agent's service principal"],
  ])('flags %s', (_what, config, message) => {
    expect(messagesOf(pipelineSettings, pipeline(config))).toEqual([message]);
  });

  it('flags development mode in prod', () => {
    expect(messagesOf(pipelineSettings, pipeline({ development: true }), 'prod')).toEqual(["development is true in 'prod': it must be false there"]);
  });

  it("follows the environment's explicit pipelineDevelopment", () => {
    const devInProd = modelFrom((d) => (d.environments.prod.pipelineDevelopment = true));
    expect(messagesOf(pipelineSettings, pipeline({ development: true }), 'prod', devInProd)).toEqual([]);
  });
});

describe('DAC-PL2 pipeline owner is its run_as', () => {
  const RUN_AS = APP['spark-developer'];
  const PIPELINE_REF = '${databricks_pipeline.p.id}';
  const withAcls = (...acls: Data[][]) =>
    plan(
      ['databricks_pipeline', 'p', { name: 'p', run_as: { service_principal_name: RUN_AS } }],
      ...acls.map((access_control, i): [string, string, Data] => [
        'databricks_permissions',
        `acl${i}`,
        { pipeline_id: PIPELINE_REF, access_control },
      ]),
    );

  it('is compliant when the run_as principal is the only IS_OWNER', () => {
    expect(
      messagesOf(
        pipelineOwnerIsRunAs,
        withAcls([
          { permission_level: 'IS_OWNER', service_principal_name: RUN_AS },
          { permission_level: 'CAN_VIEW', group_name: 'data-team' },
        ]),
      ),
    ).toEqual([]);
  });

  it('leaves a pipeline without run_as to DAC-PL1', () => {
    expect(messagesOf(pipelineOwnerIsRunAs, plan(['databricks_pipeline', 'p', { name: 'p' }]))).toEqual([]);
  });

  // Without an IS_OWNER entry the applying identity becomes the owner and the pipeline runs as it
  // (permissions/resource_permissions.go addOwnerPermissionIfNeeded, DATABRICKS.md "Pipelines").
  it('flags a pipeline without permissions', () => {
    expect(messagesOf(pipelineOwnerIsRunAs, withAcls())).toEqual([
      'no databricks_permissions: whoever applies becomes the owner and the pipeline runs as them; add one with the run_as principal as IS_OWNER',
    ]);
  });

  it('flags two permissions resources on one pipeline', () => {
    const acl = [{ permission_level: 'IS_OWNER', service_principal_name: RUN_AS }];
    expect(messagesOf(pipelineOwnerIsRunAs, withAcls(acl, acl))).toEqual(['2 permissions resources fight over this pipeline: keep one']);
  });

  it.each([
    ['no IS_OWNER', [{ permission_level: 'CAN_MANAGE', service_principal_name: RUN_AS }]],
    ['another service principal as IS_OWNER', [{ permission_level: 'IS_OWNER', service_principal_name: APP.orchestrator }]],
    ['a group as IS_OWNER', [{ permission_level: 'IS_OWNER', group_name: 'data-team' }]],
    [
      'two IS_OWNER entries',
      [
        { permission_level: 'IS_OWNER', service_principal_name: RUN_AS },
        { permission_level: 'IS_OWNER', user_name: 'me@example.com' },
      ],
    ],
  ])('flags %s', (_what, acl) => {
    expect(messagesOf(pipelineOwnerIsRunAs, withAcls(acl))).toEqual([
      'IS_OWNER is not the run_as service principal: the pipeline would run as whoever owns it; make the run_as principal the only IS_OWNER',
    ]);
  });
});

describe('DAC-JB1 job identity', () => {
  const JOB_REF = '${databricks_job.j.id}';
  const job = (runAs: Data, ...acls: Data[][]) =>
    plan(
      ['databricks_job', 'j', { name: 'j', ...(runAs ? { run_as: runAs } : {}) }],
      ...acls.map((access_control, i): [string, string, Data] => ['databricks_permissions', `acl${i}`, { job_id: JOB_REF, access_control }]),
    );
  const RUN_AS = { service_principal_name: 'app-guard' };
  const ownerAcl = [{ permission_level: 'IS_OWNER', service_principal_name: 'app-guard' }];

  it('is compliant with a run_as service principal or user and one permissions resource', () => {
    expect(messagesOf(jobIdentity, job(RUN_AS, ownerAcl))).toEqual([]);
    expect(messagesOf(jobIdentity, job({ user_name: 'runner@example.com' }, ownerAcl))).toEqual([]);
  });

  it('flags a job without run_as', () => {
    // A job without run_as runs as its owner, the deploying identity (DATABRICKS.md "Serverless compute and the runtime guard").
    expect(messagesOf(jobIdentity, job(undefined, ownerAcl))).toEqual([
      'run_as is not set: the job would run as whoever deployed it; run it as a dedicated service principal',
    ]);
    expect(messagesOf(jobIdentity, job({}, ownerAcl))).toHaveLength(1);
  });

  it('flags a job without permissions, and one with two', () => {
    expect(messagesOf(jobIdentity, job(RUN_AS))).toEqual(['no databricks_permissions: say who may manage, run and view the job']);
    expect(messagesOf(jobIdentity, job(RUN_AS, ownerAcl, ownerAcl))).toEqual(['2 permissions resources fight over this job: keep one']);
  });

  it.each([
    ['CAN_MANAGE', { permission_level: 'CAN_MANAGE', service_principal_name: APP['spark-developer'] }, 'spark-developer'],
    ['IS_OWNER', { permission_level: 'IS_OWNER', service_principal_name: APP.orchestrator }, 'orchestrator'],
  ])('flags an agent other than the workspace admin holding %s in prod only', (level, entry, agent) => {
    const json = job(RUN_AS, [entry]);
    expect(messagesOf(jobIdentity, json, 'prod')).toEqual([
      `${agent} holds ${level} in protected environment 'prod': only workspace-admin may modify production jobs; give it CAN_VIEW or CAN_MANAGE_RUN`,
    ]);
    expect(messagesOf(jobIdentity, json, 'dev')).toEqual([]);
  });

  it('lets the workspace admin manage and other agents run or view jobs in prod', () => {
    const acl = [
      { permission_level: 'CAN_MANAGE', service_principal_name: APP['workspace-admin'] },
      { permission_level: 'CAN_MANAGE_RUN', service_principal_name: APP.orchestrator },
      { permission_level: 'CAN_VIEW', service_principal_name: APP['sql-analyst'] },
    ];
    expect(messagesOf(jobIdentity, job(RUN_AS, acl), 'prod')).toEqual([]);
  });

  it('judges agents by group and user name too', () => {
    const json = job(RUN_AS, [
      { permission_level: 'CAN_MANAGE', group_name: APP.orchestrator },
      { permission_level: 'CAN_MANAGE', user_name: APP['sql-analyst'] },
    ]);
    expect(messagesOf(jobIdentity, json, 'prod')).toEqual([
      expect.stringMatching(/^orchestrator holds CAN_MANAGE/),
      expect.stringMatching(/^sql-analyst holds CAN_MANAGE/),
    ]);
  });
});

describe('DAC-WS2 only the run-as identity writes the code it runs', () => {
  // Folder permissions are inherited by everything below and cannot be narrowed there (DATABRICKS.md "Reviewed again";
  // docs/resources/permissions.md "Folder usage": notebooks in a folder inherit all its permission settings).
  const root = ['databricks_directory', 'root', { path: '/lakehouse-agents' }] as [string, string, Data];
  const folder = ['databricks_directory', 'pipelines', { path: '${databricks_directory.root.path}/pipelines' }] as [string, string, Data];
  const pipeline = (library: Data, runAs: string | null = APP['spark-developer']) =>
    ['databricks_pipeline', 'p', { library: [library], ...(runAs ? { run_as: { service_principal_name: runAs } } : {}) }] as [string, string, Data];
  const acl = (target: Data, ...entries: [level: string, principal: string][]) =>
    [
      'databricks_permissions',
      'acl',
      { ...target, access_control: entries.map(([permission_level, service_principal_name]) => ({ permission_level, service_principal_name })) },
    ] as [string, string, Data];
  const onPipelines = { directory_path: '${databricks_directory.pipelines.path}' };
  const notebook = { notebook: { path: '/lakehouse-agents/pipelines/silver/clean' } };

  it('is compliant when only the run-as identity, the workspace admin and the deployer write, and readers read', () => {
    const entries: [string, string][] = [
      ['CAN_MANAGE', APP['spark-developer']],
      ['CAN_MANAGE', APP['workspace-admin']],
      ['CAN_MANAGE', APP[DEPLOYER]],
      ['CAN_READ', APP['sql-analyst']],
    ];
    expect(messagesOf(codeWriters, plan(root, folder, pipeline(notebook), acl(onPipelines, ...entries)))).toEqual([]);
  });

  it.each(['CAN_EDIT', 'CAN_RUN', 'CAN_MANAGE'])('flags %s for another agent on a folder above a pipeline notebook, with the fix', (level) => {
    expect(messagesOf(codeWriters, plan(root, folder, pipeline(notebook), acl(onPipelines, [level, APP['sql-analyst']])))).toEqual([
      `sql-analyst holds ${level} on '/lakehouse-agents/pipelines', which holds code (notebook '/lakehouse-agents/pipelines/silver/clean') that pipeline dev/p runs as spark-developer: ` +
        'only the run-as identity and the workspace admin may write it; give sql-analyst CAN_READ there, or move the code to a folder only spark-developer writes',
    ]);
  });

  it('counts a folder below a glob include’s base, and the files a glob picks up, but not a sibling folder', () => {
    const glob = { glob: { include: '/lakehouse-agents/pipelines/**' } };
    const below = { directory_path: '/lakehouse-agents/pipelines/bronze/raw' };
    expect(messagesOf(codeWriters, plan(pipeline(glob), acl(below, ['CAN_EDIT', APP.orchestrator])))).toEqual([
      expect.stringMatching(
        /^orchestrator holds CAN_EDIT on '\/lakehouse-agents\/pipelines\/bronze\/raw', which holds code \(glob '\/lakehouse-agents\/pipelines\/\*\*'\)/,
      ),
    ]);
    const file = { workspace_file_path: '/lakehouse-agents/pipelines/x.py' };
    expect(messagesOf(codeWriters, plan(pipeline(glob), acl(file, ['CAN_MANAGE', APP.orchestrator])))).toHaveLength(1);
    const sibling = { directory_path: '/lakehouse-agents/pipelines-old' };
    expect(findingsOf(codeWriters, plan(pipeline(glob), acl(sibling, ['CAN_MANAGE', APP.orchestrator])))).toEqual([]);
  });

  it('flags a notebook’s own permissions and a job’s workspace task files, nested for-each tasks included', () => {
    const job = [
      'databricks_job',
      'j',
      {
        run_as: { user_name: 'runner@example.com' },
        task: [
          { task_key: 'a', spark_python_task: { python_file: '/jobs/a.py' } },
          { task_key: 'b', for_each_task: { task: { task_key: 'c', notebook_task: { notebook_path: '/jobs/c' } } } },
          { task_key: 'd', sql_task: { file: { path: '/jobs/d.sql' } } },
        ],
      },
    ] as [string, string, Data];
    for (const path of ['/jobs/c']) {
      expect(messagesOf(codeWriters, plan(job, acl({ notebook_path: path }, ['CAN_RUN', APP.orchestrator])))).toEqual([
        expect.stringMatching(
          /^orchestrator holds CAN_RUN on '\/jobs\/c', which holds code \(notebook '\/jobs\/c'\) that job dev\/j runs as runner@example\.com:/,
        ),
      ]);
    }
    expect(messagesOf(codeWriters, plan(job, acl({ directory_path: '/jobs' }, ['CAN_EDIT', APP.orchestrator])))).toHaveLength(3);
  });

  it('leaves task files in Git, and code without run_as (DAC-PL1 and DAC-JB1 flag that), alone', () => {
    const fromGit = [
      'databricks_job',
      'j',
      {
        run_as: { service_principal_name: APP['sql-analyst'] },
        git_source: { url: 'https://example.com/repo.git' },
        task: [
          { task_key: 'a', notebook_task: { notebook_path: 'jobs/a' } },
          { task_key: 'b', spark_python_task: { python_file: 'jobs/b.py', source: 'GIT' } },
          { task_key: 'c', sql_task: { file: { path: '/jobs/c.sql', source: 'WORKSPACE' } } },
        ],
      },
    ] as [string, string, Data];
    expect(messagesOf(codeWriters, plan(fromGit, acl({ directory_path: '/jobs' }, ['CAN_EDIT', APP.orchestrator])))).toEqual([
      expect.stringMatching(/\(file '\/jobs\/c\.sql'\) that job dev\/j runs as sql-analyst/),
    ]);
    expect(
      findingsOf(codeWriters, plan(pipeline(notebook, null), acl({ directory_path: '/lakehouse-agents' }, ['CAN_MANAGE', APP.orchestrator]))),
    ).toEqual([]);
  });

  it('places a folder named by the object_id of a directory of the stack, and fails closed on any other id', () => {
    const byId = { directory_id: '${databricks_directory.pipelines.object_id}' };
    expect(messagesOf(codeWriters, plan(root, folder, pipeline(notebook), acl(byId, ['CAN_EDIT', APP.orchestrator])))).toEqual([
      expect.stringMatching(/^orchestrator holds CAN_EDIT on '\/lakehouse-agents\/pipelines', which holds code/),
    ]);
    expect(messagesOf(codeWriters, plan(pipeline(notebook), acl({ notebook_id: '4242' }, ['CAN_MANAGE', APP.orchestrator])))).toEqual([
      "orchestrator holds CAN_MANAGE on notebook_id '4242', which DAC-WS2 cannot place while the stack runs code: name the object by its path (notebook_path) so it can be checked",
    ]);
    const otherType = { workspace_file_id: '${databricks_directory.pipelines.object_id}' };
    expect(messagesOf(codeWriters, plan(root, folder, pipeline(notebook), acl(otherType, ['CAN_READ', APP.orchestrator])))).toEqual([]);
    expect(messagesOf(codeWriters, plan(root, folder, pipeline(notebook), acl(otherType, ['CAN_RUN', APP.orchestrator])))).toHaveLength(1);
  });

  it('is not applicable to permissions on other objects or on folders without code', () => {
    const verdicts = plan(
      pipeline(notebook),
      acl({ job_id: '123' }, ['CAN_MANAGE', APP.orchestrator]),
      acl({ directory_path: '/lakehouse-agents/docs' }, ['CAN_MANAGE', APP.orchestrator]),
    );
    expect(findingsOf(codeWriters, verdicts)).toEqual([]);
  });
});

describe('DAC-WS1 no shared folders', () => {
  // Every user holds CAN_MANAGE on everything under /Shared, inherited and irremovable (DATABRICKS.md "Directories").
  it('is compliant below the project root', () => {
    expect(
      messagesOf(
        noSharedFolders,
        plan(
          ['databricks_directory', 'root', { path: '/lakehouse-agents' }],
          ['databricks_directory', 'child', { path: '${databricks_directory.root.path}/pipelines' }],
        ),
      ),
    ).toEqual([]);
  });

  it.each([
    ['databricks_directory', { path: '/Shared/team' }, '/Shared/team'],
    ['databricks_workspace_file', { path: '/Shared/CONTRACT.md', source: 'x' }, '/Shared/CONTRACT.md'],
    // /Workspace/Shared is the same folder as /Shared (Databricks docs, "Workspace files": paths under /Workspace).
    ['databricks_notebook', { path: '/Workspace/Shared/guard', language: 'PYTHON' }, '/Workspace/Shared/guard'],
    ['databricks_permissions', { directory_path: '/shared/team', access_control: [] }, '/shared/team'],
  ])('flags a %s under /Shared', (type, config, path) => {
    expect(messagesOf(noSharedFolders, plan([type, 'x', config]))).toEqual([
      `'${path}' is under /Shared, where every user manages everything: move it below the project's workspace root`,
    ]);
  });

  it('resolves a path through the folders it derives from', () => {
    const json = plan(
      ['databricks_directory', 'root', { path: '/Shared/team' }],
      ['databricks_directory', 'child', { path: '${databricks_directory.root.path}/pipelines' }],
      ['databricks_permissions', 'acl', { directory_path: '${databricks_directory.child.path}', access_control: [] }],
    );
    expect(findingsOf(noSharedFolders, json).map((f) => [f.path, f.message.split("'")[1]])).toEqual([
      ['dev/root', '/Shared/team'],
      ['dev/child', '/Shared/team/pipelines'],
      ['dev/acl', '/Shared/team/pipelines'],
    ]);
  });

  it('leaves a reference it cannot resolve as written, and ends on a reference cycle', () => {
    const json = plan(
      ['databricks_directory', 'a', { path: '${databricks_directory.b.path}/a' }],
      ['databricks_directory', 'b', { path: '${databricks_directory.a.path}/b' }],
      ['databricks_directory', 'c', { path: '${databricks_repo.r.path}/c' }],
    );
    expect(messagesOf(noSharedFolders, json)).toEqual([]);
  });

  it('accepts /Shared when the model allows unrestricted folders', () => {
    const allowing = modelFrom((d) => (d.project.allowUnrestrictedFolders = true));
    expect(messagesOf(noSharedFolders, plan(['databricks_directory', 'x', { path: '/Shared/team' }]), 'dev', allowing)).toEqual([]);
  });

  it('does not mistake a sibling folder for /Shared', () => {
    expect(messagesOf(noSharedFolders, plan(['databricks_directory', 'x', { path: '/SharedData/team' }]))).toEqual([]);
  });
});

describe('DAC-SC1 no secrets', () => {
  // Databricks personal access tokens are 'dapi' + 32 hex digits (Databricks docs, "Personal access tokens"); the provider
  // reads DATABRICKS_TOKEN / DATABRICKS_CLIENT_SECRET from the environment (Databricks docs, "Unified client authentication").
  // Fake credentials, assembled at run time so secret scanners do not flag this file.
  const PAT = 'dapi' + '0f'.repeat(16);

  it('is compliant with references and environment variables in place of credentials', () => {
    const json: Plan = {
      ...plan(['databricks_schema', 's', { name: 's', comment: 'read with DATABRICKS_TOKEN' }]),
      provider: { databricks: [{ host: 'https://adb-1.1.azuredatabricks.net', token: '${var.token}' }] },
    };
    expect(messagesOf(noSecrets, json)).toEqual([]);
  });

  it.each([
    ['password', { password: 'hunter2hunter2' }, 'password is a literal credential'],
    ['client_secret', { client_secret: 'abc' }, 'client_secret is a literal credential'],
    ['a *_token key', { github_token: 'abc' }, 'github_token is a literal credential'],
    ['a secret key nested in a list', { spark_env_vars: [{ db_password: 'abc' }] }, 'spark_env_vars[0].db_password is a literal credential'],
    ['a token inside a list of strings', { args: ['--token', PAT] }, 'args[1] holds a Databricks personal access token'],
  ])('flags %s', (_what, config, message) => {
    expect(messagesOf(noSecrets, plan(['databricks_job', 'j', { name: 'j', ...config }]))).toEqual([
      `${message}: pass credentials through environment variables (DATABRICKS_TOKEN, DATABRICKS_CLIENT_SECRET; the backend's own, e.g. ARM_ACCESS_KEY)`,
    ]);
  });

  it('does not flag an empty or referenced value under a secret-looking key', () => {
    expect(messagesOf(noSecrets, plan(['databricks_job', 'j', { name: 'j', password: '', token: '${databricks_token.t.token_value}' }]))).toEqual([]);
  });

  it('scans providers and names a token written as a top-level key without repeating it', () => {
    const json: Plan = { provider: { databricks: [{ host: 'h' }, { host: 'h', alias: 'b', [PAT]: 'x' }] } };
    const findings = findingsOf(noSecrets, json);
    expect(findings.map((f) => [f.path, f.message.split(':')[0]])).toEqual([
      ['dev/provider.databricks[1]', 'a key of the element is a Databricks personal access token'],
    ]);
    expect(JSON.stringify(findings)).not.toContain(PAT);
  });

  it('scans data sources', () => {
    const json: Plan = { data: { databricks_current_user: { me: { comment: `x ${PAT}` } } } };
    expect(findingsOf(noSecrets, json)).toEqual([
      expect.objectContaining({ path: 'dev/me', message: expect.stringMatching(/^comment holds a Databricks personal access token/) }),
    ]);
  });
});

describe('DAC-SC2 no template injection', () => {
  it('is compliant with references to elements of the stack and with escaped sequences', () => {
    const json: Plan = {
      ...plan(
        ['databricks_schema', 's', { name: 's', catalog_name: '${databricks_catalog.c.name}', comment: 'costs $${x} and 100%%{y}' }],
        [
          'databricks_catalog',
          'c',
          { name: 'c', owner: '${data.databricks_current_user.me.user_name}', properties: { list: '${databricks_schema.s.grants[0]}' } },
        ],
      ),
      data: { databricks_current_user: { me: {} } },
    };
    expect(messagesOf(noTemplateInjection, json)).toEqual([]);
  });

  it.each([
    // Terraform evaluates ${...} and %{...} in every string of a .tf.json file; $${ and %%{ are literal (Terraform docs,
    // "JSON Configuration Syntax" and "Strings and Templates"): file() would run at plan time.
    [
      'a function call',
      { comment: '${file("/etc/passwd")}' },
      "comment holds '${file(\"/etc/passwd\")}', which Terraform would evaluate: escape it as '$${' or remove it",
    ],
    [
      'a template directive',
      { comment: '%{if true}x%{endif}' },
      "comment holds '%{if true}', which Terraform would evaluate: escape it as '%%{' or remove it",
    ],
    [
      'a reference to no element of the stack',
      { comment: '${databricks_catalog.missing.name}' },
      "comment holds '${databricks_catalog.missing.name}'",
    ],
    ['a sequence in a key', { properties: { '${path.module}': 'x' } }, "properties.${path.module} (key) holds '${path.module}'"],
    ['an unterminated sequence', { comment: 'x ${abc' }, "comment holds '${abc}'"],
  ])('flags %s', (_what, config, message) => {
    const messages = messagesOf(noTemplateInjection, plan(['databricks_schema', 's', { name: 's', ...config }]));
    expect(messages[0]).toContain(message);
  });

  it('shortens a long expression in its message', () => {
    const [message] = messagesOf(noTemplateInjection, plan(['databricks_schema', 's', { comment: `\${${'a'.repeat(60)}}` }]));
    expect(message).toContain(`'\${${'a'.repeat(40)}…}'`);
  });

  it('lists every sequence it finds', () => {
    expect(messagesOf(noTemplateInjection, plan(['databricks_schema', 's', { comment: '${a()} and ${b()}', name: '%{x}' }]))).toHaveLength(3);
  });
});

describe('the pack as the stack validation', () => {
  const REASON = 'Demo warehouse runs a 24/7 dashboard for the trade fair.';
  const stopNever = (stack: EnvironmentStack) => stack.team.compute.warehouses.get('analytics-warehouse')!.endpoint.addOverride('auto_stop_mins', 0);
  const errorsOn = (stack: EnvironmentStack, path: string) =>
    stack.node
      .findAll()
      // Findings name paths below the team; the stack's AgentTeam is `<env>/Default`.
      .find((construct) => construct.node.path.replace(/^([^/]+)\/Default(?=\/|$)/, '$1') === path)!
      .node.metadata.filter((entry) => entry.type === '@cdktf/error')
      .map((entry) => entry.data);

  it('fails with each error and annotates the offending construct once, however often it runs', () => {
    const stack = stackOf('dev', stopNever);
    const expected = [
      "DAC-CP3 dev/compute/warehouse-analytics-warehouse/warehouse: auto_stop_mins is unset or 0 (never stops; the default is 120): set the row's autoTerminateMinutes",
    ];
    expect(stack.team.guardrails.validate()).toEqual(expected);
    expect(stack.team.guardrails.validate()).toEqual(expected);
    expect(stack.team.guardrails.failures.map((f) => f.rule)).toEqual(['DAC-CP3']);
    expect(errorsOn(stack, 'dev/compute/warehouse-analytics-warehouse/warehouse')).toEqual(expected);
  });

  it('neither fails on nor annotates a suppressed finding', () => {
    const suppressed = modelFrom(
      (d) => (d.suppressions = [{ rule: 'DAC-CP3', resource: 'dev/compute/warehouse-analytics-warehouse', reason: REASON }]),
    );
    const stack = stackOf('dev', stopNever, suppressed);
    expect(stack.team.guardrails.validate()).toEqual([]);
    expect(errorsOn(stack, 'dev/compute/warehouse-analytics-warehouse/warehouse')).toEqual([]);
    expect(stack.team.guardrails.findings()).toEqual([expect.objectContaining({ rule: 'DAC-CP3', suppressedBecause: REASON })]);
  });

  it('annotates an unused suppression on the construct it names, or on the stack when it names none', () => {
    const stale = (resource: string) =>
      stackOf(
        'dev',
        () => undefined,
        modelFrom((d) => (d.suppressions = [{ rule: 'DAC-CP3', resource, reason: REASON }])),
      );
    const named = stale('dev/compute/warehouse-analytics-warehouse');
    expect(named.team.guardrails.validate()).toEqual([
      expect.stringMatching(/^DAC-CP3 dev\/compute\/warehouse-analytics-warehouse: the suppression \(rule DAC-CP3/),
    ]);
    expect(errorsOn(named, 'dev/compute/warehouse-analytics-warehouse')).toHaveLength(1);
    const nowhere = stale('dev/compute/no-such-warehouse');
    expect(nowhere.team.guardrails.validate()).toHaveLength(1);
    expect(nowhere.node.metadata.filter((entry) => entry.type === '@cdktf/error').map((entry) => entry.data)).toEqual([
      expect.stringMatching(/^DAC-CP3 dev\/compute\/no-such-warehouse: the suppression/),
    ]);
  });
});

describe('DAC-UC6 WRITE_VOLUME only for volume writers', () => {
  const landingGrants = (stack: EnvironmentStack) =>
    stack.team.unityCatalog.volumes.get('bronze.landing')!.node.findChild('grants').node.findChild('grants') as Grants;
  const uc6 = (tamper: (stack: EnvironmentStack) => void) => evaluateStack(volumeWriters, stackOf('dev', tamper)).findings.map((f) => f.message);

  it('flags WRITE_VOLUME for a reader of the volume, naming the agent and the fix', () => {
    expect(
      uc6((s) =>
        landingGrants(s).addOverride('grant', [
          { principal: s.team.identities.principalOf('troubleshooter').name, privileges: ['READ_VOLUME', 'WRITE_VOLUME'] },
        ]),
      ),
    ).toEqual([
      "troubleshooter holds WRITE_VOLUME but is not a writer of volume bronze.landing in the model: add it to the volume's writers or remove the grant",
    ]);
  });

  it('lets the model writers write and readers read', () => {
    const model = modelFrom((d) => (d.schemas[0].volumes[0].writers = ['spark-developer']));
    expect(
      evaluateStack(
        volumeWriters,
        stackOf('dev', () => undefined, model),
      ).findings,
    ).toEqual([]);
  });

  it('flags WRITE_VOLUME on a schema, on a catalog and on a volume the model does not declare', () => {
    const json = plan(
      [
        'databricks_grants',
        'schema',
        { schema: 'lakehouse_dev.bronze', grant: [{ principal: APP['sql-analyst'], privileges: ['USE_SCHEMA', 'WRITE_VOLUME'] }] },
      ],
      ['databricks_grant', 'catalog', { catalog: 'lakehouse_dev', principal: APP['sql-analyst'], privileges: ['WRITE_VOLUME'] }],
      [
        'databricks_grants',
        'volume',
        { volume: 'lakehouse_dev.bronze.scratch', grant: [{ principal: APP['sql-analyst'], privileges: ['READ_VOLUME', 'WRITE_VOLUME'] }] },
      ],
    );
    expect(findingsOf(volumeWriters, json).map((f) => [f.path, f.message])).toEqual([
      [
        'dev/schema',
        "sql-analyst holds WRITE_VOLUME on a whole schema, so on every volume below it: grant it on each volume to that volume's writers",
      ],
      [
        'dev/volume',
        "sql-analyst holds WRITE_VOLUME on a volume the model does not declare: declare the volume under its schema's volumes, or remove the grant",
      ],
      [
        'dev/catalog',
        "sql-analyst holds WRITE_VOLUME on a whole catalog, so on every volume below it: grant it on each volume to that volume's writers",
      ],
    ]);
  });
});

describe('DAC-OB1 alerts have a run-as identity and a subscription', () => {
  const alert = (overrides: Data) => ({
    display_name: 'a',
    query_text: 'SELECT 1 AS x',
    warehouse_id: 'w',
    evaluation: { source: { name: 'x' }, comparison_operator: 'GREATER_THAN', notification: { subscriptions: [{ user_email: 'a@example.com' }] } },
    run_as: { service_principal_name: APP['sql-analyst'] },
    ...overrides,
  });

  it('accepts an alert with both', () => {
    expect(messagesOf(alertObservers, plan(['databricks_alert_v2', 'ok', alert({})]))).toEqual([]);
  });

  it('flags an alert without run_as and one without a subscription', () => {
    expect(messagesOf(alertObservers, plan(['databricks_alert_v2', 'no-run-as', alert({ run_as: undefined })]))).toEqual([
      "run_as is not set: the alert would run as whoever applied the plan; run it as the gate's responsible agent",
    ]);
    expect(
      messagesOf(
        alertObservers,
        plan(['databricks_alert_v2', 'silent', alert({ evaluation: { source: { name: 'x' }, comparison_operator: 'GREATER_THAN' } })]),
      ),
    ).toEqual(["no subscription: nobody hears when the gate fails; subscribe the table owner's contact"]);
  });
});

describe('DAC-OB2 a monitor writes into a schema of the model', () => {
  const monitor = (output: string) =>
    ['databricks_quality_monitor', 'm', { table_name: 'lakehouse_dev.features.customer_features', assets_dir: '/x', output_schema_name: output }] as [
      string,
      string,
      Data,
    ];

  it('accepts a literal schema of the model in the environment catalog', () => {
    expect(messagesOf(monitorOutputSchema, plan(monitor('lakehouse_dev.monitoring')))).toEqual([]);
  });

  it('flags a schema the model does not declare, and one in another catalog', () => {
    expect(messagesOf(monitorOutputSchema, plan(monitor('lakehouse_dev.scratch')))).toEqual([
      "output schema 'lakehouse_dev.scratch' is not a schema of the model in catalog 'lakehouse_dev': name observability.monitorSchema, a schema the model governs",
    ]);
    expect(messagesOf(monitorOutputSchema, plan(monitor('other.monitoring')))).toHaveLength(1);
  });
});
