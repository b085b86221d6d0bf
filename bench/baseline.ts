// The benchmark's baseline: a plain typed cdktf program — the provider's own classes, deep-imported — declaring
// exactly what our synth declared (resources, data sources, providers, backend and outputs, with the same arguments,
// references, depends_on and lifecycle), without model, validation, derivation, guardrails or contract. It reads
// the declarations from a plan our synth wrote (bench/run.ts strips cdktf's `//` metadata from it) where a
// hand-written program would have them in its source; __tests__/bench-model.test.ts proves both synthesize the
// same document. Run like our app: `node bench/baseline-app.js` with BENCH_PLAN and CDKTF_OUTDIR.
import { readFileSync } from 'node:fs';
import {
  App,
  AzurermBackend,
  GcsBackend,
  LocalBackend,
  RemoteBackend,
  S3Backend,
  TerraformBackend,
  TerraformOutput,
  TerraformProvider,
  TerraformStack,
  Token,
  ref,
  type ITerraformDependable,
} from 'cdktf';
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

type Element = Construct & ITerraformDependable;
type ElementClass = new (scope: Construct, id: string, config: never) => Element;
const RESOURCES = {
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
} as unknown as Record<string, ElementClass>;
const DATA_SOURCES = {
  databricks_service_principal: DataDatabricksServicePrincipal,
  databricks_current_user: DataDatabricksCurrentUser,
  databricks_group: DataDatabricksGroup,
} as unknown as Record<string, ElementClass>;
const PROVIDERS = { databricks: DatabricksProvider, time: TimeProvider } as unknown as Record<
  string,
  new (scope: Construct, id: string, config: never) => TerraformProvider
>;

const BACKENDS = { local: LocalBackend, s3: S3Backend, azurerm: AzurermBackend, gcs: GcsBackend, remote: RemoteBackend } as unknown as Record<
  string,
  new (scope: Construct, config: never) => TerraformBackend
>;

type Json = Record<string, unknown>;

/** Attributes whose value is a map: its keys are data, kept as written (the rest are the classes' camelCase props). */
const MAPS = new Set(['properties', 'options', 'configuration', 'tags', 'spark_conf', 'spark_env_vars', 'custom_tags', 'base_parameters']);
/** ... except where a block has a map's name: databricks_sql_endpoint's `tags { custom_tags { key value } }`. */
const isMap = (key: string, value: unknown) => MAPS.has(key) && !(key === 'tags' && Array.isArray((value as Json | undefined)?.custom_tags));
/** Meta-arguments the program passes as cdktf objects, not as converted values. */
const META = new Set(['//', 'depends_on', 'provider', 'lifecycle']);
const camel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
/** `${address.attribute}`, not `$${…}` (an escaped, literal `${`): an attribute reference, a token in the program. */
const REFERENCE = /(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}/g;

class Program {
  private readonly declared = new Map<string, Element>();
  private readonly providers = new Map<string, TerraformProvider>();

  constructor(private readonly stack: TerraformStack) {}

  /** An argument as a program writes it: blocks as camelCase props, references as tokens of the stack. */
  value(value: unknown, key = ''): unknown {
    if (isMap(key, value)) return this.data(value);
    if (Array.isArray(value)) return value.map((item) => this.value(item));
    if (!value || typeof value !== 'object') return this.data(value);
    return Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [camel(k), this.value(v, k)]));
  }

  /** A value that is data (a map, an output's value): keys as written, references as tokens (`${schema.name}`). */
  private data(value: unknown): unknown {
    if (typeof value === 'string')
      return value.includes('${') ? value.replace(REFERENCE, (_, address: string) => Token.asString(ref(address, this.stack))) : value;
    if (Array.isArray(value)) return value.map((item) => this.data(item));
    if (!value || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, this.data(v)]));
  }

  /** The props of one block: its arguments converted, its meta-arguments as the objects they name. */
  props(block: Json): Json {
    const props: Json = {};
    for (const [key, value] of Object.entries(block)) if (!META.has(key)) props[camel(key)] = this.value(value, key);
    if (block.depends_on) props.dependsOn = (block.depends_on as string[]).map((address) => this.dependable(address));
    if (block.provider) props.provider = this.provider(block.provider as string);
    if (block.lifecycle) props.lifecycle = this.value(block.lifecycle);
    return props;
  }

  /** A dependency as the program holds it: the construct (looked up at synth, so the plan's order does not matter). */
  private dependable(address: string): ITerraformDependable {
    const declared = this.declared;
    return {
      get fqn() {
        const element = declared.get(address);
        if (!element) throw new Error(`baseline: depends_on names ${address}, which the plan does not declare`);
        return element.fqn;
      },
    };
  }

  private provider(address: string): TerraformProvider {
    const provider = this.providers.get(address);
    if (!provider) throw new Error(`baseline: no provider ${address}`);
    return provider;
  }

  declareProviders(providers: Record<string, Json[]>): void {
    for (const [name, configs] of Object.entries(providers)) {
      const Class = PROVIDERS[name];
      if (!Class) throw new Error(`baseline: no provider class for ${name}`);
      for (const config of configs) {
        const alias = config.alias as string | undefined;
        this.providers.set(alias ? `${name}.${alias}` : name, new Class(this.stack, alias ? `${name}-${alias}` : name, this.props(config) as never));
      }
    }
  }

  declare(blocks: Record<string, Record<string, Json>>, classes: Record<string, ElementClass>, prefix: string): number {
    let count = 0;
    for (const [type, byId] of Object.entries(blocks)) {
      const Class = classes[type];
      if (!Class) throw new Error(`baseline: no class for ${prefix}${type}`);
      for (const [id, block] of Object.entries(byId)) {
        this.declared.set(`${prefix}${type}.${id}`, new Class(this.stack, id, this.props(block) as never));
        count++;
      }
    }
    return count;
  }

  declareOutputs(outputs: Record<string, Json>): void {
    for (const [name, output] of Object.entries(outputs))
      new TerraformOutput(this.stack, name, { ...this.props(output), value: this.data(output.value) } as never).overrideLogicalId(name);
  }
}

/** A synthesized document without cdktf's `//` metadata (construct paths, which differ): the declarations alone. */
export function withoutMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Json)
      .filter(([key]) => key !== '//')
      .map(([key, item]) => [key, withoutMetadata(item)]),
  );
}

/** Declares the plan's contents in a new stack of `app`; returns how many resources it declared. */
export function declareBaseline(app: App, plan: Json): number {
  const stack = new TerraformStack(app, 'baseline');
  const program = new Program(stack);
  const backend = (plan.terraform as { backend?: Record<string, Json> } | undefined)?.backend ?? {};
  for (const [kind, { use_lockfile: useLockfile, ...config }] of Object.entries(backend)) {
    const Class = BACKENDS[kind];
    if (!Class) throw new Error(`baseline: no backend class for ${kind}`);
    const declared = new Class(stack, program.props(config) as never);
    // As our stacks do: cdktf 0.21's typed S3 backend has no use_lockfile.
    if (useLockfile !== undefined) declared.addOverride('use_lockfile', useLockfile);
  }
  program.declareProviders((plan.provider ?? {}) as Record<string, Json[]>);
  program.declare((plan.data ?? {}) as Record<string, Record<string, Json>>, DATA_SOURCES, 'data.');
  const resources = program.declare((plan.resource ?? {}) as Record<string, Record<string, Json>>, RESOURCES, '');
  program.declareOutputs((plan.output ?? {}) as Record<string, Json>);
  return resources;
}

/** Synthesizes the baseline of `planFile` into `outdir` (default: CDKTF_OUTDIR, as cdktf passes an app). */
export function synthBaseline(planFile: string, outdir?: string): number {
  const app = new App({ outdir });
  const resources = declareBaseline(app, JSON.parse(readFileSync(planFile, 'utf8')) as Json);
  app.synth();
  return resources;
}
