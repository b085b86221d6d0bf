// Nested configuration as `attribute.path → JSON text`, so two configurations compare leaf by leaf and each
// change prints as one line naming exactly what moved.
import { isObject } from '../model/is-object';

type Json = Record<string, unknown>;

/** Repeated blocks named by what identifies them (task_key, label, tag key): a change prints under a stable name, not an index. */
function blockKey(block: Json, index: number): string {
  for (const key of ['task_key', 'job_cluster_key', 'label', 'key', 'name']) if (typeof block[key] === 'string') return block[key] as string;
  return String(index);
}

/** Adds the leaves of `value` under `prefix` to `out`. Lists of scalars (allowlists) stay one value. */
export function flattenInto(out: Map<string, string>, prefix: string, value: unknown): Map<string, string> {
  if (value === undefined) return out;
  if (isObject(value)) {
    for (const [key, inner] of Object.entries(value)) if (key !== '//') flattenInto(out, prefix ? `${prefix}.${key}` : key, inner);
  } else if (Array.isArray(value) && value.some(isObject)) {
    value.forEach((block, index) => flattenInto(out, `${prefix}[${isObject(block) ? blockKey(block, index) : index}]`, block));
  } else {
    out.set(prefix, JSON.stringify(value));
  }
  return out;
}

/** The leaves of `config`'s `attributes`. */
export function flattenPicked(config: Json, attributes: readonly string[], prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const attribute of attributes) flattenInto(out, prefix ? `${prefix}.${attribute}` : attribute, config[attribute]);
  return out;
}

/** Each path whose value differs: [path, before, after], absent as undefined; sorted by path. */
export function changedLeaves(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
): [string, string | undefined, string | undefined][] {
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  return paths.filter((path) => before.get(path) !== after.get(path)).map((path) => [path, before.get(path), after.get(path)]);
}
