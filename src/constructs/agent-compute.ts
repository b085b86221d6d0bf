// L3: the compute of one environment — a policy per cluster row, a warehouse per sql-warehouse row, the
// runtime guard — all from deriveCompute.
import { Construct } from 'constructs';
import { deriveCompute, isClusterCompute, runtimeLimits, type ComputeAccess } from '../access/compute';
import type { NamedEnvironment, TeamModel } from '../model/types';
import type { AgentIdentities } from './agent-identities';
import { cloudOf } from './gpu-defaults';
import { GovernedClusterPolicy } from './governed-cluster-policy';
import { GovernedSqlWarehouse } from './governed-sql-warehouse';
import { RuntimeGuard } from './runtime-guard';
import type { PolicyContext } from './policy-definition';

export interface AgentComputeProps {
  readonly model: TeamModel;
  readonly environment: NamedEnvironment;
  readonly identities: AgentIdentities;
}

export class AgentCompute extends Construct {
  readonly policies = new Map<string, GovernedClusterPolicy>();
  readonly warehouses = new Map<string, GovernedSqlWarehouse>();
  readonly guard?: RuntimeGuard;
  private readonly rows: Map<string, ComputeAccess>;
  private readonly ownerTag: string;

  constructor(scope: Construct, id: string, props: AgentComputeProps) {
    super(scope, id);
    const { model, environment, identities } = props;
    const principalOf = (agent: string) => identities.principalOf(agent);
    this.rows = new Map(deriveCompute(model).map((row) => [row.name, row]));
    this.ownerTag = model.project.ownerTag;
    const context: PolicyContext = {
      project: model.project.name,
      environment: environment.name,
      ownerTag: model.project.ownerTag,
      cloud: cloudOf(environment.workspaceUrl),
    };
    for (const compute of this.rows.values()) {
      if (isClusterCompute(compute)) {
        this.policies.set(compute.name, new GovernedClusterPolicy(this, `policy-${compute.name}`, { compute, context, principalOf }));
      } else {
        this.warehouses.set(
          compute.name,
          new GovernedSqlWarehouse(this, `warehouse-${compute.name}`, { compute, context, workspaceAdmin: model.roles.workspaceAdmin, principalOf }),
        );
      }
    }
    const limits = runtimeLimits(model);
    if (Object.keys(limits).length) {
      this.guard = new RuntimeGuard(this, 'runtime-guard', {
        folder: `${model.project.workspaceRoot}/.agent-contract`,
        name: `${model.project.name}-${environment.name}-runtime-guard`,
        host: environment.workspaceUrl,
        limits,
        ownerTag: model.project.ownerTag,
      });
    }
  }

  /** A job compute row's limit, owner and policy, for GovernedJob; throws for anything else. */
  jobRow(name: string): { maxRuntimeMinutes: number; owner: string; ownerTag: string; policyId: string } {
    const row = this.rows.get(name);
    const policy = this.policies.get(name);
    if (!row || row.type !== 'job' || !policy || row.maxRuntimeMinutes === undefined) {
      throw new Error(`${this.node.path}: '${name}' is not a job compute row of the model`);
    }
    return { maxRuntimeMinutes: row.maxRuntimeMinutes, owner: row.owner, ownerTag: this.ownerTag, policyId: policy.policy.id };
  }

  /** The id of the warehouse that runs table DDL: catalog.tableWarehouse, else the only warehouse. */
  tableWarehouseId(name: string | undefined): string | undefined {
    const warehouse = name !== undefined ? this.warehouses.get(name) : this.warehouses.size === 1 ? [...this.warehouses.values()][0] : undefined;
    return warehouse?.endpoint.id;
  }
}
