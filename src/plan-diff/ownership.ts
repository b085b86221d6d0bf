// Who owns a securable and who a pipeline or job runs as, compared by identity: an owner written the same
// way can still be another principal (see principals.ts), and ownership or run_as is access in full.
import { code } from './markdown';
import { DEPLOYER, resolvePrincipal, runAsPrincipal, type Identity } from './principals';
import type { Plan, PlanResource } from './read-plan';

export interface IdentityNote {
  readonly identity: Identity;
  /** Markdown. */
  readonly line: string;
}

/** A pipeline or job without run_as runs as its owner (DATABRICKS.md "Pipelines", "Serverless compute and the runtime guard"). */
const ITS_OWNER: Identity = { key: 'its-owner', label: 'its owner (no run_as)', rank: 2 };

function ownerOf(plan: Plan, resource: PlanResource): Identity {
  const owner = resource.config.owner;
  // Without `owner`, the deploying identity that creates the securable owns it (DATABRICKS.md "Ownership").
  return typeof owner === 'string' ? resolvePrincipal(plan, owner) : DEPLOYER;
}

function runnerOf(plan: Plan, resource: PlanResource): Identity {
  const runAs = runAsPrincipal(resource.config);
  return runAs === undefined ? ITS_OWNER : resolvePrincipal(plan, runAs);
}

function moved(from: Identity, to: Identity, verb: string, path: string): IdentityNote[] {
  if (from.key === to.key) return [];
  return [
    { identity: to, line: `now ${verb} ${code(path)}, previously ${from.label}` },
    { identity: from, line: `no longer ${verb} ${code(path)}, now ${to.label}` },
  ].filter((note) => note.identity !== ITS_OWNER);
}

export function ownershipNotes(before: Plan, after: Plan, old: PlanResource | undefined, now: PlanResource | undefined): IdentityNote[] {
  if (!old || !now) return [];
  const notes: IdentityNote[] = [];
  if ('owner' in old.config || 'owner' in now.config) notes.push(...moved(ownerOf(before, old), ownerOf(after, now), 'owns', now.path));
  if ('run_as' in old.config || 'run_as' in now.config) notes.push(...moved(runnerOf(before, old), runnerOf(after, now), 'runs', now.path));
  return notes;
}
