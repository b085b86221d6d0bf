// The runtime guard: its own identity, a folder only admins can write, the script, and a scheduled job running it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Construct } from 'constructs';
import { WorkspaceFile } from '@cdktf/provider-databricks/lib/workspace-file';
import { Job } from '@cdktf/provider-databricks/lib/job';
import { Directory } from '@cdktf/provider-databricks/lib/directory';
import { ServicePrincipal } from '@cdktf/provider-databricks/lib/service-principal';
import { DataDatabricksGroup } from '@cdktf/provider-databricks/lib/data-databricks-group';
import { GroupMember } from '@cdktf/provider-databricks/lib/group-member';
import { Permissions } from '@cdktf/provider-databricks/lib/permissions';
import type { AgentIdentities } from './agent-identities';
import { accessControl, type Principal } from './principal';

export const GUARD_SCRIPT = join(__dirname, '../../guard/runtime_guard.py');

/** The guard script this package ships: read it at the app's edge and pass it as `script`. */
export function readGuardScript(): string {
  return readFileSync(GUARD_SCRIPT, 'utf8');
}
import { GUARD_SWEEP_MARGIN_SECONDS, GUARD_TIMEOUT_SECONDS } from '../model/runtime-guard-timing';

export { GUARD_SWEEP_MARGIN_SECONDS, GUARD_TIMEOUT_SECONDS };
/** Pinned, so a new SDK release cannot change how the guard authenticates between two runs. */
export const GUARD_SDK = 'databricks-sdk==0.133.0';

export interface RuntimeGuardProps {
  /**
   * The guard's own top-level workspace folder. It runs as a workspace admin, so its script lives outside the
   * project root, where neither the file-ownership matrix nor `allowUnrestrictedFolders` can reach it.
   */
  readonly folder: string;
  /** The job's name. */
  readonly name: string;
  /** The guard script's content (readGuardScript()): the construct reads no file itself. */
  readonly script: string;
  /** Display name of the guard's own service principal. */
  readonly principalName: string;
  readonly host: string;
  /** Value of `tag` → maximum runtime in minutes. */
  readonly limits: Readonly<Record<string, number>>;
  /** The tag whose value keys `limits` (the compute row). */
  readonly tag: string;
  /** The tag naming the agent, for the guard's log lines. */
  readonly ownerTag: string;
  /** Tags a cluster, job or pipeline of a non-agent identity must also carry for the guard to act on it (this project and environment). */
  readonly match: Readonly<Record<string, string>>;
  /**
   * The agents the guard attributes compute to by identity (service principals only: an account group's members act
   * as themselves): their application ids, the rows of `limits` they may use and the ids of their own cluster policies.
   * @default none (attribution by tags only)
   */
  readonly agents?: Readonly<Record<string, GuardAgent>>;
  /** An agent's all-purpose cluster not created from its own policies: strictest limit of its rows, or terminate. @default 'limit' */
  readonly offPolicy?: 'limit' | 'terminate';
  /** For the deployer's identity and the account id behind run_as. */
  readonly identities: AgentIdentities;
  /**
   * Principals that may see the job and its runs (CAN_VIEW): the workspace-admin agent. Not more: whoever may edit
   * the job's tasks runs code as the guard, a workspace admin (Databricks docs, "Job ACLs").
   */
  readonly viewers: readonly Principal[];
  /** @default '0 0/15 * * * ?' (every 15 minutes) */
  readonly schedule?: string;
  /** The guard's own limit, in seconds (120–86400); its sweep stops GUARD_SWEEP_MARGIN_SECONDS before. @default 600 */
  readonly timeoutSeconds?: number;
  /** prevent_destroy on the guard's identity. @default false */
  readonly protect?: boolean;
  /** Addresses told when a sweep fails (an action or a listing failed, or the job timed out). @default none */
  readonly notify?: readonly string[];
}

/** One agent as the guard's `--agents` argument carries it (guard/runtime_guard.py parse_agents). */
export interface GuardAgent {
  /** Application ids (tokens for created service principals). */
  readonly identities: readonly string[];
  /** Rows of `limits` the agent may use. */
  readonly rows: readonly string[];
  /** Ids of the agent's own cluster policies (tokens). */
  readonly policies: readonly string[];
}

/**
 * Runs on serverless jobs compute, so it needs no cluster policy of its own and starts in seconds. It runs as its
 * own service principal, never as whoever deployed it (a job without run_as runs as its owner, DATABRICKS.md
 * "Serverless compute and the runtime guard"); that principal joins the workspace `admins` group, since only an
 * admin may terminate clusters, cancel runs and stop pipelines that other identities started. Its script lives in
 * a top-level folder without agent permissions (only admins create and write there), because it runs with those
 * rights; for the same reason no agent may edit the job.
 */
export class RuntimeGuard extends Construct {
  readonly identity: ServicePrincipal;
  readonly folder: Directory;
  readonly script: WorkspaceFile;
  readonly job: Job;

  constructor(scope: Construct, id: string, props: RuntimeGuardProps) {
    super(scope, id);
    this.identity = new ServicePrincipal(this, 'identity', {
      displayName: props.principalName,
      active: true,
      allowClusterCreate: false,
      lifecycle: props.protect ? { preventDestroy: true } : undefined,
    });
    const admins = new DataDatabricksGroup(this, 'admins', { displayName: 'admins' });
    // The guard refuses to sweep unless it is an admin (SCIM Me groups): the job must not exist before the membership.
    const membership = new GroupMember(this, 'admin-membership', { groupId: admins.id, memberId: this.identity.id });
    const role = props.identities.runAsRole(this, 'run-as', this.identity.applicationId);
    const guard: Principal = { kind: 'service-principal', name: this.identity.applicationId };

    this.folder = new Directory(this, 'folder', { path: props.folder });
    // Content, not a local path: the synthesized plan must not depend on where the repository is checked out.
    this.script = new WorkspaceFile(this, 'script', {
      path: `${this.folder.path}/runtime_guard.py`,
      contentBase64: Buffer.from(props.script).toString('base64'),
    });
    const timeoutSeconds = props.timeoutSeconds ?? GUARD_TIMEOUT_SECONDS;
    // What the guard's argparse accepts (runtime_guard.py parse_timeout): refused here rather than by a failing job.
    if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 120 || timeoutSeconds > 86_400)
      throw new Error(`${this.node.path}: timeoutSeconds ${timeoutSeconds} is not a whole number of seconds from 120 to 86400`);
    const parameters = ['--limits', JSON.stringify(props.limits), '--tag', props.tag, '--host', props.host, '--owner-tag', props.ownerTag];
    // The sweep's budget is the job's own timeout less GUARD_SWEEP_MARGIN_SECONDS.
    parameters.push('--timeout-seconds', String(timeoutSeconds), '--off-policy', props.offPolicy ?? 'limit');
    if (props.agents && Object.keys(props.agents).length) parameters.push('--agents', JSON.stringify(props.agents));
    for (const [key, value] of Object.entries(props.match)) parameters.push('--match', `${key}=${value}`);
    this.job = new Job(this, 'job', {
      name: props.name,
      description:
        "Terminates clusters, cancels runs and stops pipeline updates past their compute row's maximum runtime (generated by databricks-agent-contract).",
      maxConcurrentRuns: 1,
      timeoutSeconds,
      schedule: { quartzCronExpression: props.schedule ?? '0 0/15 * * * ?', timezoneId: 'UTC', pauseStatus: 'UNPAUSED' },
      runAs: { servicePrincipalName: guard.name },
      emailNotifications: props.notify?.length ? { onFailure: [...props.notify] } : undefined,
      tags: { ...props.match, [props.ownerTag]: 'runtime-guard' },
      // Serverless jobs have no DATABRICKS_TOKEN: the guard authenticates with the SDK's runtime-native credentials,
      // added in databricks-sdk 0.103.0 and fixed for Spark Connect runtimes in 0.117.0 (SDK changelog).
      environment: [{ environmentKey: 'guard', spec: { environmentVersion: '2', dependencies: [GUARD_SDK] } }],
      task: [
        {
          taskKey: 'runtime-guard',
          environmentKey: 'guard',
          timeoutSeconds,
          sparkPythonTask: { pythonFile: this.script.path, source: 'WORKSPACE', parameters },
        },
      ],
      dependsOn: [role.ruleSet, membership],
    });
    new Permissions(this, 'permissions', {
      jobId: this.job.id,
      accessControl: [accessControl(guard, 'IS_OWNER'), ...props.viewers.map((viewer) => accessControl(viewer, 'CAN_VIEW'))],
      dependsOn: [role.ruleSet],
    });
  }
}
