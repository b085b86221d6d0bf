// Whether two plans belong to the same stack and project. Comparing dev with prod, or two projects, makes
// every difference look like a change: the diff still runs, but says so loudly.
import { isObject } from '../model/is-object';
import type { Plan } from './read-plan';

export interface OriginMismatch {
  /** e.g. "stacks (\"//\".metadata.stackName)". */
  readonly what: string;
  readonly before: readonly string[];
  readonly after: readonly string[];
}

/** Where the stacks put the project tag: cluster policies fix custom_tags.project; jobs, pipelines and warehouses carry tags. */
const TAG_CONTAINERS = new Set(['tags', 'custom_tags']);

function projectTags(plan: Plan): string[] {
  const found = new Set<string>();
  const visit = (value: unknown, key: string): void => {
    if (Array.isArray(value)) return value.forEach((item) => visit(item, key));
    if (!isObject(value)) return;
    if (TAG_CONTAINERS.has(key)) {
      if (typeof value.project === 'string') found.add(value.project); // tags = { project = "…" }
      if (value.key === 'project' && typeof value.value === 'string') found.add(value.value); // custom_tags { key, value }
    }
    for (const [inner, child] of Object.entries(value)) if (inner !== '//') visit(child, inner);
  };
  for (const resource of plan.resources.values()) {
    visit(resource.config, '');
    if (resource.type !== 'databricks_cluster_policy' || typeof resource.config.definition !== 'string') continue;
    try {
      const rule = (JSON.parse(resource.config.definition) as Record<string, { value?: unknown }>)['custom_tags.project'];
      if (typeof rule?.value === 'string') found.add(rule.value);
    } catch {
      // Not JSON (a Terraform expression): carries no literal tag to compare.
    }
  }
  return [...found].sort();
}

export function originMismatches(before: Plan, after: Plan): OriginMismatch[] {
  const candidates: OriginMismatch[] = [
    { what: 'stacks ("//".metadata.stackName)', before: before.stackName ? [before.stackName] : [], after: after.stackName ? [after.stackName] : [] },
    { what: 'workspaces (provider.databricks host)', before: before.hosts, after: after.hosts },
    { what: 'projects (project tag)', before: projectTags(before), after: projectTags(after) },
  ];
  // A side that says nothing (no provider host, no tags yet) is no evidence of another project.
  return candidates.filter((c) => c.before.length > 0 && c.after.length > 0 && c.before.join('\n') !== c.after.join('\n'));
}
