// The access changes between two plans, per identity: privileges, permission levels and roles granted and
// revoked, and ownership and run_as moves. Resources are matched by construct path (plan files: by address).
import { accessEntries } from './access-entries';
import type { AgentChange } from './change';
import { text } from './markdown';
import { ownershipNotes } from './ownership';
import { pathsOf, type Plan } from './read-plan';

function grantChanges(before: Plan, after: Plan, path: string): AgentChange[] {
  const was = accessEntries(before, before.resources.get(path));
  const is = accessEntries(after, after.resources.get(path));
  if (!was && !is) return [];
  const changes: AgentChange[] = [];
  const none = new Map<string, Set<string>>();
  for (const key of [...new Set([...(was?.held ?? none).keys(), ...(is?.held ?? none).keys()])].sort()) {
    const had = was?.held.get(key) ?? new Set<string>();
    const has = is?.held.get(key) ?? new Set<string>();
    const granted = [...has].filter((what) => !had.has(what)).sort();
    const revoked = [...had].filter((what) => !has.has(what)).sort();
    if (granted.length && is) {
      const identity = is.identities.get(key)!;
      changes.push({
        agent: identity.agent ?? null,
        severity: 'change',
        category: 'access',
        object: is.object,
        principal: identity.label,
        granted,
        markdown: `granted ${text(granted.join(', '))} ${is.target} to ${identity.label}`,
      });
    }
    if (revoked.length && was) {
      const identity = was.identities.get(key)!;
      changes.push({
        agent: identity.agent ?? null,
        severity: 'revoking',
        category: 'access',
        object: was.object,
        principal: identity.label,
        revoked,
        markdown: `revoked ${text(revoked.join(', '))} ${was.target} from ${identity.label}`,
      });
    }
  }
  return changes;
}

export function diffAccess(before: Plan, after: Plan): AgentChange[] {
  return pathsOf(before, after).flatMap((path) => [
    ...grantChanges(before, after, path),
    ...ownershipNotes(before, after, before.resources.get(path), after.resources.get(path)),
  ]);
}
