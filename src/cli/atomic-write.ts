// Where every writing command writes: only inside the output folder it names, never over one of its inputs, and
// never half. Each file is written to a temporary file beside it (created exclusively, so never through a link)
// and renamed over the target; rename replaces a link itself, never what it points to. An existing output that
// is a symbolic link is written through only when its target lies inside the output folder too. A batch (the
// agent files) stages every file before renaming any, so a failure leaves the old outputs as they were.
import { randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isInside } from '../model/inside-folder';
import { pathTextProblem } from '../model/plain-text';
import { UsageError } from './report';

export function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** A file the command reads, which no output may replace: `what` names it in the message ("the model"). */
export interface Input {
  readonly path: string;
  readonly what: string;
}

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'its directory does not exist',
  ENOTDIR: 'a part of its path is a file, not a directory',
  EACCES: 'permission denied: the folder is not writable',
  EPERM: 'permission denied: the folder is not writable',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  EISDIR: 'it is a directory',
  EEXIST: 'a file stands where its directory should be',
  ELOOP: 'its symbolic links form a loop',
  ENAMETOOLONG: 'the path is too long',
};

/** A write that failed, as a usage error (exit 2) naming the path and why. */
function failure(path: string, error: unknown): UsageError {
  if (error instanceof UsageError) return error;
  const code = (error as NodeJS.ErrnoException)?.code ?? '';
  return new UsageError(`cannot write '${path}': ${REASONS[code] ?? (code || String((error as Error)?.message ?? error))}`);
}

/** The identity of an existing file (device and inode: a hard link or another spelling is the same file). */
function identity(path: string): string | undefined {
  const stats = statOrUndefined(path);
  return stats ? `${stats.dev}:${stats.ino}` : undefined;
}

interface Staged {
  readonly shown: string;
  readonly temporary: string;
  readonly target: string;
}

/** One output folder and the inputs no file written there may replace. */
export class OutputFolder {
  private readonly real: string;
  private readonly staged: Staged[] = [];
  private readonly inputs: ReadonlyMap<string, Input>;

  /**
   * @param folder the folder written into (created when `create`), as the user named it
   * @param inputs files the command reads: the model, its template, an outputs file
   */
  constructor(
    private readonly folder: string,
    inputs: readonly Input[],
    options: { readonly create?: boolean; readonly shown?: string } = {},
  ) {
    const shown = options.shown ?? folder;
    // Output paths are printed and, for agent files, written into what is generated.
    const badPath = pathTextProblem(shown);
    if (badPath) throw new UsageError(`cannot write '${shown}': ${badPath}`);
    try {
      if (options.create) mkdirSync(folder, { recursive: true });
      const stats = statSync(folder);
      if (!stats.isDirectory()) throw new UsageError(`cannot write '${shown}': '${folder}' is a file, not a directory: name a directory`);
      this.real = realpathSync(folder);
    } catch (error) {
      throw failure(shown, error);
    }
    const byIdentity = new Map<string, Input>();
    for (const input of inputs) {
      const id = identity(input.path);
      if (id !== undefined) byIdentity.set(id, input);
    }
    this.inputs = byIdentity;
  }

  /**
   * The real file `name` in the folder stands for: itself, or the target of a symbolic link when that target
   * lies inside the folder too. Refuses anything else, and any input.
   */
  private targetOf(name: string, shown: string): string {
    if (name === '' || name === '.' || name === '..' || name.includes('/'))
      throw new UsageError(`cannot write '${shown}': name a file inside the output folder`);
    const path = join(this.real, name);
    let stats: Stats | undefined;
    try {
      stats = lstatSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw failure(shown, error);
    }
    let target = path;
    if (stats?.isSymbolicLink()) {
      try {
        target = realpathSync(path);
      } catch {
        throw new UsageError(`cannot write '${shown}': it is a symbolic link to a missing file: remove the link or name another file`);
      }
      if (!isInside(this.real, target))
        throw new UsageError(
          `cannot write '${shown}': it is a symbolic link to '${target}', outside the output folder '${this.folder}': remove the link or name another file`,
        );
      stats = statSync(target);
    }
    if (stats && !stats.isFile()) {
      const what = stats.isDirectory() ? 'a directory' : 'not a regular file';
      throw new UsageError(`cannot write '${shown}': it is ${what}: name a file, or leave out --out to print to stdout`);
    }
    const id = identity(target);
    const input = id === undefined ? undefined : this.inputs.get(id);
    if (input) throw new UsageError(`--out '${shown}' would overwrite ${input.what} '${input.path}': write to another file`);
    return target;
  }

  /** Writes `text` for `name` to a temporary file in the folder; nothing is replaced until `commit`. */
  stage(name: string, text: string, mode?: number, shown = join(this.folder, name)): void {
    const target = this.targetOf(name, shown);
    const existing = statOrUndefined(target);
    const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      writeFileSync(temporary, text, { flag: 'wx', mode: mode ?? (existing ? existing.mode & 0o777 : 0o666) });
      // The umask may have narrowed a requested mode, never widened it; a secret's 0600 is applied exactly.
      if (mode !== undefined) chmodSync(temporary, mode);
    } catch (error) {
      rmSync(temporary, { force: true });
      this.discard();
      throw failure(shown, error);
    }
    this.staged.push({ shown, temporary, target });
  }

  /** Renames every staged file over its target. */
  commit(): void {
    for (const [i, { shown, temporary, target }] of this.staged.entries()) {
      try {
        renameSync(temporary, target);
      } catch (error) {
        for (const rest of this.staged.slice(i)) rmSync(rest.temporary, { force: true });
        this.staged.length = 0;
        throw failure(shown, error);
      }
    }
    this.staged.length = 0;
  }

  /** Removes every staged file: nothing of an unfinished batch remains. */
  discard(): void {
    for (const { temporary } of this.staged) rmSync(temporary, { force: true });
    this.staged.length = 0;
  }

  /** Refuses removing `name` when it is an input. */
  checkRemovable(name: string): void {
    this.targetOf(name, join(this.folder, name));
  }
}

/**
 * Writes `out` atomically, inside its own folder, never over one of `inputs`.
 * @param mode the file's permissions; @default those of the file replaced, else 0666 less the umask
 */
export function writeOutputFile(out: string, text: string, inputs: readonly Input[], mode?: number): void {
  if (out === '') throw new UsageError('--out needs a file name');
  const folder = new OutputFolder(dirname(out), inputs, { shown: out });
  folder.stage(basename(out), text, mode, out);
  folder.commit();
}
