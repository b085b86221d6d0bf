// How a model's suppressions meet findings: by whole construct-path segments, per stack, and never silently
// unused. Free of cdktf, because model validation imports stackOf to refuse suppressions for no stack.
import type { TeamModel } from '../model/types';
import type { Finding } from './finding';

export type Suppression = TeamModel['suppressions'][number];

/**
 * The stack a suppression is for: the first segment of its resource (construct paths start with the stack, which
 * is named after its environment). Only that stack checks the suppression; validation refuses one naming no stack.
 */
export const stackOf = (suppression: Suppression): string => suppression.resource.split('/')[0];

/** Whether `suppression` covers a finding of `rule` at construct path `path`: `dev/compute` covers `dev/compute/x`, never `dev/computex`. */
export const covers = (suppression: Suppression, rule: string, path: string): boolean =>
  suppression.rule === rule && (path === suppression.resource || path.startsWith(`${suppression.resource}/`));

/**
 * An error for every suppression of stack `stack`, for one of the evaluated `rules`, that covered no finding: a
 * mistyped path suppresses nothing while looking like it does, and a stale one would silently waive the next real
 * violation at that path.
 */
export function unusedSuppressions(
  suppressions: readonly Suppression[],
  used: ReadonlySet<Suppression>,
  stack: string,
  rules: ReadonlySet<string>,
): Finding[] {
  return suppressions
    .filter((suppression) => stackOf(suppression) === stack && rules.has(suppression.rule) && !used.has(suppression))
    .map((suppression) => ({
      rule: suppression.rule,
      path: suppression.resource,
      message: `the suppression (rule ${suppression.rule}, resource '${suppression.resource}') matches no finding of stack '${stack}': remove it from suppressions, or correct its resource to the construct path the finding names`,
    }));
}
