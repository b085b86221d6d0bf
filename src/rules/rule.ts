// What a guardrail rule is: a pure check of one synthesized element with a stable id.
import type { TeamModel, NamedEnvironment } from '../model/types';
import type { SecurableAccess } from '../access/derive';

/** One element of a synthesized stack: a resource, data source or provider, with its Terraform config. */
export interface StackElement {
  /** `databricks_grants`, `provider.databricks`, ... */
  readonly type: string;
  /**
   * Where the element is, as findings and suppressions name it: `<environment>/<path below the AgentTeam>` for the
   * team's elements (`dev/unity-catalog/schema-gold/grants/grants`), `<environment>/<path below the stack>` for the
   * stack's own (`dev/provider.databricks`).
   */
  readonly path: string;
  /** The construct path below the app, when it differs from `path`: annotations attach there. */
  readonly constructPath?: string;
  /** The element's config as Terraform receives it (snake_case keys; references stay unresolved tokens). */
  readonly config: Readonly<Record<string, unknown>>;
  /** The element's own `id` reference, as other elements' configs contain it. */
  readonly idRef?: string;
}

export interface RuleContext {
  readonly model: TeamModel;
  readonly environment: NamedEnvironment;
  /** The team's elements and the stack's own (not another team's), for rules that compare elements. */
  readonly elements: readonly StackElement[];
  /** The agent a principal name (application id, token or group) stands for; DEPLOYER for the deployer. */
  agentOf(principal: string): string | undefined;
  /** The derived access of the securable a grants element targets, when the team declared that securable. */
  derivedAccessOf(element: StackElement): SecurableAccess | undefined;
  /**
   * The stack's elements grouped by `keyOf` (undefined keys left out), built once per `name` and shared by
   * every element a rule checks — so comparing elements stays linear.
   */
  groupedBy(name: string, keyOf: (element: StackElement) => string | undefined): ReadonlyMap<string, readonly StackElement[]>;
}

export type Verdict =
  | { readonly status: 'compliant' }
  | { readonly status: 'not-applicable' }
  | { readonly status: 'non-compliant'; readonly messages: readonly string[] };

/**
 * A rule's file is the one home of its id and its documentation: the pack, the suppression check and docs/rules.md
 * (`npm run docs`) read them from the rule itself.
 */
export interface GuardrailRule {
  /** Stable id, e.g. DAC-UC1; suppressions and CI logs refer to it. */
  readonly id: string;
  /** What the rule requires, in one line (README's table). */
  readonly summary: string;
  /** What it checks, in detail (Markdown). */
  readonly checks: string;
  /** Why it matters (Markdown). */
  readonly why: string;
  /** How to fix a finding (Markdown). */
  readonly fix: string;
  check(element: StackElement, context: RuleContext): Verdict;
}

const COMPLIANT: Verdict = { status: 'compliant' };
export const NOT_APPLICABLE: Verdict = { status: 'not-applicable' };

/** Non-compliant with these messages, or compliant when there are none. */
export function verdict(messages: readonly string[]): Verdict {
  return messages.length ? { status: 'non-compliant', messages } : COMPLIANT;
}

export interface GrantConfig {
  readonly principal: string;
  readonly privileges: readonly string[];
}

/** The principal entries of a databricks_grants (its list) or a databricks_grant (itself). */
export function grantsOf(element: StackElement): readonly GrantConfig[] {
  if (element.type === 'databricks_grant') return [element.config as unknown as GrantConfig];
  return (element.config.grant as GrantConfig[] | undefined) ?? [];
}

/** The securable a grants resource governs: exactly one of these keys, as `databricks_grants` takes it (resource_grants.go). */
export interface GrantTarget {
  readonly catalog?: string;
  readonly schema?: string;
  readonly table?: string;
  readonly model?: string;
  readonly volume?: string;
}

/** The securable a grants element targets, as written in its config. */
export function grantTarget(element: StackElement): string | undefined {
  const config = element.config;
  for (const key of ['catalog', 'schema', 'table', 'model', 'volume', 'function', 'metastore']) {
    if (typeof config[key] === 'string') return `${key}:${config[key] as string}`;
  }
  return undefined;
}

/** One entry of a databricks_permissions `access_control` list. */
export interface AccessEntry {
  readonly permission_level?: string;
  readonly service_principal_name?: string;
  readonly user_name?: string;
  readonly group_name?: string;
}

/**
 * The databricks_permissions elements whose `field` (`pipeline_id`, `job_id`, `cluster_policy_id`) references
 * `element`, grouped once per stack.
 */
export function permissionsOf(element: StackElement, context: RuleContext, field: string): readonly StackElement[] {
  const byTarget = context.groupedBy(`permissions-by-${field}`, (other) =>
    other.type === 'databricks_permissions' && typeof other.config[field] === 'string' ? (other.config[field] as string) : undefined,
  );
  return element.idRef === undefined ? [] : (byTarget.get(element.idRef) ?? []);
}

/** The access-control entries of a databricks_permissions element. */
export const accessEntriesOf = (permissions: StackElement): readonly AccessEntry[] =>
  (permissions.config.access_control as AccessEntry[] | undefined) ?? [];
