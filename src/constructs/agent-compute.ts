// L3: the compute of one environment — a policy per cluster row, a warehouse per sql-warehouse row, the
// runtime guard — all from deriveCompute.
import { Construct } from 'constructs';
import { deriveCompute, isClusterCompute, runtimeLimits } from '../access/compute';
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

  constructor(scope: Construct, id: string, props: AgentComputeProps) {
    super(scope, id);
    const { model, environment, identities } = props;
    const principalOf = (agent: string) => identities.principalOf(agent);
    const context: PolicyContext = {
      project: model.project.name,
      environment: environment.name,
      ownerTag: model.project.ownerTag,
      cloud: cloudOf(environment.workspaceUrl),
    };
    for (const compute of deriveCompute(model)) {
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

  /** The id of the warehouse that runs table DDL: catalog.tableWarehouse, else the only warehouse. */
  tableWarehouseId(name: string | undefined): string | undefined {
    const warehouse = name !== undefined ? this.warehouses.get(name) : this.warehouses.size === 1 ? [...this.warehouses.values()][0] : undefined;
    return warehouse?.endpoint.id;
  }
}
