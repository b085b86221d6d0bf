// Agent identities are unique and specific: two agents on one principal hold each other's grants, an agent that is
// the deploying identity holds everything the deployer does, and a broad group gives every user the agent's access.
import { BROAD_GROUPS } from '../names';
import type { CheckContext } from './context';

type Path = (string | number)[];

const broad = (group: string) =>
  `'${group}' is a built-in group of every user or admin (${[...BROAD_GROUPS].join(', ')}, in any case): whatever it is granted, everyone gets; name a group of its own`;

export function checkIdentities(ctx: CheckContext): void {
  const { model } = ctx;
  const deployer = model.catalog.deployer;
  const deployerKey =
    deployer === undefined ? undefined : 'applicationId' in deployer ? deployer.applicationId : `group:${deployer.group.toLowerCase()}`;
  if (deployer && 'group' in deployer && BROAD_GROUPS.has(deployer.group.toLowerCase()))
    ctx.report(['catalog', 'deployer', 'group'], broad(deployer.group));

  const owners = new Map<string, { agent: string; path: string }>();
  (['core', 'domain'] as const).forEach((list) =>
    model.agents[list].forEach((agent, i) => {
      const { identity } = agent;
      if (identity.type === 'service-principal') return;
      const path: Path = ['agents', list, i, 'identity', identity.type === 'account-group' ? 'name' : 'applicationId'];
      const key = identity.type === 'account-group' ? `group:${identity.name.toLowerCase()}` : identity.applicationId;
      const shown = identity.type === 'account-group' ? identity.name : identity.applicationId;
      if (identity.type === 'account-group' && BROAD_GROUPS.has(identity.name.toLowerCase())) {
        const role = model.roles.workspaceAdmin === agent.name ? ' (the workspace admin)' : '';
        ctx.report(path, `agent '${agent.name}'${role}: ${broad(identity.name)}`);
        return;
      }
      if (key === deployerKey)
        ctx.report(
          path,
          `'${shown}' is the deploying identity (catalog.deployer): the agent would hold MANAGE on every securable and whatever Terraform may do; give the agent a principal of its own`,
        );
      const other = owners.get(key);
      if (other)
        ctx.report(
          path,
          `'${shown}' is already agent '${other.agent}''s identity (${other.path}${identity.type === 'account-group' ? ', group names ignore case' : ''}): two agents on one principal hold each other's grants; give each agent its own`,
        );
      else owners.set(key, { agent: agent.name, path: `agents.${list}[${i}]` });
    }),
  );
}
