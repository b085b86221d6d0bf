// Names that become Terraform addresses and Unity Catalog objects must be unique.
import type { CheckContext } from './context';

export function checkUniqueness(ctx: CheckContext): void {
  const { model } = ctx;
  const agents = [...model.agents.core, ...model.agents.domain];
  const seen = new Set<string>();
  agents.forEach((agent, i) => {
    const group = i < model.agents.core.length ? 'core' : 'domain';
    const index = group === 'core' ? i : i - model.agents.core.length;
    if (seen.has(agent.name)) ctx.report(['agents', group, index, 'name'], `duplicate agent '${agent.name}': give each agent a unique name`);
    seen.add(agent.name);
  });
  ctx.unique('schemas', model.schemas, (schema) => schema.name, 'schema');
  ctx.unique('tables', model.tables, (table) => `${table.schema}.${table.name}`, 'table');
  ctx.unique('models', model.models, (registered) => `${registered.schema}.${registered.name}`, 'model');
  ctx.unique('compute', model.compute, (compute) => compute.name, 'compute row');
  ctx.unique('pipelines', model.pipelines, (pipeline) => pipeline.name, 'pipeline');
  ctx.unique('fileOwnership', model.fileOwnership, (entry) => entry.pattern, 'file pattern', 'pattern');
  if (Object.keys(model.environments).length === 0) {
    ctx.report(['environments'], 'no environment declared: add at least one, e.g. dev and prod');
  }
}
