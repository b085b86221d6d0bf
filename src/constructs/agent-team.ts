// L3: one environment of the agent team — identities, workspace folders, compute, Unity Catalog, pipelines, the
// deployed contract and the guardrails — added to any TerraformStack; the caller owns provider and backend.
import { Construct } from 'constructs';
import { Aspects, TerraformOutput, TerraformStack } from 'cdktf';
import { WorkspaceFile } from '@cdktf/provider-databricks/lib/workspace-file';
import { Permissions } from '@cdktf/provider-databricks/lib/permissions';
import type { NamedEnvironment, TeamModel } from '../model/types';
import { allAgents, deployerPrincipal, environmentOf, pipelineDevelopment } from '../model/types';
import { forTerraform } from '../model/terraform-text';
import { pipelineName } from '../model/resource-names';
import { deriveCompute } from '../access/compute';
import { DEPLOYER } from '../access/derive';
import { Guardrails, type FinalizableStack } from '../rules/guardrails';
import { AgentIdentities } from './agent-identities';
import { AgentCompute } from './agent-compute';
import { UnityCatalogOwnership } from './unity-catalog-ownership';
import { GovernedPipeline } from './governed-pipeline';
import { pipelinePermissions } from './pipeline-permissions';
import { WorkspaceTree } from './workspace-tree';
import { accessControl } from './principal';
import type { UcSchema } from './uc-schema';
import { BudgetPolicyRoles } from './budget-policy-roles';
import { PersonalCompute } from './personal-compute';
import { PrerequisitesFirst } from './prerequisites-first';
import { Observability } from './observability';
import { gateWarehouse } from '../model/gates';

export interface AgentTeamProps {
  /** The validated model (loadModelFile, defineModel). */
  readonly model: TeamModel;
  /** The environment of the model this team is deployed to, e.g. `dev`. */
  readonly environment: string;
  /**
   * The environment's CONTRACT.md (renderContract), deployed as `<workspaceRoot>/CONTRACT.md` for the agents.
   * @default - no workspace copy of the contract
   */
  readonly contract?: string;
  /** The runtime guard script (readGuardScript()). @default - none; required when a compute row has a maximum runtime */
  readonly guardScript?: string;
}

/** What the team declared, for escape hatches and tests. */
export interface AgentTeamParts {
  readonly identities: AgentIdentities;
  readonly workspace: WorkspaceTree;
  readonly compute: AgentCompute;
  readonly unityCatalog: UnityCatalogOwnership;
  readonly pipelines: ReadonlyMap<string, GovernedPipeline>;
  readonly guardrails: Guardrails;
  readonly observability: Observability;
}

/**
 * Declares one environment's team in `scope`, validated by the guardrails once every Aspect has run. EnvironmentStack
 * declares it in the stack itself, so its Terraform addresses carry no extra path segment; AgentTeam declares it in
 * its own scope.
 */
export function declareAgentTeam(scope: Construct, props: AgentTeamProps): AgentTeamParts {
  const named = environmentOf(props.model, props.environment);
  if (!named) throw new Error(`${scope.node.path}: '${props.environment}' is not an environment of the model`);
  // Every construct below reads the model through the one Terraform escape; the contract was rendered as written.
  const model = forTerraform<TeamModel>(props.model);
  const environment = forTerraform<NamedEnvironment>(named);

  const sqlUsers = new Set(deriveCompute(model).flatMap((row) => (row.type === 'sql-warehouse' ? [...row.users, model.roles.workspaceAdmin] : [])));
  const identities = new AgentIdentities(scope, 'identities', {
    model,
    accountId: environment.accountId,
    protect: environment.protected,
    sqlUsers,
    credentials: environment.agentCredentials,
    assignGroups: environment.assignGroups,
  });
  declareIdentityOutputs(scope, model, identities);
  const principalOf = (agent: string) => identities.principalOf(agent);
  const workspace = new WorkspaceTree(scope, 'workspace', { model, identities });
  const compute = new AgentCompute(scope, 'compute', { model, environment, identities, guardScript: props.guardScript });
  const unityCatalog = new UnityCatalogOwnership(scope, 'unity-catalog', {
    model,
    environment,
    identities,
    // Validation guarantees a warehouse whenever the stack creates tables.
    warehouseId: compute.tableWarehouseId(model.catalog.tableWarehouse) ?? '',
  });

  const budgetPolicies = new BudgetPolicyRoles(scope, 'budget-policies', { environment, deployer: identities.deployer.aclPrincipalId });
  const personalCompute =
    environment.personalCompute &&
    new PersonalCompute(scope, 'personal-compute', {
      keep: environment.personalCompute.keep,
      autoTerminateMinutes: environment.personalCompute.autoTerminateMinutes,
      tags: { project: model.project.name, environment: environment.name },
    });
  Aspects.of(scope).add(
    new PrerequisitesFirst({
      groups: new Map([...(personalCompute?.groups ?? []), ...identities.groups]),
      budgetPolicies: budgetPolicies.ruleSets,
    }),
  );
  const warehouse = gateWarehouse(model);
  const observability = new Observability(scope, 'observability', {
    model,
    environment,
    identities,
    workspace,
    unityCatalog,
    warehouseId: warehouse !== undefined ? compute.tableWarehouseId(warehouse) : undefined,
  });

  const principals = new Map(allAgents(model).map((agent) => [agent.name, identities.principalOf(agent.name).name]));
  const deployer = deployerPrincipal(model);
  if (deployer !== undefined) principals.set(DEPLOYER, deployer);
  const guardrails = new Guardrails(TerraformStack.of(scope) as FinalizableStack, {
    model: props.model,
    environment: named,
    principals,
    grantTargets: unityCatalog.grantTargets,
  });
  scope.node.addValidation(guardrails);

  if (props.contract !== undefined && model.contract.deployToWorkspace) {
    // The agents running in the workspace read the same contract the stack enforces: every agent may read it,
    // while the root above it grants them nothing.
    const contract = new WorkspaceFile(scope, 'contract', {
      path: workspace.pathOf('CONTRACT.md'),
      contentBase64: Buffer.from(props.contract).toString('base64'),
    });
    new Permissions(scope, 'contract-permissions', {
      workspaceFilePath: contract.path,
      accessControl: allAgents(model).map((agent) => accessControl(principalOf(agent.name), 'CAN_READ')),
    });
  }

  const pipelines = new Map<string, GovernedPipeline>();
  const computeRows = new Map(model.compute.map((row) => [row.name, row]));
  for (const pipeline of model.pipelines) {
    const row = pipeline.compute !== undefined ? computeRows.get(pipeline.compute) : undefined;
    const runAs = identities.runAs(pipeline.owner);
    const target = unityCatalog.schemas.get(pipeline.target) as UcSchema;
    pipelines.set(
      pipeline.name,
      new GovernedPipeline(scope, `pipeline-${pipeline.name}`, {
        pipeline,
        name: pipelineName({ project: model.project.name, environment: environment.name }, pipeline.name),
        catalogName: unityCatalog.catalog.catalog.name,
        schemaName: target.schema.name,
        workspaceRoot: model.project.workspaceRoot,
        development: pipelineDevelopment(environment),
        // Classic clusters run on the run-as agent's own policy, so they are charged and limited as that agent.
        policyId: row ? compute.policyFor(row.name, pipeline.owner)?.policy.id : undefined,
        maxWorkers: row?.maxWorkers,
        runAs: runAs.principal,
        dependsOn: [...runAs.dependsOn.map((role) => role.ruleSet), ...(target.grants ? [target.grants.resource] : [])],
        tags: compute.tagsFor(pipeline.compute, pipeline.owner),
        budgetPolicyId: environment.budgetPolicies[pipeline.owner],
        access: pipelinePermissions(pipeline).map((entry) => ({
          principal: entry.level === 'IS_OWNER' ? runAs.principal : principalOf(entry.agent),
          level: entry.level,
        })),
        protect: environment.protected,
      }),
    );
  }
  return { identities, workspace, compute, unityCatalog, pipelines, guardrails, observability };
}

/**
 * One output per agent identity with what a client needs to act as it — `identity-<agent>`: its kind and
 * application id (or group) — and, for created identities with credentials, `secret-<agent>`: the OAuth secret,
 * sensitive, so `cdktf output` shows it only when asked. `agent-contract profiles` reads them.
 */
function declareIdentityOutputs(scope: Construct, model: TeamModel, identities: AgentIdentities): void {
  for (const agent of allAgents(model)) {
    const principal = identities.principalOf(agent.name);
    const value =
      agent.identity.type === 'account-group'
        ? { kind: agent.identity.type, group: principal.name }
        : { kind: agent.identity.type, application_id: principal.name };
    new TerraformOutput(scope, `identity-${agent.name}`, { value, description: `How ${agent.name} authenticates` }).overrideLogicalId(
      `identity-${agent.name}`,
    );
    const secret = identities.secrets.get(agent.name);
    if (secret) {
      new TerraformOutput(scope, `secret-${agent.name}`, {
        value: secret.secret,
        sensitive: true,
        description: `OAuth secret of ${agent.name}`,
      }).overrideLogicalId(`secret-${agent.name}`);
      // When the next apply replaces the secret, and when it expires if no apply comes (expire_time: the API's own).
      new TerraformOutput(scope, `credential-dates-${agent.name}`, {
        value: { rotates_after: identities.rotations.get(agent.name)?.rotationRfc3339, expires: secret.expireTime },
        description: `When the OAuth secret of ${agent.name} rotates (next apply after) and expires`,
      }).overrideLogicalId(`credential-dates-${agent.name}`);
    }
  }
}

/** The agent team of one environment as a construct of your own stack: `new AgentTeam(stack, 'agents', { ... })`. */
export class AgentTeam extends Construct implements AgentTeamParts {
  readonly identities: AgentIdentities;
  readonly workspace: WorkspaceTree;
  readonly compute: AgentCompute;
  readonly unityCatalog: UnityCatalogOwnership;
  readonly pipelines: ReadonlyMap<string, GovernedPipeline>;
  readonly guardrails: Guardrails;
  readonly observability: Observability;

  constructor(scope: Construct, id: string, props: AgentTeamProps) {
    super(scope, id);
    ({
      identities: this.identities,
      workspace: this.workspace,
      compute: this.compute,
      unityCatalog: this.unityCatalog,
      pipelines: this.pipelines,
      guardrails: this.guardrails,
      observability: this.observability,
    } = declareAgentTeam(this, props));
  }
}
