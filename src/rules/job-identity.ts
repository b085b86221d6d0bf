// DAC-JB1: every job runs as a dedicated identity, has one permissions resource, and in protected environments
// no agent but the workspace admin may manage it.
import { NOT_APPLICABLE, accessEntriesOf, permissionsOf, verdict, type GuardrailRule } from './rule';

const MANAGES = new Set(['IS_OWNER', 'CAN_MANAGE']);

/** A job without run_as runs as its owner, the deploying identity (DATABRICKS.md "Serverless compute and the runtime guard"). */
export const jobIdentity: GuardrailRule = {
  id: 'DAC-JB1',
  summary: 'jobs: run_as set, one permissions resource, only the workspace admin manages jobs in protected environments',
  checks:
    'Jobs have `run_as` set and one `databricks_permissions` resource; in protected environments no agent but the workspace admin holds `CAN_MANAGE`/`IS_OWNER`.',
  why: "A job without `run_as` runs as whoever deployed it; in production, whoever edits a job's tasks runs code as its identity.",
  fix: 'Run the job as a dedicated service principal (`GovernedJob` does), keep one permissions resource, and in protected environments give the other agents `CAN_VIEW`.',
  check(element, context) {
    if (element.type !== 'databricks_job') return NOT_APPLICABLE;
    const messages: string[] = [];
    const runAs = element.config.run_as as { service_principal_name?: string; user_name?: string } | undefined;
    if (!runAs?.service_principal_name && !runAs?.user_name)
      messages.push('run_as is not set: the job would run as whoever deployed it; run it as a dedicated service principal');
    const permissions = permissionsOf(element, context, 'job_id');
    if (permissions.length !== 1) {
      messages.push(
        permissions.length === 0
          ? 'no databricks_permissions: say who may manage, run and view the job'
          : `${permissions.length} permissions resources fight over this job: keep one`,
      );
    } else if (context.environment.protected) {
      const admin = context.model.roles.workspaceAdmin;
      const runAsPrincipal = runAs?.service_principal_name ?? runAs?.user_name;
      for (const entry of accessEntriesOf(permissions[0])) {
        const principal = String(entry.service_principal_name ?? entry.group_name ?? entry.user_name);
        if (!MANAGES.has(String(entry.permission_level))) continue;
        // The workspace admin may; so may the job's own run-as identity as its owner (not an agent: nobody acts as it).
        const agent = context.agentOf(principal);
        if (agent === admin || (agent === undefined && principal === runAsPrincipal && entry.permission_level === 'IS_OWNER')) continue;
        messages.push(
          `${agent ?? principal} holds ${entry.permission_level} in protected environment '${context.environment.name}': only ${admin} may modify production jobs; give it CAN_VIEW or CAN_MANAGE_RUN`,
        );
      }
    }
    return verdict(messages);
  },
};
