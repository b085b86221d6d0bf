// A SQL warehouse for one sql-warehouse row: auto-stop from the model, CAN_USE for its agents,
// CAN_MANAGE for the workspace admin.
import { Construct } from 'constructs';
import { WAREHOUSE_DEFAULTS } from '../model/schema';
import { SqlEndpoint } from '@cdktf/provider-databricks/lib/sql-endpoint';
import { Permissions } from '@cdktf/provider-databricks/lib/permissions';
import type { ComputeAccess } from '../access/compute';
import type { PolicyContext } from './policy-definition';
import { accessControl, type Principal } from './principal';
import { sqlWarehouseName } from '../model/resource-names';

export interface GovernedSqlWarehouseProps {
  readonly compute: ComputeAccess;
  readonly context: PolicyContext;
  /** The row's agents but the workspace admin: CAN_USE, in a stable order. */
  readonly users: readonly Principal[];
  /** The workspace admin: CAN_MANAGE. */
  readonly manager: Principal;
}

export class GovernedSqlWarehouse extends Construct {
  readonly endpoint: SqlEndpoint;

  constructor(scope: Construct, id: string, props: GovernedSqlWarehouseProps) {
    super(scope, id);
    const { compute, context } = props;
    const settings = compute.row.warehouse ?? WAREHOUSE_DEFAULTS;
    this.endpoint = new SqlEndpoint(this, 'warehouse', {
      name: sqlWarehouseName(context, compute.name),
      clusterSize: settings.size,
      autoStopMins: compute.autoTerminateMinutes as number,
      // Explicit either way: the provider's default differs between workspace types.
      enableServerlessCompute: settings.serverless,
      warehouseType: settings.serverless ? 'PRO' : settings.type,
      minNumClusters: 1,
      maxNumClusters: settings.maxClusters,
      tags: {
        customTags: [
          { key: context.ownerTag, value: compute.owner },
          { key: 'compute', value: compute.name },
          { key: 'project', value: context.project },
          { key: 'environment', value: context.environment },
        ],
      },
    });
    new Permissions(this, 'permissions', {
      sqlEndpointId: this.endpoint.id,
      accessControl: [...props.users.map((user) => accessControl(user, 'CAN_USE')), accessControl(props.manager, 'CAN_MANAGE')],
    });
  }
}
