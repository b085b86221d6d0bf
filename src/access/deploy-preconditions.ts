// What a real workspace must hold before `cdktf deploy` of one environment, and the check a person runs for each:
// one list for the README's checklist, the contract's environment section and `agent-contract doctor`.
import type { TeamEnvironment } from './team-environment';
import { allAgents, type TeamModel } from '../model/types';
import { applyWithinDays, rotationDaysOf } from '../model/credentials';
import { cloudOf } from '../model/gpu-defaults';
import { compareText } from '../model/compare-text';

export interface DeployPrecondition {
  /** Stable id, e.g. `workspace-admin`; the README's checklist names each. */
  readonly id: string;
  /** What must hold, in one sentence. */
  readonly what: string;
  /** The check a person runs (a Databricks CLI command, or where to look). */
  readonly check: string;
  /** `plan`: the plan fails before any change when it does not hold; `stack`: the stack makes it hold; `person`: checked by a person. */
  readonly enforcement: Enforcement;
}

export type Enforcement = 'plan' | 'stack' | 'person';

/** How the contract and doctor say who keeps each precondition. */
export const ENFORCEMENT_TEXT: Readonly<Record<Enforcement, string>> = {
  plan: 'plan fails before any change',
  stack: 'the stack grants it',
  person: 'checked by a person',
};

/** The account groups the agents are, in roster order, each once. */
function agentGroups(model: TeamModel): string[] {
  return [...new Set(allAgents(model).flatMap((agent) => (agent.identity.type === 'account-group' ? [agent.identity.name] : [])))];
}

/** Every precondition of deploying `env`, in the order a person would check them. */
export function deployPreconditions(team: TeamEnvironment): DeployPrecondition[] {
  const { model, environment: env } = team;
  const list: DeployPrecondition[] = [];
  const add = (id: string, what: string, check: string, enforcement: Enforcement = 'person') => list.push({ id, what, check, enforcement });
  add(
    'workspace-admin',
    'The deploying identity is a workspace admin: it creates service principals, the project root at the workspace root and the runtime guard’s admins membership.',
    '`databricks current-user me` lists the group `admins`',
  );
  const deployer = model.catalog.deployer;
  if (deployer !== undefined) {
    add(
      'deployer-identity',
      `The identity that applies is catalog.deployer (${'applicationId' in deployer ? deployer.applicationId : `a member of ${deployer.group}`}), which the grants give MANAGE and CREATE_*.`,
      '`databricks current-user me`: `userName` is that application id (or a member of that group)',
      'plan',
    );
  }
  if (model.catalog.ownership === 'agents') {
    add(
      'metastore-admin',
      'The deploying identity is a metastore admin (catalog.deployer.metastoreAdmin): ownership moves to the agents inside each Create call.',
      '`databricks metastores summary`: `owner` is the deployer or a group it belongs to',
    );
  }
  add(
    'create-catalog',
    'The deploying identity holds CREATE_CATALOG on the metastore.',
    '`databricks grants get-effective metastore <metastore id>`',
  );
  if (env.accountId !== undefined) {
    add(
      'account-id',
      `environments.${env.name}.accountId (${env.accountId}) is the account of ${env.workspaceUrl}: the run_as rule sets are named after it.`,
      'Account console → the account switcher shows the account id',
    );
  }
  add(
    'no-account-client',
    'DATABRICKS_ACCOUNT_ID is not set, and the profile DATABRICKS_CONFIG_PROFILE names (if any) has no `account_id`: either switches databricks_access_control_rule_set to the account client, which then fails.',
    '`env | grep DATABRICKS_ACCOUNT_ID` prints nothing; that profile in ~/.databrickscfg has no account_id (`agent-contract doctor` checks both)',
  );
  if (cloudOf(env.workspaceUrl) === 'azure' && env.storageRoot === undefined) {
    add(
      'metastore-storage',
      `The metastore has root storage; otherwise set environments.${env.name}.storageRoot (metastores created automatically on Azure often have none).`,
      '`databricks metastores summary`: `storage_root` is set',
    );
  }
  const groups = agentGroups(model);
  if (groups.length) {
    add(
      'groups-assigned',
      env.assignGroups
        ? `The deploying identity may assign account groups to the workspace (${groups.join(', ')}): the stack assigns them before any workspace permission names them.`
        : `The account groups ${groups.join(', ')} are assigned to the workspace: workspace permissions accept only assigned groups (or set environments.${env.name}.assignGroups: true).`,
      groups.map((group) => `\`databricks groups list --filter 'displayName eq "${group}"'\``).join('; '),
      env.assignGroups ? 'stack' : 'plan',
    );
  }
  for (const [policy, roles] of Object.entries(env.budgetPolicyRoles).sort(([a], [b]) => compareText(a, b))) {
    add(
      `budget-policy-${policy}`,
      'managers' in roles
        ? `Budget policy ${policy}: the stack grants the deploying identity its User role, in a rule set that replaces every other rule of the policy (its managers and users are listed in the model).`
        : `Budget policy ${policy}: the deploying identity already holds its User role (roles/budgetPolicy.user).`,
      'Account console → Usage → Budget policies → the policy → Permissions',
      'managers' in roles ? 'stack' : 'person',
    );
  }
  add(
    'personal-compute',
    env.personalCompute
      ? 'The account setting for Personal Compute is DELEGATE: only then does the stack’s CAN_USE list on Personal Compute restrict anything.'
      : 'Personal Compute is left as the workspace has it: every user may start a Personal Compute cluster, outside the project’s policies; the runtime guard handles agents’ clusters off their policies.',
    'Account console → Settings → Feature enablement → Personal Compute',
  );
  if (env.agentCredentials.enabled) {
    add(
      'apply-cadence',
      `Someone applies at least every ${applyWithinDays(env.agentCredentials)} days: secrets are replaced by the first apply after ${rotationDaysOf(env.agentCredentials)} days and expire after ${env.agentCredentials.lifetimeDays}.`,
      '`npx cdktf output ' + env.name + '`: each `credential-dates-<agent>` shows `rotates_after` and `expires`',
    );
  }
  return list;
}
