// The agent-contract CLI: dispatches to one command, prints help, and maps failures to exit codes.
import type { Command } from './command';
import { processIo, type CommandIo } from './io';
import { EXIT_OK, EXIT_USAGE, UsageError, reportFailure } from './report';
import { validateCommand } from './validate-command';
import { renderCommand } from './render-command';
import { checkCommand } from './check-command';
import { accessCommand } from './access-command';
import { diffCommand } from './diff-command';
import { briefCommand } from './brief-command';
import { profilesCommand } from './profiles-command';
import { mayEditCommand } from './may-edit-command';
import { agentsCommand } from './agents-command';
import { doctorCommand } from './doctor-command';
import { verifyCommitsCommand } from './verify-commits-command';
import { initCommand } from './init-command';
import { lintCommand } from './lint-command';

export const COMMANDS: readonly Command[] = [
  validateCommand,
  renderCommand,
  checkCommand,
  accessCommand,
  briefCommand,
  diffCommand,
  profilesCommand,
  agentsCommand,
  mayEditCommand,
  doctorCommand,
  verifyCommitsCommand,
  initCommand,
  lintCommand,
];

function help(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return `agent-contract: one typed model of an AI agent team on Databricks

Usage: agent-contract <command> [options]

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n')}

Run 'agent-contract <command> --help' for a command's options.
`;
}

export function main(argv: readonly string[], io: CommandIo = processIo): number {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(help());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr.write(`agent-contract: unknown command '${name}'\n\n${help()}`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`Usage: ${command.usage}\n`);
    return EXIT_OK;
  }
  try {
    return command.run(rest, io);
  } catch (error) {
    const code = reportFailure(error, io.stderr);
    if (error instanceof UsageError) io.stderr.write(`Usage: ${command.usage.split('\n')[0]}\n`);
    return code;
  }
}
