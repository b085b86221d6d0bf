// The environment's Unity Catalog catalog with its grants.
import { Construct } from 'constructs';
import { Catalog } from '@cdktf/provider-databricks/lib/catalog';
import { WorkspaceBinding } from '@cdktf/provider-databricks/lib/workspace-binding';
import { AccessGrants, type SecurableProps } from './access-grants';

export interface UcCatalogProps extends SecurableProps {
  readonly name: string;
  readonly comment: string;
  /** @default {} */
  readonly properties?: Readonly<Record<string, string>>;
  /** Managed location; metastores without root storage need one. @default - the metastore's root */
  readonly storageRoot?: string;
  /** OTHER workspaces that may reach the catalog; the creating workspace is bound automatically. @default none */
  readonly bindings?: readonly { readonly workspaceId: number; readonly access: 'read-write' | 'read-only' }[];
}

/**
 * An isolated catalog: `force_destroy` is never set, so destroying a non-empty catalog fails instead of cascading,
 * and only its own workspace (and the bindings listed) can reach it.
 */
export class UcCatalog extends Construct {
  readonly catalog: Catalog;
  /** The catalog's grants; schemas depend on them. */
  readonly grants?: AccessGrants;

  constructor(scope: Construct, id: string, props: UcCatalogProps) {
    super(scope, id);
    this.catalog = new Catalog(this, 'catalog', {
      name: props.name,
      comment: props.comment,
      properties: props.properties && Object.keys(props.properties).length ? { ...props.properties } : undefined,
      owner: props.owner,
      // OPEN (the default) lets every workspace on the metastore reach the catalog; ISOLATED binds the creating
      // workspace automatically, so it gets no explicit binding (resource_catalog.go, DATABRICKS.md "Identity, isolation").
      isolationMode: 'ISOLATED',
      storageRoot: props.storageRoot,
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
      lifecycle: props.protect ? { preventDestroy: true } : undefined,
    });
    this.grants = AccessGrants.declare(this, 'grants', { target: { catalog: this.catalog.name }, entries: props.grants ?? [] });
    for (const binding of props.bindings ?? []) {
      new WorkspaceBinding(this, `binding-${binding.workspaceId}`, {
        securableName: this.catalog.name,
        securableType: 'catalog',
        workspaceId: binding.workspaceId,
        bindingType: binding.access === 'read-write' ? 'BINDING_TYPE_READ_WRITE' : 'BINDING_TYPE_READ_ONLY',
      });
    }
  }
}
