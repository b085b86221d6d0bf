// An index built once per plan and reused by every lookup of the diff: lookups by value stay linear overall.
import type { Plan } from './read-plan';

export function perPlan<T>(build: (plan: Plan) => T): (plan: Plan) => T {
  const cache = new WeakMap<Plan, T>();
  return (plan) => {
    if (!cache.has(plan)) cache.set(plan, build(plan));
    return cache.get(plan)!;
  };
}
