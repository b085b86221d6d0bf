// `agent-contract diff OLD NEW`: access changes between two synthesized plans, for pull-request review.
import { diffAccess, formatAccessDiff, hasChanges } from '../plan-diff/access-diff';
import { PlanFileError, readPlan } from '../plan-diff/read-plan';
import { parseArgs } from './args';
import type { Command } from './command';
import { EXIT_OK, UsageError } from './report';

/** Exit code when access changes, so CI can require a review. */
export const EXIT_ACCESS_CHANGED = 3;

export const diffCommand: Command = {
  name: 'diff',
  summary: 'show the access changes between two synthesized cdk.tf.json files',
  usage: `agent-contract diff OLD_cdk.tf.json NEW_cdk.tf.json

Prints, as Markdown for a pull-request comment, the access changes per agent (privileges granted and
revoked, ownership moves), compute limit changes and resources that would be destroyed.
Exit 0 when nothing changes, 3 when access changes, 2 for usage errors and unreadable files.`,
  run(argv, io) {
    const { positionals } = parseArgs(argv, [], []);
    if (positionals.length !== 2) throw new UsageError('diff takes two files: OLD_cdk.tf.json NEW_cdk.tf.json');
    const [oldFile, newFile] = positionals;
    let diff;
    try {
      diff = diffAccess(readPlan(oldFile), readPlan(newFile));
    } catch (error) {
      if (error instanceof PlanFileError) throw new UsageError(error.message);
      throw error;
    }
    io.stdout.write(formatAccessDiff(diff, oldFile, newFile));
    return hasChanges(diff) ? EXIT_ACCESS_CHANGED : EXIT_OK;
  },
};
