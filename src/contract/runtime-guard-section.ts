// The runtime guard as the contract states it: whose compute it limits, by which limit, and what it does not reach —
// from the derivation the stack passes to the guard (limitedRowsOf, strictestLimitOf) and the job's settings.
import type { TeamEnvironment } from '../access/team-environment';
import { runtimeLimits, strictestLimitOf } from '../access/compute';
import { GUARD_SWEEP_MARGIN_SECONDS, GUARD_TIMEOUT_SECONDS } from '../model/runtime-guard-timing';
import { allAgents, type NamedEnvironment } from '../model/types';
import type { ContractContext } from './context-schema';
import { formatDuration } from './compute-section';
import { GUARD_EVERY_MINUTES } from './environment-section';

const OFF_POLICY: Record<NamedEnvironment['offPolicyClusters'], string> = {
  limit: "it gets the strictest limit of the agent's rows",
  terminate: 'it is terminated at the next sweep, whatever its age',
};

export function runtimeGuardFacts(team: TeamEnvironment): ContractContext['RUNTIME_GUARD'] {
  const { model, environment: env } = team;
  const enabled = Object.keys(runtimeLimits(team.compute)).length > 0;
  const agents = enabled
    ? allAgents(model).map((agent) => {
        // The stack passes only service principals to the guard (AgentCompute.guardAgents): a group has no identity of its own.
        if (agent.identity.type === 'account-group')
          return { agent: agent.name, attributed_by: 'tags only (an account group: its members act as themselves)', strictest: 'does not apply' };
        const strictest = strictestLimitOf(team.compute, agent.name)!;
        const limit = formatDuration(strictest.minutes);
        return {
          agent: agent.name,
          attributed_by: 'identity, then tags',
          strictest: strictest.row !== undefined ? `${limit} (${strictest.row})` : `${limit} (no row with a limit: the model's strictest)`,
        };
      })
    : [];
  const budget = GUARD_TIMEOUT_SECONDS - GUARD_SWEEP_MARGIN_SECONDS;
  return {
    enabled,
    every_minutes: GUARD_EVERY_MINUTES,
    off_policy: OFF_POLICY[env.offPolicyClusters],
    agents,
    not_reached: [
      `time between sweeps: compute is stopped up to ${GUARD_EVERY_MINUTES} minutes after its limit passes`,
      'queued job runs: they hold no compute, and their time counts from when they leave the queue',
      'serverless notebooks, SQL warehouse queries, model serving endpoints and apps: none is a cluster, job run or pipeline update (warehouses auto-stop instead)',
      "the policy of a job's or a pipeline's own cluster: such clusters are judged through their run or update",
      'compute of identities that are not agents and carry no compute tag of this project and environment',
      `whatever a sweep has not reached when its budget ends (${budget} s, ${GUARD_SWEEP_MARGIN_SECONDS} s before the job's ${GUARD_TIMEOUT_SECONDS} s timeout): the sweep fails and the next one starts over`,
      'anything at all when the guard is not a workspace admin: it then refuses to sweep and fails',
    ],
  };
}
