// Lookups by a key that comes from a plan file: a resource type or attribute named `__proto__`, `toString` or
// `constructor` finds nothing, never a member every JavaScript object inherits.

/** `table[key]` when `key` is `table`'s own key, else undefined. */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
