// `agent-contract check [model] --env <env> [--json] FILE`: fails with a diff when FILE drifted from a fresh render.
import type { TeamEnvironment } from '../access/team-environment';
import { loadModelFile, DEFAULT_MODEL_PATH } from '../validation/load';
import { defaultModelPath } from '../model/model-path';
import { readTextFile } from '../model/read-model-file';
import { renderContract } from '../contract/render';
import { selectTemplate } from '../contract/template-source';
import { unifiedDiff } from '../contract/unified-diff';
import { parseArgs } from './args';
import type { Command } from './command';
import { commandLine } from './command-line';
import type { CommandIo } from './io';
import { environmentArg } from './environment-arg';
import { EXIT_INVALID, EXIT_OK, UsageError } from './report';
import { agentFilesDrift, checkAgentFiles } from './agents-command';
import { writeJson, type CheckJson } from './json-output';

/**
 * The line diff holds lines(FILE) × lines(render) cells: 46 million for two contracts of the 200-agent benchmark
 * model. Past this, a drifted FILE (say, a log passed by mistake) is reported by its size instead of exhausting memory.
 */

/** What loadModelFile reads: a lone positional with this ending names the model, not the contract. */
const MODEL_FILE = /\.(ya?ml|json|[cm]?[jt]s)$/i;

export const checkCommand: Command = {
  name: 'check',
  usage: `agent-contract check [model] --env <env> [--template FILE] [--agents DIR] [--json] [FILE]

Exit 0 when FILE equals a fresh render of the model (default: cdktf.json's context.modelPath, ${DEFAULT_MODEL_PATH}) for the environment, with
--template or the model's contract.template when given, 1 with a unified diff when it drifted (or when the
template uses a name the contract does not offer), 2 for usage errors. --agents DIR also checks the agent
definitions \`agent-contract agents\` writes there (exit 1 when they drifted); FILE may then be left out.
--json prints on stdout, with the same exit codes (src/cli/json-output.ts):
  { model, environment, upToDate, contract?: { file, upToDate, diff? },
    agents?: { dir, upToDate, missing: [], changed: [], stale: [], project: [] } }`,
  run(argv, io) {
    const { positionals, options } = parseArgs(argv, ['env', 'template', 'agents'], ['json']);
    const agents = typeof options.agents === 'string' ? options.agents : undefined;
    if (positionals.length > 2 || (positionals.length < 1 && agents === undefined))
      throw new UsageError('check takes [model] and the FILE to check, or --agents DIR');
    // [model] FILE, or with --agents: [model] [FILE], where a lone positional is the model when it is a model file.
    const loneModel = agents !== undefined && positionals.length === 1 && MODEL_FILE.test(positionals[0]);
    const modelPath = positionals.length === 2 || loneModel ? positionals[0] : defaultModelPath();
    const file = positionals.length === 2 ? positionals[1] : loneModel ? undefined : positionals[0];
    const model = loadModelFile(modelPath);
    if (options.json) return checkJson(io, modelPath, environmentArg(model, options.env), file, agents, options.template);
    if (file === undefined) return checkAgentFiles(io, environmentArg(model, options.env), modelPath, agents as string);
    const team = environmentArg(model, options.env);
    const { fresh, current, flag } = contractAndRender(team, modelPath, file, options.template);
    const agentsCode = agents === undefined ? EXIT_OK : checkAgentFiles(io, team, modelPath, agents);
    if (current === fresh) {
      io.stdout.write(`${file} is up to date with ${modelPath} (${options.env})\n`);
      return agentsCode;
    }
    const templateFlag = flag !== undefined ? ['--template', flag] : [];
    const regenerate = commandLine('npx', 'agent-contract', 'render', modelPath, '--env', team.environment.name, ...templateFlag, '--out', file);
    io.stderr.write(`${file} drifted from ${modelPath}; regenerate it with: ${regenerate}\n`);
    io.stdout.write(unifiedDiff(current, fresh, file, `${modelPath} (fresh render)`));
    return EXIT_INVALID;
  },
};

/** FILE and a fresh render of the contract, with --template or the model's own. */
function contractAndRender(team: TeamEnvironment, modelPath: string, file: string, template: string | true | undefined) {
  const flag = typeof template === 'string' ? template : undefined;
  const source = selectTemplate(team.model, modelPath, flag);
  const fresh = renderContract(team, { modelPath, sourceDateEpoch: process.env.SOURCE_DATE_EPOCH, template: source, templateFlag: flag });
  // Bounded and regular files only, like the model: /dev/zero or a FIFO as FILE gives a message, not a hang.
  return { fresh, current: readTextFile(file, 'contract'), flag };
}

/** `check --json`: the same checks, reported as CheckJson. */
function checkJson(
  io: CommandIo,
  modelPath: string,
  team: TeamEnvironment,
  file: string | undefined,
  agents: string | undefined,
  template: string | true | undefined,
): number {
  let contract: CheckJson['contract'];
  if (file !== undefined) {
    const { fresh, current } = contractAndRender(team, modelPath, file, template);
    contract =
      current === fresh
        ? { file, upToDate: true }
        : { file, upToDate: false, diff: unifiedDiff(current, fresh, file, `${modelPath} (fresh render)`) };
  }
  const agentFiles = agents === undefined ? undefined : agentFilesDrift(team, modelPath, agents).json;
  const upToDate = (contract?.upToDate ?? true) && (agentFiles?.upToDate ?? true);
  const json: CheckJson = { model: modelPath, environment: team.environment.name, upToDate, contract, agents: agentFiles };
  writeJson(io, json);
  return upToDate ? EXIT_OK : EXIT_INVALID;
}
