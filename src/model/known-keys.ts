// The keys the schema allows at a path, for "did you mean" on unknown keys; read off the generated JSON Schema.
import type { PathSegment } from './problems';
import { modelJsonSchema } from './json-schema';

type JsonSchema = {
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};

function variants(schema: JsonSchema): JsonSchema[] {
  const alternatives = [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])];
  return alternatives.length ? alternatives.flatMap(variants) : [schema];
}

export function knownKeysAt(path: readonly PathSegment[]): string[] {
  let current: JsonSchema[] = [modelJsonSchema() as JsonSchema];
  for (const segment of path) {
    current = current.flatMap(variants).flatMap((schema) => {
      if (typeof segment === 'number') return schema.items ? [schema.items] : [];
      const property = schema.properties?.[segment];
      if (property) return [property];
      return typeof schema.additionalProperties === 'object' ? [schema.additionalProperties] : [];
    });
  }
  return [...new Set(current.flatMap(variants).flatMap((schema) => Object.keys(schema.properties ?? {})))];
}
