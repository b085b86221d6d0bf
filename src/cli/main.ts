// The agent-contract CLI: dispatches to one command, prints help and the version, and maps failures to exit codes.
// Only the command that runs is loaded: the registry below holds each command's name and summary, and requires its
// module on demand, so `--help` starts as fast as Node itself and each command loads only what it needs.
import type { Command, CommandEntry } from './command';
import { processIo, type CommandIo } from './io';
import { ModelError } from '../model/problems';
import { invalidModelJson, writeJson } from './json-output';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError, reportFailure } from './report';
import { packageVersion } from './own-package';

/** One line per command: the order is the help's. */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'validate', summary: 'check a model and report every problem at once', load: () => require('./validate-command').validateCommand },
  { name: 'render', summary: 'write the CONTRACT.md of one environment', load: () => require('./render-command').renderCommand },
  { name: 'check', summary: 'fail when a CONTRACT.md differs from a fresh render', load: () => require('./check-command').checkCommand },
  {
    name: 'access',
    summary: 'print who may do what: agent × securable × privileges, and compute with limits',
    load: () => require('./access-command').accessCommand,
  },
  {
    name: 'brief',
    summary: "print one agent's brief: its slice of the contract and the rules for everyone",
    load: () => require('./brief-command').briefCommand,
  },
  {
    name: 'diff',
    summary: 'show what changes in access, data and compute between two synthesized cdk.tf.json files',
    load: () => require('./diff-command').diffCommand,
  },
  {
    name: 'profiles',
    summary: 'print a .databrickscfg fragment with one profile per agent, from the deployed outputs',
    load: () => require('./profiles-command').profilesCommand,
  },
  {
    name: 'agents',
    summary: 'write the subagent files, the ownership matrix and the project-wide edit hook (settings.json, CLAUDE.md, AGENTS.md)',
    load: () => require('./agents-command').agentsCommand,
  },
  {
    name: 'may-edit',
    summary: 'exit 0 when an agent owns every path by the file-ownership matrix, else 1 naming who to ask',
    load: () => require('./may-edit-command').mayEditCommand,
  },
  {
    name: 'doctor',
    summary: "check an environment's deploy preconditions offline and print the rest as a checklist",
    load: () => require('./doctor-command').doctorCommand,
  },
  {
    name: 'verify-commits',
    summary: "judge every commit of a range by its agent's file ownership (Agent: trailer or author e-mail); exit 1 naming offenders",
    load: () => require('./verify-commits-command').verifyCommitsCommand,
  },
  {
    name: 'init',
    summary: 'write a new project: a commented three-agent model, the cdktf app, package.json, CI workflows, .claude/',
    load: () => require('./init-command').initCommand,
  },
  {
    name: 'lint',
    summary: "run the guardrail pack on an environment's stack; --sarif writes the findings for code scanning",
    load: () => require('./lint-command').lintCommand,
  },
];

function help(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return `agent-contract: one typed model of an AI agent team on Databricks

Usage: agent-contract <command> [options]
       agent-contract --version

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n')}

Run 'agent-contract <command> --help' for a command's options. Commands that print data take --json.
Output is plain text, never coloured (so NO_COLOR has nothing to turn off).
`;
}

/** The arguments before `--`: after it every argument is a positional, even `--help`. */
const optionsPart = (argv: readonly string[]) => (argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv);

export function main(argv: readonly string[], io: CommandIo = processIo): number {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(help());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === '--version') {
    io.stdout.write(`${packageVersion()}\n`);
    return EXIT_OK;
  }
  const entry = COMMANDS.find((candidate) => candidate.name === name);
  if (!entry) {
    io.stderr.write(`agent-contract: unknown command '${name}'\n\n${help()}`);
    return EXIT_USAGE;
  }
  const options = optionsPart(rest);
  if (options.includes('--version')) {
    io.stdout.write(`${packageVersion()}\n`);
    return EXIT_OK;
  }
  let command: Command | undefined;
  try {
    command = entry.load();
    if (options.includes('--help') || options.includes('-h')) {
      io.stdout.write(`Usage: ${command.usage}\n`);
      return EXIT_OK;
    }
    return command.run(rest, io);
  } catch (error) {
    // A command given --json accepted it (else parsing failed with a usage error): an invalid model is data too.
    if (error instanceof ModelError && options.includes('--json')) {
      writeJson(io, invalidModelJson(error));
      return EXIT_INVALID;
    }
    const code = reportFailure(error, io.stderr);
    if (error instanceof UsageError && command) io.stderr.write(`Usage: ${command.usage.split('\n')[0]}\n`);
    return code;
  }
}
