// Every agent and schema a model names must exist.
import type { CheckContext } from './context';

export function checkReferences(ctx: CheckContext): void {
  const { model } = ctx;
  for (const role of ['orchestrator', 'workspaceAdmin', 'qualityEngineer'] as const) ctx.agent(['roles', role], model.roles[role]);

  model.fileOwnership.forEach((entry, i) => Object.keys(entry.access).forEach((agent) => ctx.agent(['fileOwnership', i, 'access', agent], agent)));

  ctx.agent(['catalog', 'owner'], model.catalog.owner);
  model.schemas.forEach((schema, i) => {
    ctx.agent(['schemas', i, 'owner'], schema.owner);
    ctx.agents(['schemas', i, 'readers'], schema.readers);
    ctx.agents(['schemas', i, 'writers'], schema.writers);
  });
  model.tables.forEach((table, i) => {
    ctx.agent(['tables', i, 'owner'], table.owner);
    ctx.agents(['tables', i, 'readers'], table.readers);
    ctx.schema(['tables', i, 'schema'], table.schema);
  });
  model.models.forEach((registered, i) => {
    ctx.agent(['models', i, 'owner'], registered.owner);
    ctx.agents(['models', i, 'consumers'], registered.consumers);
    ctx.schema(['models', i, 'schema'], registered.schema);
  });
  model.compute.forEach((compute, i) => {
    ctx.agent(['compute', i, 'owner'], compute.owner);
    ctx.agents(['compute', i, 'agents'], compute.agents);
  });
  model.pipelines.forEach((pipeline, i) => {
    ctx.agent(['pipelines', i, 'owner'], pipeline.owner);
    ctx.agents(['pipelines', i, 'viewers'], pipeline.viewers);
    ctx.agents(['pipelines', i, 'runners'], pipeline.runners);
    ctx.schema(['pipelines', i, 'target'], pipeline.target);
    pipeline.sources.forEach((source, j) => ctx.schema(['pipelines', i, 'sources', j], source));
  });

  const governance = model.governance;
  governance.conflictResolution.forEach((rule, i) => ctx.agent(['governance', 'conflictResolution', i, 'agent'], rule.agent));
  for (const list of ['deploymentGates', 'taskVerificationGates', 'integrationVerificationGates'] as const) {
    governance[list].forEach((gate, i) => ctx.agent(['governance', list, i, 'agent'], gate.agent));
  }
  governance.loopLimits.forEach((limit, i) => ctx.agents(['governance', 'loopLimits', i, 'agents'], limit.agents));
  governance.emergencyProcedures.forEach((procedure, i) =>
    procedure.steps.forEach((step, j) => ctx.agent(['governance', 'emergencyProcedures', i, 'steps', j, 'agent'], step.agent)),
  );
}
