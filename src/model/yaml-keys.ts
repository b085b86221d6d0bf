// Checks the keys of a parsed YAML document the way the JSON reader checks JSON: a duplicate key is an error
// with the same message (the YAML library's own check says only "Map keys must be unique", without the path),
// and so is a key that is not plain text (JavaScript objects can only hold it stringified).
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import { formatPath, type PathSegment, type Problem } from './problems';

/** A node still to visit; the path is kept as parent links and spelled out only for a problem. */
interface Pending {
  readonly node: unknown;
  readonly parent?: Pending;
  readonly segment?: PathSegment;
}

function pathOf(item: Pending): PathSegment[] {
  const path: PathSegment[] = [];
  for (let at: Pending | undefined = item; at?.parent; at = at.parent) path.unshift(at.segment as PathSegment);
  return path;
}

export function keyProblems(doc: Document, lines: LineCounter): Problem[] {
  const problems: Problem[] = [];
  const at = (node: Node | null | undefined): { line?: number; column?: number } => {
    if (!node?.range) return {};
    const { line, col } = lines.linePos(node.range[0]);
    return { line, column: col };
  };
  // Iterative: the parser already limits how deep a document can be, but this walk should not add to the stack.
  const pending: Pending[] = [{ node: doc.contents }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const { node } = item;
    if (isSeq(node)) {
      node.items.forEach((child, i) => pending.push({ node: child, parent: item, segment: i }));
    } else if (isMap(node)) {
      const first = new Map<string, Node>();
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        if (!isScalar(key)) {
          const what = isAlias(key) ? 'an alias' : 'a collection';
          problems.push({ path: formatPath(pathOf(item)), message: `a key is ${what}, not plain text: write the key as a string`, ...at(key) });
          continue;
        }
        const name = String(key.value);
        const earlier = first.get(name);
        if (earlier) {
          const { line } = at(earlier);
          const firstAt = line === undefined ? '' : ` (first at line ${line})`;
          problems.push({ path: formatPath([...pathOf(item), name]), message: `duplicate key '${name}'${firstAt}: keep one of them`, ...at(key) });
        } else {
          first.set(name, key);
        }
        pending.push({ node: pair.value, parent: item, segment: name });
      }
    }
  }
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
