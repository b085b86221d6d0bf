// Where in the model a guardrail finding comes from: its construct path (dev/unity-catalog/schema-gold/grants/grants)
// read back to the model element whose construct it is. Construct ids follow the element's name (schema-<name>,
// table-<schema>-<name>, volume-<schema>-<name>, model-<schema>-<name>: UnityCatalogOwnership's securable keys;
// policy-<row>, warehouse-<row>: AgentCompute; pipeline-<name>: agent-team.ts; identities/<agent>: AgentIdentities).
import type { PathSegment } from '../model/problems';
import type { TeamModel } from '../model/types';
import type { Finding } from '../rules/evaluate';
import { covers } from '../rules/suppressions';

/** The model path of the suppression that waives a suppressed finding: the first covering it, whose reason it carries. */
export function suppressionPathOf(model: TeamModel, finding: Finding): PathSegment[] | undefined {
  if (finding.suppressedBecause === undefined) return undefined;
  const at = model.suppressions.findIndex((suppression) => covers(suppression, finding.rule, finding.path));
  return at < 0 ? undefined : ['suppressions', at];
}

/** The model path of the element a finding comes from, or undefined when none is known. */
export function modelPathOf(model: TeamModel, finding: Finding): PathSegment[] | undefined {
  // A suppression that matches nothing is reported at its own resource (suppressions.ts unusedSuppressions).
  const suppression = model.suppressions.findIndex((s) => s.rule === finding.rule && s.resource === finding.path);
  if (suppression >= 0 && finding.message.startsWith('the suppression (')) return ['suppressions', suppression];
  const segments = finding.path.split('/').slice(1); // below the stack
  const [first, second] = segments;
  const index = <T>(list: readonly T[], match: (item: T) => boolean): number | undefined => {
    const at = list.findIndex(match);
    return at < 0 ? undefined : at;
  };
  if (first === 'unity-catalog' && second !== undefined) {
    if (second === 'catalog') return ['catalog'];
    for (const [i, schema] of model.schemas.entries()) {
      if (second === `schema-${schema.name}`) return ['schemas', i];
      const volume = index(schema.volumes, (v) => second === `volume-${schema.name}-${v.name}`);
      if (volume !== undefined) return ['schemas', i, 'volumes', volume];
    }
    const table = index(model.tables, (t) => second === `table-${t.schema}-${t.name}`);
    if (table !== undefined) return ['tables', table];
    const registered = index(model.models, (m) => second === `model-${m.schema}-${m.name}`);
    if (registered !== undefined) return ['models', registered];
  }
  if (first === 'compute' && second !== undefined) {
    const row = index(model.compute, (c) => second === `policy-${c.name}` || second === `warehouse-${c.name}`);
    if (row !== undefined) return ['compute', row];
  }
  const pipeline = first === undefined ? undefined : index(model.pipelines, (p) => first === `pipeline-${p.name}`);
  if (pipeline !== undefined) return ['pipelines', pipeline];
  if (first === 'identities' && second !== undefined) {
    const agent = segments[segments.length - 1];
    for (const group of ['core', 'domain'] as const) {
      const at = index(model.agents[group], (a) => a.name === agent);
      if (at !== undefined) return ['agents', group, at];
    }
  }
  return undefined;
}
