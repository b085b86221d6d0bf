// The environment's Unity Catalog catalog with its grants.
import { Construct } from 'constructs';
import { Catalog } from '@cdktf/provider-databricks/lib/catalog';
import { AccessGrants, type SecurableProps } from './access-grants';

export interface UcCatalogProps extends SecurableProps {
  readonly name: string;
  readonly comment: string;
  /** @default {} */
  readonly properties?: Readonly<Record<string, string>>;
}

/** A catalog; `force_destroy` is never set, so destroying a non-empty catalog fails instead of cascading. */
export class UcCatalog extends Construct {
  readonly catalog: Catalog;

  constructor(scope: Construct, id: string, props: UcCatalogProps) {
    super(scope, id);
    this.catalog = new Catalog(this, 'catalog', {
      name: props.name,
      comment: props.comment,
      properties: props.properties && Object.keys(props.properties).length ? { ...props.properties } : undefined,
      owner: props.owner,
      lifecycle: props.protect ? { preventDestroy: true } : undefined,
    });
    AccessGrants.declare(this, 'grants', { target: { catalog: this.catalog.name }, entries: props.grants, principalOf: props.principalOf });
  }
}
