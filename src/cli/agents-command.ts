// `agent-contract agents [model] --env <env> --out DIR [--project DIR] [--no-project-files] [--check]`: the subagent
// files, the ownership matrix, and the project-wide edit hook with CLAUDE.md and AGENTS.md.
import { ownPackage, PACKAGE_ROOT } from './own-package';
import type { TeamEnvironment } from '../access/team-environment';
import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { agentFiles, driftOf, projectDrift, projectFiles, staleFiles, writeAgentFiles, type ProjectFilesOptions } from '../agents/agent-files';
import { unifiedDiff } from '../contract/unified-diff';
import { loadModelFile } from '../validation/load';
import { defaultModelPath, repositoryPath } from '../model/model-path';
import { protectedPatterns } from '../ownership/protected-paths';
import { parseArgs } from './args';
import { OutputFolder, statOrUndefined, writeOutputFile } from './atomic-write';
import type { Command } from './command';
import { commandLine } from './command-line';
import { environmentArg } from './environment-arg';
import { printWarnings, protectedWarnings } from './protected-warnings';
import { EXIT_INVALID, EXIT_OK, UsageError } from './report';
import type { CommandIo } from './io';
import type { AgentFilesJson } from './json-output';

/** This package's root: two folders above src/cli or dist/cli. */
const posixPath = (path: string) => path.split(sep).join('/');
const inside = (path: string) => path !== '' && path !== '..' && !path.startsWith(`..${sep}`) && !isAbsolute(path);

/**
 * The hook script as the project root reaches it: the package installed in the project's node_modules (a link
 * counts, as npm link and workspaces make), or this checkout's bin when the project is the checkout itself. A script
 * outside the project would break with a cache or another checkout, so it is refused.
 */
export function hookScriptOf(project: string): string {
  const script = join(PACKAGE_ROOT, 'bin', 'may-edit.js');
  if (!existsSync(script)) throw new UsageError(`the hook script ${script} is missing: reinstall databricks-agent-contract`);
  const ours = realpathSync(script);
  const { name } = ownPackage();
  const installed = join(project, 'node_modules', name, 'bin', 'may-edit.js');
  if (existsSync(installed) && realpathSync(installed) === ours) return `node_modules/${name}/bin/may-edit.js`;
  const local = relative(realpathSync(project), ours);
  if (inside(local)) return posixPath(local);
  throw new UsageError(
    `the hook script ${ours} is outside the project ${project}: install the package into the project (${commandLine('npm', 'install', '--save-dev', name)}) and run that copy (npx agent-contract agents …)`,
  );
}

/** An agents directory that exists as something else is a usage error, not a crash. */
function refuseNonDirectory(dir: string, what = 'the agent definitions, e.g. .claude/agents'): void {
  const stats = statOrUndefined(dir);
  if (stats && !stats.isDirectory()) throw new UsageError(`'${dir}' is not a directory: name the folder of ${what}`);
}

export interface ProjectOptions {
  /** The Claude Code project root. @default the folder holding the `.claude` folder DIR is in, else the current directory */
  readonly project?: string;
  /** Write and check the project root's files (settings, CLAUDE.md, AGENTS.md) too. @default true */
  readonly projectFiles?: boolean;
}

/** The folder holding the `.claude` folder `dir` is in (`x/.claude/agents` → `x`), if it is in one. */
function dotClaudeParent(dir: string): string | undefined {
  const parts = resolve(dir).split(sep);
  const at = parts.lastIndexOf('.claude');
  return at > 0 ? parts.slice(0, at).join(sep) || sep : undefined;
}

/**
 * Everything `agents` derives for one run: the agents directory's files and what the project files need. Project
 * files are written only into a project named by --project or by DIR's `.claude` folder, never into whatever
 * directory the command happens to run in.
 */
function plan(team: TeamEnvironment, modelPath: string, dir: string, options: ProjectOptions) {
  // Without project files the hook's paths are only those in the front matter: the current directory is the root.
  const named = options.project ?? (options.projectFiles === false ? undefined : dotClaudeParent(dir));
  const writesProject = options.projectFiles !== false && named !== undefined;
  const project = resolve(named ?? '.');
  refuseNonDirectory(project, 'the Claude Code project');
  if (!existsSync(project)) throw new UsageError(`the project folder '${options.project}' does not exist`);
  const script = hookScriptOf(project);
  const fromRoot = relative(realpathSync(project), resolve(dir));
  // The hook names the ownership file from the project root; a folder outside it is named absolutely.
  const agentsDir = inside(fromRoot) ? posixPath(fromRoot) : resolve(dir);
  const scriptDir = posixPath(dirname(dirname(script)));
  const protectedPaths = protectedPatterns({
    agentsDir: inside(fromRoot) ? agentsDir : '.claude/agents',
    hookPackage: scriptDir === '.' ? '' : scriptDir,
  });
  const files = agentFiles(team, { modelPath, outDir: agentsDir, mayEditScript: script, protectedPaths });
  const projectOptions: ProjectFilesOptions = { modelPath, agentsDir, script, protectedPaths };
  return { project, files, projectOptions, protectedPaths, writesProject };
}

/** What differs between `dir` (and the project files) and a fresh generation: `json` for `check --json`. */
export function agentFilesDrift(team: TeamEnvironment, modelPath: string, dir: string, options: ProjectOptions = { projectFiles: false }) {
  refuseNonDirectory(dir);
  const { project, files, projectOptions, writesProject } = plan(team, modelPath, dir, options);
  const drift = driftOf(dir, files);
  let extra: string[] = [];
  try {
    extra = writesProject ? projectDrift(project, team, projectOptions) : [];
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const json: AgentFilesJson = {
    dir: repositoryPath(dir),
    upToDate: !drift.missing.length && !drift.changed.length && !drift.stale.length && !extra.length,
    missing: drift.missing,
    changed: drift.changed.map(({ name }) => name),
    stale: drift.stale,
    project: extra,
  };
  return { files, drift, extra, writesProject, json };
}

/** Exit 0 when `dir` (and the project files) hold exactly the generated files, else 1 with what drifted. */
export function checkAgentFiles(
  io: CommandIo,
  team: TeamEnvironment,
  modelPath: string,
  dir: string,
  options: ProjectOptions = { projectFiles: false },
): number {
  const { files, drift, extra, writesProject, json } = agentFilesDrift(team, modelPath, dir, options);
  const outDir = json.dir;
  if (json.upToDate) {
    io.stdout.write(
      `${outDir} is up to date with ${modelPath} (${team.environment.name}): ${files.size} files${writesProject ? ', and the project files' : ''}\n`,
    );
    return EXIT_OK;
  }
  const flags = options.projectFiles === false ? ['--no-project-files'] : [];
  const regenerate = commandLine('npx', 'agent-contract', 'agents', modelPath, '--env', team.environment.name, '--out', outDir, ...flags);
  io.stderr.write(`${outDir} drifted from ${modelPath}; regenerate it with: ${regenerate}\n`);
  for (const name of drift.missing) io.stdout.write(`missing: ${join(outDir, name)}\n`);
  for (const name of drift.stale) io.stdout.write(`no longer generated: ${join(outDir, name)}\n`);
  for (const line of extra) io.stdout.write(`${line}\n`);
  for (const { name, current } of drift.changed)
    io.stdout.write(unifiedDiff(current, files.get(name) as string, join(outDir, name), `${modelPath} (fresh)`));
  return EXIT_INVALID;
}

export const agentsCommand: Command = {
  name: 'agents',
  usage: `agent-contract agents [model] --env <env> --out DIR [--project DIR] [--no-project-files] [--check]

Writes DIR/<agent>.md for every agent — front matter with name, description, model (the LLM as Claude
Code's alias: sonnet, opus, haiku), maxTurns where a loop limit names the agent, and the agent's own
PreToolUse hook — and a body with the agent's brief and the Databricks profile it must use; plus
DIR/ownership.json, the matrix the hook reads. Generated files of agents no longer in the model are removed.
Into the project root (--project, default the folder holding DIR's .claude folder) it merges the project-wide hook and the
deny rules into .claude/settings.json, keeping the rest, and writes AGENTS.md and CLAUDE.md (which imports
it; a CLAUDE.md of yours is kept when it has the line @AGENTS.md). The hook runs this package's
bin/may-edit.js from the project: install the package into the project first. --no-project-files writes
DIR only. Prints what it wrote ('wrote 17 files to .claude/agents', then the project files).
--check writes nothing: exit 0 when everything matches, 1 with a diff when it drifted.`,
  run(argv, io) {
    const { positionals, options } = parseArgs(argv, ['env', 'out', 'project'], ['check', 'no-project-files']);
    if (positionals.length > 1) throw new UsageError(`agents takes one model path, got ${positionals.length}`);
    if (typeof options.out !== 'string' || options.out === '') throw new UsageError('--out DIR is required, e.g. --out .claude/agents');
    const modelPath = repositoryPath(positionals[0] ?? defaultModelPath());
    const model = loadModelFile(modelPath);
    const team = environmentArg(model, options.env);
    const projectOptions: ProjectOptions = {
      project: typeof options.project === 'string' ? options.project : undefined,
      projectFiles: !options['no-project-files'],
    };
    if (options.check) return checkAgentFiles(io, team, modelPath, options.out, projectOptions);
    refuseNonDirectory(options.out);
    const { project, files, projectOptions: forProject, protectedPaths, writesProject } = plan(team, modelPath, options.out, projectOptions);
    let rootFiles = new Map<string, string>();
    try {
      // Read and merged before anything is written: a settings file that cannot be merged stops the whole run.
      if (writesProject) rootFiles = projectFiles(project, team, forProject);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    printWarnings(io, protectedWarnings(model, protectedPaths), modelPath);
    const inputs = [{ path: modelPath, what: 'the model' }];
    // Every agent file is staged in the folder before any is replaced; none may replace the model.
    const folder = new OutputFolder(options.out, inputs, { create: true });
    for (const name of staleFiles(options.out, files)) folder.checkRemovable(name);
    let written: string[];
    try {
      written = writeAgentFiles(options.out, files, (path, text) => folder.stage(basename(path), text));
      folder.commit();
    } finally {
      folder.discard();
    }
    const removed = written.filter((name) => name.endsWith(' (removed)'));
    io.stdout.write(`wrote ${files.size} files to ${repositoryPath(options.out)}\n`);
    if (removed.length)
      io.stdout.write(`removed ${removed.length} no longer generated: ${removed.map((name) => name.slice(0, -' (removed)'.length)).join(', ')}\n`);
    const projectWritten: string[] = [];
    for (const [name, text] of rootFiles) {
      const path = join(project, name);
      refuseNonDirectory(dirname(path), 'Claude Code settings');
      mkdirSync(dirname(path), { recursive: true });
      writeOutputFile(path, text, inputs);
      projectWritten.push(relative(process.cwd(), path) || name);
    }
    if (projectWritten.length) io.stdout.write(`wrote ${projectWritten.join(', ')}\n`);
    if (!writesProject && projectOptions.projectFiles)
      io.stderr.write(
        `note: ${repositoryPath(options.out)} is in no .claude folder: the project-wide hook, CLAUDE.md and AGENTS.md were not written; name the project with --project DIR\n`,
      );
    return EXIT_OK;
  },
};
