// The one text check of the model: every string it holds, keys included, walked beside the schema, so a field
// added to the schema is checked without being listed anywhere. Single-line unless the schema marks the field
// multi-line (`multiLine`, which `prose` fields carry); a string the schema does not know is single-line.
import * as z from 'zod';
import { printable, unsafeCharacter } from './plain-text';
import type { PathSegment } from './problems';

/** Marks a string schema as multi-line prose (tab, LF and CRLF allowed); a check that accepts everything. */
const MULTI_LINE_MARK = z.refine(() => true);

/** `schema`, marked multi-line: its values may hold tabs and line breaks (never a lone CR). */
export const multiLine = (schema: z.ZodString): z.ZodString => schema.check(MULTI_LINE_MARK);

export interface TextProblem {
  readonly segments: readonly PathSegment[];
  readonly message: string;
}

interface Def {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly element?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly checks?: readonly unknown[];
}

const defOf = (schema: z.ZodType | undefined): Def | undefined => (schema as { _zod?: { def: Def } } | undefined)?._zod?.def;

/** The schema below wrappers (optional, default, pipe ...). */
function unwrap(schema: z.ZodType | undefined): Def | undefined {
  let def = defOf(schema);
  for (let guard = 0; def && guard < 32; guard++) {
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (!inner) break;
    def = defOf(inner);
  }
  return def;
}

/** The schema of `key` in an object, a record or a union of objects (the first option that knows it). */
function childOf(def: Def | undefined, key: PathSegment): z.ZodType | undefined {
  if (!def) return undefined;
  if (def.type === 'array') return def.element;
  if (def.type === 'record') return def.valueType;
  if (def.type === 'object') return Object.hasOwn(def.shape ?? {}, String(key)) ? def.shape?.[String(key)] : undefined;
  if (def.type === 'union')
    for (const option of def.options ?? []) {
      const child = childOf(unwrap(option), key);
      if (child) return child;
    }
  return undefined;
}

const isMultiLine = (def: Def | undefined): boolean => def?.type === 'string' && (def.checks ?? []).includes(MULTI_LINE_MARK);

/** The problem of `text` at `path` (copied only when there is one: most strings are fine), or undefined. */
function problem(path: readonly PathSegment[], text: string, multi: boolean, what: string): TextProblem | undefined {
  const bad = unsafeCharacter(text, multi);
  if (!bad) return undefined;
  const allowed = multi ? 'tabs and line breaks (LF or CRLF) are the only control characters it may hold' : 'it is one line of printable text';
  const excerpt = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  return {
    segments: [...path],
    message: `${what} '${printable(excerpt)}' holds ${bad.description} at character ${bad.position}: remove it (${allowed})`,
  };
}

/** Every string of `data` (values and keys) that holds a character text must not hold, with its path. */
export function textProblems(data: unknown, schema: z.ZodType): TextProblem[] {
  const found: TextProblem[] = [];
  const path: PathSegment[] = [];
  // Depth is bounded by the model's limits (src/model/limits.ts), checked before validation.
  const visit = (value: unknown, def: Def | undefined): void => {
    if (typeof value === 'string') {
      const bad = problem(path, value, isMultiLine(def), 'the text');
      if (bad) found.push(bad);
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        path.push(i);
        visit(item, unwrap(childOf(def, i)));
        path.pop();
      });
      return;
    }
    if (!value || typeof value !== 'object') return;
    for (const key of Object.keys(value)) {
      path.push(key);
      const bad = problem(path, key, false, 'the key');
      if (bad) found.push(bad);
      visit((value as Record<string, unknown>)[key], unwrap(childOf(def, key)));
      path.pop();
    }
  };
  visit(data, unwrap(schema));
  return found;
}
