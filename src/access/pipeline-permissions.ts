// Who gets what on a pipeline: read by GovernedPipeline and by CONTRACT.md, so both say the same.
import type { Pipeline } from '../model/types';
import { compareText } from '../model/compare-text';

export type PipelineLevel = 'IS_OWNER' | 'CAN_RUN' | 'CAN_VIEW';

/** The owner (its run-as) IS_OWNER, runners CAN_RUN, viewers CAN_VIEW; the strongest wins. Sorted by agent. */
export function pipelinePermissions(pipeline: Pipeline): { agent: string; level: PipelineLevel }[] {
  const levels = new Map<string, PipelineLevel>();
  for (const agent of pipeline.viewers ?? []) levels.set(agent, 'CAN_VIEW');
  for (const agent of pipeline.runners) levels.set(agent, 'CAN_RUN');
  levels.set(pipeline.owner, 'IS_OWNER');
  return [...levels.entries()].sort(([a], [b]) => compareText(a, b)).map(([agent, level]) => ({ agent, level }));
}
