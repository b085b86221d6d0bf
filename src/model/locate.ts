// Maps a path into the model back to a line and column of the YAML it came from.
import { isMap, isSeq, isScalar, LineCounter, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { PathSegment } from './problems';

export interface Position {
  readonly line: number;
  readonly column: number;
}

/**
 * Each map's pairs by key, built on first use: a model with 100,000 unknown keys has 100,000 problems to
 * place, and a linear search per problem made that quadratic (minutes instead of a second).
 */
const pairsByKey = new WeakMap<YAMLMap, Map<string, Pair>>();

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  let index = pairsByKey.get(map);
  if (!index) {
    index = new Map();
    for (const pair of map.items) {
      const name = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (name !== undefined && !index.has(name)) index.set(name, pair as Pair);
    }
    pairsByKey.set(map, index);
  }
  return index.get(key);
}

/** The position of the deepest node along `path` (the key itself when the last segment is a map key). */
export function locate(doc: Document, lines: LineCounter, path: readonly PathSegment[]): Position | undefined {
  let node: unknown = doc.contents;
  let found: Node | undefined = doc.contents ?? undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = pairOf(node, String(segment));
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
