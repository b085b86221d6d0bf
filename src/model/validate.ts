// Validation of plain data against the model: the schema first, then every cross-reference; all problems at once.
import type * as z from 'zod';
import { TeamModelSchema } from './schema';
import { CheckContext, type ParsedModel } from './checks/context';
import { originalPath, salvage } from './salvage';
import { normalize } from './normalize';
import { textProblems } from './text-fields';
import { formatPath, type PathSegment, type Problem } from './problems';
import { knownKeysAt } from './known-keys';
import { didYouMean } from './suggest';
import type { TeamModel } from './types';

export type Validation = { readonly ok: true; readonly model: TeamModel } | { readonly ok: false; readonly problems: readonly Problem[] };

/** A problem with its path still in segments, so the YAML loader can find its line. */
export interface RawProblem {
  readonly segments: readonly PathSegment[];
  readonly message: string;
}

/**
 * One semantic check of a parsed model: reports its problems on the context. The model's own checks live in
 * model/checks; those needing file ownership, the derivations or the rule pack live with that knowledge, and
 * src/validation composes them all (ALL_CHECKS). Validation always runs a list it is given: there is no default.
 */
export type ModelCheck = (ctx: CheckContext) => void;

/**
 * Items in the largest list of the model from which zod's compiled object parsers pay off. zod (v4 core/schemas,
 * `generateFastpass`) writes JavaScript for each object schema on its first parse and compiles it with `new Function`:
 * a cost paid once per shape, repaid only when that shape is parsed thousands of times. Measured 2026-12-04 (CPU,
 * node 20): `validate stacks/team.yaml` 18 ms faster without (299 -> 281 ms); 2,000 tables equal; 20,000 tables
 * 190 ms slower without (1,612 -> 1,804 ms). Both paths accept and reject exactly the same input.
 */
const COMPILED_PARSERS_FROM = 2_000;

/** Whether `data` holds a list long enough for compiled parsers (COMPILED_PARSERS_FROM). */
function repeatsShapes(data: unknown): boolean {
  if (typeof data !== 'object' || data === null) return false;
  return Object.values(data).some((value) => Array.isArray(value) && value.length >= COMPILED_PARSERS_FROM);
}

function show(value: unknown): string {
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

function fromZod(issue: z.core.$ZodIssue): RawProblem[] {
  const segments = issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(segments);
    return issue.keys.map((key) => ({
      segments: [...segments, key],
      message: `unknown key '${key}'${didYouMean(key, known)}: remove it or fix its spelling`,
    }));
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    const key = segments[segments.length - 1];
    return [{ segments, message: `required but missing: add '${key}' (${issue.expected})` }];
  }
  if (issue.code === 'invalid_union' && 'note' in issue && issue.note === 'No matching discriminator') {
    const allowed = [...issue.message.matchAll(/'([^']+)'/g)].map((m) => m[1]);
    const value = String((issue.input as Record<string, unknown> | undefined)?.[String(segments[segments.length - 1])]);
    return [
      {
        segments,
        message: `'${value}' is not a valid ${String(segments[segments.length - 1])}${didYouMean(value, allowed)}: use ${allowed.map((a) => `'${a}'`).join(', ')}`,
      },
    ];
  }
  if (issue.code === 'invalid_key') {
    // A record key's own message (its regex's) is nested one level down.
    return [{ segments, message: issue.issues[0]?.message ?? issue.message }];
  }
  const quoted = issue.input !== undefined && !issue.message.includes(`'${String(issue.input)}'`);
  return [{ segments, message: quoted && issue.code !== 'custom' ? `${issue.message} (got ${show(issue.input)})` : issue.message }];
}

/** Validates plain data; problems keep path segments for positioning. */
/**
 * Keys a parsed object can hold but a record silently drops (zod, like any object spread, skips `__proto__`):
 * an environment or property by that name would vanish while the model passed as valid.
 */
function prototypeKeys(data: unknown, at: PathSegment[] = [], found: RawProblem[] = []): RawProblem[] {
  // One path, pushed and popped as the walk goes: copied only for a problem (the walk visits every value of the model).
  if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i++) {
      at.push(i);
      prototypeKeys(data[i], at, found);
      at.pop();
    }
  } else if (data && typeof data === 'object') {
    for (const key of Object.keys(data)) {
      at.push(key);
      if (key === '__proto__')
        found.push({ segments: [...at], message: "'__proto__' cannot be a key of the model (JavaScript objects reserve it): rename it" });
      else prototypeKeys((data as Record<string, unknown>)[key], at, found);
      at.pop();
    }
  }
  return found;
}

export function validateRaw(data: unknown, checks: readonly ModelCheck[]): { ok: true; model: TeamModel } | { ok: false; problems: RawProblem[] } {
  const reserved = prototypeKeys(data);
  if (reserved.length) return { ok: false, problems: reserved };
  // Text that is not text is reported once, by the text check: other checks of the same value would repeat it.
  const text = textProblems(data, TeamModelSchema);
  const textAt = new Set(text.map((problem) => formatPath(problem.segments)));
  const others = (problems: RawProblem[]) => [...text, ...problems.filter((problem) => !textAt.has(formatPath(problem.segments)))];
  const parsed = TeamModelSchema.safeParse(data, { reportInput: true, jitless: !repeatsShapes(data) });
  if (parsed.success) {
    const problems = others(crossCheck(checks, parsed.data));
    return problems.length ? { ok: false, problems } : { ok: true, model: normalize(parsed.data) };
  }
  const schemaProblems = parsed.error.issues.flatMap(fromZod);
  const partial = salvage(data);
  if (!partial) return { ok: false, problems: others(schemaProblems) };
  // Cross-check what did parse; map indices back to the items as written.
  const remapped = crossCheck(checks, partial.model, declaredNames(data)).map((problem) => ({
    ...problem,
    segments: originalPath(partial, problem.segments),
  }));
  return { ok: false, problems: others([...schemaProblems, ...remapped]) };
}

function crossCheck(checks: readonly ModelCheck[], model: ParsedModel, declared?: ConstructorParameters<typeof CheckContext>[1]): RawProblem[] {
  const ctx = new CheckContext(model, declared);
  for (const check of checks) check(ctx);
  return ctx.problems.map((problem) => ({ segments: parsePath(problem.path), message: problem.message }));
}

export function validateModel(data: unknown, checks: readonly ModelCheck[]): Validation {
  const result = validateRaw(data, checks);
  return result.ok ? result : { ok: false, problems: result.problems.map((p) => ({ path: formatPath(p.segments), message: p.message })) };
}

/** Agent and schema names as written, including items the schema rejected. */
function declaredNames(data: unknown): { agents: string[]; schemas: string[] } {
  const names = (list: unknown): string[] =>
    Array.isArray(list) ? list.flatMap((item) => (typeof item?.name === 'string' ? [item.name as string] : [])) : [];
  const model = data as { agents?: { core?: unknown; domain?: unknown }; schemas?: unknown };
  return { agents: [...names(model.agents?.core), ...names(model.agents?.domain)], schemas: names(model.schemas) };
}

function parsePath(path: string): PathSegment[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]));
}
