// The access changes between two synthesized plans, per identity: privileges, permission levels and roles
// granted and revoked, and ownership and run_as moves. Resources are matched by construct path.
import { accessEntries } from './access-entries';
import { text } from './markdown';
import { ownershipNotes, type IdentityNote } from './ownership';
import type { Identity } from './principals';
import { pathsOf, type Plan } from './read-plan';

export interface IdentityChanges {
  readonly identity: Identity;
  /** Markdown lines, in construct-path order. */
  readonly lines: readonly string[];
}

function grantNotes(before: Plan, after: Plan, path: string): IdentityNote[] {
  const was = accessEntries(before, before.resources.get(path));
  const is = accessEntries(after, after.resources.get(path));
  if (!was && !is) return [];
  const notes: IdentityNote[] = [];
  const none = new Map<string, Set<string>>();
  for (const key of [...new Set([...(was?.held ?? none).keys(), ...(is?.held ?? none).keys()])].sort()) {
    const had = was?.held.get(key) ?? new Set<string>();
    const has = is?.held.get(key) ?? new Set<string>();
    const granted = [...has].filter((what) => !had.has(what)).sort();
    const revoked = [...had].filter((what) => !has.has(what)).sort();
    if (granted.length && is) notes.push({ identity: is.identities.get(key)!, line: `granted ${text(granted.join(', '))} ${is.target}` });
    if (revoked.length && was) notes.push({ identity: was.identities.get(key)!, line: `revoked ${text(revoked.join(', '))} ${was.target}` });
  }
  return notes;
}

export function diffAccess(before: Plan, after: Plan): IdentityChanges[] {
  const identities = new Map<string, Identity>();
  const lines = new Map<string, string[]>();
  for (const path of pathsOf(before, after)) {
    const notes = [...grantNotes(before, after, path), ...ownershipNotes(before, after, before.resources.get(path), after.resources.get(path))];
    for (const { identity, line } of notes) {
      const known = identities.get(identity.key);
      if (!known || identity.rank > known.rank) identities.set(identity.key, identity);
      lines.set(identity.key, [...(lines.get(identity.key) ?? []), line]);
    }
  }
  return [...lines.entries()]
    .map(([key, changes]) => ({ identity: identities.get(key)!, lines: changes }))
    .sort((a, b) => (a.identity.label < b.identity.label ? -1 : a.identity.label > b.identity.label ? 1 : a.identity.key < b.identity.key ? -1 : 1));
}
