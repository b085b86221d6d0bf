// `agent-contract brief [model] --env <env> --agent <name> [--out FILE] [--json]`: one agent's slice of the contract, as Markdown.
import { renderBrief, agentNamed, UnknownAgentError } from '../contract/brief';
import { loadModelFile, DEFAULT_MODEL_PATH } from '../validation/load';
import { defaultModelPath } from '../model/model-path';
import { parseArgs } from './args';
import { writeOutputFile } from './atomic-write';
import type { Command } from './command';
import { environmentArg } from './environment-arg';
import { writeJson, type BriefJson } from './json-output';
import { EXIT_OK, UsageError } from './report';

export const briefCommand: Command = {
  name: 'brief',
  usage: `agent-contract brief [model] --env <env> --agent <name> [--out FILE] [--json]

Prints the agent's brief for the environment from the model (default: cdktf.json's context.modelPath, ${DEFAULT_MODEL_PATH}) as Markdown: its
identity, what it owns and may read (with privileges), the compute it may use with every limit, the pipelines
and jobs it owns, runs or views, the files it owns and reads, its escalation chain, the gates it answers for,
and the rules that apply to everyone, each marked with what enforces it. CONTRACT.md holds every agent's brief.
--out writes it to FILE (replaced atomically; never the model itself) instead of stdout, and prints 'wrote FILE'.
--json prints the brief's metadata instead of its text (the text goes to --out only; src/cli/json-output.ts):
  { agent, environment, model, out: FILE | null, bytes, lines }
Exit 1 for an invalid model (with --json: { model, valid: false, problems }), 2 for an unknown environment or agent.`,
  run(argv, io) {
    const { positionals, options } = parseArgs(argv, ['env', 'agent', 'out'], ['json']);
    if (positionals.length > 1) throw new UsageError(`brief takes one model path, got ${positionals.length}`);
    const modelPath = positionals[0] ?? defaultModelPath();
    const model = loadModelFile(modelPath);
    const team = environmentArg(model, options.env);
    const env = team.environment;
    if (typeof options.agent !== 'string') throw new UsageError('--agent is required: name one agent of the model');
    try {
      agentNamed(model, options.agent);
    } catch (error) {
      if (error instanceof UnknownAgentError) throw new UsageError(error.message);
      throw error;
    }
    const text = renderBrief(team, options.agent, { modelPath });
    const out = typeof options.out === 'string' ? options.out : undefined;
    if (out !== undefined) writeOutputFile(out, text, [{ path: modelPath, what: 'the model' }]);
    if (options.json) {
      const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
      const metadata: BriefJson = {
        agent: options.agent,
        environment: env.name,
        model: modelPath,
        out: out ?? null,
        bytes: Buffer.byteLength(text),
        lines,
      };
      writeJson(io, metadata);
    } else io.stdout.write(out !== undefined ? `wrote ${out}\n` : text);
    return EXIT_OK;
  },
};
