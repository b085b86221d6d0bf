// The file-ownership matrix must decide every path one way: the most specific pattern wins, and two equally
// specific patterns that match one path must agree on its owners.
import { ambiguousPatterns } from '../ownership';
import type { CheckContext } from '../../model/checks/context';

export function checkFileOwnership(ctx: CheckContext): void {
  const entries = ctx.model.fileOwnership;
  for (const { first, second, path } of ambiguousPatterns(entries)) {
    ctx.report(
      ['fileOwnership', second, 'pattern'],
      `'${entries[second].pattern}' and fileOwnership[${first}] ('${entries[first].pattern}') are equally specific and both match ${path ? `e.g. '${path}'` : 'some paths'} with different owners: make one more specific or give both the same owners`,
    );
  }
}
