// One cdktf stack per environment of the model: provider, backend, and the agent team's resources.
import type { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { DatabricksProvider } from '@cdktf/provider-databricks/lib/provider';
import { TimeProvider } from '@cdktf/provider-time/lib/provider';
import type { TeamModel } from '../model/types';
import { environmentOf } from '../model/types';
import { forTerraform } from '../model/terraform-text';
import type { Guardrails } from '../rules/guardrails';
import type { Observability } from './observability';
import { addBackend } from './backend';
import type { AgentIdentities } from './agent-identities';
import type { AgentCompute } from './agent-compute';
import type { UnityCatalogOwnership } from './unity-catalog-ownership';
import type { GovernedPipeline } from './governed-pipeline';
import type { WorkspaceTree } from './workspace-tree';
import { declareAgentTeam, type AgentTeamParts } from './agent-team';

export interface EnvironmentStackProps {
  readonly model: TeamModel;
  /** The model's environment this stack deploys; the stack's id is usually the same name. */
  readonly environment: string;
  /** The environment's CONTRACT.md (renderContract), written beside cdk.tf.json and deployed. @default - none */
  readonly contract?: string;
  /** The runtime guard script (readGuardScript()). @default - none; required when a compute row has a maximum runtime */
  readonly guardScript?: string;
}

/**
 * The stack of one environment. Credentials are never part of it: the provider reads DATABRICKS_TOKEN or
 * DATABRICKS_CLIENT_ID/DATABRICKS_CLIENT_SECRET from the environment at plan time. Its constructor only builds
 * constructs: the contract and the guard script arrive as values, read and rendered at the app's edge.
 */
export class EnvironmentStack extends TerraformStack implements AgentTeamParts {
  readonly identities: AgentIdentities;
  readonly compute: AgentCompute;
  readonly unityCatalog: UnityCatalogOwnership;
  /** The project's workspace root and file-ownership folders. */
  readonly workspace: WorkspaceTree;
  readonly pipelines: ReadonlyMap<string, GovernedPipeline>;
  /** This environment's CONTRACT.md; synth writes it beside cdk.tf.json. */
  readonly contract?: string;
  /** The guardrail pack, run as this stack's validation once every Aspect has run. */
  readonly guardrails: Guardrails;
  readonly observability: Observability;

  private final?: Record<string, unknown>;

  /**
   * Resolves the stack for both the guardrails and the file synth writes, once. cdktf calls it through the
   * guardrails' validation, after Aspects and right before writing; later changes would not be seen.
   */
  finalize(): Record<string, unknown> {
    this.final = super.toTerraform() as Record<string, unknown>;
    return this.final;
  }

  override toTerraform(): Record<string, unknown> {
    return this.final ?? super.toTerraform();
  }

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id);
    const named = environmentOf(props.model, props.environment);
    if (!named) throw new Error(`${this.node.path}: '${props.environment}' is not an environment of the model`);
    const environment = forTerraform(named);
    new DatabricksProvider(this, 'databricks', { host: environment.workspaceUrl });
    // hashicorp/time: the time_rotating resources that rotate the agents' secrets.
    new TimeProvider(this, 'time', {});
    addBackend(this, environment);
    this.contract = props.contract;
    // Declared in the stack itself (not below a construct of its own), so the Terraform addresses stay as they were.
    ({
      identities: this.identities,
      workspace: this.workspace,
      compute: this.compute,
      unityCatalog: this.unityCatalog,
      pipelines: this.pipelines,
      guardrails: this.guardrails,
      observability: this.observability,
    } = declareAgentTeam(this, props));
  }
}
