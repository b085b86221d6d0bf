// `agent-contract access [model] --env <env> [--json]`: the effective access matrix of every agent.
import { formatDuration } from '../contract/context';
import { cell } from '../contract/markdown';
import { loadModelFile } from '../validation/load';
import { defaultModelPath } from '../model/model-path';
import { parseArgs } from './args';
import type { Command } from './command';
import { environmentArg } from './environment-arg';
import { writeJson, type AccessJson } from './json-output';
import { EXIT_OK, UsageError } from './report';

export const accessCommand: Command = {
  name: 'access',
  usage: `agent-contract access [model] --env <env> [--json]

Prints the effective access of every agent in the environment, from the same derivation as the grants:
Unity Catalog privileges per securable (OWNER for owners) and the compute each agent may use with its
limits. --json prints it as JSON (src/cli/json-output.ts):
  { environment, catalog, agents: [{ agent, securables: [{ securable, type, key, privileges }],
    compute: [{ name, type, permission, maxRuntimeMinutes?, autoTerminateMinutes? }] }] }
  and for an invalid model { model, valid: false, problems: [{ path, message, line?, column? }] } (exit 1).`,
  run(argv, io) {
    const { positionals, options } = parseArgs(argv, ['env'], ['json']);
    if (positionals.length > 1) throw new UsageError(`access takes one model path, got ${positionals.length}`);
    const model = loadModelFile(positionals[0] ?? defaultModelPath());
    const team = environmentArg(model, options.env);
    const env = team.environment;
    const matrix = team.matrix;
    if (options.json) {
      const json: AccessJson = { environment: env.name, catalog: env.catalog, agents: matrix };
      writeJson(io, json);
      return EXIT_OK;
    }
    const lines = [
      `# Access in ${env.name} (catalog ${env.catalog})`,
      '',
      '| Agent | Securable | Privileges |',
      '|-------|-----------|------------|',
    ];
    for (const row of matrix) for (const s of row.securables) lines.push(`| ${row.agent} | \`${s.securable}\` | ${s.privileges.join(', ')} |`);
    lines.push(
      '',
      '| Agent | Compute | Type | Permission | Max Runtime | Auto-Terminate |',
      '|-------|---------|------|------------|-------------|----------------|',
    );
    for (const row of matrix) {
      for (const c of row.compute) {
        const runtime = c.maxRuntimeMinutes !== undefined ? formatDuration(c.maxRuntimeMinutes) : 'N/A';
        const idle = c.autoTerminateMinutes !== undefined ? `${c.autoTerminateMinutes} min` : 'on completion';
        lines.push(`| ${row.agent} | ${cell(c.name)} | ${c.type} | ${c.permission} | ${runtime} | ${idle} |`);
      }
    }
    io.stdout.write(`${lines.join('\n')}\n`);
    return EXIT_OK;
  },
};
