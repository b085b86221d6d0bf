// What a real workspace needs from the model: a private workspace root, unambiguous folders, the account id
// behind run_as, a metastore admin behind moved ownership, and bindings only for other workspaces.
import type { CheckContext } from '../../model/checks/context';
import { directoryOf } from '../folders';
import { workspaceIdOf } from '../../model/workspace-url';

/** Every user holds CAN_MANAGE on everything under /Shared, inherited and irremovable (DATABRICKS.md "Directories"). */
export const isUnderShared = (path: string): boolean => /^\/(Workspace\/)?Shared(\/|$)/i.test(path);

export function checkWorkspace(ctx: CheckContext): void {
  const { model } = ctx;
  const root = model.project.workspaceRoot;
  if (root !== undefined && isUnderShared(root) && !model.project.allowUnrestrictedFolders) {
    ctx.report(
      ['project', 'workspaceRoot'],
      `'${root}' is under /Shared, where every user manages everything and folder permissions restrict nothing: use a root such as '/${model.project.name}', or set project.allowUnrestrictedFolders: true to accept that`,
    );
  }

  // Two patterns for one folder would be two owners of one databricks_directory.
  const folderOf = new Map<string, number>();
  model.fileOwnership.forEach((entry, i) => {
    const directory = directoryOf(entry.pattern);
    if (directory === undefined) return;
    if (model.contract.deployToWorkspace && directory.split('/')[0] === 'CONTRACT.md') {
      ctx.report(
        ['fileOwnership', i, 'pattern'],
        `'${entry.pattern}' would make a folder where the stack deploys the contract file, <root>/CONTRACT.md: rename the folder`,
      );
    }
    const first = folderOf.get(directory);
    if (first === undefined) folderOf.set(directory, i);
    else {
      ctx.report(
        ['fileOwnership', i, 'pattern'],
        `'${entry.pattern}' maps to the same workspace folder '${directory}' as fileOwnership[${first}] ('${model.fileOwnership[first].pattern}'): merge the two entries into one`,
      );
    }
  });

  // The stack tags compute with these itself, and names the runtime guard's own principal <project>-runtime-guard.
  if (['compute', 'project', 'environment'].includes(model.project.ownerTag)) {
    ctx.report(
      ['project', 'ownerTag'],
      `'${model.project.ownerTag}' is a tag the stack already sets on every cluster, job and pipeline: pick another, e.g. 'owner_agent'`,
    );
  }
  [...model.agents.core, ...model.agents.domain].forEach((agent, i) => {
    if (agent.name !== 'runtime-guard') return;
    const core = i < model.agents.core.length;
    ctx.report(
      ['agents', core ? 'core' : 'domain', core ? i : i - model.agents.core.length, 'name'],
      "'runtime-guard' names the runtime guard's own service principal: rename the agent",
    );
  });

  const agents = new Map([...model.agents.core, ...model.agents.domain].map((agent) => [agent.name, agent]));
  const createdRunAs = model.pipelines.filter((pipeline) => agents.get(pipeline.owner)?.identity.type === 'service-principal').map((p) => p.name);
  const guarded = model.compute.some((row) => row.maxRuntimeMinutes !== undefined);
  const admin = agents.get(model.roles.workspaceAdmin);
  if (guarded && admin && admin.contact === undefined) {
    const group = model.agents.core.includes(admin) ? 'core' : 'domain';
    ctx.report(
      ['agents', group, model.agents[group].indexOf(admin), 'contact'],
      `required: the runtime guard notifies the workspace admin '${admin.name}' when a sweep fails: add its contact email`,
    );
  }
  for (const [name, environment] of Object.entries(model.environments)) {
    for (const agent of Object.keys(environment.budgetPolicies)) ctx.agent(['environments', name, 'budgetPolicies', agent], agent);
    if (environment.accountId === undefined && (createdRunAs.length || guarded)) {
      const why = createdRunAs.length ? `pipelines ${createdRunAs.map((p) => `'${p}'`).join(', ')} run` : 'the runtime guard runs';
      ctx.report(
        ['environments', name, 'accountId'],
        `required: ${why} as service principals this stack creates, and setting run_as needs the deploying identity to hold servicePrincipal.user on them, granted by rule sets named after the account: add the account id (a UUID, shown in the account console)`,
      );
    }
    const own = workspaceIdOf(environment.workspaceUrl);
    const seen = new Set<number>();
    environment.workspaceBindings.forEach((binding, i) => {
      const at = ['environments', name, 'workspaceBindings', i, 'workspaceId'];
      if (own !== undefined && binding.workspaceId === own) {
        ctx.report(
          at,
          `${binding.workspaceId} is this environment's own workspace, which the isolated catalog binds automatically; an explicit binding cuts it off on destroy: remove it`,
        );
      } else if (seen.has(binding.workspaceId)) ctx.report(at, `workspace ${binding.workspaceId} is bound twice: keep one binding`);
      seen.add(binding.workspaceId);
    });
  }

  if (model.catalog.ownership === 'agents' && model.catalog.deployer && !model.catalog.deployer.metastoreAdmin) {
    ctx.report(
      ['catalog', 'deployer', 'metastoreAdmin'],
      "ownership 'agents' hands every securable to an agent inside its Create call; only a metastore admin keeps control after that: make the deploying identity a metastore admin and set metastoreAdmin: true, or use ownership 'deployer'",
    );
  }
}
