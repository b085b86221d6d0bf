// One Unity Catalog volume (where files land) with its grants.
import { Construct } from 'constructs';
import { Volume } from '@cdktf/provider-databricks/lib/volume';
import { AccessGrants, type SecurableProps } from './access-grants';

export interface UcVolumeProps extends SecurableProps {
  readonly catalogName: string;
  /** The schema's name (a reference, so the volume depends on the schema). */
  readonly schemaName: string;
  readonly name: string;
  /** @default - no comment */
  readonly comment?: string;
  /** An external location path. @default - a MANAGED volume in the schema's storage */
  readonly storageLocation?: string;
}

export class UcVolume extends Construct {
  readonly volume: Volume;
  readonly grants?: AccessGrants;

  constructor(scope: Construct, id: string, props: UcVolumeProps) {
    super(scope, id);
    // catalog/resource_volume.go: volume_type MANAGED|EXTERNAL, storage_location only for EXTERNAL; its id is catalog.schema.volume.
    this.volume = new Volume(this, 'volume', {
      catalogName: props.catalogName,
      schemaName: props.schemaName,
      name: props.name,
      volumeType: props.storageLocation === undefined ? 'MANAGED' : 'EXTERNAL',
      storageLocation: props.storageLocation,
      comment: props.comment,
      owner: props.owner,
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
      lifecycle: props.protect ? { preventDestroy: true } : undefined,
    });
    // docs/resources/grants.md "Volume grants": databricks_grants { volume = "<catalog>.<schema>.<volume>" }.
    this.grants = AccessGrants.declare(this, 'grants', { target: { volume: this.volume.id }, entries: props.grants ?? [] });
  }
}
