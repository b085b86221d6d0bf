// GPU node types and runtimes allowed when a gpu compute row does not name its own, per cloud.

export type Cloud = 'aws' | 'azure' | 'gcp';

export const GPU_NODE_TYPES: Readonly<Record<Cloud, readonly string[]>> = {
  aws: ['g4dn.xlarge', 'g5.xlarge', 'g5.2xlarge'],
  azure: ['Standard_NC4as_T4_v3', 'Standard_NC8as_T4_v3', 'Standard_NC24ads_A100_v4'],
  gcp: ['g2-standard-4', 'g2-standard-8', 'a2-highgpu-1g'],
};

/** GPU ML runtimes only, e.g. 15.4.x-gpu-ml-scala2.12. */
export const GPU_ML_RUNTIME_PATTERN = '^\\d+\\.\\d+\\.x-gpu-ml-scala2\\.1[23]$';

export function cloudOf(workspaceUrl: string): Cloud {
  const host = new URL(workspaceUrl).hostname;
  if (host.endsWith('.azuredatabricks.net')) return 'azure';
  if (host.endsWith('.gcp.databricks.com')) return 'gcp';
  return 'aws';
}
