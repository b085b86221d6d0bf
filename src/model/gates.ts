// The tables' gates as the workspace observes them: one list, read by validation, grants, constructs, the contract and
// the rules, so an alert, its run-as agent's SELECT and the contract's "observed by" always agree.
import { contractColumnsFor } from './contract-columns';
import type { ParsedModel } from './checks/context';
import type { TeamModel } from './types';

export type GateKind = 'freshness' | 'row-count' | 'monitor';
/** What a governance gate may say observes it: a kind of table gate, or the compute rows' runtime limits. */
export type ObservedKind = GateKind | 'runtime';

type AnyModel = ParsedModel | TeamModel;
type AnyTable = AnyModel['tables'][number];

/** The column a freshness gate reads: the one written, else the layer's arrival column, else the feature timestamp key. */
export function freshnessColumn(table: AnyTable, layer: Parameters<typeof contractColumnsFor>[0]): string | undefined {
  const written = table.gates?.freshness?.column;
  if (written !== undefined) return written;
  const arrival = contractColumnsFor(layer).find((column) => column.name === '_ingested_at' || column.name === '_processed_at');
  return arrival?.name ?? table.feature?.timestampKey;
}

/** The timestamp column of a time-series monitor: the one written, else the feature timestamp key. */
export function monitorTimestampColumn(table: AnyTable): string | undefined {
  const monitor = table.gates?.monitor;
  if (monitor?.type !== 'time-series') return undefined;
  return monitor.timestampColumn ?? table.feature?.timestampKey;
}

/** The governance gate that stands for each kind of table gate, with where it is written. */
export function observingGates(model: AnyModel): ReadonlyMap<ObservedKind, { agent: string; check: string; path: (string | number)[] }[]> {
  const found = new Map<ObservedKind, { agent: string; check: string; path: (string | number)[] }[]>();
  for (const list of ['deploymentGates', 'taskVerificationGates', 'integrationVerificationGates'] as const) {
    model.governance[list].forEach((gate, i) => {
      if (gate.observes === undefined) return;
      found.set(gate.observes, [
        ...(found.get(gate.observes) ?? []),
        { agent: gate.agent, check: gate.check, path: ['governance', list, i, 'observes'] },
      ]);
    });
  }
  return found;
}

export interface TableGate {
  readonly kind: GateKind;
  /** `<schema>.<table>`. */
  readonly table: string;
  readonly schema: string;
  readonly tableName: string;
  /** The table's owner agent: its contact is told. */
  readonly owner: string;
  /** The agent of the governance gate observing this kind: the alert runs as it. */
  readonly agent: string;
  /** The governance check it stands for, e.g. `Data Freshness Check`. */
  readonly check: string;
  /** Stable key, also the construct id: `freshness-bronze-raw_orders`. */
  readonly key: string;
}

/** Every table gate of a validated model, in table order, freshness before row count before monitor. */
export function tableGates(model: TeamModel): readonly TableGate[] {
  const observers = observingGates(model);
  return model.tables.flatMap((table) => {
    const kinds: GateKind[] = [];
    if (table.gates?.freshness) kinds.push('freshness');
    if (table.gates?.minRows !== undefined) kinds.push('row-count');
    if (table.gates?.monitor) kinds.push('monitor');
    return kinds.flatMap((kind) => {
      const observer = observers.get(kind)?.[0];
      // Validation requires an observer for every kind in use.
      if (!observer) return [];
      return [
        {
          kind,
          table: `${table.schema}.${table.name}`,
          schema: table.schema,
          tableName: table.name,
          owner: table.owner,
          agent: observer.agent,
          check: observer.check,
          key: `${kind}-${table.schema}-${table.name}`,
        },
      ];
    });
  });
}

/** The sql-warehouse row alerts, monitors and the cost dashboard run on: catalog.tableWarehouse, else the only one. */
export function gateWarehouse(model: AnyModel): string | undefined {
  const warehouses = model.compute.filter((row) => row.type === 'sql-warehouse').map((row) => row.name);
  return model.catalog.tableWarehouse ?? (warehouses.length === 1 ? warehouses[0] : undefined);
}
