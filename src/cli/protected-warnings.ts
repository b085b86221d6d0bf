// Warnings, not errors: a file-ownership pattern that would let an agent edit the enforcement's own files. The hook
// refuses those edits whatever the pattern says; the warning tells the model's author the pattern promises too much.
import type { TeamModel } from '../model/types';
import { protectedOverlaps } from '../ownership/ownership';
import { protectedPatterns } from '../ownership/protected-paths';
import type { CommandIo } from './io';

/** The protected files of a project that installed this package and keeps its agents in `.claude/agents`. */
export const DEFAULT_PROTECTED = protectedPatterns({ agentsDir: '.claude/agents', hookPackage: 'node_modules/databricks-agent-contract' });

export function warnProtected(io: CommandIo, model: Pick<TeamModel, 'fileOwnership'>, protectedPaths: readonly string[]): void {
  for (const { entry, covers, path } of protectedOverlaps(model.fileOwnership, protectedPaths))
    io.stderr.write(
      `warning: fileOwnership[${entry}].pattern '${model.fileOwnership[entry].pattern}' covers '${path}', which the edit hook protects ('${covers}'): no agent may edit it whatever the pattern says\n`,
    );
}
