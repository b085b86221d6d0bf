// One medallion schema with its grants.
import { Construct } from 'constructs';
import { Schema } from '@cdktf/provider-databricks/lib/schema';
import { AccessGrants, type SecurableProps } from './access-grants';

export interface UcSchemaProps extends SecurableProps {
  /** The catalog's name (a reference, so the schema depends on the catalog). */
  readonly catalogName: string;
  readonly name: string;
  /** @default - no comment */
  readonly comment?: string;
}

export class UcSchema extends Construct {
  readonly schema: Schema;
  /** The schema's grants; its tables, models and pipelines depend on them. */
  readonly grants?: AccessGrants;

  constructor(scope: Construct, id: string, props: UcSchemaProps) {
    super(scope, id);
    this.schema = new Schema(this, 'schema', {
      catalogName: props.catalogName,
      name: props.name,
      comment: props.comment,
      owner: props.owner,
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
      lifecycle: props.protect ? { preventDestroy: true } : undefined,
    });
    // The schema's id is `<catalog>.<schema>`, the form databricks_grants takes.
    this.grants = AccessGrants.declare(this, 'grants', { target: { schema: this.schema.id }, entries: props.grants ?? [] });
  }
}
