// The names Databricks shows for what a stack creates: one home, read by the constructs, validation and CONTRACT.md.

/** Which project and environment a name belongs to. */
export interface NameScope {
  readonly project: string;
  readonly environment: string;
}

/** One agent's cluster policy on a compute row; rows and agents are kebab-case, so the `.` cannot collide. */
export const clusterPolicyName = (scope: NameScope, row: string, agent: string): string => `${scope.project}-${scope.environment}-${row}.${agent}`;

/** The SQL warehouse of a sql-warehouse row. */
export const sqlWarehouseName = (scope: NameScope, row: string): string => `${scope.project}-${scope.environment}-${row}`;

/** A DLT pipeline of the model. */
export const pipelineName = (scope: NameScope, pipeline: string): string => `${scope.project}-${scope.environment}-${pipeline}`;

/** The runtime guard's scheduled job. */
export const runtimeGuardJobName = (scope: NameScope): string => `${scope.project}-${scope.environment}-runtime-guard`;

/** The runtime guard's own service principal (one per project: the environments live in different workspaces). */
export const runtimeGuardPrincipalName = (project: string): string => `${project}-runtime-guard`;

/** The runtime guard's top-level folder, outside the project root. */
export const runtimeGuardFolder = (project: string): string => `/${project}-runtime-guard`;

/** Display name of the service principal the stack creates for an agent. */
export const agentPrincipalName = (project: string, agent: string): string => `${project}-${agent}`;

/** The .databrickscfg profile an agent acts through in an environment (`agent-contract profiles`, agent files). */
export const agentProfileName = (scope: NameScope, agent: string): string => `${scope.project}-${scope.environment}-${agent}`;

/** The alert watching one gate of a table, e.g. `lakehouse-agents-dev freshness bronze.raw_orders`. */
export const gateAlertName = (scope: NameScope, kind: string, table: string): string => `${scope.project}-${scope.environment} ${kind} ${table}`;

/** The Lakeview dashboard of cost per agent. */
export const costDashboardName = (scope: NameScope): string => `${scope.project}-${scope.environment} cost per agent`;
