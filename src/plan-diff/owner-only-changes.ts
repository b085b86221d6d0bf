// Changes the deploying identity can no longer apply once ownership moved to an agent: the comment and
// properties of a catalog, schema or registered model.
import { changedLeaves, flattenPicked } from './flatten';
import { code, jsonCode } from './markdown';
import { resolvePrincipal } from './principals';
import type { AgentChange } from './change';
import { objectOf, objectText } from './object-names';
import { pathsOf, type Plan } from './read-plan';

/**
 * Updating a catalog's, schema's or registered model's comment/properties needs the owner or a metastore
 * admin; MANAGE is not enough (DATABRICKS.md "Apply order and who may change what"). That section names
 * these three types only; table updates are SQL statements the deploying identity runs.
 */
const OWNER_ONLY_TYPES = new Set(['databricks_catalog', 'databricks_schema', 'databricks_registered_model']);

/** `` schema `acme_dev.gold`: `attribute` `old` → `new`, owned by … ``, by construct path then attribute. */
export function diffOwnerOnlyChanges(before: Plan, after: Plan): AgentChange[] {
  const changes: AgentChange[] = [];
  for (const path of pathsOf(before, after)) {
    const old = before.resources.get(path);
    const now = after.resources.get(path);
    if (!old || !now || !OWNER_ONLY_TYPES.has(now.type)) continue;
    // The owner in either plan: a move to an agent and the edit in one apply fails just the same.
    const owner =
      typeof now.config.owner === 'string'
        ? resolvePrincipal(after, now.config.owner)
        : typeof old.config.owner === 'string'
          ? resolvePrincipal(before, old.config.owner)
          : undefined;
    if (!owner) continue;
    const changed = changedLeaves(flattenPicked(old.config, ['comment', 'properties']), flattenPicked(now.config, ['comment', 'properties']));
    if (!changed.length) continue;
    const object = objectOf(after, now);
    for (const [attribute, was, is] of changed) {
      changes.push({
        agent: owner.agent ?? null,
        severity: 'change',
        category: 'owner-only',
        object,
        principal: owner.label,
        attribute,
        ...(was === undefined ? {} : { before: was }),
        ...(is === undefined ? {} : { after: is }),
        markdown: `${objectText(object)}: ${code(attribute)} ${jsonCode(was)} → ${jsonCode(is)}, owned by ${owner.label}`,
      });
    }
  }
  return changes;
}
