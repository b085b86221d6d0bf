// Who owns a securable and who a pipeline or job runs as, compared by identity: an owner written the same
// way can still be another principal (see principals.ts), and ownership or run_as is access in full.
import type { AgentChange } from './change';
import { objectOf, objectText } from './object-names';
import { DEPLOYER, resolvePrincipal, runAsPrincipal, type Identity } from './principals';
import type { Plan, PlanResource } from './read-plan';
import type { ReviewObject } from './review-types';

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

function moved(from: Identity, to: Identity, verb: string, objectOf: () => ReviewObject): AgentChange[] {
  if (from.key === to.key) return [];
  const object = objectOf();
  const changes: AgentChange[] = [];
  const what = objectText(object);
  const base = { category: 'ownership', object } as const;
  if (to !== ITS_OWNER)
    changes.push({
      ...base,
      agent: to.agent ?? null,
      severity: 'change',
      principal: to.label,
      markdown: `${to.label} now ${verb} ${what}, previously ${from.label}`,
    });
  if (from !== ITS_OWNER)
    changes.push({
      ...base,
      agent: from.agent ?? null,
      severity: 'revoking',
      principal: from.label,
      markdown: `${from.label} no longer ${verb} ${what}, now ${to.label}`,
    });
  return changes;
}

export function ownershipNotes(before: Plan, after: Plan, old: PlanResource | undefined, now: PlanResource | undefined): AgentChange[] {
  if (!old || !now) return [];
  const changes: AgentChange[] = [];
  const object = () => objectOf(after, now);
  if ('owner' in old.config || 'owner' in now.config) changes.push(...moved(ownerOf(before, old), ownerOf(after, now), 'owns', object));
  if ('run_as' in old.config || 'run_as' in now.config) changes.push(...moved(runnerOf(before, old), runnerOf(after, now), 'runs', object));
  return changes;
}
