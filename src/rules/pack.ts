// The guardrail pack: every rule, in a stable order.
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

export const GUARDRAILS: readonly GuardrailRule[] = [
  noAllPrivileges,
  writesOnlyForWriters,
  catalogUseOnly,
  noBroadPrincipals,
  oneGrantsPerSecurable,
  interactiveAutoTermination,
  runClustersWithoutAutoTermination,
  warehouseAutoStops,
  policyHasOnePermissions,
  tableSafety,
  protectedStateful,
  noForceDestroy,
  pipelineSettings,
  noSecrets,
];
