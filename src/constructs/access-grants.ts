// One authoritative `databricks_grants` for one securable, from the derived access; nothing when nobody needs a grant.
import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { Grants } from '@cdktf/provider-databricks/lib/grants';
/** One principal's privileges on the securable, as databricks_grants lists them. */
export interface PrincipalGrant {
  /** Application id (or its reference) or account group name. */
  readonly principal: string;
  /** Valid for the securable, never ALL_PRIVILEGES. */
  readonly privileges: readonly string[];
}

import type { GrantTarget } from '../rules/rule';
export type { GrantTarget };

export interface AccessGrantsProps {
  readonly target: GrantTarget;
  /** Every principal's privileges (from deriveAccess), in a stable order. */
  readonly entries: readonly PrincipalGrant[];
}

/**
 * `databricks_grants` is authoritative: it revokes every grant not listed, including hand-made ones.
 * Exactly one per securable, never mixed with `databricks_grant`; an empty list is not manageable, so
 * with no entries no resource is emitted.
 */
export class AccessGrants extends Construct {
  /** Declares the grants of one securable, or nothing at all (not even a construct) when there are none. */
  static declare(scope: Construct, id: string, props: AccessGrantsProps): AccessGrants | undefined {
    return props.entries.length ? new AccessGrants(scope, id, props) : undefined;
  }

  readonly resource: Grants;

  private constructor(scope: Construct, id: string, props: AccessGrantsProps) {
    super(scope, id);
    // Least privilege holds for the construct on its own too, not only inside an AgentTeam (DAC-UC1).
    const broad = props.entries.find((entry) => entry.privileges.includes('ALL_PRIVILEGES'));
    if (broad) throw new Error(`${this.node.path}: ALL_PRIVILEGES for ${broad.principal} is refused: grant the privileges it needs by name`);
    this.resource = new Grants(this, 'grants', {
      ...props.target,
      grant: props.entries.map((entry) => ({ principal: entry.principal, privileges: [...entry.privileges] })),
    });
  }
}

/** What every Unity Catalog securable construct takes besides its own fields. */
export interface SecurableProps {
  /** Owner principal name. @default - the deploying identity stays owner */
  readonly owner?: string;
  /** Who holds what on the securable (from deriveAccess). @default - none: no grants resource at all */
  readonly grants?: readonly PrincipalGrant[];
  /** Add prevent_destroy. @default false */
  readonly protect?: boolean;
  /**
   * What must exist before the securable is created: ownership moves inside the Create call, so the deployer's
   * own grants on the parent must come first (DATABRICKS.md "Apply order"). @default - only implicit references
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}
