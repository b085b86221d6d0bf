// `agent-contract agents [model] --env <env> --out DIR [--check]`: one Claude Code subagent file per agent.
import { basename, dirname, join, relative, resolve } from 'node:path';
import { agentFiles, driftOf, staleFiles, writeAgentFiles } from '../agents/agent-files';
import { unifiedDiff } from '../contract/unified-diff';
import { loadModelFile } from '../model/load';
import { defaultModelPath, repositoryPath } from '../model/model-path';
import { parseArgs } from './args';
import { OutputFolder, statOrUndefined } from './atomic-write';
import type { Command } from './command';
import { environmentArg } from './environment-arg';
import { EXIT_INVALID, EXIT_OK, UsageError } from './report';
import type { CommandIo } from './io';
import type { NamedEnvironment, TeamModel } from '../model/types';

/** The hook script as the project directory reaches it: this package's bin/may-edit.js. */
const mayEditScript = () => relative(process.cwd(), resolve(__dirname, '../../bin/may-edit.js')).split('\\').join('/');

/** An agents directory that exists as something else is a usage error, not a crash. */
function refuseNonDirectory(dir: string): void {
  const stats = statOrUndefined(dir);
  if (stats && !stats.isDirectory())
    throw new UsageError(`'${dir}' is not a directory: name the folder of the agent definitions, e.g. .claude/agents`);
}

/** The files `agents` writes for `env` into `dir`, named as the regeneration command names them. */
function filesFor(model: TeamModel, env: NamedEnvironment, modelPath: string, dir: string) {
  return agentFiles(model, env, { modelPath, outDir: repositoryPath(dir), mayEditScript: mayEditScript() });
}

/** Exit 0 when `dir` holds exactly the generated agent files, else 1 with what drifted (also `check --agents`). */
export function checkAgentFiles(io: CommandIo, model: TeamModel, env: NamedEnvironment, modelPath: string, dir: string): number {
  refuseNonDirectory(dir);
  const files = filesFor(model, env, modelPath, dir);
  const outDir = repositoryPath(dir);
  const drift = driftOf(dir, files);
  if (!drift.missing.length && !drift.changed.length && !drift.stale.length) {
    io.stdout.write(`${outDir} is up to date with ${modelPath} (${env.name}): ${files.size} files\n`);
    return EXIT_OK;
  }
  io.stderr.write(
    `${outDir} drifted from ${modelPath}; regenerate it with: npx agent-contract agents ${modelPath} --env ${env.name} --out ${outDir}\n`,
  );
  for (const name of drift.missing) io.stdout.write(`missing: ${join(outDir, name)}\n`);
  for (const name of drift.stale) io.stdout.write(`no longer generated: ${join(outDir, name)}\n`);
  for (const { name, current } of drift.changed)
    io.stdout.write(unifiedDiff(current, files.get(name) as string, join(outDir, name), `${modelPath} (fresh)`));
  return EXIT_INVALID;
}

export const agentsCommand: Command = {
  name: 'agents',
  summary: 'write one Claude Code subagent file per agent, with its brief, profile and edit hook',
  usage: `agent-contract agents [model] --env <env> --out DIR [--check]

Writes DIR/<agent>.md for every agent — front matter with name, description, model (the LLM as Claude
Code's alias: sonnet, opus, haiku), maxTurns where a loop limit names the agent, and a PreToolUse hook that
runs may-edit on every file edit — and a body with the agent's brief and the Databricks profile it must use;
plus DIR/ownership.json, the matrix the hook reads. Generated files of agents no longer in the model are
removed. --check writes nothing: exit 0 when DIR matches, 1 with a diff when it drifted.`,
  run(argv, io) {
    const { positionals, options } = parseArgs(argv, ['env', 'out'], ['check']);
    if (positionals.length > 1) throw new UsageError(`agents takes one model path, got ${positionals.length}`);
    if (typeof options.out !== 'string' || options.out === '') throw new UsageError('--out DIR is required, e.g. --out .claude/agents');
    const modelPath = repositoryPath(positionals[0] ?? defaultModelPath());
    const model = loadModelFile(modelPath);
    const env = environmentArg(model, options.env);
    if (options.check) return checkAgentFiles(io, model, env, modelPath, options.out);
    refuseNonDirectory(options.out);
    const outDir = repositoryPath(options.out);
    const files = filesFor(model, env, modelPath, options.out);
    // Every file is staged in the folder before any is replaced; none may replace the model or what it reads.
    const folder = new OutputFolder(options.out, [{ path: modelPath, what: 'the model' }], { create: true });
    for (const name of staleFiles(options.out, files)) folder.checkRemovable(name);
    let written: string[];
    try {
      written = writeAgentFiles(options.out, files, (path, text) => folder.stage(basename(path), text));
      folder.commit();
    } finally {
      folder.discard();
    }
    io.stdout.write(`wrote ${written.length} files to ${dirname(written[0] ?? outDir) || outDir}\n`);
    return EXIT_OK;
  },
};
