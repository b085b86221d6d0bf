// One cdktf stack per environment of the model: the providers, the backend and one AgentTeam.
import { join } from 'node:path';
import type { Construct } from 'constructs';
import { TerraformStack, type IStackSynthesizer, type ISynthesisSession } from 'cdktf';
import { DatabricksProvider } from '@cdktf/provider-databricks/lib/provider';
import { TimeProvider } from '@cdktf/provider-time/lib/provider';
import { addBackend } from './backend';
import { AgentTeam, type AgentTeamProps } from './agent-team';
import { writeStableJsonFile } from './stable-json-file';

export type EnvironmentStackProps = AgentTeamProps;

/**
 * The stack of one environment. Credentials are never part of it: the provider reads DATABRICKS_TOKEN or
 * DATABRICKS_CLIENT_ID/DATABRICKS_CLIENT_SECRET from the environment at plan time.
 */
export class EnvironmentStack extends TerraformStack {
  /** The team, declared with the id `Default`: cdktf leaves that id out of logical ids (private/unique.js
   * HIDDEN_ID), so every Terraform address is the one a team declared directly in the stack would have. */
  readonly team: AgentTeam;

  private final?: Record<string, unknown>;
  /** Where the synthesis under way stands in handing cdk.tf.json to writeStableJsonFile (see StreamingSynthesizer). */
  private write: 'idle' | 'armed' | 'next' | 'deferred' = 'idle';

  /**
   * Resolves the stack for both the guardrails and the file synth writes, once. cdktf calls it through the
   * guardrails' validation, after Aspects and right before writing; later changes would not be seen.
   */
  finalize(): Record<string, unknown> {
    this.final = super.toTerraform() as Record<string, unknown>;
    if (this.write === 'armed') this.write = 'next';
    return this.final;
  }

  override toTerraform(): Record<string, unknown> {
    if (this.write === 'next') {
      // cdktf's own write of cdk.tf.json, the first call after the guardrails finalized the stack: it writes `{}`,
      // and the synthesizer writes the file again, streamed, once cdktf is done.
      this.write = 'deferred';
      return {};
    }
    return this.final ?? super.toTerraform();
  }

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id);
    const environment = props.team.terraform.environment;
    new DatabricksProvider(this, 'databricks', { host: environment.workspaceUrl });
    // hashicorp/time: the time_rotating resources that rotate the agents' secrets.
    new TimeProvider(this, 'time', {});
    addBackend(this, environment);
    this.team = new AgentTeam(this, 'Default', props);
    this.synthesizer = new StreamingSynthesizer(this, this.synthesizer);
  }

  /** Whether cdktf took the `{}` in place of cdk.tf.json's content during the synthesis under way. */
  private deferredWrite(): boolean {
    return this.write === 'deferred';
  }

  /** Runs cdktf's synthesis of this stack, then writes cdk.tf.json streamed if cdktf left that to it. */
  synthesizeStreamed(cdktf: IStackSynthesizer, session: ISynthesisSession): void {
    this.write = 'armed';
    try {
      cdktf.synthesize(session);
      if (!this.deferredWrite()) return;
      const file = join(session.outdir, session.manifest.forStack(this).synthesizedStackPath);
      writeStableJsonFile(file, this.toTerraform());
    } finally {
      this.write = 'idle';
    }
  }
}

/**
 * cdktf's synthesizer (aspects, validations, the manifest, annotations, custom synthesis, HCL output) unchanged, but
 * cdk.tf.json written by writeStableJsonFile: the same bytes without json-stable-stringify's copies of the whole
 * text, the peak memory of a large synth. When validations are skipped the stack is never finalized, and cdktf
 * writes the file itself as usual; HCL output never asks for the JSON.
 */
class StreamingSynthesizer implements IStackSynthesizer {
  constructor(
    private readonly stack: EnvironmentStack,
    private readonly cdktf: IStackSynthesizer,
  ) {}

  synthesize(session: ISynthesisSession): void {
    this.stack.synthesizeStreamed(this.cdktf, session);
  }
}
