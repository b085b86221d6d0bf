// The one escape between model text and Terraform: Terraform evaluates `${...}` and `%{...}` in every string of a
// .tf.json file (Terraform JSON syntax: strings are templates), so model text must reach the plan inert.
import type { DeepReadonly } from './deep-readonly';

/** `text` as a Terraform template that evaluates to `text` itself: `${` → `$${`, `%{` → `%%{`. */
export function inertForTerraform(text: string): string {
  // Most model text holds no brace at all: skip the regular expression for it (synth escapes every string once).
  if (!text.includes('{')) return text;
  // A function replacer: in a replacement string `$$` would itself collapse to `$`.
  return text.replace(/([$%])\{/g, (_match, sigil: string) => `${sigil}${sigil}{`);
}

/** Does `text` hold a template sequence at all? Names, paths and URLs refuse them outright. */
export const hasTemplateSequence = (text: string): boolean => /[$%]\{/.test(text);

/**
 * Where Terraform would start evaluating in `text`: the index and kind of every `${` and `%{` it does not read as
 * an escape. The scan follows Terraform's template lexer: `$${` and `%%{` are literal, anything else opens.
 */
export function templateSequences(text: string): { index: number; kind: '$' | '%'; expression: string }[] {
  const found: { index: number; kind: '$' | '%'; expression: string }[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') {
      i += 2;
      continue;
    }
    if ((c === '$' || c === '%') && text[i + 1] === '{') {
      const end = text.indexOf('}', i + 2);
      found.push({ index: i, kind: c, expression: end < 0 ? text.slice(i + 2) : text.slice(i + 2, end) });
      i = end < 0 ? text.length : end;
    }
  }
  return found;
}

const cache = new WeakMap<object, unknown>();

/**
 * `value` with every string — object keys included — made inert for Terraform. The stacks read the model only
 * through this view, so no construct can forget the escape; the contract reads the model as written.
 */
export function forTerraform<T>(value: DeepReadonly<T> | T): T {
  if (typeof value === 'string') return inertForTerraform(value) as T;
  if (value === null || typeof value !== 'object') return value as T;
  const cached = cache.get(value as object);
  if (cached !== undefined) return cached as T;
  const escaped = Array.isArray(value)
    ? value.map((item) => forTerraform(item))
    : Object.fromEntries(Object.entries(value).map(([key, item]) => [inertForTerraform(key), forTerraform(item)]));
  cache.set(value as object, escaped);
  return escaped as T;
}
