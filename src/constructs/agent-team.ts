// L3: one environment of the agent team — identities, workspace folders, compute, Unity Catalog, pipelines,
// observability, the deployed contract and the guardrails — added to any TerraformStack; the caller owns providers
// and backend.
import { Construct, type IConstruct } from 'constructs';
import { Aspects, TerraformOutput, TerraformStack, type TerraformOutputConfig } from 'cdktf';
import { WorkspaceFile } from '@cdktf/provider-databricks/lib/workspace-file';
import { Permissions } from '@cdktf/provider-databricks/lib/permissions';
import type { TeamModel } from '../model/types';
import { allAgents, pipelineDevelopment } from '../model/types';
import { pipelineName } from '../model/resource-names';
import { DEPLOYER } from '../access/derive';
import type { TeamEnvironment } from '../access/team-environment';
import { renderContract } from '../contract/render';
import type { TemplateFile } from '../contract/template-check';
import { Guardrails, type FinalizableStack } from '../rules/guardrails';
import { AgentIdentities } from './agent-identities';
import { AgentCompute } from './agent-compute';
import { UnityCatalogOwnership } from './unity-catalog-ownership';
import { GovernedPipeline } from './governed-pipeline';
import { pipelinePermissions } from '../access/pipeline-permissions';
import { WorkspaceTree } from './workspace-tree';
import { accessControl, type Principal } from './principal';
import type { GovernedClusterPolicy } from './governed-cluster-policy';
import type { GovernedSqlWarehouse } from './governed-sql-warehouse';
import { readGuardScript } from './runtime-guard';
import type { UcSchema } from './uc-schema';
import { BudgetPolicyRoles } from './budget-policy-roles';
import { PersonalCompute } from './personal-compute';
import { PrerequisitesFirst } from './prerequisites-first';
import { Observability } from './observability';
import { gateWarehouse } from '../model/gates';

/** How the team's CONTRACT.md is made. */
export interface AgentTeamContractOptions {
  /** A template of one's own (readTemplate(path)). @default the built-in templates/CONTRACT.md.hbs */
  readonly template?: TemplateFile;
  /** The model path the contract's notice names. @default stacks/team.yaml */
  readonly modelPath?: string;
  /** Seconds since the epoch for the contract's date. @default the newest version-history date */
  readonly sourceDateEpoch?: string;
}

export interface AgentTeamProps {
  /** One environment of a validated model: resolveEnvironment(model, 'dev'). */
  readonly team: TeamEnvironment;
  /**
   * The environment's CONTRACT.md, deployed as `<workspaceRoot>/CONTRACT.md` when the model asks
   * (contract.deployToWorkspace) and written beside the stack by writeContracts(app): rendered from the team with
   * these options, given as text already rendered, or `false` for none.
   * @default - rendered with the built-in template
   */
  readonly contract?: AgentTeamContractOptions | string | false;
  /** The runtime guard. @default - the script this package ships (guard/runtime_guard.py) */
  readonly guard?: { readonly script: string };
}

/**
 * One environment of the agent team — identities, workspace folders, compute, Unity Catalog, pipelines,
 * observability, the deployed contract and the guardrails — in any TerraformStack: `new AgentTeam(stack, 'agents',
 * { team: resolveEnvironment(model, 'dev') })`. The stack owns the providers (databricks, time) and the backend.
 * Guardrail findings are addressed as `<environment>/<path below the team>`, so the model's suppressions hold in
 * whatever stack the team is. A stack may hold several teams: each judges its own elements with its own model; the
 * stack's own (providers, backend, resources outside any team) are judged by its first team, addressed
 * `<that team's environment>/<path below the stack>`.
 */
export class AgentTeam extends Construct {
  readonly team: TeamEnvironment;
  readonly identities: AgentIdentities;
  readonly workspace: WorkspaceTree;
  readonly compute: AgentCompute;
  readonly unityCatalog: UnityCatalogOwnership;
  readonly pipelines: ReadonlyMap<string, GovernedPipeline>;
  readonly guardrails: Guardrails;
  readonly observability: Observability;
  private readonly outputs: readonly TerraformOutput[];
  /** This environment's CONTRACT.md as deployed and written by writeContracts; undefined when `contract: false`. */
  readonly contract?: string;

  private static readonly ofStack = new WeakMap<TerraformStack, AgentTeam[]>();

  /** Every AgentTeam below `scope` (an App or a stack), in construct order. */
  static allIn(scope: IConstruct): AgentTeam[] {
    return scope.node.findAll().filter((construct): construct is AgentTeam => construct instanceof AgentTeam);
  }

  constructor(scope: Construct, id: string, props: AgentTeamProps) {
    super(scope, id);
    const team = (this.team = props.team);
    this.contract = contractOf(team, props.contract);
    // Every construct below reads the team's Terraform view: model text escaped once; the contract reads it as written.
    const { model, environment } = team.terraform;

    const identities = (this.identities = new AgentIdentities(this, 'identities', { team }));
    this.outputs = declareIdentityOutputs(this, model, identities);
    const stack = TerraformStack.of(this) as FinalizableStack;
    // The teams of this stack, in the order they were declared: read without walking the stack's whole tree.
    const teams = AgentTeam.ofStack.get(stack) ?? [];
    AgentTeam.ofStack.set(stack, teams);
    teams.push(this);
    // Output names are one namespace per stack: a lone team's are fixed (`identity-<agent>`, what profiles reads); once
    // two teams share a stack, cdktf names every one of them by its construct path, so neither team's replaces the other's.
    if (teams.length > 1) for (const shared of teams) shared.outputs.forEach((output) => output.resetOverrideLogicalId());
    const principalOf = (agent: string) => identities.principalOf(agent);
    const workspace = (this.workspace = new WorkspaceTree(this, 'workspace', { team, identities }));
    // The shipped script is read only when a compute row has a maximum runtime: no guard, no file.
    const guarded = team.compute.some((row) => row.maxRuntimeMinutes !== undefined);
    const guardScript = guarded ? (props.guard ?? defaultGuard()).script : props.guard?.script;
    const compute = (this.compute = new AgentCompute(this, 'compute', { team, identities, guardScript }));
    const unityCatalog = (this.unityCatalog = new UnityCatalogOwnership(this, 'unity-catalog', {
      team,
      identities,
      // Validation guarantees a warehouse whenever the stack creates tables.
      warehouseId: compute.tableWarehouseId(model.catalog.tableWarehouse) ?? '',
    }));

    const budgetPolicies = new BudgetPolicyRoles(this, 'budget-policies', { environment, deployer: identities.deployer.aclPrincipalId });
    const personalCompute =
      environment.personalCompute &&
      new PersonalCompute(this, 'personal-compute', {
        keep: environment.personalCompute.keep,
        autoTerminateMinutes: environment.personalCompute.autoTerminateMinutes,
        tags: { project: model.project.name, environment: environment.name },
      });
    // On the whole stack: a job or policy of the stack's own that names the team's groups or budget policies needs them first too.
    Aspects.of(TerraformStack.of(this)).add(
      new PrerequisitesFirst({
        groups: new Map([...(personalCompute?.groups ?? []), ...identities.groups]),
        budgetPolicies: budgetPolicies.ruleSets,
      }),
    );
    const warehouse = gateWarehouse(model);
    this.observability = new Observability(this, 'observability', {
      team,
      identities,
      workspace,
      unityCatalog,
      warehouseId: warehouse !== undefined ? compute.tableWarehouseId(warehouse) : undefined,
    });

    // The model's principals (TeamEnvironment.principals), each agent's as the stack declares it: a service principal
    // the stack creates is known only by its application id's token. The deployer is as the model names it.
    const principals = new Map(
      [...team.principals].map(([agent, known]) => [agent, agent === DEPLOYER ? (known.name as string) : identities.principalOf(agent).name]),
    );
    this.guardrails = new Guardrails(stack, {
      team,
      teamPath: this.node.path,
      teamPaths: () => teams.map((other) => other.node.path),
      principals,
      grantTargets: unityCatalog.grantTargets,
    });
    this.node.addValidation(this.guardrails);

    if (this.contract !== undefined && model.contract.deployToWorkspace) {
      // The agents running in the workspace read the same contract the stack enforces: every agent may read it,
      // while the root above it grants them nothing.
      const contract = new WorkspaceFile(this, 'contract', {
        path: workspace.pathOf('CONTRACT.md'),
        contentBase64: Buffer.from(this.contract).toString('base64'),
      });
      new Permissions(this, 'contract-permissions', {
        workspaceFilePath: contract.path,
        accessControl: allAgents(model).map((agent) => accessControl(principalOf(agent.name), 'CAN_READ')),
      });
    }
    this.pipelines = declarePipelines(this, team, identities, compute, unityCatalog);
  }

  /** The principal grants and permissions name for `agent` (an application id token, or a group name). */
  principalOf(agent: string): Principal {
    return this.identities.principalOf(agent);
  }

  /** The schema `name` of the model as declared here. @throws for a name the model does not have */
  schema(name: string): UcSchema {
    const schema = this.unityCatalog.schemas.get(name);
    if (!schema) throw new Error(`${this.node.path}: '${name}' is not a schema of the model`);
    return schema;
  }

  /** The compute row `name` as declared: its cluster policies by agent, or its SQL warehouse. @throws for an unknown row */
  computeRow(name: string): { readonly policies: ReadonlyMap<string, GovernedClusterPolicy>; readonly warehouse?: GovernedSqlWarehouse } {
    const policies = this.compute.policies.get(name);
    const warehouse = this.compute.warehouses.get(name);
    if (!policies && !warehouse) throw new Error(`${this.node.path}: '${name}' is not a compute row of the model`);
    return { policies: policies ?? new Map(), warehouse };
  }
}

function contractOf(team: TeamEnvironment, contract: AgentTeamProps['contract']): string | undefined {
  if (contract === false) return undefined;
  if (typeof contract === 'string') return contract;
  return renderContract(team, contract ?? {});
}

let shippedGuard: { script: string } | undefined;
/** The guard script this package ships, read once per process: the team needs no file from its caller. */
const defaultGuard = () => (shippedGuard ??= { script: readGuardScript() });

function declarePipelines(
  scope: Construct,
  team: TeamEnvironment,
  identities: AgentIdentities,
  compute: AgentCompute,
  unityCatalog: UnityCatalogOwnership,
): ReadonlyMap<string, GovernedPipeline> {
  const { model, environment } = team.terraform;
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
          principal: entry.level === 'IS_OWNER' ? runAs.principal : identities.principalOf(entry.agent),
          level: entry.level,
        })),
        protect: environment.protected,
      }),
    );
  }
  return pipelines;
}

/**
 * One output per agent identity with what a client needs to act as it — `identity-<agent>`: its kind and
 * application id (or group) — and, for created identities with credentials, `secret-<agent>`: the OAuth secret,
 * sensitive, so `cdktf output` shows it only when asked. `agent-contract profiles` reads them.
 */
function declareIdentityOutputs(scope: Construct, model: TeamModel, identities: AgentIdentities): TerraformOutput[] {
  const outputs: TerraformOutput[] = [];
  const output = (id: string, config: TerraformOutputConfig) => {
    const declared = new TerraformOutput(scope, id, config);
    declared.overrideLogicalId(id);
    outputs.push(declared);
  };
  for (const agent of allAgents(model)) {
    const principal = identities.principalOf(agent.name);
    const value =
      agent.identity.type === 'account-group'
        ? { kind: agent.identity.type, group: principal.name }
        : { kind: agent.identity.type, application_id: principal.name };
    output(`identity-${agent.name}`, { value, description: `How ${agent.name} authenticates` });
    const secret = identities.secrets.get(agent.name);
    if (secret) {
      output(`secret-${agent.name}`, { value: secret.secret, sensitive: true, description: `OAuth secret of ${agent.name}` });
      // When the next apply replaces the secret, and when it expires if no apply comes (expire_time: the API's own).
      output(`credential-dates-${agent.name}`, {
        value: { rotates_after: identities.rotations.get(agent.name)?.rotationRfc3339, expires: secret.expireTime },
        description: `When the OAuth secret of ${agent.name} rotates (next apply after) and expires`,
      });
    }
  }
  return outputs;
}
