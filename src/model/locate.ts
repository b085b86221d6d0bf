// Maps a path into the model back to a line and column of the YAML it came from.
import { isMap, isSeq, isScalar, LineCounter, type Document, type Node } from 'yaml';
import type { PathSegment } from './problems';

export interface Position {
  readonly line: number;
  readonly column: number;
}

/** The position of the deepest node along `path` (the key itself when the last segment is a map key). */
export function locate(doc: Document, lines: LineCounter, path: readonly PathSegment[]): Position | undefined {
  let node: unknown = doc.contents;
  let found: Node | undefined = doc.contents ?? undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      found = (pair.key as Node) ?? found;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      if (!node) break;
      found = node as Node;
    } else {
      break;
    }
  }
  if (!found?.range) return undefined;
  const { line, col } = lines.linePos(found.range[0]);
  return { line, column: col };
}
