// `agent-contract validate [model] [--json]`: checks a model and prints a one-line summary.
import { loadModelFile, DEFAULT_MODEL_PATH } from '../validation/load';
import { defaultModelPath } from '../model/model-path';
import { allAgents, environmentsOf } from '../model/types';
import { modelWarnings } from '../access/warnings';
import { parseArgs } from './args';
import type { Command } from './command';
import { jsonProblem, writeJson, type ValidateJson } from './json-output';
import { EXIT_OK, UsageError } from './report';
import { DEFAULT_PROTECTED, printWarnings, protectedWarnings } from './protected-warnings';

export const validateCommand: Command = {
  name: 'validate',
  usage: `agent-contract validate [model] [--json]

Validates the model (default: cdktf.json's context.modelPath, ${DEFAULT_MODEL_PATH}; .yaml, .yml, .ts or .js).
Exit 0 when valid, 1 listing every problem when invalid, 2 for usage errors or unreadable files. A valid model
may still print warnings on stderr: file-ownership patterns whose owners get only CAN_READ on the workspace, and
patterns that cover a file the edit hook protects (.claude/settings*.json, CLAUDE.md, …).
--json prints on stdout, valid or not (src/cli/json-output.ts):
  { model, valid: true, counts: { agents, environments, schemas, tables, models, computeRows, pipelines },
    problems: [], warnings: [{ path, message, line?, column? }] }
  { model, valid: false, problems: [{ path, message, line?, column? }] }            (exit 1)`,
  run(argv, io) {
    const { positionals, options } = parseArgs(argv, [], ['json']);
    if (positionals.length > 1) throw new UsageError(`validate takes one model path, got ${positionals.length}`);
    const path = positionals[0] ?? defaultModelPath();
    const model = loadModelFile(path);
    const warnings = [...modelWarnings(model), ...protectedWarnings(model, DEFAULT_PROTECTED)];
    const counts: ValidateJson['counts'] = {
      agents: allAgents(model).length,
      environments: environmentsOf(model).length,
      schemas: model.schemas.length,
      tables: model.tables.length,
      models: model.models.length,
      computeRows: model.compute.length,
      pipelines: model.pipelines.length,
    };
    if (options.json) {
      const result: ValidateJson = { model: path, valid: true, counts, problems: [], warnings: warnings.map(jsonProblem) };
      writeJson(io, result);
      return EXIT_OK;
    }
    const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
    io.stdout.write(
      `${path} is valid: ${[
        count(counts.agents, 'agent'),
        count(counts.environments, 'environment'),
        count(counts.schemas, 'schema'),
        count(counts.tables, 'table'),
        count(counts.models, 'model'),
        count(counts.computeRows, 'compute row'),
        count(counts.pipelines, 'pipeline'),
      ].join(', ')}\n`,
    );
    printWarnings(io, warnings, path);
    return EXIT_OK;
  },
};
