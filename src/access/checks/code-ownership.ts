// No agent may own a file that a pipeline runs as another identity: the pattern that decides the file (the most
// specific one) would let the agent edit it in the repository, and its folder would let it write it on the workspace.
import { globBase, within, type CodeSource } from '../code-sources';
import { foreignCodeWriters } from '../code-writers';
import { directoryOf } from '../folders';
import type { CheckContext } from '../../model/checks/context';

export function checkCodeOwnership(ctx: CheckContext): void {
  for (const { source, path, decider, agent } of foreignCodeWriters(ctx.model)) {
    const library = `pipelines[${source.pipelineIndex}].libraries[${source.libraryIndex}]`;
    const code = source.kind === 'glob' ? `'${path}', which its glob '${source.path}' picks up` : `'${source.path}'`;
    const where = suggestion(source, decider.pattern);
    ctx.report(
      ['fileOwnership', decider.index, 'access', agent],
      `${agent} OWNS '${decider.pattern}', the pattern that decides ${code} (${library}), code that pipeline '${source.pipeline}' runs as ${source.runAs}: ` +
        `no agent may write code another identity runs. Make ${agent} READS on '${decider.pattern}', ` +
        `move those sources to a folder whose pattern ${source.runAs} alone owns${where ? ` (e.g. '${where}')` : ''}, or make ${agent} the pipeline's owner`,
    );
  }
}

/**
 * A folder for the sources below the deciding pattern's folder, where a pattern of the run-as identity alone would
 * decide them: the sources' own folder, or a folder named after the pipeline when that is the deciding one.
 */
function suggestion(source: CodeSource, deciding: string): string | undefined {
  const folder = source.kind === 'glob' ? globBase(source.path) : source.path.slice(0, Math.max(source.path.lastIndexOf('/'), 0));
  const decided = directoryOf(deciding);
  if (folder === undefined || decided === undefined || !within(folder, decided)) return undefined;
  return folder === decided ? `${folder}/${source.pipeline}/**` : `${folder}/**`;
}
