// `agent-contract render [model] --env <env> [--out FILE]`: CONTRACT.md for one environment.
import { writeFileSync } from 'node:fs';
import { loadModelFile, DEFAULT_MODEL_PATH } from '../model/load';
import { renderContract } from '../contract/render';
import { parseArgs } from './args';
import type { Command } from './command';
import { environmentArg } from './environment-arg';
import { EXIT_OK, UsageError } from './report';

export const renderCommand: Command = {
  name: 'render',
  summary: 'write the CONTRACT.md of one environment',
  usage: `agent-contract render [model] --env <env> [--out FILE]

Renders CONTRACT.md for the environment from the model (default ${DEFAULT_MODEL_PATH}) to stdout, or to FILE.
GENERATED_DATE is the newest version-history date, or SOURCE_DATE_EPOCH when set.`,
  run(argv, io) {
    const { positionals, options } = parseArgs(argv, ['env', 'out'], []);
    if (positionals.length > 1) throw new UsageError(`render takes one model path, got ${positionals.length}`);
    const modelPath = positionals[0] ?? DEFAULT_MODEL_PATH;
    const model = loadModelFile(modelPath);
    const text = renderContract(model, environmentArg(model, options.env), { modelPath, sourceDateEpoch: process.env.SOURCE_DATE_EPOCH });
    if (typeof options.out === 'string') {
      try {
        writeFileSync(options.out, text);
      } catch (error) {
        throw new UsageError(`cannot write '${options.out}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
    } else {
      io.stdout.write(text);
    }
    return EXIT_OK;
  },
};
