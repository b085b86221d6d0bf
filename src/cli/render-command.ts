// `agent-contract render [model] --env <env> [--out FILE]`: CONTRACT.md for one environment.
import { loadModelFile, DEFAULT_MODEL_PATH } from '../validation/load';
import { defaultModelPath } from '../model/model-path';
import { renderContract } from '../contract/render';
import { selectTemplate, templateInputs } from '../contract/template-source';
import { parseArgs } from './args';
import { writeOutputFile } from './atomic-write';
import type { Command } from './command';
import { environmentArg } from './environment-arg';
import { EXIT_OK, UsageError } from './report';

export const renderCommand: Command = {
  name: 'render',
  usage: `agent-contract render [model] --env <env> [--template FILE] [--out FILE]

Renders CONTRACT.md for the environment from the model (default: cdktf.json's context.modelPath, ${DEFAULT_MODEL_PATH}) to stdout, or to FILE
(replaced atomically; never the model or the template itself), then prints 'wrote FILE'. --template renders with a Handlebars template of your own (the
seed's works; the built-in partials can be included), else the model's contract.template, else the built-in one.
A template that uses a name the contract does not offer fails with its line and a suggestion (exit 1).
GENERATED_DATE is the newest version-history date, or SOURCE_DATE_EPOCH (whole seconds since 1970) when set.`,
  run(argv, io) {
    const { positionals, options } = parseArgs(argv, ['env', 'out', 'template'], []);
    if (positionals.length > 1) throw new UsageError(`render takes one model path, got ${positionals.length}`);
    if (options.out === '') throw new UsageError('--out needs a file name');
    const modelPath = positionals[0] ?? defaultModelPath();
    const model = loadModelFile(modelPath);
    const team = environmentArg(model, options.env);
    const flag = typeof options.template === 'string' ? options.template : undefined;
    const template = selectTemplate(model, modelPath, flag);
    const text = renderContract(team, { modelPath, sourceDateEpoch: process.env.SOURCE_DATE_EPOCH, template, templateFlag: flag });
    if (typeof options.out === 'string') {
      writeOutputFile(options.out, text, [
        { path: modelPath, what: 'the model' },
        ...templateInputs(model, modelPath, flag).map((path) => ({ path, what: 'the template' })),
      ]);
      io.stdout.write(`wrote ${options.out}\n`);
    } else io.stdout.write(text);
    return EXIT_OK;
  },
};
