// Apply order for what the workspace must hold before an object names it: looked-up groups, granted budget roles.
import type { IAspect } from 'cdktf';
import { TerraformResource, dependable, type ITerraformDependable } from 'cdktf';
import type { IConstruct } from 'constructs';

export interface PrerequisitesFirstProps {
  /** Account group name → its workspace look-up (or assignment): workspace permissions naming it wait for it. */
  readonly groups: ReadonlyMap<string, ITerraformDependable>;
  /** Budget policy id → the rule set granting the deployer its User role: pipelines and jobs attaching it wait for it. */
  readonly budgetPolicies: ReadonlyMap<string, ITerraformDependable>;
}

/** What each resource was made to wait for, so that an Aspect visited twice adds every edge once. */
const added = new WeakMap<TerraformResource, Set<ITerraformDependable>>();

/** Adds `prerequisite` to `resource`'s depends_on once, written as cdktf writes its own (an address, no braces). */
const dependOn = (resource: TerraformResource, prerequisite: ITerraformDependable): void => {
  const done = added.get(resource) ?? new Set<ITerraformDependable>();
  if (done.has(prerequisite)) return;
  added.set(resource, done.add(prerequisite));
  resource.dependsOn = [...(resource.dependsOn ?? []), dependable(prerequisite)];
};

/**
 * An Aspect over the whole team — the caller's own jobs and permissions included — so that no constructor has to
 * remember these edges: every `databricks_permissions` entry naming an agent's account group depends on the group's
 * look-up, and every pipeline or job with a `budget_policy_id` the stack grants depends on that policy's rule set.
 */
export class PrerequisitesFirst implements IAspect {
  constructor(private readonly props: PrerequisitesFirstProps) {}

  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource)) return;
    const type = node.terraformResourceType;
    if (type === 'databricks_permissions') {
      const entries = (node as unknown as { accessControlInput?: unknown }).accessControlInput;
      if (!Array.isArray(entries)) return;
      for (const entry of entries as { groupName?: string }[]) {
        const lookup = entry.groupName !== undefined ? this.props.groups.get(entry.groupName) : undefined;
        if (lookup) dependOn(node, lookup);
      }
    } else if (type === 'databricks_pipeline' || type === 'databricks_job') {
      const policy = (node as unknown as { budgetPolicyIdInput?: string }).budgetPolicyIdInput;
      const ruleSet = policy !== undefined ? this.props.budgetPolicies.get(policy) : undefined;
      if (ruleSet) dependOn(node, ruleSet);
    }
  }
}
