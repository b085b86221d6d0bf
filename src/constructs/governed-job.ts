// A job on a job compute row: it runs as the row owner's service principal on the owner's policy, its maximum
// runtime becomes the job's and every task's timeout_seconds, and its permissions follow the environment.
import { Construct } from 'constructs';
import { Job } from '@cdktf/provider-databricks/lib/job';
import { Permissions } from '@cdktf/provider-databricks/lib/permissions';
import type { AgentTeam } from './agent-team';
import { jobPermissions } from '../access/job-permissions';
import { accessControl } from './principal';

/** One task: a notebook or a Python file of the workspace, run on the job's governed cluster. */
export interface GovernedJobTask {
  readonly key: string;
  /** A notebook's workspace path. Exactly one of notebookPath and pythonFile. */
  readonly notebookPath?: string;
  /** A Python file's workspace path. */
  readonly pythonFile?: string;
  /** Command-line parameters (Python file) or widget values `key=value` (notebook). @default none */
  readonly parameters?: readonly string[];
  /** @default the row's maximum runtime; a longer one is cut to it */
  readonly timeoutSeconds?: number;
}

export interface GovernedJobProps {
  /** The environment's AgentTeam (EnvironmentStack.team): its compute rows, identities and policy. */
  readonly team: Pick<AgentTeam, 'compute' | 'identities'>;
  /** A job compute row of the model. */
  readonly computeName: string;
  readonly name: string;
  /** The job's tasks, each on the governed cluster of the row. */
  readonly tasks: readonly GovernedJobTask[];
  readonly sparkVersion: string;
  readonly nodeTypeId: string;
  /** @default 1 */
  readonly numWorkers?: number;
  /** An existing serverless budget policy for the job. @default - the row owner's (environments.<env>.budgetPolicies) */
  readonly budgetPolicyId?: string;
}

/** Use it in stacks/main.ts for any job an agent runs; Databricks then cancels runs past the row's limit. */
export class GovernedJob extends Construct {
  readonly job: Job;

  constructor(scope: Construct, id: string, props: GovernedJobProps) {
    super(scope, id);
    const { compute, identities } = props.team;
    const row = compute.jobRow(props.computeName);
    const runAs = identities.runAs(row.owner);
    const timeoutSeconds = row.maxRuntimeMinutes * 60;
    const dependsOn = runAs.dependsOn.length ? runAs.dependsOn.map((role) => role.ruleSet) : undefined;
    this.job = new Job(this, 'job', {
      name: props.name,
      timeoutSeconds,
      tags: row.tags,
      budgetPolicyId: props.budgetPolicyId ?? row.budgetPolicyId,
      // Never whoever deployed it: a job without run_as runs as its owner.
      runAs: { servicePrincipalName: runAs.principal.name },
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
      task: props.tasks.map((task) => {
        if ((task.notebookPath === undefined) === (task.pythonFile === undefined)) {
          throw new Error(`${this.node.path}: task '${task.key}' needs exactly one of notebookPath and pythonFile`);
        }
        return {
          taskKey: task.key,
          jobClusterKey: 'main',
          timeoutSeconds: Math.min(task.timeoutSeconds ?? timeoutSeconds, timeoutSeconds),
          notebookTask:
            task.notebookPath !== undefined
              ? {
                  notebookPath: task.notebookPath,
                  baseParameters: task.parameters && Object.fromEntries(task.parameters.map((p) => p.split(/=(.*)/s, 2))),
                }
              : undefined,
          sparkPythonTask:
            task.pythonFile !== undefined ? { pythonFile: task.pythonFile, parameters: task.parameters && [...task.parameters] } : undefined,
        };
      }),
      dependsOn,
    });
    new Permissions(this, 'permissions', {
      jobId: this.job.id,
      accessControl: jobPermissions({
        owner: row.owner,
        users: row.users,
        workspaceAdmin: row.workspaceAdmin,
        protected: row.protected,
      }).map((entry) => accessControl(identities.principalOf(entry.agent), entry.level)),
      dependsOn,
    });
  }
}
