// Every check of a model, composed above the layers that hold their knowledge: the model's own checks, the file
// ownership checks, the derivations' checks and the rule pack's. The order is the order problems are reported in.
import type { CheckContext } from '../model/checks/context';
import type { ModelCheck } from '../model/validate';
import { checkUniqueness } from '../model/checks/uniqueness';
import { checkReferences } from '../model/checks/references';
import { checkCatalog } from '../model/checks/catalog';
import { checkTables } from '../model/checks/tables';
import { checkGates } from '../model/checks/gates';
import { checkCompute } from '../model/checks/compute';
import { checkPipelines } from '../model/checks/pipelines';
import { checkNames } from '../model/checks/names';
import { checkIdentities } from '../model/checks/identities';
import { checkEnvironmentTraps } from '../model/checks/environment-traps';
import { checkUrls } from '../model/checks/urls';
import { checkFileOwnership } from '../ownership/checks/file-ownership';
import { checkRepository } from '../ownership/checks/repository';
import { checkWorkspace } from '../access/checks/workspace';
import { checkCodeOwnership } from '../access/checks/code-ownership';

/**
 * Suppressions name rules of the pack, so checking them loads the whole pack (two dozen modules and the access
 * derivation): only a model that suppresses something pays for it, the others validate without it.
 */
function checkSuppressions(ctx: CheckContext): void {
  if (ctx.model.suppressions.length === 0) return;
  const { checkSuppressions: check } = require('../rules/checks/suppressions') as typeof import('../rules/checks/suppressions');
  check(ctx);
}

export const ALL_CHECKS: readonly ModelCheck[] = [
  checkUniqueness,
  checkReferences,
  checkCatalog,
  checkTables,
  checkGates,
  checkCompute,
  checkPipelines,
  checkWorkspace,
  checkNames,
  checkFileOwnership,
  checkCodeOwnership,
  checkIdentities,
  checkEnvironmentTraps,
  checkRepository,
  checkSuppressions,
  checkUrls,
];
