// The benchmark's baseline: a plain cdktf program that declares, through the same provider classes, exactly
// the resources our synth produced — no model, no validation, no derivation, no guardrails, no contract.
import { readFileSync } from 'node:fs';
import { App, TerraformOutput, TerraformStack, Token, ref, type TerraformResource } from 'cdktf';
import type { Construct } from 'constructs';
import { DatabricksProvider } from '@cdktf/provider-databricks/lib/provider';
import { Catalog } from '@cdktf/provider-databricks/lib/catalog';
import { Schema } from '@cdktf/provider-databricks/lib/schema';
import { Grants } from '@cdktf/provider-databricks/lib/grants';
import { SqlTable } from '@cdktf/provider-databricks/lib/sql-table';
import { RegisteredModel } from '@cdktf/provider-databricks/lib/registered-model';
import { Directory } from '@cdktf/provider-databricks/lib/directory';
import { Permissions } from '@cdktf/provider-databricks/lib/permissions';
import { ClusterPolicy } from '@cdktf/provider-databricks/lib/cluster-policy';
import { SqlEndpoint } from '@cdktf/provider-databricks/lib/sql-endpoint';
import { Pipeline } from '@cdktf/provider-databricks/lib/pipeline';
import { Job } from '@cdktf/provider-databricks/lib/job';
import { WorkspaceFile } from '@cdktf/provider-databricks/lib/workspace-file';
import { ServicePrincipal } from '@cdktf/provider-databricks/lib/service-principal';
import { DataDatabricksServicePrincipal } from '@cdktf/provider-databricks/lib/data-databricks-service-principal';
import { AccessControlRuleSet } from '@cdktf/provider-databricks/lib/access-control-rule-set';
import { GroupMember } from '@cdktf/provider-databricks/lib/group-member';
import { WorkspaceBinding } from '@cdktf/provider-databricks/lib/workspace-binding';
import { ServicePrincipalSecret } from '@cdktf/provider-databricks/lib/service-principal-secret';
import { DataDatabricksCurrentUser } from '@cdktf/provider-databricks/lib/data-databricks-current-user';
import { DataDatabricksGroup } from '@cdktf/provider-databricks/lib/data-databricks-group';
import { AlertV2 } from '@cdktf/provider-databricks/lib/alert-v2';
import { Dashboard } from '@cdktf/provider-databricks/lib/dashboard';
import { QualityMonitor } from '@cdktf/provider-databricks/lib/quality-monitor';
import { Volume } from '@cdktf/provider-databricks/lib/volume';
import { PermissionAssignment } from '@cdktf/provider-databricks/lib/permission-assignment';
import { Rotating } from '@cdktf/provider-time/lib/rotating';
import { TimeProvider } from '@cdktf/provider-time/lib/provider';

type Ctor = new (scope: Construct, id: string, config: never) => TerraformResource;
const CLASSES = {
  databricks_catalog: Catalog,
  databricks_schema: Schema,
  databricks_grants: Grants,
  databricks_sql_table: SqlTable,
  databricks_registered_model: RegisteredModel,
  databricks_directory: Directory,
  databricks_permissions: Permissions,
  databricks_cluster_policy: ClusterPolicy,
  databricks_sql_endpoint: SqlEndpoint,
  databricks_pipeline: Pipeline,
  databricks_job: Job,
  databricks_workspace_file: WorkspaceFile,
  databricks_service_principal: ServicePrincipal,
  databricks_access_control_rule_set: AccessControlRuleSet,
  databricks_group_member: GroupMember,
  databricks_workspace_binding: WorkspaceBinding,
  databricks_service_principal_secret: ServicePrincipalSecret,
  databricks_alert_v2: AlertV2,
  databricks_dashboard: Dashboard,
  databricks_quality_monitor: QualityMonitor,
  databricks_volume: Volume,
  databricks_permission_assignment: PermissionAssignment,
  time_rotating: Rotating,
} as unknown as Record<string, Ctor>;
const DATA_CLASSES = {
  databricks_service_principal: DataDatabricksServicePrincipal,
  databricks_current_user: DataDatabricksCurrentUser,
  databricks_group: DataDatabricksGroup,
} as unknown as Record<string, Ctor>;

/** Map-typed attributes keep their keys as written. */
const MAPS = new Set(['properties', 'options', 'configuration', 'tags', 'spark_conf', 'custom_tags']);
const camel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** A whole-string reference such as `${databricks_schema.x.id}`, declared as a reference like a program would. */
const REFERENCE = /^\$\{([A-Za-z0-9_.-]+)\}$/;

function toProps(value: unknown, stack: TerraformStack, key = ''): unknown {
  if (typeof value === 'string') {
    const match = REFERENCE.exec(value);
    return match ? Token.asString(ref(match[1], stack)) : value;
  }
  if (Array.isArray(value)) return value.map((item) => toProps(item, stack));
  if (!value || typeof value !== 'object' || MAPS.has(key)) return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([k]) => k !== '//')
      .map(([k, v]) => [camel(k), toProps(v, stack, k)]),
  );
}

export function synthBaseline(planFile: string, outdir: string): number {
  const plan = JSON.parse(readFileSync(planFile, 'utf8'));
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'baseline');
  new DatabricksProvider(stack, 'databricks', toProps(plan.provider.databricks[0], stack) as never);
  if (plan.provider.time) new TimeProvider(stack, 'time', toProps(plan.provider.time[0], stack) as never);
  let count = 0;
  for (const [type, block] of Object.entries((plan.data ?? {}) as Record<string, Record<string, unknown>>)) {
    const Class = DATA_CLASSES[type];
    if (!Class) throw new Error(`baseline: no data source class for ${type}`);
    for (const [id, config] of Object.entries(block)) new Class(stack, id, toProps(config, stack) as never);
  }
  for (const [type, block] of Object.entries(plan.resource as Record<string, Record<string, unknown>>)) {
    const Class = CLASSES[type];
    if (!Class) throw new Error(`baseline: no class for ${type}`);
    for (const [id, config] of Object.entries(block)) {
      new Class(stack, id, toProps(config, stack) as never);
      count++;
    }
  }
  for (const [name, output] of Object.entries((plan.output ?? {}) as Record<string, { value: unknown; sensitive?: boolean }>)) {
    new TerraformOutput(stack, name, { value: toProps(output.value, stack, 'value'), sensitive: output.sensitive }).overrideLogicalId(name);
  }
  app.synth();
  return count;
}
