// A platform team's own cdktf app: its stack, its provider and backend, a resource of its own — and the agent team
// of one environment added with one construct, imported by the package's name.
import { join } from 'node:path';
import { App, Aspects, LocalBackend, TerraformResource, TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { DatabricksProvider } from '@cdktf/provider-databricks/lib/provider';
import { TimeProvider } from '@cdktf/provider-time/lib/provider';
import { Directory } from '@cdktf/provider-databricks/lib/directory';
import { AgentTeam, loadModelFile, resolveEnvironment, writeContracts } from 'databricks-agent-contract';

const model = loadModelFile(process.env.AGENT_CONTRACT_MODEL ?? join(__dirname, '../../stacks/team.yaml'));
// One environment of the model, resolved once: its derivations and the escaped view the constructs read.
const team = resolveEnvironment(model, 'dev');

const app = new App({ outdir: process.env.OUTDIR ?? join(__dirname, 'cdktf.out') });
const stack = new TerraformStack(app, 'platform');
new DatabricksProvider(stack, 'databricks', { host: team.environment.workspaceUrl });
new TimeProvider(stack, 'time', {}); // the agents' secrets rotate through hashicorp/time's time_rotating
new LocalBackend(stack, { path: 'terraform.platform.tfstate' });

// The platform team's own resource, next to the agents'.
new Directory(stack, 'runbooks', { path: '/platform/runbooks' });

// The contract is rendered and the runtime guard's script shipped by default; the model's suppressions are
// addressed as dev/<path below the team>, whatever this stack is called.
const agents = new AgentTeam(stack, 'agents', { team });
// A lookup for the platform's own resources: the schema the agents' gold layer lives in.
agents.schema('gold');

// The platform's own policy, as an Aspect: every SQL warehouse carries its cost center.
Aspects.of(stack).add({
  visit(node: IConstruct) {
    if (node instanceof TerraformResource && node.terraformResourceType === 'databricks_sql_endpoint') {
      node.addOverride('tags.custom_tags', [{ key: 'cost_center', value: 'platform-42' }]);
    }
  },
});

app.synth();
// CONTRACT.md beside the stack's cdk.tf.json, as `npx cdktf synth` of this package writes it.
writeContracts(app);
