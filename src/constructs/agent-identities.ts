// The agents' identities in one environment: service principals the stack creates, or existing principals,
// and the role that lets the deploying identity run pipelines and jobs as the created ones.
import { Construct } from 'constructs';
import { ServicePrincipal } from '@cdktf/provider-databricks/lib/service-principal';
import { DataDatabricksServicePrincipal } from '@cdktf/provider-databricks/lib/data-databricks-service-principal';
import { DataDatabricksCurrentUser } from '@cdktf/provider-databricks/lib/data-databricks-current-user';
import { ServicePrincipalSecret } from '@cdktf/provider-databricks/lib/service-principal-secret';
import { DataDatabricksGroup } from '@cdktf/provider-databricks/lib/data-databricks-group';
import { PermissionAssignment } from '@cdktf/provider-databricks/lib/permission-assignment';
import { Rotating } from '@cdktf/provider-time/lib/rotating';
import type { TeamEnvironment } from '../access/team-environment';
import { allAgents } from '../model/types';
import type { Principal } from './principal';
import { RunAsRole } from './run-as-role';
import { agentPrincipalName } from '../model/resource-names';
import { rotationDaysOf } from '../model/credentials';
import { deployerCheck } from './deployer-check';

export interface AgentCredentials {
  readonly enabled: boolean;
  readonly lifetimeDays: number;
  /** @default two thirds of lifetimeDays (rotationDaysOf) */
  readonly rotationDays?: number;
  readonly rotation: number;
}

export interface AgentIdentitiesProps {
  /**
   * The resolved environment: its agents, and from the environment the account id (names the rule sets behind
   * run_as), protection, OAuth credentials and whether account groups are assigned to the workspace.
   */
  readonly team: TeamEnvironment;
}

/**
 * Resolves every agent to an account-level principal. Grants and owners always use the application id
 * (a token for created principals) or the account group's name — never a display name.
 */
export class AgentIdentities extends Construct {
  /** The identity running Terraform, as this plan sees it. */
  readonly deployer: DataDatabricksCurrentUser;
  private readonly principals = new Map<string, Principal>();
  private readonly created = new Map<string, ServicePrincipal>();
  /** The OAuth secret of each created identity, when the environment asks for them. */
  readonly secrets = new Map<string, ServicePrincipalSecret>();
  /** The time_rotating resource that decides when each secret is replaced. */
  readonly rotations = new Map<string, Rotating>();
  /** Account group name → its workspace look-up; workspace permissions that name the group depend on it. */
  readonly groups = new Map<string, DataDatabricksGroup>();
  private readonly runAsRoles = new Map<string, RunAsRole>();
  private readonly accountId?: string;
  private readonly runAsScope: Construct;
  private readonly secretScope: Construct;

  constructor(scope: Construct, id: string, props: AgentIdentitiesProps) {
    super(scope, id);
    const { model, environment, compute } = props.team.terraform;
    this.accountId = environment.accountId;
    const credentials = environment.agentCredentials;
    // The SQL access entitlement for every agent that uses a warehouse (the workspace admin manages them all).
    const sqlUsers = new Set(compute.flatMap((row) => (row.type === 'sql-warehouse' ? [...row.users, model.roles.workspaceAdmin] : [])));
    // PascalCase ids of our own can never collide with the kebab-case agent names beside them.
    // The grants name catalog.deployer literally: plan fails when someone else applies (deployer-check.ts).
    const postcondition = deployerCheck(this, model.catalog.deployer);
    this.deployer = new DataDatabricksCurrentUser(this, 'Deployer', postcondition ? { lifecycle: { postcondition } } : {});
    this.runAsScope = new Construct(this, 'RunAs');
    this.secretScope = new Construct(this, 'Secrets');
    const rotationScope = new Construct(this, 'Rotation');
    const groupScope = new Construct(this, 'Groups');
    const assignmentScope = environment.assignGroups ? new Construct(this, 'GroupAssignments') : undefined;
    for (const agent of allAgents(model)) {
      const identity = agent.identity;
      // Construct ids are the agent names: renaming an agent is the only thing that moves its address.
      if (identity.type === 'service-principal') {
        const created = new ServicePrincipal(this, agent.name, {
          displayName: agentPrincipalName(model.project.name, agent.name),
          active: true,
          // Clusters only through a policy's CAN_USE, which needs no entitlement; pools never. These default to false
          // but are set explicitly; workspace and SQL access are inherited from the `users` group whatever is set
          // here (DATABRICKS.md "Identity, isolation"), so SQL access is asked for only where a warehouse is used.
          allowClusterCreate: false,
          allowInstancePoolCreate: false,
          workspaceAccess: true,
          databricksSqlAccess: sqlUsers.has(agent.name),
          lifecycle: environment.protected ? { preventDestroy: true } : undefined,
        });
        this.created.set(agent.name, created);
        if (credentials?.enabled) {
          // An OAuth M2M secret with a bounded lifetime: the safest credential a workspace-level provider can
          // create (federation policies are account-level). `time_rotating` forces a new secret, created before
          // the old one is destroyed (docs/resources/service_principal_secret.md).
          // The first apply after rotation_days replaces the time_rotating resource and so, through its rfc3339, the
          // secret, days before `lifetime` runs out; raising `rotation` forces a new one at once (hashicorp/time
          // time_rotating; docs/resources/service_principal_secret.md, "rotated by taking a dependency").
          const rotating = new Rotating(rotationScope, agent.name, {
            rotationDays: rotationDaysOf(credentials),
            triggers: { rotation: String(credentials.rotation) },
          });
          this.rotations.set(agent.name, rotating);
          this.secrets.set(
            agent.name,
            new ServicePrincipalSecret(this.secretScope, agent.name, {
              servicePrincipalId: created.id,
              lifetime: `${credentials.lifetimeDays * 86_400}s`,
              timeRotating: rotating.rfc3339,
              lifecycle: { createBeforeDestroy: true },
            }),
          );
        }
        this.principals.set(agent.name, { kind: 'service-principal', name: created.applicationId });
      } else if (identity.type === 'existing-service-principal') {
        // Looked up so that plan fails early if the principal does not exist in this workspace.
        const existing = new DataDatabricksServicePrincipal(this, agent.name, { applicationId: identity.applicationId });
        this.principals.set(agent.name, { kind: 'service-principal', name: existing.applicationId });
      } else {
        this.principals.set(agent.name, { kind: 'group', name: identity.name });
        if (!this.groups.has(identity.name)) {
          // Workspace permissions accept only principals present in the workspace, and an account group is present only
          // once assigned; UC grants accept it anyway (DATABRICKS.md "Reviewed again"). The look-up reads the workspace's
          // SCIM groups and fails with "cannot find group: <name>" (scim/groups.go, ReadByDisplayName) — at plan, unless
          // it waits for the assignment.
          // group_name with permissions ["USER"] assigns an account group to this workspace as a user
          // (docs/resources/permission_assignment.md, 1.99.0 takes the name directly).
          const assignment =
            assignmentScope && new PermissionAssignment(assignmentScope, agent.name, { groupName: identity.name, permissions: ['USER'] });
          this.groups.set(
            identity.name,
            new DataDatabricksGroup(groupScope, agent.name, {
              displayName: identity.name,
              // A presence check: recursive (the default) would read every nested group (docs/data-sources/group.md).
              recursive: false,
              dependsOn: assignment ? [assignment] : undefined,
            }),
          );
        }
      }
    }
  }

  /** The principal of `agent`; throws for a name the validated model cannot contain. */
  principalOf(agent: string): Principal {
    const principal = this.principals.get(agent);
    if (!principal) throw new Error(`${this.node.path}: '${agent}' is not an agent of this model`);
    return principal;
  }

  /**
   * What a pipeline or job that runs as `agent` must depend on: the deployer's servicePrincipal.user role on the
   * agent's created service principal, declared once per agent. Existing service principals get none: their rule
   * set belongs to whoever manages them (an authoritative rule set here would wipe it), so the deployer must
   * already hold the role. Throws for group identities, which cannot be a run_as.
   */
  runAs(agent: string): { principal: Principal; dependsOn: RunAsRole[] } {
    const principal = this.principalOf(agent);
    if (principal.kind === 'group') throw new Error(`${this.node.path}: '${agent}' is an account group and cannot be a run_as identity`);
    const created = this.created.get(agent);
    if (!created) return { principal, dependsOn: [] };
    let role = this.runAsRoles.get(agent);
    if (!role) {
      role = this.runAsRole(this.runAsScope, agent, created.applicationId);
      this.runAsRoles.set(agent, role);
    }
    return { principal, dependsOn: [role] };
  }

  /** The deployer's servicePrincipal.user role on a service principal the stack creates outside the roster. */
  runAsRole(scope: Construct, id: string, applicationId: string): RunAsRole {
    if (this.accountId === undefined) throw new Error(`${scope.node.path}/${id}: environments.<env>.accountId is required to set run_as`);
    return new RunAsRole(scope, id, { accountId: this.accountId, applicationId, deployer: this.deployer.aclPrincipalId });
  }
}
