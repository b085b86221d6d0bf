// L3: the compute of one environment — one cluster policy per (row, agent), a warehouse per sql-warehouse row, the
// runtime guard — all from deriveCompute.
import { Construct } from 'constructs';
import { COMPUTE_TAG, isClusterCompute, limitedRowsOf, runtimeLimits, type ComputeAccess } from '../access/compute';
import { allAgents, type TeamModel } from '../model/types';
import type { TeamEnvironment } from '../access/team-environment';
import type { AgentIdentities } from './agent-identities';
import { cloudOf } from '../model/gpu-defaults';
import { GovernedClusterPolicy } from './governed-cluster-policy';
import { GovernedSqlWarehouse } from './governed-sql-warehouse';
import { RuntimeGuard, type GuardAgent } from './runtime-guard';
import type { PolicyContext } from './policy-definition';
import { runtimeGuardFolder, runtimeGuardJobName, runtimeGuardPrincipalName } from '../model/resource-names';

export interface AgentComputeProps {
  readonly team: TeamEnvironment;
  readonly identities: AgentIdentities;
  /** The runtime guard script (readGuardScript()); required when a compute row has a maximum runtime. */
  readonly guardScript?: string;
}

/** The workspace-admin agent's contact address, which validation requires whenever the guard exists. */
function adminContact(model: TeamModel): string[] {
  const contact = allAgents(model).find((agent) => agent.name === model.roles.workspaceAdmin)?.contact;
  return contact ? [contact] : [];
}

export class AgentCompute extends Construct {
  /** Row → agent → that agent's policy on the row. */
  readonly policies = new Map<string, Map<string, GovernedClusterPolicy>>();
  readonly warehouses = new Map<string, GovernedSqlWarehouse>();
  readonly guard?: RuntimeGuard;
  private readonly rows: Map<string, ComputeAccess>;
  private readonly ownerTag: string;
  private readonly tags: Readonly<Record<string, string>>;
  private readonly jobPolicy: { workspaceAdmin: string; protected: boolean; budgetPolicies: Readonly<Record<string, string>> };

  constructor(scope: Construct, id: string, props: AgentComputeProps) {
    super(scope, id);
    const { identities } = props;
    const { model, environment, compute: rows } = props.team.terraform;
    this.rows = new Map(rows.map((row) => [row.name, row]));
    this.ownerTag = model.project.ownerTag;
    this.tags = { project: model.project.name, environment: environment.name };
    this.jobPolicy = { workspaceAdmin: model.roles.workspaceAdmin, protected: environment.protected, budgetPolicies: environment.budgetPolicies };
    const context: PolicyContext = {
      project: model.project.name,
      environment: environment.name,
      ownerTag: model.project.ownerTag,
      cloud: cloudOf(environment.workspaceUrl),
    };
    for (const compute of this.rows.values()) {
      if (!isClusterCompute(compute)) {
        this.warehouses.set(
          compute.name,
          new GovernedSqlWarehouse(this, `warehouse-${compute.name}`, {
            compute,
            context,
            users: compute.users.filter((agent) => agent !== model.roles.workspaceAdmin).map((agent) => identities.principalOf(agent)),
            manager: identities.principalOf(model.roles.workspaceAdmin),
          }),
        );
        continue;
      }
      // The owner's policy keeps the row's construct id (and so its address); the other agents' policies nest
      // below it as `agent-<name>`, which cannot collide with the owner's own `policy`/`permissions` ids.
      const byAgent = new Map<string, GovernedClusterPolicy>();
      const policyOf = (scopeOf: Construct, policyId: string, agent: string) =>
        new GovernedClusterPolicy(scopeOf, policyId, { compute, agent, principal: identities.principalOf(agent), context });
      const ownerPolicy = policyOf(this, `policy-${compute.name}`, compute.owner);
      byAgent.set(compute.owner, ownerPolicy);
      for (const agent of compute.users.slice(1)) byAgent.set(agent, policyOf(ownerPolicy, `agent-${agent}`, agent));
      this.policies.set(compute.name, byAgent);
    }
    const limits = runtimeLimits(rows);
    if (Object.keys(limits).length) {
      if (props.guardScript === undefined)
        throw new Error(`${this.node.path}: guardScript is required: compute rows have maximum runtimes (pass readGuardScript())`);
      this.guard = new RuntimeGuard(this, 'runtime-guard', {
        script: props.guardScript,
        folder: runtimeGuardFolder(model.project.name),
        name: runtimeGuardJobName(context),
        principalName: runtimeGuardPrincipalName(model.project.name),
        host: environment.workspaceUrl,
        limits,
        tag: COMPUTE_TAG,
        ownerTag: model.project.ownerTag,
        match: this.tags,
        agents: this.guardAgents(model, rows, identities),
        offPolicy: environment.offPolicyClusters,
        identities,
        viewers: [identities.principalOf(model.roles.workspaceAdmin)],
        notify: adminContact(model),
        protect: environment.protected,
      });
    }
  }

  /**
   * The agents the runtime guard attributes compute to by identity: every agent acting as a service principal, with
   * its limited rows and its own cluster policies. Account groups are left out: their members act as themselves.
   */
  private guardAgents(model: TeamModel, rows: readonly ComputeAccess[], identities: AgentIdentities): Record<string, GuardAgent> {
    const agents: Record<string, GuardAgent> = {};
    for (const agent of allAgents(model)
      .map((a) => a.name)
      .sort()) {
      const principal = identities.principalOf(agent);
      if (principal.kind !== 'service-principal') continue;
      const policies = [...this.policies.values()].flatMap((byAgent) => {
        const policy = byAgent.get(agent);
        return policy ? [policy.policy.id] : [];
      });
      agents[agent] = { identities: [principal.name], rows: limitedRowsOf(rows, agent), policies };
    }
    return agents;
  }

  /** `agent`'s policy on compute row `row`, if the model lets it use the row. */
  policyFor(row: string, agent: string): GovernedClusterPolicy | undefined {
    return this.policies.get(row)?.get(agent);
  }

  /** The tags every job and pipeline on `row` carries for `agent`: what the runtime guard and billing read. */
  tagsFor(row: string | undefined, agent: string): Record<string, string> {
    return { [this.ownerTag]: agent, ...(row !== undefined ? { [COMPUTE_TAG]: row } : {}), ...this.tags };
  }

  /**
   * Everything GovernedJob needs of a job compute row, the environment's part included: limit, owner and the owner's
   * policy and budget policy, the row's agents, the workspace admin and whether the environment is protected.
   * Throws for anything but a job row.
   */
  jobRow(name: string): {
    maxRuntimeMinutes: number;
    owner: string;
    users: readonly string[];
    policyId: string;
    tags: Record<string, string>;
    workspaceAdmin: string;
    protected: boolean;
    budgetPolicyId?: string;
  } {
    const row = this.rows.get(name);
    const policy = row && this.policyFor(name, row.owner);
    if (!row || row.type !== 'job' || !policy || row.maxRuntimeMinutes === undefined) {
      throw new Error(`${this.node.path}: '${name}' is not a job compute row of the model`);
    }
    return {
      maxRuntimeMinutes: row.maxRuntimeMinutes,
      owner: row.owner,
      users: row.users,
      policyId: policy.policy.id,
      tags: this.tagsFor(name, row.owner),
      workspaceAdmin: this.jobPolicy.workspaceAdmin,
      protected: this.jobPolicy.protected,
      budgetPolicyId: this.jobPolicy.budgetPolicies[row.owner],
    };
  }

  /** The id of the warehouse that runs table DDL: catalog.tableWarehouse, else the only warehouse. */
  tableWarehouseId(name: string | undefined): string | undefined {
    const warehouse = name !== undefined ? this.warehouses.get(name) : this.warehouses.size === 1 ? [...this.warehouses.values()][0] : undefined;
    return warehouse?.endpoint.id;
  }
}
