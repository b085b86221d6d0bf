// Warnings, not errors: a file-ownership pattern that would let an agent edit the enforcement's own files. The hook
// refuses those edits whatever the pattern says; the warning tells the model's author the pattern promises too much.
import type { TeamModel } from '../model/types';
import { formatProblem, type Problem } from '../model/problems';
import { protectedOverlaps } from '../ownership/ownership';
import { protectedPatterns } from '../ownership/protected-paths';
import type { CommandIo } from './io';

/** The protected files of a project that installed this package and keeps its agents in `.claude/agents`. */
export const DEFAULT_PROTECTED = protectedPatterns({ agentsDir: '.claude/agents', hookPackage: 'node_modules/databricks-agent-contract' });

export function protectedWarnings(model: Pick<TeamModel, 'fileOwnership'>, protectedPaths: readonly string[]): Problem[] {
  return protectedOverlaps(model.fileOwnership, protectedPaths).map(({ entry, covers, path }) => ({
    path: `fileOwnership[${entry}].pattern`,
    message: `'${model.fileOwnership[entry].pattern}' covers '${path}', which the edit hook protects ('${covers}'): no agent may edit it whatever the pattern says`,
  }));
}

/** Prints warnings the one way problems are printed: `warning: <file>: <path>: <message>`, escaped. */
export function printWarnings(io: CommandIo, warnings: readonly Problem[], modelPath: string): void {
  for (const warning of warnings) io.stderr.write(`warning: ${formatProblem(warning, modelPath)}\n`);
}
