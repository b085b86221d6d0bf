// L3: what the workspace observes of the contract's gates and costs — one alert per freshness or row-count gate, a
// quality monitor per table that asks, the cost-per-agent dashboard — in a project folder no agent can edit.
import { Construct } from 'constructs';
import { AlertV2 } from '@cdktf/provider-databricks/lib/alert-v2';
import { QualityMonitor } from '@cdktf/provider-databricks/lib/quality-monitor';
import { Dashboard } from '@cdktf/provider-databricks/lib/dashboard';
import { Permissions } from '@cdktf/provider-databricks/lib/permissions';
import { allAgents, type TableMonitor } from '../model/types';
import type { TeamEnvironment } from '../access/team-environment';
import { type TableGate } from '../model/gates';
import { costDashboardName, gateAlertName } from '../model/resource-names';
import type { AgentIdentities } from './agent-identities';
import type { UnityCatalogOwnership } from './unity-catalog-ownership';
import type { WorkspaceTree } from './workspace-tree';
import type { UcSchema } from './uc-schema';
import { WorkspaceFolder } from './workspace-folder';
import { accessControl } from './principal';
import { freshnessQuery, GATE_COLUMN, rowCountQuery } from './gate-queries';
import { costDashboard } from './cost-dashboard-definition';

/** Every alert evaluates each quarter hour (GATE_EVALUATION_MINUTES), in UTC. */
export const ALERT_SCHEDULE = { quartzCronSchedule: '0 0/15 * * * ?', timezoneId: 'UTC', pauseStatus: 'UNPAUSED' } as const;
/** Monitors refresh their metric tables nightly, in UTC. */
export const MONITOR_SCHEDULE = { quartzCronExpression: '0 0 3 * * ?', timezoneId: 'UTC' } as const;

export interface ObservabilityProps {
  readonly team: TeamEnvironment;
  readonly identities: AgentIdentities;
  readonly workspace: WorkspaceTree;
  readonly unityCatalog: UnityCatalogOwnership;
  /** The SQL warehouse alerts, monitors and the dashboard run on. @default - none: no alerts and no dashboard (validation requires one for alerts) */
  readonly warehouseId?: string;
}

export class Observability extends Construct {
  readonly folder: WorkspaceFolder;
  /** By gate key, e.g. `freshness-bronze-raw_orders`. */
  readonly alerts = new Map<string, AlertV2>();
  /** By `<schema>.<table>`. */
  readonly monitors = new Map<string, QualityMonitor>();
  readonly dashboard?: Dashboard;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const { identities, unityCatalog } = props;
    const { model, environment, gates } = props.team.terraform;
    const nameScope = { project: model.project.name, environment: environment.name };
    // No access entries: it inherits the root's, which grant agents nothing, so no agent edits what observes it.
    this.folder = new WorkspaceFolder(this, 'folder', { path: props.workspace.pathOf(model.observability.folder) });
    const folderPath = this.folder.directory.path;
    const tables = new Map(model.tables.map((table) => [`${table.schema}.${table.name}`, table]));
    const contactOf = new Map(allAgents(model).map((agent) => [agent.name, agent.contact]));
    const schemaGrants = (schema: string) => {
      const grants = (unityCatalog.schemas.get(schema) as UcSchema).grants;
      return grants ? [grants.resource] : [];
    };

    for (const gate of gates) {
      const table = tables.get(gate.table);
      const contact = contactOf.get(gate.owner);
      if (!table || contact === undefined) continue; // validation requires both
      if (gate.kind === 'monitor') {
        const monitor = table.gates?.monitor;
        if (monitor) this.monitors.set(gate.table, this.monitor(gate, monitor, contact, props));
        continue;
      }
      if (props.warehouseId === undefined) continue;
      const runAs = identities.runAs(gate.agent);
      const declared = unityCatalog.tables.get(gate.table);
      const freshness = table.gates?.freshness;
      this.alerts.set(
        gate.key,
        // internal/providers/pluginfw/products/alert_v2/resource_alert_v2.go; fields as docs/resources/alert_v2.md names them.
        new AlertV2(this, gate.key, {
          displayName: gateAlertName(nameScope, gate.kind, gate.table),
          parentPath: folderPath,
          warehouseId: props.warehouseId,
          queryText:
            gate.kind === 'freshness'
              ? freshnessQuery(environment.catalog, gate.schema, gate.tableName, freshness?.column as string)
              : rowCountQuery(environment.catalog, gate.schema, gate.tableName),
          customSummary: `${gate.check}: ${gate.table}`,
          evaluation: {
            source: { name: GATE_COLUMN[gate.kind] },
            comparisonOperator: gate.kind === 'freshness' ? 'GREATER_THAN' : 'LESS_THAN',
            threshold: {
              value: { doubleValue: gate.kind === 'freshness' ? (freshness?.maxAgeMinutes as number) : (table.gates?.minRows as number) },
            },
            // The queries aggregate, so a result is never empty; if it were, that is a failure, not an OK.
            emptyResultState: 'TRIGGERED',
            notification: { subscriptions: [{ userEmail: contact }], notifyOnOk: true },
          },
          schedule: { ...ALERT_SCHEDULE },
          // Needs servicePrincipal.user on the run-as principal, as for pipelines (docs/resources/alert_v2.md AlertV2RunAs).
          runAs: { servicePrincipalName: runAs.principal.name },
          dependsOn: [
            ...runAs.dependsOn.map((role) => role.ruleSet),
            ...schemaGrants(gate.schema),
            ...(declared?.grants ? [declared.grants.resource] : []),
          ],
        }),
      );
    }

    // Normalization fills the default viewers; none at all means nobody but admins reads it.
    const viewers = model.observability.costDashboard.viewers ?? [];
    if (props.warehouseId !== undefined) {
      // docs/resources/dashboard.md: display_name, warehouse_id, parent_path, serialized_dashboard, embed_credentials.
      this.dashboard = new Dashboard(this, 'cost-dashboard', {
        displayName: costDashboardName(nameScope),
        warehouseId: props.warehouseId,
        parentPath: folderPath,
        serializedDashboard: costDashboard(props.team.terraform),
        // Viewers query as the publisher, who holds SELECT on system.billing; they are granted nothing there themselves.
        embedCredentials: true,
      });
      // permissions/permission_definitions.go: dashboard_id takes CAN_READ, CAN_RUN, CAN_EDIT, CAN_MANAGE.
      new Permissions(this, 'cost-dashboard-permissions', {
        dashboardId: this.dashboard.id,
        accessControl: viewers.map((agent) => accessControl(identities.principalOf(agent), 'CAN_READ')),
      });
    }
  }

  private monitor(gate: TableGate, monitor: TableMonitor, contact: string, props: ObservabilityProps): QualityMonitor {
    const { unityCatalog } = props;
    const { model, environment } = props.team.terraform;
    const outputSchema = unityCatalog.schemas.get(model.observability.monitorSchema as string) as UcSchema;
    const declared = unityCatalog.tables.get(gate.table);
    // docs/resources/quality_monitor.md: table_name, assets_dir, output_schema_name, snapshot | time_series, schedule,
    // notifications.on_failure.email_addresses; creating one needs ownership of the table, its schema or its catalog.
    return new QualityMonitor(this, gate.key, {
      tableName: `${environment.catalog}.${gate.table}`,
      assetsDir: `${this.folder.directory.path}/monitors/${gate.table}`,
      outputSchemaName: outputSchema.schema.id,
      warehouseId: props.warehouseId,
      ...(monitor.type === 'snapshot'
        ? { snapshot: [{}] }
        : { timeSeries: [{ granularities: [monitor.granularity], timestampCol: monitor.timestampColumn as string }] }),
      schedule: [{ ...MONITOR_SCHEDULE }],
      notifications: [{ onFailure: [{ emailAddresses: [contact] }] }],
      dependsOn: [...(declared ? [declared.table] : []), ...(outputSchema.grants ? [outputSchema.grants.resource] : [])],
    });
  }
}
