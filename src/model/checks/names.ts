// Names that reach Databricks and JavaScript objects: nothing reserved, nothing longer than where it is used,
// and one environment per workspace.
import type { CheckContext } from './context';

const workspaceHost = (url: string): string => {
  try {
    return new URL(url).hostname.replace(/\.$/, '').toLowerCase();
  } catch {
    return url.toLowerCase();
  }
};
import { clusterPolicyName, sqlWarehouseName } from '../resource-names';

/** Databricks' own limits on the names the stack builds (Go SDK compute.CreatePolicy.Name, sql.CreateWarehouseRequest.Name). */
export const POLICY_NAME_MAX = 100;
export const WAREHOUSE_NAME_MAX = 100;

/**
 * Names that are members of every JavaScript object: as construct ids or keys of plain objects they collide with
 * what is already there (`constructor` is the one a kebab-case name can spell).
 */
const RESERVED = new Set(Object.getOwnPropertyNames(Object.prototype));

export function checkNames(ctx: CheckContext): void {
  const { model } = ctx;
  const reserved = (path: (string | number)[], name: string) => {
    if (RESERVED.has(name))
      ctx.report(path, `'${name}' is reserved (every JavaScript object has it, so it would collide with its own resources): pick another name`);
  };
  (['core', 'domain'] as const).forEach((group) => model.agents[group].forEach((agent, i) => reserved(['agents', group, i, 'name'], agent.name)));
  Object.keys(model.environments).forEach((name) => reserved(['environments', name], name));
  model.compute.forEach((row, i) => reserved(['compute', i, 'name'], row.name));
  model.pipelines.forEach((pipeline, i) => reserved(['pipelines', i, 'name'], pipeline.name));
  reserved(['project', 'name'], model.project.name);

  const environments = Object.keys(model.environments);
  model.compute.forEach((row, i) => {
    const longestEnvironment = environments.reduce((a, b) => (b.length > a.length ? b : a), '');
    if (row.type === 'sql-warehouse') {
      const name = sqlWarehouseName({ project: model.project.name, environment: longestEnvironment }, row.name);
      if (name.length > WAREHOUSE_NAME_MAX) {
        ctx.report(
          ['compute', i, 'name'],
          `the warehouse name '${name}' is ${name.length} characters, over Databricks' ${WAREHOUSE_NAME_MAX}: shorten the project, environment or row name`,
        );
      }
      return;
    }
    for (const agent of new Set([row.owner, ...row.agents])) {
      const name = clusterPolicyName({ project: model.project.name, environment: longestEnvironment }, row.name, agent);
      if (name.length > POLICY_NAME_MAX) {
        ctx.report(
          ['compute', i, 'name'],
          `the cluster policy name '${name}' is ${name.length} characters, over Databricks' ${POLICY_NAME_MAX}: shorten the project, environment, row or agent name`,
        );
        break;
      }
    }
  });

  // Two stacks in one workspace would manage one root folder, one guard, the same principals — and, with one
  // catalog name, one catalog — each undoing the other on every apply.
  const owner = new Map<string, string>();
  for (const [name, environment] of Object.entries(model.environments)) {
    // By host: a port, a trailing dot or a path does not make it another workspace.
    const workspace = workspaceHost(environment.workspaceUrl);
    const other = owner.get(workspace);
    if (other !== undefined) {
      ctx.report(
        ['environments', name, 'workspaceUrl'],
        `'${environment.workspaceUrl}' is already environment '${other}''s workspace: the two stacks would manage the same folders, principals and catalog; give each environment its own workspace`,
      );
    } else owner.set(workspace, name);
  }
}
