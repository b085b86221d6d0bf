// `agent-contract render [model] --env <env> [--out FILE]`: CONTRACT.md for one environment.
import { randomBytes } from 'node:crypto';
import { realpathSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { loadModelFile, DEFAULT_MODEL_PATH } from '../model/load';
import { renderContract } from '../contract/render';
import { parseArgs } from './args';
import type { Command } from './command';
import { environmentArg } from './environment-arg';
import { EXIT_OK, UsageError } from './report';

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Refuses an --out that is the model itself, under any name: a symbolic link, a hard link or another spelling. */
function refuseOverwritingModel(out: string, modelPath: string): void {
  const target = statOrUndefined(out);
  const model = statOrUndefined(modelPath);
  if (target && model && target.dev === model.dev && target.ino === model.ino) {
    throw new UsageError(`--out '${out}' would overwrite the model '${modelPath}': write the contract to another file, e.g. --out CONTRACT.md`);
  }
}

/**
 * Writes `text` to `out` atomically: to a temporary file in the same directory, then renamed over `out`, so a
 * failure (a full disk, a kill) never leaves a half-written contract. Through a symbolic link, the file it
 * points to is replaced, as a plain write would.
 */
function writeAtomically(out: string, text: string): void {
  let target = out;
  try {
    target = realpathSync(out);
  } catch {
    // A new file.
  }
  const existing = statOrUndefined(target);
  if (existing && !existing.isFile()) {
    const what = existing.isDirectory() ? 'a directory' : 'not a regular file';
    throw new UsageError(`cannot write '${out}': it is ${what}: name a file, or leave out --out to print to stdout`);
  }
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, text, { flag: 'wx', mode: existing ? existing.mode & 0o777 : 0o666 });
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'its directory does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? (error as Error).message);
    throw new UsageError(`cannot write '${out}': ${reason}`);
  }
}

export const renderCommand: Command = {
  name: 'render',
  summary: 'write the CONTRACT.md of one environment',
  usage: `agent-contract render [model] --env <env> [--out FILE]

Renders CONTRACT.md for the environment from the model (default ${DEFAULT_MODEL_PATH}) to stdout, or to FILE
(replaced atomically; never the model itself).
GENERATED_DATE is the newest version-history date, or SOURCE_DATE_EPOCH (whole seconds since 1970) when set.`,
  run(argv, io) {
    const { positionals, options } = parseArgs(argv, ['env', 'out'], []);
    if (positionals.length > 1) throw new UsageError(`render takes one model path, got ${positionals.length}`);
    if (options.out === '') throw new UsageError('--out needs a file name');
    const modelPath = positionals[0] ?? DEFAULT_MODEL_PATH;
    if (typeof options.out === 'string') refuseOverwritingModel(options.out, modelPath);
    const model = loadModelFile(modelPath);
    const text = renderContract(model, environmentArg(model, options.env), { modelPath, sourceDateEpoch: process.env.SOURCE_DATE_EPOCH });
    if (typeof options.out === 'string') writeAtomically(options.out, text);
    else io.stdout.write(text);
    return EXIT_OK;
  },
};
