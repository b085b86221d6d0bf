// What the diff compares: one plan's resources, by construct path and by address.
type Json = Record<string, unknown>;

export interface PlanResource {
  readonly type: string;
  /** Terraform address, e.g. databricks_schema.unity-catalog_schema-gold_schema_1A2B3C4D (data sources: data.…). */
  readonly address: string;
  /** Construct path below the stack, e.g. unity-catalog/schema-gold/schema; the address when cdktf wrote none. */
  readonly path: string;
  readonly config: Json;
}

export interface Plan {
  /** The file as named on the command line. */
  readonly file: string;
  /** `"//".metadata.stackName`: the environment. */
  readonly stackName: string;
  /** Every databricks provider's `host`, sorted. */
  readonly hosts: readonly string[];
  /** Managed resources by construct path. */
  readonly resources: ReadonlyMap<string, PlanResource>;
  /** Managed resources and data sources by address. */
  readonly byAddress: ReadonlyMap<string, PlanResource>;
  /** The after side of a plan file: addresses Terraform replaces → the attributes forcing it (replace_paths). */
  readonly replacements: ReadonlyMap<string, readonly string[]>;
}
