// The workspace's built-in Personal Compute policy, as the stack takes it over and the guardrails recognize it.

/** The built-in policy's family and name (docs/resources/cluster_policy.md, "Overriding the built-in cluster policies"). */
export const PERSONAL_COMPUTE_FAMILY = 'personal-vm';
export const PERSONAL_COMPUTE_NAME = 'Personal Compute';
