// One reviewable change with the agent it concerns (null: the project), as every part of the diff reports it.
import type { ReviewChange } from './review-types';

export interface AgentChange extends ReviewChange {
  readonly agent: string | null;
}
