// `agent-contract diff OLD NEW`: what two synthesized plans change in access, data and compute, for review.
import { formatPlanDiff, formatWarnings } from '../plan-diff/format';
import { diffPlans, needsReview } from '../plan-diff/plan-diff';
import { PlanFileError, readPlan } from '../plan-diff/read-plan';
import { parseArgs } from './args';
import type { Command } from './command';
import { EXIT_OK, UsageError } from './report';

/** Exit code when a reviewer must look: something changes, or the plans are not the same stack and project. */
export const EXIT_ACCESS_CHANGED = 3;

export const diffCommand: Command = {
  name: 'diff',
  usage: `agent-contract diff OLD_cdk.tf.json NEW_cdk.tf.json

Compares two plans written by 'npx cdktf synth' (cdktf.out/stacks/<env>/cdk.tf.json) and prints, as
Markdown for a pull-request comment:
  - per agent: privileges, permissions and roles granted and revoked, ownership and run_as moves.
    Principals compare by what they resolve to: an existing service principal by the application_id
    of its lookup, one the stack creates by its address and display name, a group by its name;
  - destructive column changes (reorder, removal, rename, type change, insertion before existing
    columns: columns may only be appended) and other column changes (appended, nullability, comment);
  - catalog, schema and registered model comment/properties changes that need the owner or a
    metastore admin once an agent owns the securable;
  - compute limits: cluster policy definitions (every rule, tags included) and max_clusters_per_user,
    SQL warehouse sizing and auto-stop, job and task timeout_seconds, the runtime guard's --limits,
    pipeline compute (serverless, clusters, continuous, development, channel, budget policy);
  - resources that would be destroyed or replaced, marking data or identity loss.
Plans of different stacks ("//".metadata.stackName), workspaces (provider host) or projects (project
tag) are compared anyway, with a warning on stderr and at the top of the Markdown.

Exit codes: 0 nothing changes; 3 something above changes, or the plans belong to different stacks,
workspaces or projects (review required either way); 2 usage error, unreadable file, or a file that is
not a synthesized cdk.tf.json.`,
  run(argv, io) {
    const { positionals } = parseArgs(argv, [], []);
    if (positionals.length !== 2) throw new UsageError('diff takes two files: OLD_cdk.tf.json NEW_cdk.tf.json');
    const [oldFile, newFile] = positionals;
    let diff;
    try {
      diff = diffPlans(readPlan(oldFile), readPlan(newFile));
    } catch (error) {
      if (error instanceof PlanFileError) throw new UsageError(error.message);
      throw error;
    }
    for (const warning of formatWarnings(diff)) io.stderr.write(`agent-contract: ${warning}\n`);
    io.stdout.write(formatPlanDiff(diff));
    return needsReview(diff) ? EXIT_ACCESS_CHANGED : EXIT_OK;
  },
};
