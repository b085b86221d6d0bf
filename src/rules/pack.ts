// The guardrail pack: every rule, in a stable order. Each rule's id is written once, in its own file; everything
// that needs the list of ids (the model's suppression check, docs/rules.md) reads it from here.
import type { GuardrailRule } from './rule';
import { noAllPrivileges } from './no-all-privileges';
import { writesOnlyForWriters } from './writes-only-for-writers';
import { catalogUseOnly } from './catalog-use-only';
import { noBroadPrincipals } from './no-broad-principals';
import { oneGrantsPerSecurable } from './one-grants-per-securable';
import { interactiveAutoTermination, runClustersWithoutAutoTermination } from './policy-auto-termination';
import { warehouseAutoStops } from './warehouse-auto-stop';
import { policyHasOnePermissions } from './policy-permissions';
import { tableSafety } from './table-safety';
import { noForceDestroy, protectedStateful } from './protection';
import { pipelineSettings } from './pipeline-settings';
import { noSecrets } from './no-secrets';
import { noTemplateInjection } from './no-template-injection';
import { pipelineOwnerIsRunAs } from './pipeline-owner';
import { jobIdentity } from './job-identity';
import { noSharedFolders } from './no-shared-folders';
import { codeWriters } from './code-writers';
import { policyForOneAgent } from './policy-single-user';
import { volumeWriters } from './volume-writers';
import { alertObservers } from './alert-observers';
import { monitorOutputSchema } from './monitor-output-schema';

export const GUARDRAILS: readonly GuardrailRule[] = [
  noAllPrivileges,
  writesOnlyForWriters,
  catalogUseOnly,
  noBroadPrincipals,
  oneGrantsPerSecurable,
  volumeWriters,
  interactiveAutoTermination,
  runClustersWithoutAutoTermination,
  warehouseAutoStops,
  policyHasOnePermissions,
  policyForOneAgent,
  tableSafety,
  protectedStateful,
  noForceDestroy,
  pipelineSettings,
  pipelineOwnerIsRunAs,
  jobIdentity,
  noSharedFolders,
  codeWriters,
  alertObservers,
  monitorOutputSchema,
  noSecrets,
  noTemplateInjection,
];

/** Every rule id, in pack order. */
export const RULE_IDS: readonly string[] = GUARDRAILS.map((rule) => rule.id);
