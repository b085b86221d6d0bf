// Tables and registered models: the seed's API contracts and the schemas they live in.
import { contractColumnsFor } from '../contract-columns';
import type { CheckContext } from './context';

export function checkTables(ctx: CheckContext): void {
  const { model } = ctx;
  const layerOf = new Map(model.schemas.map((schema) => [schema.name, schema.layer]));
  const pipelines = new Map(model.pipelines.map((pipeline) => [pipeline.name, pipeline]));

  model.tables.forEach((table, i) => {
    const columns = new Map<string, string>();
    // Delta column names are case-insensitive: `Amount` and `amount` are one column.
    const folded = new Map<string, string>();
    table.columns.forEach((column, j) => {
      const same = folded.get(column.name.toLowerCase());
      if (same !== undefined) {
        ctx.report(
          ['tables', i, 'columns', j, 'name'],
          same === column.name
            ? `duplicate column '${column.name}': give each column a unique name`
            : `'${column.name}' and '${same}' are one column to Delta, which ignores case: give each column a unique name`,
        );
      }
      folded.set(column.name.toLowerCase(), column.name);
      columns.set(column.name, column.type);
    });

    const layer = layerOf.get(table.schema);
    for (const required of contractColumnsFor(layer)) {
      const spelled = folded.get(required.name.toLowerCase());
      if (spelled !== undefined && spelled !== required.name) {
        const j = table.columns.findIndex((column) => column.name === spelled);
        ctx.report(
          ['tables', i, 'columns', j, 'name'],
          `'${spelled}' is the ${layer} contract column '${required.name}' in another case: spell it '${required.name}' (or omit it and it is added for you)`,
        );
      }
      const declared = columns.get(required.name);
      if (declared !== undefined && declared !== required.type) {
        const j = table.columns.findIndex((column) => column.name === required.name);
        ctx.report(
          ['tables', i, 'columns', j, 'type'],
          `'${declared}' breaks the ${layer} table contract: '${required.name}' must be ${required.type} (or omit it and it is added for you)`,
        );
      }
    }

    if (layer === 'features' && !table.feature) {
      ctx.report(['tables', i, 'feature'], `feature table '${table.name}' has no feature contract: add feature.primaryKey and feature.timestampKey`);
    }
    if (table.feature) {
      if (layer !== 'features')
        ctx.report(
          ['tables', i, 'feature'],
          `'${table.name}' is in schema '${table.schema}' (${layer}): only tables of a features schema carry a feature contract`,
        );
      table.feature.primaryKey.forEach((key, j) => {
        if (!columns.has(key))
          ctx.report(['tables', i, 'feature', 'primaryKey', j], `'${key}' is not a column of '${table.name}': add the column or fix the key`);
      });
      if (!columns.has(table.feature.timestampKey)) {
        ctx.report(
          ['tables', i, 'feature', 'timestampKey'],
          `'${table.feature.timestampKey}' is not a column of '${table.name}': add the column or fix the key`,
        );
      } else if (!/^TIMESTAMP/.test(columns.get(table.feature.timestampKey) ?? '')) {
        ctx.report(
          ['tables', i, 'feature', 'timestampKey'],
          `'${table.feature.timestampKey}' is ${columns.get(table.feature.timestampKey)}: a timestamp key must be TIMESTAMP for point-in-time lookups`,
        );
      }
    }

    if (table.pipeline !== undefined) {
      const pipeline = pipelines.get(table.pipeline);
      if (!pipeline) {
        ctx.report(['tables', i, 'pipeline'], `'${table.pipeline}' is not a pipeline of this model: declare it under pipelines or remove the field`);
      } else if (table.readers.length) {
        ctx.report(
          ['tables', i, 'readers'],
          `'${table.name}' is created by pipeline '${pipeline.name}', so table-level grants cannot be managed before it runs: list its readers on schema '${table.schema}'`,
        );
      } else if (pipeline.owner !== table.owner) {
        ctx.report(
          ['tables', i, 'owner'],
          `'${table.owner}' cannot own a table that pipeline '${pipeline.name}' creates: pipeline tables belong to its owner '${pipeline.owner}'`,
        );
      } else if (pipeline.target !== table.schema) {
        ctx.report(
          ['tables', i, 'pipeline'],
          `pipeline '${pipeline.name}' publishes to '${pipeline.target}', not '${table.schema}': move the table or pick the pipeline that writes it`,
        );
      }
    }
  });

  const featureTables = new Set(model.tables.filter((table) => table.feature).map((table) => `${table.schema}.${table.name}`));
  model.models.forEach((registered, i) => {
    const layer = layerOf.get(registered.schema);
    if (layer !== undefined && layer !== 'models') {
      ctx.report(['models', i, 'schema'], `'${registered.schema}' is a ${layer} schema: register models in a schema whose layer is models`);
    }
    registered.featureDependencies.forEach((dependency, j) => {
      if (!featureTables.has(dependency)) {
        ctx.report(['models', i, 'featureDependencies', j], `'${dependency}' is not a feature table of this model: name one as <schema>.<table>`);
      }
    });
  });
}
