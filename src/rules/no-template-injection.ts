// DAC-SC2: the only Terraform expressions in the plan are the references the stack itself made.
import { templateSequences } from '../model/terraform-text';
import { NOT_APPLICABLE, verdict, type GuardrailRule, type StackElement } from './rule';
import { scanStrings } from './string-scan';

/** A reference cdktf writes: `<type>.<id>.<attribute>[...]`, or the same under `data.`. */
const REFERENCE = /^((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)(?:\.[A-Za-z0-9_]+|\[\d+\])+$/;

/** Where the stack writes conditions of its own: `lifecycle.precondition[i].condition`, `lifecycle.postcondition[i].condition`. */
const CONDITION_PATH = /^lifecycle\.(pre|post)condition\[\d+\]\.condition$/;
/** The vocabulary of those conditions: references, plain string literals, comparisons, contains() and concat(). */
const CONDITION_TOKEN =
  /\s*(?:(self\.[a-z_]+)|((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+\.[a-z_]+)|("[A-Za-z0-9._@+-]*")|(==|!=|&&|\|\||[(),])|(contains|concat)(?=\())/y;

/** Does `expression` use only the vocabulary above, every reference naming an element of this stack? */
function isStackCondition(expression: string, addresses: ReadonlyMap<string, unknown>): boolean {
  CONDITION_TOKEN.lastIndex = 0;
  let at = 0;
  while (at < expression.length) {
    if (/^\s*$/.test(expression.slice(at))) return true;
    const token = CONDITION_TOKEN.exec(expression);
    if (!token) return false;
    if (token[2] !== undefined && !addresses.has(token[2].slice(0, token[2].lastIndexOf('.')))) return false;
    at = CONDITION_TOKEN.lastIndex;
  }
  return true;
}

/**
 * Terraform evaluates `${...}` and `%{...}` in every string of a .tf.json file: anything else — model text that
 * bypassed the escape, an escape hatch's literal — could run functions such as file() at plan time.
 */
export const noTemplateInjection: GuardrailRule = {
  id: 'DAC-SC2',
  summary: 'no ${...} or %{...} in the plan but references to elements of the stack',
  checks:
    "No `${…}` or `%{…}` in any string (keys included) but references to elements of the stack — and, in a `lifecycle` pre- or postcondition's `condition`, only references, plain string literals, `==`, `!=`, `&&`, `||`, `contains()` and `concat()`.",
  why: 'Terraform evaluates templates in every string of a `.tf.json` file: model text such as `${file("/proc/self/environ")}` would copy the deployer\'s environment into the plan.',
  fix: 'Escape the sequence as `$${` / `%%{` (model text goes through `src/model/terraform-text.ts`) or remove it.',
  check(element: StackElement, context) {
    const addresses = context.groupedBy('addresses', (other) => (other.idRef === undefined ? undefined : other.idRef.slice(2, -'.id}'.length)));
    const scan = scanStrings(element);
    const messages: string[] = [];
    for (const [path, text] of scan.templateCandidates) {
      for (const sequence of templateSequences(text)) {
        const target = sequence.kind === '$' ? REFERENCE.exec(sequence.expression)?.[1] : undefined;
        if (target !== undefined && addresses.has(target)) continue;
        if (sequence.kind === '$' && CONDITION_PATH.test(path) && isStackCondition(sequence.expression, addresses)) continue;
        messages.push(
          `${path} holds '${sequence.kind}{${sequence.expression.slice(0, 40)}${sequence.expression.length > 40 ? '…' : ''}}', which Terraform would evaluate: escape it as '${sequence.kind}${sequence.kind}{' or remove it`,
        );
      }
    }
    return messages.length ? verdict(messages) : scan.hasStrings ? verdict([]) : NOT_APPLICABLE;
  },
};
