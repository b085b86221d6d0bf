// The package's public API: the model, the constructs (L2 over the Databricks provider, L3 for the team), the app
// helpers, the guardrails, the contract and the derivations they all read.

// The model: load, validate, type.
export { loadModelFile, defineModel, parseModelText, DEFAULT_MODEL_PATH, ModelFileError } from './validation/load';
export { validateModel, type Validation } from './validation/validate';
export { modelWarnings } from './access/warnings';
export { ModelError, type Problem } from './model/problems';
export { environmentOf, environmentsOf, allAgents } from './model/types';
export type { TeamModel, TeamModelInput, NamedEnvironment, Agent, Compute, Pipeline, Table, UcSchema as ModelSchema } from './model/types';

// L3: the agent team of one environment, in your stack or in a stack of its own.
export { AgentTeam, type AgentTeamProps, type AgentTeamContractOptions } from './constructs/agent-team';
export { resolveEnvironment, NotAnEnvironmentError, type TeamEnvironment, type TerraformView, type AgentPrincipal } from './access/team-environment';
export { EnvironmentStack, type EnvironmentStackProps } from './constructs/environment-stack';
export { AgentIdentities, type AgentIdentitiesProps, type AgentCredentials } from './constructs/agent-identities';
export { AgentCompute, type AgentComputeProps } from './constructs/agent-compute';
export { UnityCatalogOwnership, type UnityCatalogOwnershipProps } from './constructs/unity-catalog-ownership';
export { WorkspaceTree, type WorkspaceTreeProps } from './constructs/workspace-tree';

// L2: one Databricks resource with intent and safe defaults.
export { UcCatalog, type UcCatalogProps } from './constructs/uc-catalog';
export { UcSchema, type UcSchemaProps } from './constructs/uc-schema';
export { DeltaTable, type DeltaTableProps } from './constructs/delta-table';
export { RegisteredMlModel, type RegisteredMlModelProps } from './constructs/registered-ml-model';
export { AccessGrants, type AccessGrantsProps, type SecurableProps } from './constructs/access-grants';
export { GovernedClusterPolicy, type GovernedClusterPolicyProps } from './constructs/governed-cluster-policy';
export { GovernedSqlWarehouse, type GovernedSqlWarehouseProps } from './constructs/governed-sql-warehouse';
export { GovernedPipeline, type GovernedPipelineProps } from './constructs/governed-pipeline';
export { GovernedJob, type GovernedJobProps } from './constructs/governed-job';
export { RuntimeGuard, readGuardScript, type RuntimeGuardProps } from './constructs/runtime-guard';
export { RunAsRole, type RunAsRoleProps } from './constructs/run-as-role';
export { BudgetPolicyRoles, type BudgetPolicyRolesProps } from './constructs/budget-policy-roles';
export { PersonalCompute, type PersonalComputeProps } from './constructs/personal-compute';
export { deployPreconditions, type DeployPrecondition } from './access/deploy-preconditions';
export { WorkspaceFolder, type WorkspaceFolderProps } from './constructs/workspace-folder';
export type { Principal } from './constructs/principal';

// The app: one stack per environment, synthesized with its CONTRACT.md.
export { buildApp, synthBuilt, synthWithContracts, addEnvironmentStacks, writeContracts, type BuildAppOptions } from './app';
export { runModelApp, synthSelectedModel } from './cli/model-app';

// Guardrails.
export { Guardrails } from './rules/guardrails';
export { GUARDRAILS } from './rules/pack';
export { GuardrailError } from './rules/guardrail-error';
export type { GuardrailRule, StackElement, RuleContext, Verdict } from './rules/rule';
export type { Finding } from './rules/evaluate';

// CONTRACT.md and the agents' briefs and definitions.
export { renderContract } from './contract/render';
export { renderBrief } from './contract/brief';
export { agentDefinition, agentDefinitions } from './agents/agent-definition';

// The derivations every projection reads.
export { deriveAccess, type SecurableAccess, type GrantEntry } from './access/derive';
export { deriveCompute, runtimeLimits, type ComputeAccess } from './access/compute';
export { accessMatrix, type AgentAccess } from './access/matrix';
export { deriveFolders, type FolderAccess, type FolderNarrowing } from './access/folders';
export { ownershipOf } from './ownership/ownership';
export { diffPlans } from './plan-diff/plan-diff';
export { parsePlan, readPlan } from './plan-diff/read-plan';
