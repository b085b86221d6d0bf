// When the schema rejects part of a model, keep what is still valid so cross-reference checks can run too,
// and every problem is reported at once rather than in two rounds.
import type * as z from 'zod';
import { TeamModelSchema } from './schema';
import type { ParsedModel } from './checks/context';
import { formatPath, type PathSegment } from './problems';
import { isObject } from './is-object';

/** The valid part of a model, and for each array that lost items the original index of every kept item. */
export interface Salvage {
  readonly model: ParsedModel;
  /** Keyed by the array's formatted path, e.g. `tables` or `agents.domain`. */
  readonly originalIndex: ReadonlyMap<string, readonly number[]>;
}

interface Def {
  type: string;
  innerType?: AnySchema;
  element?: AnySchema;
  shape?: Record<string, AnySchema>;
  valueType?: AnySchema;
}
type AnySchema = z.ZodType & { _zod: { def: Def } };

const FAILED = Symbol('failed');

function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  while (current._zod.def.innerType && current._zod.def.type !== 'array' && current._zod.def.type !== 'object') current = current._zod.def.innerType;
  return current;
}

function salvageValue(schema: AnySchema, value: unknown, path: PathSegment[], indices: Map<string, number[]>): unknown {
  const whole = schema.safeParse(value);
  if (whole.success) return whole.data;
  const inner = unwrap(schema);
  const def = inner._zod.def;
  if (def.type === 'array' && def.element && Array.isArray(value)) {
    const kept: number[] = [];
    const items = value.flatMap((item, i) => {
      const parsed = salvageValue(def.element as AnySchema, item, [...path, i], indices);
      if (parsed === FAILED) return [];
      kept.push(i);
      return [parsed];
    });
    indices.set(formatPath(path), kept);
    return items;
  }
  if (def.type === 'object' && def.shape && isObject(value)) {
    const result: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(def.shape)) {
      const parsed = salvageValue(field, (value as Record<string, unknown>)[key], [...path, key], indices);
      if (parsed === FAILED) return FAILED;
      if (parsed !== undefined) result[key] = parsed;
    }
    return result;
  }
  if (def.type === 'record' && def.valueType && isObject(value)) {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const parsed = def.valueType.safeParse(item);
      if (parsed.success) result[key] = parsed.data;
    }
    return result;
  }
  return FAILED;
}

export function salvage(data: unknown): Salvage | undefined {
  const indices = new Map<string, number[]>();
  const model = salvageValue(TeamModelSchema as unknown as AnySchema, data, [], indices);
  return model === FAILED ? undefined : { model: model as ParsedModel, originalIndex: indices };
}

/** Maps a path into the salvaged model back to the model as written. */
export function originalPath(salvaged: Salvage, segments: readonly PathSegment[]): PathSegment[] {
  return segments.map((segment, i) => {
    if (typeof segment !== 'number') return segment;
    const kept = salvaged.originalIndex.get(formatPath(segments.slice(0, i)));
    return kept?.[segment] ?? segment;
  });
}
