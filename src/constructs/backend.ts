// The Terraform backend of one environment, as the model configures it.
import type { Construct } from 'constructs';
import { AzurermBackend, GcsBackend, LocalBackend, RemoteBackend, S3Backend } from 'cdktf';
import type { NamedEnvironment } from '../model/types';

/** Declares `env`'s backend on `stack`. Credentials stay in each backend's own environment variables. */
export function addBackend(stack: Construct, env: NamedEnvironment): void {
  const backend = env.backend;
  switch (backend.type) {
    case 'local':
      new LocalBackend(stack, { path: backend.path ?? `terraform.${env.name}.tfstate` });
      return;
    case 's3': {
      const s3 = new S3Backend(stack, {
        bucket: backend.bucket,
        key: backend.key,
        region: backend.region,
        encrypt: backend.encrypt,
        dynamodbTable: backend.dynamodbTable,
      });
      // S3-native locking (Terraform >= 1.10) postdates cdktf 0.21's typed S3 backend config.
      if (backend.useLockfile !== undefined) s3.addOverride('use_lockfile', backend.useLockfile);
      return;
    }
    case 'azurerm':
      new AzurermBackend(stack, {
        resourceGroupName: backend.resourceGroupName,
        storageAccountName: backend.storageAccountName,
        containerName: backend.containerName,
        key: backend.key,
      });
      return;
    case 'gcs':
      new GcsBackend(stack, { bucket: backend.bucket, prefix: backend.prefix });
      return;
    case 'remote':
      new RemoteBackend(stack, {
        hostname: backend.hostname,
        organization: backend.organization,
        workspaces: { name: backend.workspace },
      });
      return;
  }
}
