// DAC-UC5: two authoritative grants resources on one securable undo each other on every apply;
// databricks_grant beside databricks_grants fights it the same way.
import { NOT_APPLICABLE, grantTarget, verdict, type GuardrailRule } from './rule';

export const oneGrantsPerSecurable: GuardrailRule = {
  id: 'DAC-UC5',
  summary: 'one databricks_grants per securable, never mixed with databricks_grant',
  checks: 'One `databricks_grants` per securable, never mixed with `databricks_grant`.',
  why: 'Two authoritative grants resources on one securable undo each other on every apply; a `databricks_grant` beside `databricks_grants` fights it the same way.',
  fix: 'List every principal in one `databricks_grants`.',
  check(element, context) {
    if (element.type !== 'databricks_grants' && element.type !== 'databricks_grant') return NOT_APPLICABLE;
    const target = grantTarget(element);
    const byTarget = context.groupedBy('grants-by-target', (other) =>
      other.type === 'databricks_grants' || other.type === 'databricks_grant' ? grantTarget(other) : undefined,
    );
    const others = (target === undefined ? [] : (byTarget.get(target) ?? [])).filter((other) => other !== element);
    return verdict(
      others.map((other) => `${other.path} (${other.type}) also manages grants on ${target}: list every principal in one databricks_grants`),
    );
  },
};
