// Turns a parsed model into the one every projection reads: contract columns added, derived defaults resolved.
import { contractColumnsFor } from './contract-columns';
import { freshnessColumn, monitorTimestampColumn } from './gates';
import type { ParsedModel } from './checks/context';
import type { TeamModel } from './types';

export function normalize(model: ParsedModel): TeamModel {
  const layerOf = new Map(model.schemas.map((schema) => [schema.name, schema.layer]));
  const defaultViewers = [model.roles.orchestrator, model.roles.qualityEngineer];
  return {
    ...model,
    // Outside /Shared by default: every user manages everything under /Shared, so folder permissions there restrict nothing.
    project: { ...model.project, workspaceRoot: model.project.workspaceRoot ?? `/${model.project.name}` },
    tables: model.tables.map((table) => {
      const declared = new Set(table.columns.map((column) => column.name));
      const missing = contractColumnsFor(layerOf.get(table.schema)).filter((column) => !declared.has(column.name));
      const withColumns = missing.length ? { ...table, columns: [...table.columns, ...missing] } : table;
      return table.gates ? { ...withColumns, gates: resolvedGates(table, layerOf.get(table.schema)) } : withColumns;
    }),
    observability: {
      ...model.observability,
      costDashboard: {
        viewers: [...new Set(model.observability.costDashboard.viewers ?? [model.roles.workspaceAdmin, model.roles.orchestrator])],
      },
    },
    pipelines: model.pipelines.map((pipeline) => ({
      ...pipeline,
      viewers: [...new Set(pipeline.viewers ?? defaultViewers)].filter((agent) => agent !== pipeline.owner),
    })),
  };
}

/** A table's gates with their defaulted columns written in, so every projection reads one column. */
function resolvedGates(
  table: ParsedModel['tables'][number],
  layer: ParsedModel['schemas'][number]['layer'] | undefined,
): ParsedModel['tables'][number]['gates'] {
  const gates = table.gates ?? {};
  const freshness = gates.freshness && { ...gates.freshness, column: freshnessColumn(table, layer) };
  const monitor = gates.monitor?.type === 'time-series' ? { ...gates.monitor, timestampColumn: monitorTimestampColumn(table) } : gates.monitor;
  return { ...gates, ...(freshness ? { freshness } : {}), ...(monitor ? { monitor } : {}) };
}
