// Whether a path lies inside a folder: the one test of the trust boundary for templates and outputs.
import { isAbsolute, relative } from 'node:path';

/** `child` lies strictly inside the folder `parent`; give both as real paths (symbolic links resolved). */
export function isInside(parent: string, child: string): boolean {
  const path = relative(parent, child);
  return path !== '' && !path.startsWith('..') && !isAbsolute(path);
}
