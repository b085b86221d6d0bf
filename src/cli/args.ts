// The commands' argument parsing: node:util parseArgs, strict — an unknown option, a missing value or a value given
// to a flag is a usage error (exit 2) naming the option. Short options are not offered: `-x` is an unknown option;
// a positional that starts with '-' goes after `--`.
import { parseArgs as parseStrict } from 'node:util';
import { UsageError } from './report';

export interface ParsedArgs {
  readonly positionals: string[];
  readonly options: Record<string, string | true>;
}

/** The option node:util names in its message (`'--env'`, `'--env <value>'`), as the user wrote it. */
function optionIn(message: string): string {
  return /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? 'an option';
}

/** node:util's errors as our usage errors, in the words the commands have always used. */
function usageError(error: NodeJS.ErrnoException, valueOptions: readonly string[], flags: readonly string[]): UsageError {
  const option = optionIn(error.message);
  const offered = [...valueOptions, ...flags].map((name) => `--${name}`);
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(
        `unknown option ${option}${offered.length ? ` (options: ${offered.join(', ')})` : ': this command takes no options'}; a path starting with '-' goes after --`,
      );
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(error.message)) return new UsageError(`${option} takes no value`);
      // Missing (`--env` last) or ambiguous (`--env --out x`): a value that starts with '-' is written `--env=-x`.
      return new UsageError(`${option} needs a value (one starting with '-' is written ${option}=VALUE)`);
    default:
      return new UsageError(error.message.split('\n')[0]);
  }
}

/** `valueOptions` take a value (`--env dev` or `--env=dev`); `flags` take none. */
export function parseArgs(argv: readonly string[], valueOptions: readonly string[], flags: readonly string[]): ParsedArgs {
  const options = Object.fromEntries([
    ...valueOptions.map((name) => [name, { type: 'string' as const }]),
    ...flags.map((name) => [name, { type: 'boolean' as const }]),
  ]);
  let parsed;
  try {
    parsed = parseStrict({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (error) {
    if (typeof (error as NodeJS.ErrnoException)?.code === 'string' && (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS'))
      throw usageError(error as NodeJS.ErrnoException, valueOptions, flags);
    throw error;
  }
  const values: Record<string, string | true> = {};
  for (const [name, value] of Object.entries(parsed.values)) if (value !== undefined && value !== false) values[name] = value as string | true;
  return { positionals: parsed.positionals, options: values };
}
