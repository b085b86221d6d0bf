// `agent-contract diff OLD NEW | diff PLAN.json`: what two synthesized plans, or one Terraform plan, change in
// access, data and compute, per agent, for review.
import { formatPlanDiff, formatPlanReviewMarkdown, formatWarnings, planReviewOf, REVIEW_MARKER } from '../plan-diff/format';
import { diffPlans, needsReview } from '../plan-diff/plan-diff';
import { PlanFileError, readPlan, readPlanFile } from '../plan-diff/read-plan';
import { parseArgs } from './args';
import type { Command } from './command';
import { EXIT_OK, UsageError } from './report';

/** Exit code when a reviewer must look: something changes, or the plans are not the same stack and project. */
const EXIT_ACCESS_CHANGED = 3;

export const diffCommand: Command = {
  name: 'diff',
  usage: `agent-contract diff OLD_cdk.tf.json NEW_cdk.tf.json [--markdown | --json]
       agent-contract diff PLAN.json [--markdown | --json]

Compares two plans written by 'npx cdktf synth' (cdktf.out/stacks/<env>/cdk.tf.json), or reads one plan
file in JSON ('terraform plan -out tfplan && terraform show -json tfplan > PLAN.json') and compares each
resource's state before with its planned state after, so drift and revocations a real plan makes show
(two plan files compare their planned states).
Securables are named by their Unity Catalog full name (catalog.schema.table), workspace objects by their
path (/Workspace/...), policies, warehouses, jobs and pipelines by their name. Changes are grouped per
agent (the agent a principal is, or the agent that owns or runs the object; "project" for the rest),
destructive and revoking changes first:
  - privileges, permissions and roles granted and revoked, ownership and run_as moves. Principals
    compare by what they resolve to: an existing service principal by the application_id of its
    lookup, one the stack creates by its address and display name, a group by its name;
  - destructive column changes (reorder, removal, rename, type change, insertion before existing
    columns: columns may only be appended) and other column changes (appended, nullability, comment);
  - catalog, schema and registered model comment/properties changes that need the owner or a
    metastore admin once an agent owns the securable;
  - compute limits: cluster policy definitions (every rule, tags included) and max_clusters_per_user,
    SQL warehouse sizing and auto-stop, job and task timeout_seconds, the runtime guard's --limits,
    pipeline compute (serverless, clusters, continuous, development, channel, budget policy);
  - resources that would be destroyed or replaced, marking data or identity loss.
Plans of different stacks ("//".metadata.stackName), workspaces (provider host) or projects (project
tag) are compared anyway, with a warning on stderr and at the top of the output.

Output: Markdown text per agent by default; --markdown the body of a pull-request comment (first line
${REVIEW_MARKER}, a summary, destructive and revoking changes called out, then per agent);
--json the PlanReview shape (src/plan-diff/review-types.ts).

Exit codes: 0 nothing changes; 3 something above changes, or the plans belong to different stacks,
workspaces or projects (review required either way); 2 usage error, unreadable file, or a file that is
neither a synthesized cdk.tf.json nor a plan in JSON.`,
  run(argv, io) {
    const { positionals, options } = parseArgs(argv, [], ['markdown', 'json']);
    if (positionals.length < 1 || positionals.length > 2)
      throw new UsageError('diff takes two files, OLD_cdk.tf.json NEW_cdk.tf.json, or one plan file, PLAN.json');
    if (options.markdown && options.json) throw new UsageError('--markdown and --json are exclusive: pick one output');
    let diff;
    try {
      if (positionals.length === 1) {
        const { before, after } = readPlanFile(positionals[0]);
        diff = diffPlans(before, after, 'plan');
      } else {
        diff = diffPlans(readPlan(positionals[0]), readPlan(positionals[1]));
      }
    } catch (error) {
      if (error instanceof PlanFileError) throw new UsageError(error.message);
      throw error;
    }
    for (const warning of formatWarnings(diff)) io.stderr.write(`agent-contract: ${warning}\n`);
    if (options.json) io.stdout.write(`${JSON.stringify(planReviewOf(diff), null, 2)}\n`);
    else io.stdout.write(options.markdown ? formatPlanReviewMarkdown(diff) : formatPlanDiff(diff));
    return needsReview(diff) ? EXIT_ACCESS_CHANGED : EXIT_OK;
  },
};
