// A DLT pipeline of one owner agent: Unity Catalog publishing, run as the owner's service principal.
import { Construct } from 'constructs';
import { Pipeline as DltPipeline, type PipelineLibrary } from '@cdktf/provider-databricks/lib/pipeline';
import { Permissions } from '@cdktf/provider-databricks/lib/permissions';
import type { Pipeline } from '../model/types';
import { accessControl, type Principal } from './principal';

export interface GovernedPipelineProps {
  readonly pipeline: Pipeline;
  readonly name: string;
  readonly catalogName: string;
  readonly workspaceRoot: string;
  /** DLT development mode (unprotected environments). */
  readonly development: boolean;
  /** The dlt policy binding classic clusters. @default - serverless, no policy */
  readonly policyId?: string;
  readonly maxWorkers?: number;
  readonly principalOf: (agent: string) => Principal;
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
    const owner = props.principalOf(pipeline.owner);
    this.pipeline = new DltPipeline(this, 'pipeline', {
      name: props.name,
      // catalog + schema publishes to Unity Catalog; the legacy `target` would conflict with `schema`.
      catalog: props.catalogName,
      schema: pipeline.target,
      serverless: pipeline.serverless,
      development: props.development,
      continuous: pipeline.continuous,
      channel: pipeline.channel,
      library,
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
      runAs: { servicePrincipalName: owner.name },
      lifecycle: props.protect ? { preventDestroy: true } : undefined,
    });
    new Permissions(this, 'permissions', {
      pipelineId: this.pipeline.id,
      accessControl: pipelinePermissions(pipeline).map((entry) => accessControl(props.principalOf(entry.agent), entry.level)),
    });
  }
}

/** Who gets what on a pipeline: owner CAN_MANAGE, runners CAN_RUN, viewers CAN_VIEW; the strongest level wins. */
export function pipelinePermissions(pipeline: Pipeline): { agent: string; level: 'CAN_MANAGE' | 'CAN_RUN' | 'CAN_VIEW' }[] {
  const levels = new Map<string, 'CAN_MANAGE' | 'CAN_RUN' | 'CAN_VIEW'>();
  for (const agent of pipeline.viewers ?? []) levels.set(agent, 'CAN_VIEW');
  for (const agent of pipeline.runners) levels.set(agent, 'CAN_RUN');
  levels.set(pipeline.owner, 'CAN_MANAGE');
  return [...levels.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([agent, level]) => ({ agent, level }));
}
