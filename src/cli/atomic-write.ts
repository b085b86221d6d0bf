// Writes a file atomically: a temporary file in the same directory, renamed over the target, so a failure never
// leaves a half-written output; through a symbolic link, the file it points to is replaced.
import { randomBytes } from 'node:crypto';
import { chmodSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from './report';

export function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** @param mode the file's permissions; @default those of the file replaced, else 0666 less the umask */
export function writeFileAtomically(out: string, text: string, mode?: number): void {
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
    writeFileSync(temporary, text, { flag: 'wx', mode: mode ?? (existing ? existing.mode & 0o777 : 0o666) });
    // The umask may have narrowed a requested mode, never widened it; a secret's 0600 is applied exactly.
    if (mode !== undefined) chmodSync(temporary, mode);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'its directory does not exist'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : (code ?? (error as Error).message);
    throw new UsageError(`cannot write '${out}': ${reason}`);
  }
}
