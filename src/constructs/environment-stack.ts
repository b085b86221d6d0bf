// One cdktf stack per environment of the model: provider, backend, and the agent team's resources.
import type { Construct } from 'constructs';
import { Aspects, TerraformStack } from 'cdktf';
import { DatabricksProvider } from '@cdktf/provider-databricks/lib/provider';
import type { NamedEnvironment, TeamModel } from '../model/types';
import { allAgents, pipelineDevelopment } from '../model/types';
import { GuardrailsAspect } from '../rules/guardrails-aspect';
import { DEPLOYER } from '../access/derive';
import { addBackend } from './backend';
import { AgentIdentities } from './agent-identities';
import { AgentCompute } from './agent-compute';
import { UnityCatalogOwnership } from './unity-catalog-ownership';
import { GovernedPipeline } from './governed-pipeline';
import { WorkspaceFile } from '@cdktf/provider-databricks/lib/workspace-file';
import { renderContract } from '../contract/render';

export interface EnvironmentStackProps {
  readonly model: TeamModel;
  readonly environment: NamedEnvironment;
  /** The model path named in CONTRACT.md's generated-file notice. @default stacks/team.yaml */
  readonly modelPath?: string;
}

/**
 * The stack of one environment, named after it. Credentials are never part of it: the provider reads
 * DATABRICKS_TOKEN or DATABRICKS_CLIENT_ID/DATABRICKS_CLIENT_SECRET from the environment at plan time.
 */
export class EnvironmentStack extends TerraformStack {
  readonly identities: AgentIdentities;
  readonly compute: AgentCompute;
  readonly unityCatalog: UnityCatalogOwnership;
  readonly pipelines = new Map<string, GovernedPipeline>();
  /** This environment's CONTRACT.md, rendered once; synth writes it beside cdk.tf.json. */
  readonly contract: string;
  /** The guardrail pack, applied to this stack as an Aspect. */
  readonly guardrails: GuardrailsAspect;

  private resolved?: Record<string, unknown>;

  /**
   * Resolves the stack once for both the guardrails and the file synth writes. Call it when the stack is
   * final (after any escape hatch): later changes would not be seen.
   */
  resolveOnce(): Record<string, unknown> {
    if (!this.resolved) this.resolved = super.toTerraform() as Record<string, unknown>;
    return this.resolved;
  }

  override toTerraform(): Record<string, unknown> {
    return this.resolved ?? super.toTerraform();
  }

  constructor(scope: Construct, props: EnvironmentStackProps) {
    super(scope, props.environment.name);
    const { model, environment } = props;
    new DatabricksProvider(this, 'databricks', { host: environment.workspaceUrl });
    addBackend(this, environment);
    this.identities = new AgentIdentities(this, 'identities', { model, protect: environment.protected });
    const principalOf = (agent: string) => this.identities.principalOf(agent);

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
    this.guardrails = new GuardrailsAspect(this, { model, environment, principals });
    Aspects.of(this).add(this.guardrails);

    this.contract = renderContract(model, environment, { modelPath: props.modelPath, sourceDateEpoch: process.env.SOURCE_DATE_EPOCH });
    if (model.contract.deployToWorkspace) {
      // The agents running in the workspace read the same contract the stack enforces.
      new WorkspaceFile(this, 'contract', {
        path: `${model.project.workspaceRoot}/CONTRACT.md`,
        contentBase64: Buffer.from(this.contract).toString('base64'),
      });
    }

    const computeRows = new Map(model.compute.map((row) => [row.name, row]));
    for (const pipeline of model.pipelines) {
      const row = pipeline.compute !== undefined ? computeRows.get(pipeline.compute) : undefined;
      this.pipelines.set(
        pipeline.name,
        new GovernedPipeline(this, `pipeline-${pipeline.name}`, {
          pipeline,
          name: `${model.project.name}-${environment.name}-${pipeline.name}`,
          catalogName: this.unityCatalog.catalog.catalog.name,
          workspaceRoot: model.project.workspaceRoot,
          development: pipelineDevelopment(environment),
          policyId: row ? this.compute.policies.get(row.name)?.policy.id : undefined,
          maxWorkers: row?.maxWorkers,
          principalOf,
          protect: environment.protected,
        }),
      );
    }
  }
}
