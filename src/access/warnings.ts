// What a valid model still gets differently than it reads: every file-ownership pattern pair whose owner the
// workspace folders had to narrow. `validate` and synth print these; the contract's file-ownership section states them.
import { derivationsOf } from './team-environment';
import type { Problem } from '../model/problems';
import type { TeamModel } from '../model/types';

const list = (names: readonly string[]) => names.map((name) => `'${name}'`).join(', ');

export function modelWarnings(model: TeamModel): Problem[] {
  return derivationsOf(model).folders.narrowings.flatMap((narrowing) => {
    // One warning per pattern pair: the narrowed pattern and the more specific one that decides the others' code.
    const pairs = new Map<string, { pipelines: Set<string>; runAs: Set<string> }>();
    for (const { source, decidedBy } of narrowing.because) {
      const keys = decidedBy.length
        ? decidedBy.map((decider) => `'${decider.pattern}' (fileOwnership[${decider.index}]) decides`)
        : [`the glob '${source.path}' may pick up files there, so it holds`];
      for (const key of keys) {
        const pair = pairs.get(key) ?? { pipelines: new Set<string>(), runAs: new Set<string>() };
        pair.pipelines.add(source.pipeline);
        pair.runAs.add(source.runAs);
        pairs.set(key, pair);
      }
    }
    const kept = narrowing.keeps.length
      ? `; it keeps CAN_MANAGE on ${list(narrowing.keeps.map((keep) => `${model.project.workspaceRoot}/${keep}`))}`
      : '';
    return [...pairs].map(([key, pair]) => ({
      path: `fileOwnership[${narrowing.patternIndex}].access.${narrowing.agent}`,
      message:
        `${narrowing.agent} OWNS '${narrowing.pattern}' in the repository but gets CAN_READ, not CAN_MANAGE, on the workspace folder '${narrowing.path}'${kept}: ` +
        `folder permissions are inherited and cannot be narrowed below, and ${key} sources of pipeline${pair.pipelines.size === 1 ? '' : 's'} ${list([...pair.pipelines])}, ` +
        `which run as ${[...pair.runAs].join(', ')}. To let ${narrowing.agent} write the folder on the workspace, keep other identities' pipeline sources out of '${narrowing.directory}'`,
    }));
  });
}
