// `agent-contract brief [model] --env <env> --agent <name>`: one agent's slice of the contract, as Markdown.
import { renderBrief, agentNamed, UnknownAgentError } from '../contract/brief';
import { loadModelFile, DEFAULT_MODEL_PATH } from '../model/load';
import { defaultModelPath } from '../model/model-path';
import { parseArgs } from './args';
import { writeOutputFile } from './atomic-write';
import type { Command } from './command';
import { environmentArg } from './environment-arg';
import { EXIT_OK, UsageError } from './report';

export const briefCommand: Command = {
  name: 'brief',
  usage: `agent-contract brief [model] --env <env> --agent <name> [--out FILE]

Prints the agent's brief for the environment from the model (default: cdktf.json's context.modelPath, ${DEFAULT_MODEL_PATH}) as Markdown: its
identity, what it owns and may read (with privileges), the compute it may use with every limit, the pipelines
and jobs it owns, runs or views, the files it owns and reads, its escalation chain, the gates it answers for,
and the rules that apply to everyone, each marked with what enforces it. CONTRACT.md holds every agent's brief.
--out writes it to FILE (replaced atomically; never the model itself) instead of stdout.
Exit 2 for an unknown environment or agent.`,
  run(argv, io) {
    const { positionals, options } = parseArgs(argv, ['env', 'agent', 'out'], []);
    if (positionals.length > 1) throw new UsageError(`brief takes one model path, got ${positionals.length}`);
    const modelPath = positionals[0] ?? defaultModelPath();
    const model = loadModelFile(modelPath);
    const env = environmentArg(model, options.env);
    if (typeof options.agent !== 'string') throw new UsageError('--agent is required: name one agent of the model');
    try {
      agentNamed(model, options.agent);
    } catch (error) {
      if (error instanceof UnknownAgentError) throw new UsageError(error.message);
      throw error;
    }
    const text = renderBrief(model, env, options.agent, { modelPath });
    if (typeof options.out === 'string') writeOutputFile(options.out, text, [{ path: modelPath, what: 'the model' }]);
    else io.stdout.write(text);
    return EXIT_OK;
  },
};
