// A DLT pipeline of one owner agent: Unity Catalog publishing, run as and owned by the owner's service principal.
import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { Pipeline as DltPipeline, type PipelineLibrary } from '@cdktf/provider-databricks/lib/pipeline';
import { Permissions } from '@cdktf/provider-databricks/lib/permissions';
import type { Pipeline } from '../model/types';
import { accessControl, type Principal } from './principal';

export { pipelinePermissions, type PipelineLevel } from '../access/pipeline-permissions';

export interface GovernedPipelineProps {
  readonly pipeline: Pipeline;
  readonly name: string;
  readonly catalogName: string;
  /** The target schema's name as a reference to the schema resource, so the pipeline is created after it. */
  readonly schemaName: string;
  readonly workspaceRoot: string;
  /** DLT development mode (unprotected environments). */
  readonly development: boolean;
  /** The owner's own dlt policy binding classic clusters. @default - serverless, no policy */
  readonly policyId?: string;
  readonly maxWorkers?: number;
  /** The owner agent's service principal: run_as and IS_OWNER. */
  readonly runAs: Principal;
  /** The deployer's run_as role on the owner and the target schema's grants. @default none */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** Owner, compute row, project and environment: attribute serverless usage and key the runtime guard's limit. */
  readonly tags: Readonly<Record<string, string>>;
  /** An existing serverless budget policy the owner's usage is billed under. @default - the workspace default */
  readonly budgetPolicyId?: string;
  /**
   * The pipeline's whole ACL in a stable order: the run-as principal IS_OWNER (DAC-PL2 checks it), others CAN_RUN
   * or CAN_VIEW. @default - the run-as principal as IS_OWNER alone
   */
  readonly access?: readonly { readonly principal: Principal; readonly level: 'IS_OWNER' | 'CAN_RUN' | 'CAN_VIEW' }[];
  /** Add prevent_destroy (recreating loses the update history). @default false */
  readonly protect?: boolean;
}

export class GovernedPipeline extends Construct {
  readonly pipeline: DltPipeline;

  constructor(scope: Construct, id: string, props: GovernedPipelineProps) {
    super(scope, id);
    const { pipeline } = props;
    const under = (path: string) => `${props.workspaceRoot}/${path}`;
    const library = pipeline.libraries.map((entry): PipelineLibrary => {
      if ('notebook' in entry) return { notebook: { path: under(entry.notebook) } };
      if ('file' in entry) return { file: { path: under(entry.file) } };
      return { glob: { include: under(entry.glob) } };
    });
    const dependsOn = props.dependsOn?.length ? [...props.dependsOn] : undefined;
    this.pipeline = new DltPipeline(this, 'pipeline', {
      name: props.name,
      // catalog + schema publishes to Unity Catalog; the legacy `target` would conflict with `schema`.
      catalog: props.catalogName,
      schema: props.schemaName,
      serverless: pipeline.serverless,
      development: props.development,
      continuous: pipeline.continuous,
      channel: pipeline.channel,
      library,
      tags: { ...props.tags },
      // Serverless compute ignores cluster policies; tags and a budget policy attribute its cost (DATABRICKS.md "Serverless").
      budgetPolicyId: props.budgetPolicyId,
      cluster: pipeline.serverless
        ? undefined
        : [
            {
              label: 'default',
              policyId: props.policyId,
              applyPolicyDefaultValues: true,
              autoscale: { minWorkers: 1, maxWorkers: props.maxWorkers ?? 2, mode: 'ENHANCED' },
            },
          ],
      notification: pipeline.notifications
        ? [{ emailRecipients: [...pipeline.notifications.emails], alerts: [...pipeline.notifications.alerts] }]
        : undefined,
      // Needs servicePrincipal.user on the principal (Go SDK pipelines.RunAs): hence dependsOn the run_as role.
      runAs: { servicePrincipalName: props.runAs.name },
      dependsOn,
      lifecycle: props.protect ? { preventDestroy: true } : undefined,
    });
    // A pipeline runs as its owner, and an ACL without IS_OWNER makes whoever applies it the owner
    // (permissions/permission_definitions.go addOwnerPermissionIfNeeded), silently undoing run_as.
    new Permissions(this, 'permissions', {
      pipelineId: this.pipeline.id,
      accessControl: (props.access ?? [{ principal: props.runAs, level: 'IS_OWNER' as const }]).map((entry) =>
        accessControl(entry.principal, entry.level),
      ),
      dependsOn,
    });
  }
}
