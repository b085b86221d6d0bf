// No agent may own a file that a pipeline runs as another identity: the pattern that decides the file (the most
// specific one) would let the agent edit it in the repository, and its folder would let it write it on the workspace.
import { foreignCodeWriters } from '../../access/code-writers';
import type { CheckContext } from './context';

export function checkCodeOwnership(ctx: CheckContext): void {
  for (const { source, path, decider, agent } of foreignCodeWriters(ctx.model)) {
    const library = `pipelines[${source.pipelineIndex}].libraries[${source.libraryIndex}]`;
    const code = source.kind === 'glob' ? `'${path}', which its glob '${source.path}' picks up` : `'${source.path}'`;
    ctx.report(
      ['fileOwnership', decider.index, 'access', agent],
      `${agent} OWNS '${decider.pattern}', the pattern that decides ${code} (${library}), code that pipeline '${source.pipeline}' runs as ${source.runAs}: ` +
        `no agent may write code another identity runs. Make ${agent} READS on '${decider.pattern}', give ${source.runAs} a more specific pattern of its own over those sources${suggestion(source.path, decider.pattern)}, or make ${agent} the pipeline's owner`,
    );
  }
}

/** A folder pattern over the source (its own folder, or the glob when it names one), unless that is the deciding pattern. */
function suggestion(path: string, deciding: string): string {
  const at = path.lastIndexOf('/');
  const pattern = path.endsWith('/**') || at < 0 ? path : `${path.slice(0, at)}/**`;
  return pattern === deciding ? '' : ` (e.g. '${pattern}')`;
}
