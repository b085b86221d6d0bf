// DAC-PL2: a pipeline's IS_OWNER is its run_as, or the apply silently makes the deployer its owner and identity.
import { NOT_APPLICABLE, accessEntriesOf, permissionsOf, verdict, type GuardrailRule } from './rule';

/**
 * A pipeline runs as its owner, and databricks_permissions without an IS_OWNER entry makes the applying identity
 * the owner (permissions/permission_definitions.go addOwnerPermissionIfNeeded), which undoes run_as.
 */
export const pipelineOwnerIsRunAs: GuardrailRule = {
  id: 'DAC-PL2',
  summary: "pipelines: exactly one permissions resource whose IS_OWNER is the pipeline's run_as",
  checks: "Pipelines have exactly one `databricks_permissions` resource, whose only `IS_OWNER` is the pipeline's `run_as`.",
  why: 'A pipeline runs as its owner, and a permissions list without `IS_OWNER` makes whoever applies it the owner: the deployer would silently become its owner and identity.',
  fix: 'Keep one `databricks_permissions` with the `run_as` service principal as the only `IS_OWNER`.',
  check(element, context) {
    if (element.type !== 'databricks_pipeline') return NOT_APPLICABLE;
    const runAs = (element.config.run_as as { service_principal_name?: string } | undefined)?.service_principal_name;
    // A missing run_as is DAC-PL1's finding.
    if (runAs === undefined) return NOT_APPLICABLE;
    const permissions = permissionsOf(element, context, 'pipeline_id');
    if (permissions.length !== 1) {
      return verdict([
        permissions.length === 0
          ? 'no databricks_permissions: whoever applies becomes the owner and the pipeline runs as them; add one with the run_as principal as IS_OWNER'
          : `${permissions.length} permissions resources fight over this pipeline: keep one`,
      ]);
    }
    const owners = accessEntriesOf(permissions[0]).filter((entry) => entry.permission_level === 'IS_OWNER');
    if (owners.length === 1 && owners[0].service_principal_name !== undefined && owners[0].service_principal_name === runAs) return verdict([]);
    return verdict([
      `IS_OWNER is not the run_as service principal: the pipeline would run as whoever owns it; make the run_as principal the only IS_OWNER`,
    ]);
  },
};
