// The agents' identities in one environment: service principals the stack creates, or existing principals.
import { Construct } from 'constructs';
import { ServicePrincipal } from '@cdktf/provider-databricks/lib/service-principal';
import { DataDatabricksServicePrincipal } from '@cdktf/provider-databricks/lib/data-databricks-service-principal';
import type { TeamModel } from '../model/types';
import { allAgents } from '../model/types';
import type { Principal } from './principal';

export interface AgentIdentitiesProps {
  readonly model: TeamModel;
  /**
   * Protect created service principals from `terraform destroy`.
   * @default false
   */
  readonly protect?: boolean;
}

/**
 * Resolves every agent to an account-level principal. Grants and owners always use the application id
 * (a token for created principals) or the account group's name — never a display name.
 */
export class AgentIdentities extends Construct {
  private readonly principals = new Map<string, Principal>();

  constructor(scope: Construct, id: string, props: AgentIdentitiesProps) {
    super(scope, id);
    for (const agent of allAgents(props.model)) {
      const identity = agent.identity;
      // Construct ids are the agent names: renaming an agent is the only thing that moves its address.
      if (identity.type === 'service-principal') {
        const created = new ServicePrincipal(this, agent.name, {
          displayName: `${props.model.project.name}-${agent.name}`,
          active: true,
          allowClusterCreate: false,
          workspaceAccess: true,
          databricksSqlAccess: true,
          lifecycle: props.protect ? { preventDestroy: true } : undefined,
        });
        this.principals.set(agent.name, { kind: 'service-principal', name: created.applicationId });
      } else if (identity.type === 'existing-service-principal') {
        // Looked up so that plan fails early if the principal does not exist in this workspace.
        const existing = new DataDatabricksServicePrincipal(this, agent.name, { applicationId: identity.applicationId });
        this.principals.set(agent.name, { kind: 'service-principal', name: existing.applicationId });
      } else {
        this.principals.set(agent.name, { kind: 'group', name: identity.name });
      }
    }
  }

  /** The principal of `agent`; throws for a name the validated model cannot contain. */
  principalOf(agent: string): Principal {
    const principal = this.principals.get(agent);
    if (!principal) throw new Error(`${this.node.path}: '${agent}' is not an agent of this model`);
    return principal;
  }
}
