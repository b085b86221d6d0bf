// No agent writes code another identity runs: workspace folders narrowed where the repository's most specific
// pattern and the workspace's inheritance disagree, the model refused where they cannot be honoured, DAC-WS2 at synth.
import { Testing } from 'cdktf';
import type { Permissions } from '@cdktf/provider-databricks/lib/permissions';
import { codeSources } from '../src/access/code-sources';
import { deriveFolders } from '../src/access/folders';
import { decide, indexPatterns } from '../src/ownership/matcher';
import { ownershipOf } from '../src/ownership/ownership';
import { addEnvironmentStacks } from '../src/app';
import { modelWarnings } from '../src/access/warnings';
import { addNightlyJob, modelFrom, problemsOf, synth, type Data, type Synthesized } from './helpers';

const reference = modelFrom();
const plans = { dev: synth(reference, 'dev'), prod: synth(reference, 'prod') };
const messages = (mutate: (d: Data) => void) => problemsOf(mutate).map((p) => `${p.path}: ${p.message}`);

/** The levels above CAN_READ on folders (docs/resources/permissions.md, "Folder usage"), which DAC-WS2 refuses too. */
const WRITES = ['CAN_EDIT', 'CAN_RUN', 'CAN_MANAGE'];

/** A workspace path with its leading `${databricks_directory.<id>.path}` references resolved, as Terraform would. */
function resolve(plan: Synthesized, path: string): string {
  const match = /^\$\{databricks_(directory|workspace_file)\.([^.]+)\.path\}/.exec(path);
  if (!match) return path;
  const parent = plan.json.resource[`databricks_${match[1]}`][match[2]].path as string;
  return resolve(plan, parent) + path.slice(match[0].length);
}

const within = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

describe('the reference model on the workspace', () => {
  it.each(Object.entries(plans))('%s: no folder or file that holds code a pipeline or job runs as X is writable by any agent but X', (_env, plan) => {
    const runAs = (element: Data) => (element.run_as.service_principal_name ?? element.run_as.user_name) as string;
    const code = [
      ...Object.values(plan.json.resource.databricks_pipeline).flatMap((pipeline: Data) =>
        (pipeline.library as Data[]).map((library) => ({
          runAs: runAs(pipeline),
          path: (library.notebook?.path ?? library.file?.path ?? library.glob.include.replace(/\/\*\*$/, '')) as string,
          glob: library.glob !== undefined,
        })),
      ),
      ...Object.values(plan.json.resource.databricks_job).flatMap((job: Data) =>
        (job.task as Data[]).map((task) => ({
          runAs: runAs(job),
          path: resolve(plan, task.notebook_task?.notebook_path ?? task.spark_python_task.python_file),
          glob: false,
        })),
      ),
    ];
    // 4 pipelines with 5 libraries, and the runtime guard's job.
    expect(code).toHaveLength(6);
    let checked = 0;
    for (const acl of Object.values(plan.json.resource.databricks_permissions) as Data[]) {
      const target = acl.directory_path ?? acl.workspace_file_path ?? acl.notebook_path;
      if (target === undefined) continue;
      const path = resolve(plan, target);
      // Permissions are inherited by everything below a folder and cannot be narrowed there (permissions.md, "Folder usage");
      // a glob include picks up everything below its base, so a folder below the base holds its code too.
      const holds = (c: (typeof code)[number]) =>
        acl.directory_path !== undefined ? within(c.path, path) || (c.glob && within(path, c.path)) : c.glob ? within(path, c.path) : path === c.path;
      for (const source of code.filter(holds)) {
        checked++;
        const writers = (acl.access_control as Data[]).filter((entry) => WRITES.includes(entry.permission_level));
        for (const entry of writers)
          expect({ path, writer: entry.service_principal_name ?? entry.group_name }).toEqual({ path, writer: source.runAs });
      }
    }
    // Each pipeline library under the pipelines folder and under its layer's folder; no ACL reaches the guard's script.
    expect(checked).toBe(10);
  });

  it('lets only the run-as agent edit each pipeline source in the repository too (the edit hook’s rule)', () => {
    const ownership = ownershipOf(reference);
    const index = indexPatterns(ownership.patterns);
    const agents = [...reference.agents.core, ...reference.agents.domain].map((agent) => agent.name);
    expect(codeSources(reference)).toHaveLength(5); // the reference pipelines' libraries
    for (const source of codeSources(reference)) {
      const path = source.kind === 'glob' ? source.path.replace(/\*\*$/, 'new_source.py') : source.path;
      const editors = agents.filter((agent) => decide(ownership, index, agent, path).allowed);
      expect({ path, editors }).toEqual({ path, editors: [source.runAs] });
    }
  });

  it.each(Object.entries(plans))('%s: the broad owner of pipelines/**/* reads the folder, each layer owner manages its own', (_env, plan) => {
    const acl = (path: string) => plan.byPath('databricks_permissions')[path].access_control as Data[];
    const level = (path: string, agent: string) =>
      acl(path).find((entry) => entry.service_principal_name === plan.principalOf(agent))?.permission_level;
    expect(level('workspace/root/dir-pipelines/permissions', 'troubleshooter')).toBe('CAN_READ');
    expect(acl('workspace/root/dir-pipelines/permissions').map((entry) => entry.permission_level)).toEqual(Array(5).fill('CAN_READ'));
    expect(level('workspace/root/dir-pipelines/dir-bronze/permissions', 'data-connector-specialist')).toBe('CAN_MANAGE');
    expect(level('workspace/root/dir-pipelines/dir-silver/permissions', 'etl-pipeline-architect')).toBe('CAN_MANAGE');
    expect(level('workspace/root/dir-pipelines/dir-gold/permissions', 'sql-analyst')).toBe('CAN_MANAGE');
    expect(level('workspace/root/dir-pipelines/dir-ml/permissions', 'mlflow-engineer')).toBe('CAN_MANAGE');
    // Folders without others' code keep what the matrix says.
    expect(level('workspace/root/dir-notebooks/permissions', 'troubleshooter')).toBe('CAN_MANAGE');
  });

  it('warns of each pattern pair it narrowed, naming both patterns, the pipeline and its run-as identity', () => {
    const warnings = modelWarnings(reference);
    expect(warnings.map((w) => w.path)).toEqual(Array(4).fill('fileOwnership[7].access.troubleshooter'));
    expect(warnings[0].message).toBe(
      "troubleshooter OWNS 'pipelines/**/*' in the repository but gets CAN_READ, not CAN_MANAGE, on the workspace folder '/lakehouse-agents/pipelines': " +
        "folder permissions are inherited and cannot be narrowed below, and 'pipelines/bronze/**' (fileOwnership[8]) decides sources of pipeline 'bronze-ingest', " +
        "which run as data-connector-specialist. To let troubleshooter write the folder on the workspace, keep other identities' pipeline sources out of 'pipelines'",
    );
    expect(warnings.map((w) => /'(pipelines\/\w+\/\*\*)'/.exec(w.message.split('below, and ')[1])?.[1])).toEqual([
      'pipelines/bronze/**',
      'pipelines/silver/**',
      'pipelines/gold/**',
      'pipelines/ml/**',
    ]);
  });

  it('states the narrowing in the contract and in the narrowed agent’s brief', () => {
    const contract = addEnvironmentStacks(Testing.app(), reference).find((s) => s.node.id === 'dev')!.team.contract!;
    expect(contract).toContain(
      '| troubleshooter | `pipelines/**/*` | `/lakehouse-agents/pipelines` | CAN_READ | `pipelines/bronze/**` (bronze-ingest as data-connector-specialist); ' +
        '`pipelines/silver/**` (silver-clean as etl-pipeline-architect); `pipelines/gold/**` (gold-aggregates as sql-analyst); ' +
        '`pipelines/ml/**` (ml-feature-refresh as mlflow-engineer) | nothing |',
    );
    expect(contract).toContain(
      '- `pipelines/**/*`: folder `/lakehouse-agents/pipelines` (CAN_READ only: pipelines below it run code as other identities)',
    );
  });
});

describe('narrowing', () => {
  it('keeps the narrowed owner CAN_MANAGE on declared sub-folders that hold no one else’s code', () => {
    const model = modelFrom((d) => {
      d.fileOwnership.push({ pattern: 'pipelines/tools/lint/**', access: { 'qa-engineer': 'OWNS' } });
      d.fileOwnership.push({ pattern: 'pipelines/layers/raw/**', access: { 'data-connector-specialist': 'OWNS' } });
      d.pipelines[0].libraries = [{ glob: 'pipelines/layers/raw/**' }];
    });
    const { narrowings } = deriveFolders(model);
    // pipelines/layers holds data-connector-specialist's code; pipelines/tools holds none.
    expect(narrowings.filter((n) => n.agent === 'troubleshooter').map((n) => n.keeps)).toEqual([['pipelines/tools']]);
    const plan = synth(model);
    expect(plan.byPath('databricks_permissions')['workspace/root/dir-pipelines/dir-tools/permissions'].access_control).toEqual([
      { permission_level: 'CAN_MANAGE', service_principal_name: plan.principalOf('troubleshooter') },
    ]);
    expect(plan.byPath('databricks_permissions')['workspace/root/dir-pipelines/dir-layers/permissions']).toBeUndefined();
    expect(modelWarnings(model)[0].message).toContain(
      "CAN_MANAGE, on the workspace folder '/lakehouse-agents/pipelines'; it keeps CAN_MANAGE on '/lakehouse-agents/pipelines/tools':",
    );
  });

  it('narrows a folder below a glob’s base even where no pattern decides what the glob picks up', () => {
    // The glob 'shared/*.py' reaches no path of 'shared/lib/**' in the repository, but on the workspace a folder below a
    // glob's base is counted as holding its code (docs/resources/pipeline.md: an include picks up a folder's contents).
    const model = modelFrom((d) => {
      d.fileOwnership.push({ pattern: 'shared/lib/**', access: { 'spark-developer': 'OWNS' } });
      d.pipelines[0].libraries = [{ glob: 'shared/*.py' }];
    });
    const narrowing = deriveFolders(model).narrowings.find((n) => n.pattern === 'shared/lib/**')!;
    expect(narrowing).toMatchObject({ agent: 'spark-developer', directory: 'shared/lib', keeps: [] });
    expect(narrowing.because.map((b) => [b.source.pipeline, b.decidedBy])).toEqual([['bronze-ingest', []]]);
    expect(modelWarnings(model).find((w) => w.path === 'fileOwnership[18].access.spark-developer')!.message).toContain(
      "below, and the glob 'shared/*.py' may pick up files there, so it holds sources of pipeline 'bronze-ingest', which run as data-connector-specialist.",
    );
  });
});

describe('a model whose ownership cannot be honoured', () => {
  it('refuses an owner of the pattern that decides another identity’s pipeline sources, with the fix', () => {
    expect(messages((d) => (d.fileOwnership[8].access = { 'spark-developer': 'OWNS', 'data-connector-specialist': 'READS' }))).toEqual([
      "fileOwnership[8].access.spark-developer: spark-developer OWNS 'pipelines/bronze/**', the pattern that decides 'pipelines/bronze/x', " +
        "which its glob 'pipelines/bronze/**' picks up (pipelines[0].libraries[0]), code that pipeline 'bronze-ingest' runs as data-connector-specialist: " +
        "no agent may write code another identity runs. Make spark-developer READS on 'pipelines/bronze/**', move those sources to a folder " +
        "whose pattern data-connector-specialist alone owns (e.g. 'pipelines/bronze/bronze-ingest/**'), or make spark-developer the pipeline's owner",
    ]);
  });

  it('refuses a second owner of a pattern holding a pipeline notebook, and a file the broad pattern decides', () => {
    expect(
      messages((d) => {
        d.fileOwnership[9].access['spark-developer'] = 'OWNS';
        d.pipelines[2].libraries = [{ file: 'pipelines/aggregates.sql' }];
      }),
    ).toEqual([
      expect.stringMatching(
        /^fileOwnership\[9\]\.access\.spark-developer: spark-developer OWNS 'pipelines\/silver\/\*\*', the pattern that decides 'pipelines\/silver\/clean_orders' \(pipelines\[1\]\.libraries\[0\]\)/,
      ),
      expect.stringMatching(
        /^fileOwnership\[9\]\.access\.spark-developer: .* 'pipelines\/silver\/customers_scd2' \(pipelines\[1\]\.libraries\[1\]\)/,
      ),
      "fileOwnership[7].access.troubleshooter: troubleshooter OWNS 'pipelines/**/*', the pattern that decides 'pipelines/aggregates.sql' (pipelines[2].libraries[0]), " +
        "code that pipeline 'gold-aggregates' runs as sql-analyst: no agent may write code another identity runs. Make troubleshooter READS on 'pipelines/**/*', " +
        "move those sources to a folder whose pattern sql-analyst alone owns (e.g. 'pipelines/gold-aggregates/**'), or make troubleshooter the pipeline's owner",
    ]);
  });

  it('refuses a deeper pattern of another owner inside a glob’s folder: the glob picks up what it decides', () => {
    expect(messages((d) => d.fileOwnership.push({ pattern: 'pipelines/bronze/raw/**', access: { 'spark-developer': 'OWNS' } }))).toEqual([
      expect.stringMatching(
        /^fileOwnership\[18\]\.access\.spark-developer: spark-developer OWNS 'pipelines\/bronze\/raw\/\*\*', the pattern that decides 'pipelines\/bronze\/raw\/x', which its glob 'pipelines\/bronze\/\*\*' picks up/,
      ),
    ]);
  });
});

describe('DAC-WS2 at synth', () => {
  const synthFails = (tamper: (stack: ReturnType<typeof addEnvironmentStacks>[number]) => void) => {
    const stack = addEnvironmentStacks(Testing.app(), reference).find((s) => s.node.id === 'dev')!;
    tamper(stack);
    return () => Testing.synth(stack, true);
  };

  it('fails synth when an escape hatch gives the broad owner CAN_MANAGE above other identities’ pipelines', () => {
    const hatch = synthFails((stack) => {
      const acl = stack.team.workspace.folders.get('pipelines')!.node.findChild('permissions') as Permissions;
      acl.putAccessControl([{ permissionLevel: 'CAN_EDIT', servicePrincipalName: stack.team.identities.principalOf('troubleshooter').name }]);
    });
    expect(hatch).toThrow(
      /DAC-WS2 dev\/workspace\/root\/dir-pipelines\/permissions: troubleshooter holds CAN_EDIT on '\/lakehouse-agents\/pipelines', which holds code \(glob '\/lakehouse-agents\/pipelines\/bronze\/\*\*'\) that pipeline dev\/pipeline-bronze-ingest\/pipeline runs as data-connector-specialist: only the run-as identity and the workspace admin may write it; give troubleshooter CAN_READ there, or move the code to a folder only data-connector-specialist writes/,
    );
  });

  it('fails synth for a job whose task file another agent may write, and passes once the file lives where only its run-as writes', () => {
    const job = (notebookPath: string) => synthFails((stack) => addNightlyJob(stack, notebookPath));
    // tests/**/* is owned by troubleshooter and testing-agent; the job runs as testing-agent, the row owner.
    expect(job('/lakehouse-agents/tests/nightly')).toThrow(
      /DAC-WS2 dev\/workspace\/root\/dir-tests\/permissions: troubleshooter holds CAN_MANAGE on '\/lakehouse-agents\/tests', which holds code \(notebook '\/lakehouse-agents\/tests\/nightly'\) that job dev\/nightly\/job runs as testing-agent/,
    );
    expect(job('/lakehouse-agents-jobs/nightly')).not.toThrow();
  });
});
