// A job on a job compute row: its maximum runtime becomes the job's and every task's timeout_seconds, and
// its cluster is bound to the row's policy (which fixes the owner tag the runtime guard reads).
import { Construct } from 'constructs';
import { Job, type JobTask } from '@cdktf/provider-databricks/lib/job';
import type { AgentCompute } from './agent-compute';

export interface GovernedJobProps {
  /** The environment's compute (stack.compute). */
  readonly compute: AgentCompute;
  /** A job compute row of the model. */
  readonly computeName: string;
  readonly name: string;
  /** Tasks; each runs on the governed cluster `main` unless it names its own. */
  readonly tasks: readonly JobTask[];
  readonly sparkVersion: string;
  readonly nodeTypeId: string;
  /** @default 1 */
  readonly numWorkers?: number;
}

/** Use it in stacks/main.ts for any job an agent runs; Databricks then cancels runs past the row's limit. */
export class GovernedJob extends Construct {
  readonly job: Job;

  constructor(scope: Construct, id: string, props: GovernedJobProps) {
    super(scope, id);
    const row = props.compute.jobRow(props.computeName);
    const timeoutSeconds = row.maxRuntimeMinutes * 60;
    this.job = new Job(this, 'job', {
      name: props.name,
      timeoutSeconds,
      tags: { [row.ownerTag]: row.owner },
      jobCluster: [
        {
          jobClusterKey: 'main',
          newCluster: {
            policyId: row.policyId,
            applyPolicyDefaultValues: true,
            sparkVersion: props.sparkVersion,
            nodeTypeId: props.nodeTypeId,
            numWorkers: props.numWorkers ?? 1,
          },
        },
      ],
      task: props.tasks.map((task) => ({
        jobClusterKey: task.existingClusterId || task.environmentKey ? undefined : 'main',
        ...task,
        timeoutSeconds: Math.min(task.timeoutSeconds ?? timeoutSeconds, timeoutSeconds),
      })),
    });
  }
}
