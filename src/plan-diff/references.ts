// Terraform references in a synthesized plan (`${type.name.attribute}`, `${data.type.name.attribute}`) and
// what they stand for when the referenced configuration sets the attribute literally.
import type { Plan, PlanResource } from './read-plan';

export interface Reference {
  /** Address of the referenced resource or data source (data sources: data.…). */
  readonly address: string;
  readonly type: string;
  readonly attribute: string;
}

const WHOLE_REFERENCE = /^\$\{(data\.)?([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)\}$/;

/** The reference `value` consists of, or undefined for a literal or a larger expression. */
export function referenceOf(value: string): Reference | undefined {
  const match = WHOLE_REFERENCE.exec(value);
  if (!match) return undefined;
  const [, data, type, name, attribute] = match;
  return { address: `${data ? 'data.' : ''}${type}.${name}`, type, attribute };
}

export function referenced(plan: Plan, value: string): { reference: Reference; target: PlanResource | undefined } | undefined {
  const reference = referenceOf(value);
  return reference && { reference, target: plan.byAddress.get(reference.address) };
}

/**
 * `value` with references followed to the literal they stand for, e.g. a table's schema_name
 * `${databricks_schema.x.name}` → "gold", so a renamed schema shows in what depends on it. Computed
 * attributes (ids) stay references.
 */
export function resolvedValue(plan: Plan, value: unknown, depth = 0): unknown {
  if (typeof value !== 'string' || depth > 8) return value;
  const found = referenced(plan, value);
  if (!found?.target || !Object.hasOwn(found.target.config, found.reference.attribute)) return value;
  return resolvedValue(plan, found.target.config[found.reference.attribute], depth + 1);
}
