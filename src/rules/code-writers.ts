// DAC-WS2: nobody but a pipeline's or job's run-as identity (and the workspace admin) may write the code it runs.
import { DEPLOYER } from '../access/derive';
import { folderHoldsCode, objectHoldsCode, type CodeLocation } from '../access/code-sources';
import { NOT_APPLICABLE, accessEntriesOf, verdict, type GuardrailRule, type RuleContext, type StackElement } from './rule';
import { resolvedPath } from './workspace-path';

/**
 * Levels beyond CAN_READ (docs/resources/permissions.md, "Folder usage"): CAN_EDIT and CAN_MANAGE change what a folder,
 * notebook or file holds; CAN_RUN is refused too, since no one but the run-as identity needs more than reading there.
 */
const WRITES = new Set(['CAN_EDIT', 'CAN_RUN', 'CAN_MANAGE', 'IS_OWNER']);

/**
 * The workspace object a databricks_permissions targets, by path or by id (permissions/permission_definitions.go
 * fields); an id is placed through the element it references (`${databricks_directory.<id>.object_id}`).
 */
const TARGETS: readonly { readonly key: string; readonly folder: boolean; readonly idOf?: string }[] = [
  { key: 'directory_path', folder: true },
  { key: 'notebook_path', folder: false },
  { key: 'workspace_file_path', folder: false },
  { key: 'directory_id', folder: true, idOf: 'databricks_directory' },
  { key: 'notebook_id', folder: false, idOf: 'databricks_notebook' },
  { key: 'workspace_file_id', folder: false, idOf: 'databricks_workspace_file' },
];

/** The path a target names: its path, or the path of the element its id references; undefined when it cannot be placed. */
function targetPath(element: StackElement, target: (typeof TARGETS)[number], context: RuleContext): string | undefined {
  const written = element.config[target.key] as string;
  if (target.idOf === undefined) return resolvedPath(written, context);
  const match = /^\$\{([a-z_]+)\.([A-Za-z0-9_-]+)\.object_id\}$/.exec(written);
  return match && match[1] === target.idOf ? resolvedPath(`\${${target.idOf}.${match[2]}.path}`, context) : undefined;
}

interface RunCode extends CodeLocation {
  /** The principal it runs as, as the plan writes it; undefined when no run_as sets it. */
  readonly runAs?: string;
  readonly what: string;
}

type Json = Record<string, unknown>;
const asList = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : value && typeof value === 'object' ? [value as Json] : []);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function runAsOf(element: StackElement): string | undefined {
  const runAs = asList(element.config.run_as)[0];
  return text(runAs?.service_principal_name) ?? text(runAs?.user_name);
}

/** A pipeline's libraries (notebook, file, glob include) and a job's workspace task files, with their run-as. */
function codeOf(element: StackElement, context: RuleContext): RunCode[] {
  const runAs = runAsOf(element);
  const at = (kind: CodeLocation['kind'], path: string | undefined, what: string): RunCode[] =>
    path === undefined ? [] : [{ kind, path: resolvedPath(path, context), runAs, what }];
  if (element.type === 'databricks_pipeline') {
    const what = `pipeline ${element.path}`;
    return asList(element.config.library).flatMap((library) => [
      ...at('notebook', text(asList(library.notebook)[0]?.path), what),
      ...at('file', text(asList(library.file)[0]?.path), what),
      ...at('glob', text(asList(library.glob)[0]?.include), what),
    ]);
  }
  if (element.type !== 'databricks_job') return [];
  const what = `job ${element.path}`;
  // Task files come from the job's Git source unless a task says WORKSPACE (Go SDK jobs.Source).
  const fromGit = (source: unknown) => source === 'GIT' || (source === undefined && element.config.git_source !== undefined);
  const tasks = (list: unknown): Json[] => asList(list).flatMap((task) => [task, ...tasks(asList(task.for_each_task)[0]?.task)]);
  return tasks(element.config.task).flatMap((task) => {
    const notebook = asList(task.notebook_task)[0];
    const python = asList(task.spark_python_task)[0];
    const sqlFile = asList(asList(task.sql_task)[0]?.file)[0];
    return [
      ...(notebook && !fromGit(notebook.source) ? at('notebook', text(notebook.notebook_path), what) : []),
      ...(python && !fromGit(python.source) ? at('file', text(python.python_file), what) : []),
      ...(sqlFile && !fromGit(sqlFile.source) ? at('file', text(sqlFile.path), what) : []),
    ];
  });
}

/**
 * Folder permissions are inherited by everything below and cannot be narrowed there (DATABRICKS.md "Reviewed
 * again"; the provider reads back only direct entries, permissions/permission_definitions.go prepareResponse), so
 * a write level on a folder above a pipeline's sources, or below a glob include's base, is a write level on them.
 */
export const codeWriters: GuardrailRule = {
  id: 'DAC-WS2',
  summary: 'only the run-as identity and the workspace admin may write a folder, notebook or file holding code a pipeline or job runs',
  checks:
    "No principal but the run-as identity (and the workspace admin or deployer) holds `CAN_EDIT`/`CAN_RUN`/`CAN_MANAGE` on a folder (inherited below, so also above a glob include's base or below it), notebook or file holding code a pipeline or job runs: pipeline libraries, job notebook, Python and SQL file tasks from the workspace; an object named by an id no element of the stack explains is flagged (name it by path).",
  why: 'Whoever writes the code a pipeline or job runs runs code as its identity.',
  fix: "Put the code where only its run-as identity writes (a folder only that agent owns, outside other agents' folders), make the other agent's pattern `READS`, or name the object by its path so it can be checked.",
  check(element, context) {
    if (element.type !== 'databricks_permissions') return NOT_APPLICABLE;
    const target = TARGETS.find((candidate) => typeof element.config[candidate.key] === 'string');
    if (target === undefined) return NOT_APPLICABLE;
    const path = targetPath(element, target, context);
    const runners = context.groupedBy('runs-code', (other) =>
      other.type === 'databricks_pipeline' || other.type === 'databricks_job' ? 'code' : undefined,
    );
    const code = (runners.get('code') ?? []).flatMap((runner) => codeOf(runner, context));
    const held =
      path === undefined ? code : code.filter((candidate) => (target.folder ? folderHoldsCode(path, candidate) : objectHoldsCode(path, candidate)));
    if (!held.length) return NOT_APPLICABLE;
    const admin = context.model.roles.workspaceAdmin;
    const messages: string[] = [];
    for (const entry of accessEntriesOf(element)) {
      const level = String(entry.permission_level);
      const principal = entry.service_principal_name ?? entry.group_name ?? entry.user_name;
      const agent = principal === undefined ? undefined : context.agentOf(principal);
      if (!WRITES.has(level) || agent === admin || agent === DEPLOYER) continue;
      // Fails closed: an object named by an id no element of the stack explains may hold any of the stack's code.
      if (path === undefined) {
        messages.push(
          `${agent ?? principal ?? 'an entry without a principal'} holds ${level} on ${target.key} '${element.config[target.key] as string}', which DAC-WS2 cannot place while the stack runs code: name the object by its path (${target.key.replace(/_id$/, '_path')}) so it can be checked`,
        );
        continue;
      }
      // A missing run_as is DAC-PL1's and DAC-JB1's finding, and fails synth there.
      for (const code of held.filter((candidate) => candidate.runAs !== undefined && candidate.runAs !== principal)) {
        const runAs = context.agentOf(code.runAs as string) ?? (code.runAs as string);
        const holder = agent ?? principal ?? 'an entry without a principal';
        messages.push(
          `${holder} holds ${level} on '${path}', which holds code (${code.kind} '${code.path}') that ${code.what} runs as ${runAs}: ` +
            `only the run-as identity and the workspace admin may write it; give ${holder} CAN_READ there, or move the code to a folder only ${runAs} writes`,
        );
      }
    }
    return verdict(messages);
  },
};
