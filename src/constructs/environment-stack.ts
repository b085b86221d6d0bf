// One cdktf stack per environment of the model: provider, backend, and the agent team's resources.
import type { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { DatabricksProvider } from '@cdktf/provider-databricks/lib/provider';
import type { NamedEnvironment, TeamModel } from '../model/types';
import { addBackend } from './backend';
import { AgentIdentities } from './agent-identities';

export interface EnvironmentStackProps {
  readonly model: TeamModel;
  readonly environment: NamedEnvironment;
}

/**
 * The stack of one environment, named after it. Credentials are never part of it: the provider reads
 * DATABRICKS_TOKEN or DATABRICKS_CLIENT_ID/DATABRICKS_CLIENT_SECRET from the environment at plan time.
 */
export class EnvironmentStack extends TerraformStack {
  readonly identities: AgentIdentities;

  constructor(scope: Construct, props: EnvironmentStackProps) {
    super(scope, props.environment.name);
    const { model, environment } = props;
    new DatabricksProvider(this, 'databricks', { host: environment.workspaceUrl });
    addBackend(this, environment);
    this.identities = new AgentIdentities(this, 'identities', { model, protect: environment.protected });
  }
}
