// One authoritative `databricks_grants` for one securable, from the derived access; nothing when nobody needs a grant.
import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { Grants, type GrantsConfig } from '@cdktf/provider-databricks/lib/grants';
import type { GrantEntry } from '../access/derive';

/** The securable a grants resource governs: exactly one of these keys, as `databricks_grants` takes it. */
export type GrantTarget = Pick<GrantsConfig, 'catalog' | 'schema' | 'table' | 'model'>;

export interface AccessGrantsProps {
  readonly target: GrantTarget;
  /** From deriveAccess: sorted, valid privileges only. */
  readonly entries: readonly GrantEntry[];
  /** Resolves a grantee (agent name or the deployer) to its principal name. */
  readonly principalOf: (grantee: string) => string;
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
    this.resource = new Grants(this, 'grants', {
      ...props.target,
      grant: props.entries.map((entry) => ({ principal: props.principalOf(entry.grantee), privileges: [...entry.privileges] })),
    });
  }
}

/** What every Unity Catalog securable construct takes besides its own fields. */
export interface SecurableProps {
  /** Owner principal name. @default - the deploying identity stays owner */
  readonly owner?: string;
  /** From deriveAccess for this securable. */
  readonly grants: readonly GrantEntry[];
  readonly principalOf: (grantee: string) => string;
  /** Add prevent_destroy. @default false */
  readonly protect?: boolean;
  /**
   * What must exist before the securable is created: ownership moves inside the Create call, so the deployer's
   * own grants on the parent must come first (DATABRICKS.md "Apply order"). @default - only implicit references
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}
