// One cdktf stack per environment of the model: the providers, the backend and one AgentTeam.
import type { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { DatabricksProvider } from '@cdktf/provider-databricks/lib/provider';
import { TimeProvider } from '@cdktf/provider-time/lib/provider';
import { addBackend } from './backend';
import { AgentTeam, type AgentTeamProps } from './agent-team';

export type EnvironmentStackProps = AgentTeamProps;

/**
 * The stack of one environment. Credentials are never part of it: the provider reads DATABRICKS_TOKEN or
 * DATABRICKS_CLIENT_ID/DATABRICKS_CLIENT_SECRET from the environment at plan time.
 */
export class EnvironmentStack extends TerraformStack {
  /** The team, declared with the id `Default`: cdktf leaves that id out of logical ids (private/unique.js
   * HIDDEN_ID), so every Terraform address is the one a team declared directly in the stack would have. */
  readonly team: AgentTeam;

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
    const environment = props.team.terraform.environment;
    new DatabricksProvider(this, 'databricks', { host: environment.workspaceUrl });
    // hashicorp/time: the time_rotating resources that rotate the agents' secrets.
    new TimeProvider(this, 'time', {});
    addBackend(this, environment);
    this.team = new AgentTeam(this, 'Default', props);
  }
}
