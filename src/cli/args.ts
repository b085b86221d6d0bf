// A small argument parser: positionals, --flag and --option value; unknown options are usage errors.
import { UsageError } from './report';

export interface ParsedArgs {
  readonly positionals: string[];
  readonly options: Record<string, string | true>;
}

/** `valueOptions` take a value (`--env dev` or `--env=dev`); `flags` take none. */
export function parseArgs(argv: readonly string[], valueOptions: readonly string[], flags: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (flags.includes(name)) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      options[name] = true;
    } else if (valueOptions.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      options[name] = value;
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return { positionals, options };
}
