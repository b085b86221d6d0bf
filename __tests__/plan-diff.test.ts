// `agent-contract diff`: two plans synthesized from the reference model (mutated), written to a temp dir and
// compared in-process through main(). Expectations name securables by their Unity Catalog names, objects by
// their names and paths, and group per agent; where an address or a limit value is needed it is read from the
// synthesized JSON.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, synthBuilt } from '../src/app';
import { main } from '../src/cli/main';
import type { TeamModel } from '../src/model/types';
import { code } from '../src/plan-diff/markdown';
import { modelFrom, referenceData, synth, type Data } from './helpers';

const DIR = mkdtempSync(join(tmpdir(), 'agent-contract-plan-diff-'));
let files = 0;

/** Synthesizes `model` as `npx cdktf synth` does (cdktf's Testing.synth drops the "//" metadata a plan carries). */
function planOf(model: TeamModel, env = 'dev'): string {
  const outdir = join(DIR, `synth-${files++}`);
  synthBuilt(buildApp(model, { outdir }));
  return join(outdir, 'stacks', env, 'cdk.tf.json');
}
const planFrom = (mutate: (d: Data) => void, env = 'dev') => planOf(modelFrom(mutate), env);

function write(text: string, name = `plan-${files++}.json`): string {
  const file = join(DIR, name);
  writeFileSync(file, text);
  return file;
}
const readJson = (file: string): Data => JSON.parse(readFileSync(file, 'utf8'));
/** A copy of `file` with its JSON edited: for what the model cannot express. */
function edited(file: string, edit: (json: Data) => void): string {
  const json = readJson(file);
  edit(json);
  return write(JSON.stringify(json, null, 2));
}

function diff(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = main(['diff', ...args], { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stdout, stderr, lines: stdout.split('\n') };
}

/** The lines of the Markdown section under `heading` (without the heading). */
function section(stdout: string, heading: string): string[] {
  const lines = stdout.split('\n');
  const at = lines.indexOf(`### ${heading}`);
  if (at < 0) return [];
  const end = lines.findIndex((line, i) => i > at && !line.startsWith('- '));
  return lines.slice(at + 1, end < 0 ? undefined : end);
}

/** Resources of `type` in a plan with their construct path below the stack and their address. */
function resources(json: Data, type: string): { path: string; address: string; config: Data }[] {
  return Object.entries((json.resource?.[type] ?? {}) as Record<string, Data>).map(([id, config]) => ({
    path: String(config['//'].metadata.path)
      .split('/')
      .slice(1)
      .join('/')
      .replace(/^Default\//, ''), // below the stack's AgentTeam
    address: `${type}.${id}`,
    config,
  }));
}
/** Every list item of the output, whatever section it is in. */
const items = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('- '));
const CATALOG = referenceData().environments.dev.catalog as string;

const PROJECT = referenceData().project.name as string;
const created = (agent: string) => `${agent} (created service principal ${code(`${PROJECT}-${agent}`)})`;
const agentOf = (d: Data, name: string) => [...d.agents.core, ...d.agents.domain].find((a: Data) => a.name === name);
const byName = (list: Data[], name: string) => list.find((item: Data) => item.name === name);

const reference = planOf(modelFrom());

describe('agent-contract diff: what keeps working', () => {
  const changed = planFrom((d) => {
    byName(d.schemas, 'gold').readers.push('spark-developer');
    byName(d.schemas, 'features').owner = 'mlflow-engineer';
    byName(d.compute, 'spark-interactive').autoTerminateMinutes = 45;
  });

  it('reports a new reader per agent and exits 3', () => {
    const result = diff(reference, changed);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/^## Plan changes: /);
    expect(section(result.stdout, 'spark-developer')).toContain(
      `- granted SELECT, USE_SCHEMA on schema ${code(`${CATALOG}.gold`)} to ${created('spark-developer')}`,
    );
  });

  it('reports an ownership move under both agents', () => {
    const result = diff(reference, changed);
    const features = code(`${CATALOG}.features`);
    expect(section(result.stdout, 'mlflow-engineer')).toContain(
      `- ${created('mlflow-engineer')} now owns schema ${features}, previously ${created('feature-store-engineer')}`,
    );
    expect(section(result.stdout, 'feature-store-engineer')).toContain(
      `- **revokes** ${created('feature-store-engineer')} no longer owns schema ${features}, now ${created('mlflow-engineer')}`,
    );
  });

  it('reports the policy limit change on every policy of the row', () => {
    const policies = resources(readJson(changed), 'databricks_cluster_policy').filter(
      (p) => JSON.parse(p.config.definition)['custom_tags.compute'].value === 'spark-interactive',
    );
    expect(policies.length).toBeGreaterThan(0);
    const lines = items(diff(reference, changed).stdout).filter((line) => line.includes('autotermination_minutes'));
    expect(lines.sort()).toEqual(
      policies.map((p) => `- cluster policy ${code(p.config.name)}: \`definition.autotermination_minutes.value\` \`60\` → \`45\``).sort(),
    );
  });

  it('exits 0 with one line when nothing changes, and prints the same bytes every time', () => {
    const same = diff(reference, reference);
    expect(same).toMatchObject({
      code: 0,
      stderr: '',
      stdout: `No changes to access, data or compute limits: ${code(reference)} → ${code(reference)}.\n`,
    });
    expect(diff(reference, changed).stdout).toBe(diff(reference, changed).stdout);
  });

  it('flags destroyed resources, marking data loss', () => {
    const table = resources(readJson(reference), 'databricks_sql_table').find((t) => t.config.name === 'sessions')!;
    const removed = planFrom((d) => (d.tables = d.tables.filter((t: Data) => t.name !== 'sessions')));
    const result = diff(reference, removed);
    expect(result.code).toBe(3);
    expect(items(result.stdout)).toContain(
      `- **destructive** **data or identity loss** destroys table ${code(`${CATALOG}.silver.sessions`)} (${code(table.address)}): DROP TABLE`,
    );
  });

  it('flags replacements, following references: a renamed schema replaces its tables', () => {
    const json = readJson(reference);
    const gold = resources(json, 'databricks_schema').find((s) => s.config.name === 'gold')!;
    const table = resources(json, 'databricks_sql_table').find((t) => t.config.schema_name === `\${${gold.address}.name}`)!;
    const renamed = edited(reference, (j) => (j.resource.databricks_schema[gold.address.split('.')[1]].name = 'gold_v2'));
    const lines = items(diff(reference, renamed).stdout);
    expect(lines).toContain(
      `- **destructive** **data or identity loss** replaces schema ${code(`${CATALOG}.gold_v2`)} (${code(gold.address)}), since \`name\` changed: the schema`,
    );
    expect(lines).toContain(
      `- **destructive** **data or identity loss** replaces table ${code(`${CATALOG}.gold_v2.${table.config.name}`)} (${code(table.address)}), since \`schema_name\` changed: DROP TABLE`,
    );
  });
});

describe('agent-contract diff: volumes', () => {
  it('marks a volume that would be replaced as data loss: a managed volume deletes its files', () => {
    // catalog_name, schema_name, storage_location and volume_type are tf:"force_new" in catalog/resource_volume.go.
    const json = readJson(reference);
    const volume = resources(json, 'databricks_volume').find((v) => v.config.name === 'landing')!;
    const external = edited(reference, (j) => (j.resource.databricks_volume[volume.address.split('.')[1]].volume_type = 'EXTERNAL'));
    const result = diff(reference, external);
    expect(result.code).toBe(3);
    expect(items(result.stdout)).toContain(
      `- **destructive** **data or identity loss** replaces volume ${code(`${CATALOG}.bronze.landing`)} (${code(volume.address)}), since \`volume_type\` changed: the volume; a managed volume deletes its files`,
    );
  });
});

describe('agent-contract diff: principals compared by what they resolve to', () => {
  const OLD_ID = agentOf(referenceData(), 'security-engineer').identity.applicationId as string;
  const NEW_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
  const existing = (id: string) => `security-engineer (existing service principal ${code(id)})`;

  it('treats a changed application id of an existing service principal as revoke from the old, grant to the new', () => {
    const result = diff(
      reference,
      planFrom((d) => (agentOf(d, 'security-engineer').identity.applicationId = NEW_ID)),
    );
    expect(result.code).toBe(3);
    const lines = section(result.stdout, 'security-engineer');
    const revoked = lines.filter((line) => line.startsWith('- **revokes** revoked '));
    const granted = lines.filter((line) => line.startsWith('- granted '));
    expect(revoked.length).toBeGreaterThan(0);
    expect(revoked.length + granted.length).toBe(lines.length);
    expect(revoked.every((line) => line.endsWith(` from ${existing(OLD_ID)}`))).toBe(true);
    expect(granted).toEqual(
      revoked.map((line) => line.replace('- **revokes** revoked ', '- granted ').replace(` from ${existing(OLD_ID)}`, ` to ${existing(NEW_ID)}`)),
    );
    expect(granted).toContain(`- granted SELECT on table ${code(`${CATALOG}.gold.customer_lifetime_value`)} to ${existing(NEW_ID)}`);
  });

  it('treats an owner that now resolves to another identity as an ownership move', () => {
    const owning = (id: string) =>
      planFrom((d) => {
        agentOf(d, 'security-engineer').identity.applicationId = id;
        byName(d.tables, 'customer_lifetime_value').owner = 'security-engineer';
        // Its alerts tell the owner's contact.
        agentOf(d, 'security-engineer').contact = 'security@example.com';
      });
    const result = diff(owning(OLD_ID), owning(NEW_ID));
    expect(result.code).toBe(3);
    const table = `table ${code(`${CATALOG}.gold.customer_lifetime_value`)}`;
    expect(section(result.stdout, 'security-engineer')).toEqual(
      expect.arrayContaining([
        `- **revokes** ${existing(OLD_ID)} no longer owns ${table}, now ${existing(NEW_ID)}`,
        `- ${existing(NEW_ID)} now owns ${table}, previously ${existing(OLD_ID)}`,
      ]),
    );
  });

  it('sees no change when only the spelling changes: a literal application id equals its lookup', () => {
    const json = readJson(reference);
    const lookup = Object.keys(json.data.databricks_service_principal)[0];
    const reference$ = `\${data.databricks_service_principal.${lookup}.application_id}`;
    const literal = edited(reference, (j) => {
      for (const grants of Object.values(j.resource.databricks_grants) as Data[])
        for (const g of grants.grant) if (g.principal === reference$) g.principal = OLD_ID;
    });
    expect(diff(reference, literal)).toMatchObject({ code: 0 });
  });

  it('reports roles of an account rule set per identity, the deploying identity included', () => {
    const json = readJson(reference);
    const sp = resources(json, 'databricks_service_principal').find((r) => r.path.startsWith('identities/'))!;
    const me = `\${data.databricks_current_user.diff-test-me.acl_principal_id}`;
    const withRuleSet = (principals: string[]) =>
      edited(reference, (j) => {
        j.data.databricks_current_user = { ...(j.data.databricks_current_user ?? {}), 'diff-test-me': {} };
        j.resource.databricks_access_control_rule_set = {
          ...(j.resource.databricks_access_control_rule_set ?? {}),
          'diff-test-rules': {
            '//': { metadata: { path: 'dev/diff-test/rules/rule-set' } },
            name: `accounts/0000/servicePrincipals/\${${sp.address}.application_id}/ruleSets/default`,
            grant_rules: [{ role: 'roles/servicePrincipal.user', principals }],
          },
        };
      });
    const result = diff(withRuleSet([]), withRuleSet([me, `servicePrincipals/\${${sp.address}.application_id}`]));
    expect(result.code).toBe(3);
    const agent = sp.path.split('/').pop()!;
    // The rule set's name embeds an application id only known after apply: it is named by its construct path.
    expect(section(result.stdout, agent)).toEqual([
      `- granted roles/servicePrincipal.user on rule set \`diff-test/rules/rule-set\` to ${created(agent)}`,
    ]);
    expect(section(result.stdout, 'project')).toEqual([
      '- granted roles/servicePrincipal.user on rule set `diff-test/rules/rule-set` to the deploying identity',
    ]);
  });
});

describe('agent-contract diff: refuses what is not a synthesized plan', () => {
  const valid = readFileSync(reference, 'utf8');
  const cases: [string, string, RegExp][] = [
    ['not JSON', '{"resource": ', /is not JSON: pass/],
    ['an empty file', '', /is not JSON: pass/],
    ['an array', '[]', /is not a synthesized cdk\.tf\.json: the top level is an array, expected an object;/],
    ['a bare object', '{"resource": {}}', /is not a synthesized cdk\.tf\.json: it has no "\/\/"\.metadata\.stackName/],
    ['cdktf Testing output (no metadata)', synth(modelFrom()).text, /it has no "\/\/"\.metadata\.stackName/],
    ['resource as a list', JSON.stringify({ ...JSON.parse(valid), resource: [] }), /"resource" is an array, expected an object of resource types/],
    [
      'a resource type as a string',
      JSON.stringify({ ...JSON.parse(valid), resource: { databricks_schema: 'x' } }),
      /resource\.databricks_schema is a string, expected an object of resources by name/,
    ],
    [
      'a resource config as a number',
      JSON.stringify({ ...JSON.parse(valid), resource: { databricks_schema: { s: 1 } } }),
      /resource\.databricks_schema\.s is a number, expected its configuration object/,
    ],
    [
      'a grant without principal',
      JSON.stringify({ ...JSON.parse(valid), resource: { databricks_grants: { g: { grant: [{ privileges: ['SELECT'] }] } } } }),
      /resource\.databricks_grants\.g\.grant\[0\]\.principal is missing, expected a string/,
    ],
    [
      'a column without name',
      JSON.stringify({ ...JSON.parse(valid), resource: { databricks_sql_table: { t: { column: [{ type: 'INT' }] } } } }),
      /resource\.databricks_sql_table\.t\.column\[0\]\.name is missing, expected a string/,
    ],
  ];

  it.each(cases)('exits 2 naming the file for %s', (_name, text, message) => {
    const file = write(text);
    for (const [oldFile, newFile] of [
      [file, reference],
      [reference, file],
    ]) {
      const result = diff(oldFile, newFile);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`agent-contract: '${file}' `);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('never fails with an internal error, whatever type an attribute has', () => {
    const json = readJson(reference);
    const wrong = [null, 7, 'text', {}, [1], [{}]];
    const outcomes = new Set<number>();
    for (const kind of ['resource', 'data']) {
      for (const [type, byId] of Object.entries(json[kind] as Record<string, Record<string, Data>>)) {
        const [id, config] = Object.entries(byId)[0];
        for (const attribute of Object.keys(config).filter((key) => key !== '//')) {
          for (const value of wrong) {
            const broken = write(
              JSON.stringify({ ...json, [kind]: { ...json[kind], [type]: { ...byId, [id]: { ...config, [attribute]: value } } } }),
              'broken.json',
            );
            for (const [a, b] of [
              [reference, broken],
              [broken, reference],
            ]) {
              const result = diff(a, b);
              outcomes.add(result.code);
              if (result.code === 2) expect(result.stderr).toContain(`'${broken}' is not a synthesized cdk.tf.json: ${kind}.${type}.${id}`);
              expect([0, 2, 3]).toContain(result.code);
              expect(result.stderr).not.toContain('internal error');
            }
          }
        }
      }
    }
    // Both refusals and reported changes occurred: the corruption reached the checks and the comparisons.
    expect([outcomes.has(2), outcomes.has(3)]).toEqual([true, true]);
  });

  it('exits 2 for a missing file and for a wrong number of arguments', () => {
    expect(diff(reference, join(DIR, 'missing.json'))).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(`cannot read plan '${join(DIR, 'missing.json')}': no such file`),
    });
    // Read like a model file: a device is refused, never read until it ends.
    expect(diff(reference, '/dev/zero')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/cannot read plan '\/dev\/zero': it is a character device, not a regular file/),
    });
    expect(diff()).toMatchObject({ code: 2, stderr: expect.stringContaining('diff takes two files') });
    expect(diff(reference, reference, reference)).toMatchObject({ code: 2, stderr: expect.stringContaining('diff takes two files') });
    // One file is a plan file: a synthesized cdk.tf.json alone is refused, naming what to pass.
    expect(diff(reference)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        `'${reference}' is not a Terraform plan in JSON: it has no format_version; pass the output of \`terraform show -json PLANFILE\``,
      ),
    });
    expect(diff(reference, reference, '--json', '--markdown')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--markdown and --json are exclusive'),
    });
  });
});

describe('agent-contract diff: plans of different stacks or projects', () => {
  const warningOf = (what: string, a: string, b: string, oldFile: string, newFile: string) =>
    `agent-contract: warning: the plans belong to different ${what}: "${a}" in '${oldFile}', "${b}" in '${newFile}'; every difference between them is reported as a change`;

  it('warns on stderr and at the top of the Markdown for dev against prod', () => {
    const prod = planOf(modelFrom(), 'prod');
    const result = diff(reference, prod);
    expect(result.code).toBe(3);
    expect(result.stderr.split('\n')).toContain(warningOf('stacks ("//".metadata.stackName)', 'dev', 'prod', reference, prod));
    expect(result.lines[0]).toBe('> [!WARNING]');
    expect(result.lines).toContain(`> - different stacks ("//".metadata.stackName): \`dev\` in ${code(reference)}, \`prod\` in ${code(prod)}`);
  });

  it('warns about another project (project tag) and another workspace (provider host)', () => {
    const other = planFrom((d) => {
      d.project.name = 'other-agents';
      d.environments.dev.workspaceUrl = 'https://adb-1111111111111111.1.azuredatabricks.net';
    });
    const result = diff(reference, other);
    expect(result.code).toBe(3);
    const stderr = result.stderr.split('\n');
    expect(stderr).toContain(warningOf('projects (project tag)', PROJECT, 'other-agents', reference, other));
    expect(stderr).toContain(
      warningOf(
        'workspaces (provider.databricks host)',
        referenceData().environments.dev.workspaceUrl,
        'https://adb-1111111111111111.1.azuredatabricks.net',
        reference,
        other,
      ),
    );
  });

  it('exits 3 even when nothing else differs', () => {
    const renamed = edited(reference, (j) => (j['//'].metadata.stackName = 'staging'));
    const result = diff(reference, renamed);
    expect(result.code).toBe(3);
    expect(result.lines.at(-2)).toBe(`No changes to access, data or compute limits: ${code(reference)} → ${code(renamed)}.`);
  });
});

describe('agent-contract diff: compute limits', () => {
  it('reports warehouse sizing and auto-stop, and pipeline compute settings', () => {
    const after = planFrom((d) => {
      const warehouse = byName(d.compute, 'analytics-warehouse');
      warehouse.autoTerminateMinutes = 20;
      Object.assign(warehouse.warehouse, { size: 'Medium', maxClusters: 3, serverless: false });
      Object.assign(byName(d.pipelines, 'bronze-ingest'), { continuous: true, channel: 'PREVIEW' });
    });
    const json = readJson(after);
    const [warehouse] = resources(json, 'databricks_sql_endpoint');
    const pipeline = resources(json, 'databricks_pipeline').find((p) => p.path.includes('bronze-ingest'))!;
    const lines = items(diff(reference, after).stdout);
    const w = `SQL warehouse ${code(warehouse.config.name)}`;
    expect(lines).toEqual(
      expect.arrayContaining([
        `- ${w}: \`auto_stop_mins\` \`10\` → \`20\``,
        `- ${w}: \`cluster_size\` \`"Small"\` → \`"Medium"\``,
        `- ${w}: \`enable_serverless_compute\` \`true\` → \`false\``,
        `- ${w}: \`max_num_clusters\` \`2\` → \`3\``,
        `- pipeline ${code(pipeline.config.name)}: \`channel\` \`"CURRENT"\` → \`"PREVIEW"\``,
        `- pipeline ${code(pipeline.config.name)}: \`continuous\` \`false\` → \`true\``,
      ]),
    );
  });

  it('reports a pipeline moving from a policy-bound cluster to serverless', () => {
    const after = planFrom((d) => {
      const pipeline = d.pipelines.find((p: Data) => p.serverless === false);
      pipeline.serverless = true;
      delete pipeline.compute;
    });
    const before = resources(readJson(reference), 'databricks_pipeline').find((p) => p.config.serverless === false)!;
    const lines = items(diff(reference, after).stdout);
    const p = `pipeline ${code(before.config.name)}`;
    expect(lines).toContain(`- ${p}: \`serverless\` \`false\` → \`true\``);
    expect(lines).toContain(
      `- ${p}: \`cluster[default].autoscale.max_workers\` ${code(String(before.config.cluster[0].autoscale.max_workers))} → unset`,
    );
  });

  it("reports the runtime guard's --limits per key, whatever the keys are", () => {
    const after = planFrom((d) => (byName(d.compute, 'spark-interactive').maxRuntimeMinutes = 300));
    const guardOf = (file: string) => {
      const job = resources(readJson(file), 'databricks_job').find((j) =>
        j.config.task.some((t: Data) => t.spark_python_task?.parameters?.includes('--limits')),
      )!;
      const task = job.config.task.find((t: Data) => t.spark_python_task?.parameters?.includes('--limits'));
      const parameters: string[] = task.spark_python_task.parameters;
      return { job, task, limits: JSON.parse(parameters[parameters.indexOf('--limits') + 1]) as Record<string, unknown> };
    };
    const was = guardOf(reference);
    const is = guardOf(after);
    const changed = Object.keys(is.limits).filter((key) => JSON.stringify(is.limits[key]) !== JSON.stringify(was.limits[key]));
    expect(changed.length).toBeGreaterThan(0);
    const lines = items(diff(reference, after).stdout).filter((line) => line.includes('--limits'));
    expect(lines).toEqual(
      changed
        .sort()
        .map(
          (key) =>
            `- job ${code(is.job.config.name)}: ${code(`task[${is.task.task_key}].--limits.${key}`)} ${code(JSON.stringify(was.limits[key]))} → ${code(JSON.stringify(is.limits[key]))}`,
        ),
    );
  });

  it('reports job and task timeouts, max_clusters_per_user and every policy rule, tags included', () => {
    const json = readJson(reference);
    const job = resources(json, 'databricks_job')[0];
    const policy = resources(json, 'databricks_cluster_policy')[0];
    const after = edited(reference, (j) => {
      const jobConfig = j.resource.databricks_job[job.address.split('.')[1]];
      jobConfig.timeout_seconds = 1200;
      jobConfig.task[0].timeout_seconds = 900;
      const policyConfig = j.resource.databricks_cluster_policy[policy.address.split('.')[1]];
      policyConfig.max_clusters_per_user = 2;
      policyConfig.definition = JSON.stringify({
        ...JSON.parse(policyConfig.definition),
        'custom_tags.project': { type: 'fixed', value: 'renamed' },
      });
    });
    const lines = items(diff(reference, after).stdout);
    const definition = JSON.parse(policy.config.definition);
    expect(lines).toEqual(
      expect.arrayContaining([
        `- job ${code(job.config.name)}: \`timeout_seconds\` ${code(JSON.stringify(job.config.timeout_seconds))} → \`1200\``,
        `- job ${code(job.config.name)}: ${code(`task[${job.config.task[0].task_key}].timeout_seconds`)} ${code(JSON.stringify(job.config.task[0].timeout_seconds))} → \`900\``,
        `- cluster policy ${code(policy.config.name)}: \`max_clusters_per_user\` ${policy.config.max_clusters_per_user === undefined ? 'unset' : code(String(policy.config.max_clusters_per_user))} → \`2\``,
        `- cluster policy ${code(policy.config.name)}: \`definition.custom_tags.project.value\` ${code(JSON.stringify(definition['custom_tags.project'].value))} → \`"renamed"\``,
      ]),
    );
  });
});

describe('agent-contract diff: table columns may only be appended', () => {
  const TABLE = `table ${code(`${CATALOG}.gold.customer_lifetime_value`)}`;
  // Its freshness gate reads `computed_at`, which some cases remove: both plans leave the gates out.
  const ungated = planFrom((d) => delete byName(d.tables, 'customer_lifetime_value').gates);
  const columnsDiff = (mutate: (columns: Data[]) => void, table = 'customer_lifetime_value') => {
    const result = diff(
      ungated,
      planFrom((d) => {
        delete byName(d.tables, 'customer_lifetime_value').gates;
        mutate(byName(d.tables, table).columns);
      }),
    );
    const lines = items(result.stdout);
    return {
      code: result.code,
      destructive: lines.filter((line) => line.startsWith(`- **destructive** ${TABLE}: `)).map((line) => line.replace('**destructive** ', '')),
      other: lines.filter((line) => line.startsWith(`- ${TABLE}: `)),
    };
  };

  it('lists an appended column as a change, not destructive, and exits 3', () => {
    expect(columnsDiff((c) => c.push({ name: 'segment', type: 'STRING' }))).toEqual({
      code: 3,
      destructive: [],
      other: [`- ${TABLE}: appended column \`segment\` \`STRING\``],
    });
  });

  it.each([
    [
      'a reorder',
      (c: Data[]) => c.splice(1, 2, c[2], c[1]),
      [
        `- ${TABLE}: moved column \`computed_at\` from position 3 to 2 (reordering renames columns by position)`,
        `- ${TABLE}: moved column \`lifetime_value\` from position 2 to 3 (reordering renames columns by position)`,
      ],
    ],
    [
      'a removal',
      (c: Data[]) => c.pop(),
      [`- ${TABLE}: removed column \`computed_at\` (DROP COLUMN: refused by Delta without column mapping, and its data is lost)`],
    ],
    [
      'a rename in place',
      (c: Data[]) => (c[2].name = 'refreshed_at'),
      [`- ${TABLE}: renamed column \`computed_at\` to \`refreshed_at\` at position 3 (RENAME COLUMN, refused by Delta without column mapping)`],
    ],
    [
      'a type change',
      (c: Data[]) => (c[1].type = 'DECIMAL(18,2)'),
      [`- ${TABLE}: changed the type of \`lifetime_value\`: \`DECIMAL(14,2)\` → \`DECIMAL(18,2)\` (the provider refuses type changes)`],
    ],
  ])('lists %s as destructive and exits 3', (_name, mutate, expected) => {
    expect(columnsDiff(mutate as (c: Data[]) => void)).toMatchObject({ code: 3, destructive: expected });
  });

  it('lists a column added before existing ones as a change: with a new column count the provider adds it by name', () => {
    // addOrRemoveColumnStatements (catalog/resource_sql_table.go): ADD COLUMN … AFTER <previous>, which Delta accepts.
    expect(columnsDiff((c) => c.splice(1, 0, { name: 'segment', type: 'STRING' }))).toEqual({
      code: 3,
      destructive: [],
      other: [`- ${TABLE}: added column \`segment\` \`STRING\` at position 2 (ADD COLUMN AFTER \`customer_id\`)`],
    });
  });

  it('lists a storage_root change of the catalog as a replacement', () => {
    // storage_root is SetForceNew() in catalog/resource_catalog.go: the catalog would be destroyed and recreated.
    const result = diff(
      reference,
      planFrom((d) => (d.environments.dev.storageRoot = 'abfss://lake@acct.dfs.core.windows.net/dev')),
    );
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/storage_root/);
  });

  it('sees no change in a type spelled in another case or as an alias, as the provider folds them', () => {
    const table = resources(readJson(reference), 'databricks_sql_table').find((t) => t.config.name === 'customer_lifetime_value')!;
    const respelled = edited(reference, (j) => {
      const columns = j.resource.databricks_sql_table[table.address.split('.')[1]].column;
      for (const column of columns) column.type = String(column.type).toLowerCase().replace(/^int$/, 'integer');
    });
    expect(diff(reference, respelled)).toMatchObject({ code: 0 });
  });
});

describe('agent-contract diff: changes only the owner or a metastore admin can make', () => {
  it('lists comment and properties changes of agent-owned securables, escaped for Markdown', () => {
    const comment = 'Uses `x` | y\nz';
    const after = planFrom((d) => {
      d.catalog.comment = comment;
      d.catalog.properties = { ...d.catalog.properties, reviewed: 'yes' };
      byName(d.models, 'churn_predictor').comment = 'Churn, v2.';
    });
    const json = readJson(reference);
    const [catalog] = resources(json, 'databricks_catalog');
    const [model] = resources(json, 'databricks_registered_model');
    const result = diff(reference, after);
    expect(result.code).toBe(3);
    const admin = created(referenceData().catalog.owner);
    expect(
      items(result.stdout)
        .filter((line) => line.includes(', owned by '))
        .sort(),
    ).toEqual([
      `- catalog ${code(CATALOG)}: \`comment\` ${code(JSON.stringify(catalog.config.comment))} → \`\`"Uses \`x\` \\| y\\nz"\`\`, owned by ${admin}`,
      `- catalog ${code(CATALOG)}: \`properties.reviewed\` unset → \`"yes"\`, owned by ${admin}`,
      `- registered model ${code(`${CATALOG}.models.churn_predictor`)}: \`comment\` ${code(JSON.stringify(model.config.comment))} → \`"Churn, v2."\`, owned by ${created('mlflow-engineer')}`,
    ]);
  });

  it('lists nothing while the deploying identity owns the catalog', () => {
    const deployerOwned = (comment: string) => planFrom((d) => Object.assign(d.catalog, { ownership: 'deployer', comment }));
    const result = diff(deployerOwned('before'), deployerOwned('after'));
    expect(items(result.stdout).filter((line) => line.includes(', owned by '))).toEqual([]);
  });
});

describe('Markdown escaping of plan text', () => {
  it('keeps backticks, pipes and newlines inside one code span', () => {
    expect(code('plain')).toBe('`plain`');
    expect(code('a`b')).toBe('``a`b``');
    expect(code('`edge`')).toBe('`` `edge` ``');
    expect(code('a|b\nc')).toBe('`a\\|b\\nc`');
    expect(code('')).toBe('` `');
  });
});

describe('agent-contract diff: workspace objects by path, output formats', () => {
  const json = readJson(reference);
  const permissions = resources(json, 'databricks_permissions').find((p) => p.path === 'workspace/root/dir-pipelines/permissions')!;
  const directory = resources(json, 'databricks_directory').find((d) => d.path === 'workspace/root/dir-pipelines/directory')!;
  const dropped = permissions.config.access_control[0];
  const revoked = edited(reference, (j) => j.resource.databricks_permissions[permissions.address.split('.')[1]].access_control.shift());
  const agent = resources(json, 'databricks_service_principal').find((sp) => `\${${sp.address}.application_id}` === dropped.service_principal_name)!;
  const agentName = agent.path.split('/').pop()!;
  // The directory's path nests its parent's: `${databricks_directory.<root>.path}/pipelines`.
  const root = resources(json, 'databricks_directory').find((d) => directory.config.path.startsWith(`\${${d.address}.path}`))!;
  const path = `/Workspace${directory.config.path.replace(`\${${root.address}.path}`, root.config.path)}`;

  it('names a directory by its /Workspace path, read through the references to the directory and its parent', () => {
    // directory_path is a reference to the directory's path; the provider's workspace_path is "/Workspace" + path.
    expect(permissions.config.directory_path).toBe(`\${${directory.address}.path}`);
    expect(path).toMatch(/^\/Workspace\/[^$]+\/pipelines$/);
    const result = diff(reference, revoked);
    expect(result.code).toBe(3);
    expect(section(result.stdout, agentName)).toEqual([
      `- **revokes** revoked ${dropped.permission_level} for directory ${code(path)} from ${created(agentName)}`,
    ]);
  });

  it('--markdown starts with the marker, summarizes and calls out revoking changes first', () => {
    const result = diff(reference, revoked, '--markdown');
    expect(result.code).toBe(3);
    expect(result.lines[0]).toBe('<!-- agent-contract-plan-review -->');
    expect(result.lines).toContain(
      `Compared ${code(reference)} → ${code(revoked)}: **1 change** concerning 1 agent; **0 destructive**, **1 revoking**.`,
    );
    const urgent = result.lines.indexOf('### Destructive and revoking changes');
    expect(urgent).toBeGreaterThan(0);
    expect(result.lines[urgent + 1]).toMatch(new RegExp(`^- \\*\\*revokes\\*\\* revoked .* \\(${agentName}\\)$`));
    expect(result.lines.indexOf(`### ${agentName}`)).toBeGreaterThan(urgent);
  });

  it('--markdown says so when nothing changes, and --json prints the documented shape', () => {
    expect(diff(reference, reference, '--markdown')).toMatchObject({
      code: 0,
      stdout: `<!-- agent-contract-plan-review -->\n## agent-contract plan review\n\nNo changes to access, data or compute limits in ${code(reference)} → ${code(reference)}.\n`,
    });
    const result = diff(reference, revoked, '--json');
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toEqual({
      version: 1,
      input: 'files',
      before: reference,
      after: revoked,
      warnings: [],
      summary: { changes: 1, destructive: 0, revoking: 1, agents: 1 },
      reviewRequired: true,
      groups: [
        {
          agent: agentName,
          changes: [
            {
              severity: 'revoking',
              category: 'access',
              object: { kind: 'permissions for directory', name: path, address: permissions.address },
              principal: created(agentName),
              revoked: [dropped.permission_level],
              markdown: `revoked ${dropped.permission_level} for directory ${code(path)} from ${created(agentName)}`,
            },
          ],
        },
      ],
    });
    expect(JSON.parse(diff(reference, reference, '--json').stdout)).toMatchObject({ groups: [], reviewRequired: false });
  });
});

describe('agent-contract diff: a Terraform plan in JSON (terraform show -json)', () => {
  // Field names as `terraform show -json` writes them (developer.hashicorp.com/terraform/internals/json-format).
  const PLAN = join(__dirname, 'fixtures', 'terraform-plan.json');
  const fixture = readJson(PLAN);
  const SPARK = '11111111-2222-4333-8444-555555555555';
  const SQL = '66666666-7777-4888-9999-aaaaaaaaaaaa';
  const sp = (agent: string, id: string) => `${agent} (service principal ${code(id)})`;
  /** The fixture with only the resource changes whose address matches, besides the identities (no-op). */
  const only = (pattern: RegExp) =>
    write(
      JSON.stringify({
        ...fixture,
        resource_changes: fixture.resource_changes.filter((c: Data) => pattern.test(c.address) || c.type === 'databricks_service_principal'),
      }),
    );

  it('reads before → after of each change: create, update, delete and replace, per agent', () => {
    const result = diff(PLAN);
    expect(result.code).toBe(3);
    expect(result.lines[0]).toBe(`## Plan changes: plan file ${code(PLAN)} (state → planned)`);
    // create: a grant to a service principal created in the same apply, resolved through the configuration's reference.
    expect(section(result.stdout, 'qa-engineer')).toEqual([
      `- granted USE_SCHEMA on schema \`acme_dev.bronze\` to qa-engineer (created service principal \`acme-qa-engineer\`)`,
    ]);
    expect(section(result.stdout, 'spark-developer')).toEqual([
      // delete
      '- **destructive** **data or identity loss** destroys table `acme_dev.bronze.events` (`databricks_sql_table.unity-catalog_table-bronze-events_table_B0B885A0`): DROP TABLE',
      // replace: actions ["delete","create"], the attribute from replace_paths
      '- **destructive** **data or identity loss** replaces volume `acme_dev.bronze.landing` (`databricks_volume.unity-catalog_volume-bronze-landing_volume_F858EDB9`), since `storage_location`, `volume_type` changed: the volume; a managed volume deletes its files',
      `- granted CAN_EDIT for directory \`/Workspace/acme/pipelines\` to ${sp('spark-developer', SPARK)}`,
      `- ${sp('spark-developer', SPARK)} now runs job \`acme-dev-nightly\`, previously ${sp('sql-analyst', SQL)}`,
    ]);
    // update: a revocation, a run_as move (a block Terraform writes as a list) and a warehouse limit.
    expect(section(result.stdout, 'sql-analyst')).toEqual([
      `- **revokes** revoked SELECT, USE_SCHEMA on schema \`acme_dev.bronze\` from ${sp('sql-analyst', SQL)}`,
      `- **revokes** ${sp('sql-analyst', SQL)} no longer runs job \`acme-dev-nightly\`, now ${sp('spark-developer', SPARK)}`,
      '- SQL warehouse `acme-dev-analytics`: `auto_stop_mins` `10` → `30`',
    ]);
  });

  it('--json says the input is a plan and counts destructive and revoking changes', () => {
    const review = JSON.parse(diff(PLAN, '--json').stdout);
    expect(review).toMatchObject({ version: 1, input: 'plan', before: PLAN, after: PLAN, reviewRequired: true });
    expect(review.summary).toEqual({ changes: 8, destructive: 2, revoking: 2, agents: 3 });
    expect(review.groups.map((group: Data) => group.agent)).toEqual(['qa-engineer', 'spark-developer', 'sql-analyst']);
  });

  it('exits 3 on a grant revocation alone', () => {
    const result = diff(only(/databricks_grants\./), '--json');
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout).summary).toEqual({ changes: 2, destructive: 0, revoking: 1, agents: 2 });
  });

  it('exits 3 on a table destroy alone', () => {
    const result = diff(only(/databricks_sql_table\./), '--json');
    expect(result.code).toBe(3);
    const review = JSON.parse(result.stdout);
    expect(review.summary).toEqual({ changes: 1, destructive: 1, revoking: 0, agents: 1 });
    expect(review.groups[0].changes[0]).toMatchObject({
      severity: 'destructive',
      category: 'destroyed',
      object: { kind: 'table', name: 'acme_dev.bronze.events', address: 'databricks_sql_table.unity-catalog_table-bronze-events_table_B0B885A0' },
    });
  });

  it('exits 0 for a plan whose changes are all no-ops', () => {
    const file = only(/^$/);
    // A plan file compares the state with the planned values, not one file with another.
    expect(diff(file)).toEqual({
      code: 0,
      stdout: `No changes to access, data or compute limits: plan file ${code(file)} (state → planned).\n`,
      stderr: '',
      lines: [`No changes to access, data or compute limits: plan file ${code(file)} (state → planned).`, ''],
    });
  });

  it('reads hostile keys as data: a type, attribute and unknown named __proto__ or constructor', () => {
    const hostile = JSON.parse(
      JSON.stringify({
        ...fixture,
        resource_changes: [
          ...fixture.resource_changes,
          {
            address: '__proto__.constructor',
            mode: 'managed',
            type: '__proto__',
            name: 'constructor',
            change: { actions: ['create'], before: null, after: { owner: '${databricks_schema.x.__proto__}' }, after_unknown: { toString: true } },
          },
        ],
      }).replace('"toString":true', '"__proto__":true,"toString":true'),
    );
    const file = write(JSON.stringify(hostile));
    const result = diff(file);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(3);
    expect(result.stdout).toBe(diff(PLAN).stdout.replace(code(PLAN), code(file)));
  });

  it('exits 2 naming the file and the bad field for a malformed plan', () => {
    const broken = write(JSON.stringify({ ...fixture, resource_changes: [{ ...fixture.resource_changes[0], change: { actions: 'update' } }] }));
    expect(diff(broken)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        `'${broken}' is not a Terraform plan in JSON: resource_changes[0].change.actions is a string, expected a list of strings; pass the output of \`terraform show -json PLANFILE\``,
      ),
    });
    const badGrant = write(
      JSON.stringify({
        ...fixture,
        resource_changes: [
          {
            ...fixture.resource_changes[5],
            change: { ...fixture.resource_changes[5].change, after: { grant: [{ principal: 7 }] }, after_unknown: {} },
          },
        ],
      }),
    );
    expect(diff(badGrant)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('resource_changes[0].change.after.grant[0].principal is a number, expected a string'),
    });
  });
});
