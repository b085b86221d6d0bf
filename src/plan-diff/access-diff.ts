// The access changes between two plans, per identity: privileges, permission levels and roles granted and
// revoked, and ownership and run_as moves. Resources are matched by construct path (plan files: by address).
import { accessEntries, type AccessEntries } from './access-entries';
import type { AgentChange } from './change';
import { text } from './markdown';
import { ownershipNotes } from './ownership';
import { pathsOf, type Plan } from './read-plan';

/** What `key` was granted, read off the plan holding the grant, or had revoked, read off the plan that held it. */
function accessChange(entries: AccessEntries, key: string, what: string[], direction: 'granted' | 'revoked'): AgentChange {
  const identity = entries.identities.get(key)!;
  return {
    agent: identity.agent ?? null,
    severity: direction === 'granted' ? 'change' : 'revoking',
    category: 'access',
    object: entries.object,
    principal: identity.label,
    [direction]: what,
    markdown: `${direction} ${text(what.join(', '))} ${entries.target} ${direction === 'granted' ? 'to' : 'from'} ${identity.label}`,
  };
}

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
    if (granted.length && is) changes.push(accessChange(is, key, granted, 'granted'));
    if (revoked.length && was) changes.push(accessChange(was, key, revoked, 'revoked'));
  }
  return changes;
}

export function diffAccess(before: Plan, after: Plan): AgentChange[] {
  return pathsOf(before, after).flatMap((path) => [
    ...grantChanges(before, after, path),
    ...ownershipNotes(before, after, before.resources.get(path), after.resources.get(path)),
  ]);
}
