// One cdktf stack per environment of the model: provider, backend, and the agent team's resources.
import type { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { DatabricksProvider } from '@cdktf/provider-databricks/lib/provider';
import type { NamedEnvironment, TeamModel } from '../model/types';
import { allAgents, pipelineDevelopment } from '../model/types';
import { Guardrails } from '../rules/guardrails';
import { DEPLOYER } from '../access/derive';
import { addBackend } from './backend';
import { AgentIdentities } from './agent-identities';
import { AgentCompute } from './agent-compute';
import { UnityCatalogOwnership } from './unity-catalog-ownership';
import { GovernedPipeline } from './governed-pipeline';
import { WorkspaceFile } from '@cdktf/provider-databricks/lib/workspace-file';
import { renderContract } from '../contract/render';
import type { TemplateFile } from '../contract/template-check';
import { pipelineName } from '../model/resource-names';
import { deriveCompute } from '../access/compute';
import { forTerraform } from '../model/terraform-text';
import { Permissions } from '@cdktf/provider-databricks/lib/permissions';
import { WorkspaceTree } from './workspace-tree';
import { accessControl } from './principal';
import type { UcSchema } from './uc-schema';

export interface EnvironmentStackProps {
  readonly model: TeamModel;
  readonly environment: NamedEnvironment;
  /** The model path named in CONTRACT.md's generated-file notice. @default stacks/team.yaml */
  readonly modelPath?: string;
  /** The CONTRACT.md template, read at the app's edge (src/app.ts). @default the built-in templates/CONTRACT.md.hbs */
  readonly contractTemplate?: TemplateFile;
}

/**
 * One output per agent identity with what a client needs to act as it — `identity-<agent>`: its kind and
 * application id (or group) — and, for created identities with credentials, `secret-<agent>`: the OAuth secret,
 * sensitive, so `cdktf output` shows it only when asked. `agent-contract profiles` reads them.
 */
function declareIdentityOutputs(stack: TerraformStack, model: TeamModel, identities: AgentIdentities): void {
  for (const agent of allAgents(model)) {
    const principal = identities.principalOf(agent.name);
    const value =
      agent.identity.type === 'account-group'
        ? { kind: agent.identity.type, group: principal.name }
        : { kind: agent.identity.type, application_id: principal.name };
    new TerraformOutput(stack, `identity-${agent.name}`, { value, description: `How ${agent.name} authenticates` }).overrideLogicalId(`identity-${agent.name}`);
    const secret = identities.secrets.get(agent.name);
    if (secret) {
      new TerraformOutput(stack, `secret-${agent.name}`, { value: secret.secret, sensitive: true, description: `OAuth secret of ${agent.name}` }).overrideLogicalId(
        `secret-${agent.name}`,
      );
    }
  }
}

/**
 * The stack of one environment, named after it. Credentials are never part of it: the provider reads
 * DATABRICKS_TOKEN or DATABRICKS_CLIENT_ID/DATABRICKS_CLIENT_SECRET from the environment at plan time.
 */
export class EnvironmentStack extends TerraformStack {
  readonly identities: AgentIdentities;
  readonly compute: AgentCompute;
  readonly unityCatalog: UnityCatalogOwnership;
  /** The project's workspace root and file-ownership folders. */
  readonly workspace: WorkspaceTree;
  readonly pipelines = new Map<string, GovernedPipeline>();
  /** This environment's CONTRACT.md, rendered once; synth writes it beside cdk.tf.json. */
  readonly contract: string;
  /** The guardrail pack, run as this stack's validation once every Aspect has run. */
  readonly guardrails: Guardrails;

  private final?: Record<string, unknown>;

  /**
   * Resolves the stack for both the guardrails and the file synth writes, once. cdktf calls it through the
   * guardrails' validation, after Aspects and right before writing; later changes would not be seen.
   */
  finalize(): Record<string, unknown> {
    this.final = super.toTerraform() as Record<string, unknown>;
    return this.final;
  }

  override toTerraform(): Record<string, unknown> {
    return this.final ?? super.toTerraform();
  }

  constructor(scope: Construct, props: EnvironmentStackProps) {
    super(scope, props.environment.name);
    // Every construct below reads the model through the one Terraform escape; the contract reads it as written.
    const model = forTerraform<TeamModel>(props.model);
    const environment = forTerraform<NamedEnvironment>(props.environment);
    new DatabricksProvider(this, 'databricks', { host: environment.workspaceUrl });
    addBackend(this, environment);
    const sqlUsers = new Set(deriveCompute(model).flatMap((row) => (row.type === 'sql-warehouse' ? [...row.users, model.roles.workspaceAdmin] : [])));
    this.identities = new AgentIdentities(this, 'identities', {
      model,
      accountId: environment.accountId,
      protect: environment.protected,
      sqlUsers,
      credentials: environment.agentCredentials,
    });
    declareIdentityOutputs(this, model, this.identities);
    const principalOf = (agent: string) => this.identities.principalOf(agent);
    this.workspace = new WorkspaceTree(this, 'workspace', { model, identities: this.identities });

    this.compute = new AgentCompute(this, 'compute', { model, environment, identities: this.identities });
    const warehouseId = this.compute.tableWarehouseId(model.catalog.tableWarehouse);
    this.unityCatalog = new UnityCatalogOwnership(this, 'unity-catalog', {
      model,
      environment,
      identities: this.identities,
      // Validation guarantees a warehouse whenever the stack creates tables.
      warehouseId: warehouseId ?? '',
    });

    const principals = new Map(allAgents(model).map((agent) => [agent.name, this.identities.principalOf(agent.name).name]));
    const deployer = model.catalog.deployer;
    if (deployer) principals.set(DEPLOYER, 'applicationId' in deployer ? deployer.applicationId : deployer.group);
    this.guardrails = new Guardrails(this, { model: props.model, environment: props.environment, principals });
    this.node.addValidation(this.guardrails);

    this.contract = renderContract(props.model, props.environment, {
      modelPath: props.modelPath,
      sourceDateEpoch: process.env.SOURCE_DATE_EPOCH,
      template: props.contractTemplate,
    });
    if (model.contract.deployToWorkspace) {
      // The agents running in the workspace read the same contract the stack enforces: every agent may read it,
      // while the root above it grants them nothing.
      const contract = new WorkspaceFile(this, 'contract', {
        path: this.workspace.pathOf('CONTRACT.md'),
        contentBase64: Buffer.from(this.contract).toString('base64'),
      });
      new Permissions(this, 'contract-permissions', {
        workspaceFilePath: contract.path,
        accessControl: allAgents(model).map((agent) => accessControl(principalOf(agent.name), 'CAN_READ')),
      });
    }

    const computeRows = new Map(model.compute.map((row) => [row.name, row]));
    for (const pipeline of model.pipelines) {
      const row = pipeline.compute !== undefined ? computeRows.get(pipeline.compute) : undefined;
      const runAs = this.identities.runAs(pipeline.owner);
      const target = this.unityCatalog.schemas.get(pipeline.target) as UcSchema;
      this.pipelines.set(
        pipeline.name,
        new GovernedPipeline(this, `pipeline-${pipeline.name}`, {
          pipeline,
          name: pipelineName({ project: model.project.name, environment: environment.name }, pipeline.name),
          catalogName: this.unityCatalog.catalog.catalog.name,
          schemaName: target.schema.name,
          workspaceRoot: model.project.workspaceRoot,
          development: pipelineDevelopment(environment),
          // Classic clusters run on the run-as agent's own policy, so they are charged and limited as that agent.
          policyId: row ? this.compute.policyFor(row.name, pipeline.owner)?.policy.id : undefined,
          maxWorkers: row?.maxWorkers,
          runAs: runAs.principal,
          dependsOn: [...runAs.dependsOn.map((role) => role.ruleSet), ...(target.grants ? [target.grants.resource] : [])],
          tags: this.compute.tagsFor(pipeline.compute, pipeline.owner),
          budgetPolicyId: environment.budgetPolicies[pipeline.owner],
          principalOf,
          protect: environment.protected,
        }),
      );
    }
  }
}
