// `agent-contract validate [model]`: checks a model and prints a one-line summary.
import { loadModelFile, DEFAULT_MODEL_PATH } from '../model/load';
import { defaultModelPath } from '../model/model-path';
import { allAgents, environmentsOf } from '../model/types';
import { modelWarnings } from '../model/warnings';
import { parseArgs } from './args';
import type { Command } from './command';
import { EXIT_OK, UsageError } from './report';
import { DEFAULT_PROTECTED, printWarnings, protectedWarnings } from './protected-warnings';

export const validateCommand: Command = {
  name: 'validate',
  usage: `agent-contract validate [model]

Validates the model (default: cdktf.json's context.modelPath, ${DEFAULT_MODEL_PATH}; .yaml, .yml, .ts or .js).
Exit 0 when valid, 1 listing every problem when invalid, 2 for usage errors or unreadable files. A valid model
may still print warnings on stderr: file-ownership patterns whose owners get only CAN_READ on the workspace, and
patterns that cover a file the edit hook protects (.claude/settings*.json, CLAUDE.md, …).`,
  run(argv, io) {
    const { positionals } = parseArgs(argv, [], []);
    if (positionals.length > 1) throw new UsageError(`validate takes one model path, got ${positionals.length}`);
    const path = positionals[0] ?? defaultModelPath();
    const model = loadModelFile(path);
    const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
    io.stdout.write(
      `${path} is valid: ${[
        count(allAgents(model).length, 'agent'),
        count(environmentsOf(model).length, 'environment'),
        count(model.schemas.length, 'schema'),
        count(model.tables.length, 'table'),
        count(model.models.length, 'model'),
        count(model.compute.length, 'compute row'),
        count(model.pipelines.length, 'pipeline'),
      ].join(', ')}\n`,
    );
    printWarnings(io, [...modelWarnings(model), ...protectedWarnings(model, DEFAULT_PROTECTED)], path);
    return EXIT_OK;
  },
};
