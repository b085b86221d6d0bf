// The contract's gates as the workspace observes them: which alert or monitor watches each governance gate and each
// table, what each agent answers for, and where the cost dashboard is. Reads the one gate list (src/model/gates.ts).
import type { TeamEnvironment } from '../access/team-environment';
import { gateWarehouse, type ObservedKind, type TableGate } from '../model/gates';
import { costDashboardName, gateAlertName } from '../model/resource-names';
import type { Gate, TeamModel } from '../model/types';
import { ENFORCED_BY } from './enforcement';
import { nameScope } from './environment-section';
import { cell } from './markdown';

/** What one table gate is, in words, e.g. `freshness ≤ 120 min (_ingested_at)`. */
function describeGate(model: TeamModel, gate: TableGate): string {
  const gates = model.tables.find((table) => `${table.schema}.${table.name}` === gate.table)?.gates;
  if (gate.kind === 'freshness') return `newest row ≤ ${gates?.freshness?.maxAgeMinutes} min old (\`${gates?.freshness?.column}\`)`;
  if (gate.kind === 'row-count') return `at least ${gates?.minRows} row${gates?.minRows === 1 ? '' : 's'}`;
  const monitor = gates?.monitor;
  return monitor?.type === 'time-series' ? `profiled per ${monitor.granularity} by \`${monitor.timestampColumn}\`` : 'profiled as a snapshot';
}

/** The workspace object watching one table gate, named as Databricks shows it. */
function observerOf(team: TeamEnvironment, gate: TableGate): string {
  const { environment: env } = team;
  if (gate.kind === 'monitor') return `${ENFORCED_BY.monitor} on \`${env.catalog}.${gate.table}\``;
  return `${ENFORCED_BY.alert} \`${gateAlertName(nameScope(team), gate.kind, gate.table)}\``;
}

/** Every table gate with what observes it, who runs it and whom it tells. */
export function tableGateRows(team: TeamEnvironment) {
  const { model, environment: env } = team;
  const contacts = new Map([...model.agents.core, ...model.agents.domain].map((agent) => [agent.name, agent.contact ?? '']));
  return team.gates.map((gate) => ({
    table: `\`${env.catalog}.${gate.table}\``,
    gate: cell(describeGate(model, gate)),
    observed_by: observerOf(team, gate),
    agent: gate.agent,
    notifies: `${gate.owner} (${contacts.get(gate.owner)})`,
  }));
}

/** What observes a governance gate: its alerts or monitors by name, else the agents' agreement. */
export function observedBy(team: TeamEnvironment, gate: Gate): string {
  const { model } = team;
  const kind: ObservedKind | undefined = gate.observes;
  if (kind === undefined) return ENFORCED_BY.agreement;
  if (kind === 'runtime') {
    const limited = model.compute.filter((row) => row.maxRuntimeMinutes !== undefined).map((row) => row.name);
    return limited.length
      ? `${ENFORCED_BY.timeout}; ${ENFORCED_BY.guard} (maximum runtime of ${limited.join(', ')})`
      : `${ENFORCED_BY.agreement} (no compute row has a maximum runtime)`;
  }
  const watching = team.gates.filter((tableGate) => tableGate.kind === kind);
  if (!watching.length) return `${ENFORCED_BY.agreement} (no table has a ${kind} gate)`;
  return watching.map((tableGate) => observerOf(team, tableGate)).join('; ');
}

/** The cost-per-agent dashboard, or empty strings when the model has no SQL warehouse for it. */
export function costDashboardFacts(team: TeamEnvironment) {
  const { model } = team;
  if (gateWarehouse(model) === undefined) return { name: '', path: '', viewers: '' };
  return {
    name: costDashboardName(nameScope(team)),
    path: `${model.project.workspaceRoot}/${model.observability.folder}`,
    viewers: (model.observability.costDashboard.viewers ?? []).join(', '),
  };
}

/** One agent's part in the gates: the table gates it runs, and what watches the tables it owns. */
type GateRow = { table: string; gate: string; observed_by: string };
const gateRowsByAgent = new WeakMap<TeamEnvironment, { runs: Map<string, GateRow[]>; watched: Map<string, GateRow[]> }>();

/** The table gates `agent` runs (its alerts) and those watching its tables, from one pass over the team's gates. */
export function briefGates(team: TeamEnvironment, agent: string): { runs: GateRow[]; watched: GateRow[] } {
  let byAgent = gateRowsByAgent.get(team);
  if (!byAgent) {
    const { model, environment: env } = team;
    byAgent = { runs: new Map(), watched: new Map() };
    const add = (map: Map<string, GateRow[]>, key: string, row: GateRow) => {
      const rows = map.get(key);
      if (rows) rows.push(row);
      else map.set(key, [row]);
    };
    for (const gate of team.gates) {
      const row = { table: `\`${env.catalog}.${gate.table}\``, gate: cell(describeGate(model, gate)), observed_by: observerOf(team, gate) };
      // Monitors are created by the deploying identity: only alerts run as the gate's agent.
      if (gate.kind !== 'monitor') add(byAgent.runs, gate.agent, row);
      add(byAgent.watched, gate.owner, row);
    }
    gateRowsByAgent.set(team, byAgent);
  }
  return { runs: byAgent.runs.get(agent) ?? [], watched: byAgent.watched.get(agent) ?? [] };
}
