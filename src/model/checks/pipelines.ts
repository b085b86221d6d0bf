// Pipelines: where they publish, what runs them, and which identity they run as.
import type { CheckContext } from './context';

const TARGET_LAYERS: Record<string, readonly string[]> = {
  bronze: ['bronze'],
  silver: ['silver'],
  gold: ['gold'],
  ml: ['features', 'models'],
};

export function checkPipelines(ctx: CheckContext): void {
  const { model } = ctx;
  const layerOf = new Map(model.schemas.map((schema) => [schema.name, schema.layer]));
  const compute = new Map(model.compute.map((row) => [row.name, row]));
  const agents = new Map([...model.agents.core, ...model.agents.domain].map((agent) => [agent.name, agent]));

  model.pipelines.forEach((pipeline, i) => {
    const targetLayer = layerOf.get(pipeline.target);
    if (targetLayer && !TARGET_LAYERS[pipeline.layer].includes(targetLayer)) {
      ctx.report(
        ['pipelines', i, 'target'],
        `a ${pipeline.layer} pipeline cannot publish to '${pipeline.target}' (${targetLayer}): target a ${TARGET_LAYERS[pipeline.layer].join(' or ')} schema`,
      );
    }
    if (pipeline.sources.includes(pipeline.target)) {
      ctx.report(['pipelines', i, 'sources'], `'${pipeline.target}' is the pipeline's own target: list only the schemas it reads`);
    }

    const owner = agents.get(pipeline.owner);
    if (owner && owner.identity.type === 'account-group') {
      ctx.report(
        ['pipelines', i, 'owner'],
        `'${pipeline.owner}' acts as an account group, but a pipeline runs as a service principal: give the owner a service-principal identity`,
      );
    }

    if (pipeline.compute !== undefined) {
      const row = compute.get(pipeline.compute);
      if (!row) ctx.report(['pipelines', i, 'compute'], `'${pipeline.compute}' is not a compute row: name a dlt compute row`);
      else if (row.type !== 'dlt')
        ctx.report(['pipelines', i, 'compute'], `'${pipeline.compute}' is ${row.type} compute: a pipeline needs a dlt compute row`);
      else if (row.owner !== pipeline.owner && !row.agents.includes(pipeline.owner)) {
        ctx.report(['pipelines', i, 'compute'], `'${pipeline.owner}' may not use '${row.name}': add it to compute '${row.name}'.agents`);
      }
    } else if (!pipeline.serverless) {
      ctx.report(['pipelines', i, 'compute'], 'a classic (serverless: false) pipeline needs compute: name the dlt compute row whose policy binds it');
    }

    const kinds = new Set(pipeline.libraries.map((library) => Object.keys(library)[0]));
    if (kinds.has('glob') && kinds.size > 1) {
      ctx.report(['pipelines', i, 'libraries'], 'glob libraries cannot be mixed with notebook or file libraries: use only globs or only paths');
    }
  });
}
