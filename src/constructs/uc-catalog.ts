// The environment's Unity Catalog catalog with its grants.
import { Construct } from 'constructs';
import { Catalog } from '@cdktf/provider-databricks/lib/catalog';
import { AccessGrants } from './access-grants';
import type { GrantEntry } from '../access/derive';

export interface UcCatalogProps {
  readonly name: string;
  readonly comment: string;
  /** @default {} */
  readonly properties?: Readonly<Record<string, string>>;
  /** Owner principal name. @default - the deploying identity stays owner */
  readonly owner?: string;
  readonly grants: readonly GrantEntry[];
  readonly principalOf: (grantee: string) => string;
  /** Add prevent_destroy. @default false */
  readonly protect?: boolean;
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
    new AccessGrants(this, 'grants', { target: { catalog: this.catalog.name }, entries: props.grants, principalOf: props.principalOf });
  }
}
