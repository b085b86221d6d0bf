// The file an edit reaches, not the string that names it: the project root and every existing component of the path
// resolved with the file system (symbolic links followed), so a link from an owned folder into another agent's files,
// or `..` through a link, is judged where it lands.
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';

export type Resolved = { readonly path: string } | { readonly refused: string };

/** Links followed before giving up, as the kernel's ELOOP limit does. */
const MAX_LINKS = 40;

function exists(path: string): 'link' | 'other' | undefined {
  try {
    return lstatSync(path).isSymbolicLink() ? 'link' : 'other';
  } catch {
    return undefined;
  }
}

/** `path` with every existing component resolved; the missing tail is appended as written. */
function realPathOf(path: string): string {
  const pending = path.split(sep).filter(Boolean);
  let current: string = sep;
  let links = 0;
  while (pending.length) {
    const part = pending.shift() as string;
    if (part === '.') continue;
    if (part === '..') {
      current = dirname(current);
      continue;
    }
    const next = join(current, part);
    const kind = exists(next);
    if (kind === 'link') {
      if (++links > MAX_LINKS) throw new Error(`too many symbolic links resolving '${path}'`);
      // A dangling link is followed too: writing through it creates the file it points to.
      const target = readlinkSync(next);
      pending.unshift(...target.split(sep).filter(Boolean));
      if (isAbsolute(target)) current = sep;
    } else if (kind === 'other') current = realpathSync(next);
    else current = next;
  }
  return current;
}

/**
 * `path` (absolute, or relative to `cwd`) relative to the project `root`, `/`-separated, after resolving links;
 * refused when it leaves the root, is the root itself, or holds a backslash on POSIX (a separator on Windows, a file
 * name character here: the same string would name different files).
 */
export function resolveInRoot(path: string, cwd: string, root: string): Resolved {
  if (sep === '/' && path.includes('\\')) return { refused: `'${path}' holds a backslash: name the file with '/' separators` };
  if (path === '' || path.includes('\0')) return { refused: `'${path}' is not a file path` };
  let realRoot: string;
  let real: string;
  try {
    realRoot = realpathSync(root);
    real = realPathOf(isAbsolute(path) ? path : join(cwd, path));
  } catch (error) {
    return { refused: `cannot resolve '${path}': ${(error as Error).message}` };
  }
  const inside = relative(realRoot, real);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside))
    return { refused: `'${path}' is outside the project root ${realRoot}` };
  return { path: inside.split(sep).join('/') };
}
