// `agent-contract check [model] --env <env> FILE`: fails with a diff when FILE drifted from a fresh render.
import { readFileSync } from 'node:fs';
import { loadModelFile, DEFAULT_MODEL_PATH } from '../model/load';
import { renderContract } from '../contract/render';
import { unifiedDiff } from '../contract/unified-diff';
import { parseArgs } from './args';
import type { Command } from './command';
import { environmentArg } from './environment-arg';
import { EXIT_INVALID, EXIT_OK, UsageError } from './report';

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
    let current: string;
    try {
      current = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read '${file}': ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    }
    if (current === fresh) {
      io.stdout.write(`${file} is up to date with ${modelPath} (${options.env})\n`);
      return EXIT_OK;
    }
    io.stderr.write(`${file} drifted from ${modelPath}; regenerate it with: npx agent-contract render ${modelPath} --env ${options.env} --out ${file}\n`);
    io.stdout.write(unifiedDiff(current, fresh, file, `${modelPath} (fresh render)`));
    return EXIT_INVALID;
  },
};
