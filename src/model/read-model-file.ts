// Reads a file the CLI is given (a model, a contract to check) only when it is a regular UTF-8 file under the
// size limit: /dev/zero, a FIFO, a socket or a directory get a message instead of a hang or an exhausted heap.
import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statfsSync, statSync, type Stats } from 'node:fs';
import { MAX_MODEL_BYTES, tooBig } from './limits';
import { ModelFileError } from './model-file-error';

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  ENOTDIR: 'a parent of it is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'its symbolic links form a loop',
  ENAMETOOLONG: 'the path is too long',
};

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/**
 * Kernel file systems whose "regular files" are views of a process or of the machine (/proc/self/environ holds the
 * environment, secrets included): refused by kind before a byte is read. Magic numbers of statfs(2)'s f_type
 * (Linux include/uapi/linux/magic.h).
 */
const KERNEL_FILE_SYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'procfs'],
  [0x62656572, 'sysfs'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x1cd1, 'devpts'],
  [0xcafe4a11, 'bpf'],
]);
const KERNEL_FOLDERS = /^\/(proc|sys|dev)(\/|$)/;

/** The kernel file system `path` lies on, if any: by its real path, then by the file system's type. */
function kernelFileSystem(path: string): string | undefined {
  try {
    const folder = KERNEL_FOLDERS.exec(realpathSync(path))?.[1];
    if (folder) return folder === 'dev' ? 'the device folder /dev' : `the kernel's ${folder === 'proc' ? 'procfs' : 'sysfs'} (/${folder})`;
    const type = KERNEL_FILE_SYSTEMS.get(Number(statfsSync(path).type));
    return type === undefined ? undefined : `the kernel's ${type}`;
  } catch {
    return undefined;
  }
}

/**
 * Checks that `path` is a regular file under MAX_MODEL_BYTES; `what` names it in the message ("model").
 * Throws ModelFileError (exit 2) naming the path, what it is instead, and what to pass.
 */
export function checkRegularFile(path: string, what: string, stats?: Stats): Stats {
  const fail = (reason: string): never => {
    throw new ModelFileError(`cannot read ${what} '${path}': ${reason}`);
  };
  if (!stats) {
    try {
      stats = statSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      return fail(REASONS[code] ?? (code || 'unreadable'));
    }
  }
  if (!stats.isFile()) fail(`it is ${kindOf(stats)}, not a regular file: name a regular ${what.replace(/ file$/, '')} file`);
  const kernel = kernelFileSystem(path);
  if (kernel) fail(`it is a file of ${kernel}, not a regular file: name a regular ${what.replace(/ file$/, '')} file`);
  if (stats.size > MAX_MODEL_BYTES) fail(tooBig(stats.size));
  return stats;
}

/** The text of a regular UTF-8 file of at most MAX_MODEL_BYTES. */
export function readTextFile(path: string, what = 'model'): string {
  const initial = checkRegularFile(path, what);
  let fd: number;
  try {
    // Non-blocking, so a file swapped for a FIFO after the check cannot block the open; fstat then refuses it.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new ModelFileError(`cannot read ${what} '${path}': ${REASONS[code] ?? (code || 'unreadable')}`);
  }
  try {
    checkRegularFile(path, what, fstatSync(fd));
    // Read at most one byte past the limit, so a file that grows while being read is still bounded.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(total === 0 ? Math.min(initial.size, MAX_MODEL_BYTES) + 1 : 1 << 20);
      const read = readSync(fd, chunk, 0, Math.min(chunk.length, MAX_MODEL_BYTES + 1 - total), null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      total += read;
      if (total > MAX_MODEL_BYTES) throw new ModelFileError(`cannot read ${what} '${path}': ${tooBig(total)}`);
    }
    const bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
    if (!isUtf8(bytes)) throw new ModelFileError(`cannot read ${what} '${path}': it is not UTF-8 text: save it as UTF-8`);
    return bytes.toString('utf8');
  } finally {
    closeSync(fd);
  }
}
