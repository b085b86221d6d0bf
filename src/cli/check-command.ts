// `agent-contract check [model] --env <env> FILE`: fails with a diff when FILE drifted from a fresh render.
import { loadModelFile, DEFAULT_MODEL_PATH } from '../model/load';
import { readTextFile } from '../model/read-model-file';
import { renderContract } from '../contract/render';
import { unifiedDiff } from '../contract/unified-diff';
import { parseArgs } from './args';
import type { Command } from './command';
import { environmentArg } from './environment-arg';
import { EXIT_INVALID, EXIT_OK, UsageError } from './report';

/**
 * The line diff holds lines(FILE) × lines(render) cells: 46 million for two contracts of the 200-agent benchmark
 * model. Past this, a drifted FILE (say, a log passed by mistake) is reported by its size instead of exhausting memory.
 */
const MAX_DIFF_CELLS = 50_000_000;

export const checkCommand: Command = {
  name: 'check',
  summary: 'fail when a CONTRACT.md differs from a fresh render',
  usage: `agent-contract check [model] --env <env> FILE

Exit 0 when FILE equals a fresh render of the model (default ${DEFAULT_MODEL_PATH}) for the environment,
1 with a unified diff when it drifted, 2 for usage errors.`,
  run(argv, io) {
    const { positionals, options } = parseArgs(argv, ['env'], []);
    if (positionals.length < 1 || positionals.length > 2) throw new UsageError('check takes [model] and the FILE to check');
    const file = positionals[positionals.length - 1];
    const modelPath = positionals.length === 2 ? positionals[0] : DEFAULT_MODEL_PATH;
    const model = loadModelFile(modelPath);
    const fresh = renderContract(model, environmentArg(model, options.env), { modelPath, sourceDateEpoch: process.env.SOURCE_DATE_EPOCH });
    // Bounded and regular files only, like the model: /dev/zero or a FIFO as FILE gives a message, not a hang.
    const current = readTextFile(file, 'contract');
    if (current === fresh) {
      io.stdout.write(`${file} is up to date with ${modelPath} (${options.env})\n`);
      return EXIT_OK;
    }
    io.stderr.write(`${file} drifted from ${modelPath}; regenerate it with: npx agent-contract render ${modelPath} --env ${options.env} --out ${file}\n`);
    const [currentLines, freshLines] = [current, fresh].map((text) => text.split('\n').length);
    if (currentLines * freshLines > MAX_DIFF_CELLS) {
      io.stdout.write(`${file} has ${currentLines} lines and a fresh render ${freshLines}: too different to diff line by line\n`);
    } else {
      io.stdout.write(unifiedDiff(current, fresh, file, `${modelPath} (fresh render)`));
    }
    return EXIT_INVALID;
  },
};
