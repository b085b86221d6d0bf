// The shape `agent-contract diff --json` prints. Stable: fields are only ever added; `version` changes if a field
// changes meaning or goes away.

/** A resource as a reviewer knows it. */
export interface ReviewObject {
  /** "catalog", "schema", "table", "volume", "registered model", "directory", "workspace file", "cluster policy",
   *  "SQL warehouse", "job", "pipeline", "grants on schema", "permissions for directory", ... */
  readonly kind: string;
  /** Unity Catalog full name (`acme_dev.bronze.events`), workspace path (`/Workspace/acme/pipelines`), the
   *  object's name (policies, warehouses, jobs, pipelines), or the construct path when none is known. */
  readonly name: string;
  /** Terraform address, e.g. `databricks_schema.unity-catalog_schema-bronze_schema_D0D4C09A`. */
  readonly address: string;
}

/** destructive: data, an identity or every grant on a securable is lost (destroy, replace, breaking column change).
 *  revoking: a principal loses a privilege, permission, role, ownership or run_as. change: anything else to review. */
export type ReviewSeverity = 'destructive' | 'revoking' | 'change';

export type ReviewCategory = 'access' | 'ownership' | 'destroyed' | 'columns' | 'owner-only' | 'compute-limits';

export interface ReviewChange {
  readonly severity: ReviewSeverity;
  readonly category: ReviewCategory;
  readonly object: ReviewObject;
  /** The principal that gains or loses (access, ownership), as text: "spark-developer (created service principal `…`)". */
  readonly principal?: string;
  /** Privileges, permission levels or roles granted / revoked (access). */
  readonly granted?: readonly string[];
  readonly revoked?: readonly string[];
  /** The attribute that changes (columns, owner-only, compute-limits, replacements), with its values as JSON text. */
  readonly attribute?: string;
  readonly before?: string;
  readonly after?: string;
  /** The change as one line of Markdown, as the text and Markdown outputs print it. */
  readonly markdown: string;
}

/** The changes concerning one agent, or the project (changes concerning no agent: `agent` null). */
export interface ReviewGroup {
  readonly agent: string | null;
  /** Destructive first, then revoking, then the rest. */
  readonly changes: readonly ReviewChange[];
}

export interface PlanReview {
  readonly version: 1;
  /** "files": two files compared (synthesized cdk.tf.json, or the planned states of plan files); "plan": one
   *  `terraform show -json` plan file, before → after of each resource change (drift included). */
  readonly input: 'files' | 'plan';
  readonly before: string;
  readonly after: string;
  /** The compared files belong to different stacks, workspaces or projects (plain text, one per mismatch). */
  readonly warnings: readonly string[];
  readonly summary: {
    readonly changes: number;
    readonly destructive: number;
    readonly revoking: number;
    /** Agents with at least one change (the project group not counted). */
    readonly agents: number;
  };
  /** Agents by name, then the project group. */
  readonly groups: readonly ReviewGroup[];
  /** Exit code 3: any change, or files of different stacks, workspaces or projects. */
  readonly reviewRequired: boolean;
}
