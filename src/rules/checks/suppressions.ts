// A suppression must name a rule the pack has and a stack the model builds: each stack checks only the
// suppressions under its own path, so one naming no stack would never be matched nor reported unused.
import type { CheckContext } from '../../model/checks/context';
import { RULE_IDS } from '../pack';
import { stackOf } from '../suppressions';
import { didYouMean } from '../../model/suggest';

export function checkSuppressions(ctx: CheckContext): void {
  const stacks = Object.keys(ctx.model.environments);
  ctx.model.suppressions.forEach((suppression, i) => {
    if (!RULE_IDS.includes(suppression.rule)) {
      ctx.report(
        ['suppressions', i, 'rule'],
        `'${suppression.rule}' is not a guardrail rule${didYouMean(suppression.rule, RULE_IDS)}: use one of ${RULE_IDS.join(', ')}`,
      );
    }
    const stack = stackOf(suppression);
    if (!stacks.includes(stack)) {
      ctx.report(
        ['suppressions', i, 'resource'],
        `'${suppression.resource}' starts with '${stack}', which is no environment's stack${didYouMean(stack, stacks)}: start the construct path with one of ${stacks.map((name) => `'${name}'`).join(', ')}`,
      );
    }
  });
}
