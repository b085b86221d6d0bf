// The cdktf app `npx cdktf synth` runs (cdktf.json "app"): one stack per environment of the model that cdktf.json's
// context.modelPath names, each written with its CONTRACT.md to cdktf.out/stacks/<environment>/. Plain JavaScript
// calling the installed package, so synth needs no build step. AGENT_CONTRACT_MODEL=<path> selects another model for
// one command. To add resources of your own next to the agents', see the package's library guide (AgentTeam).
const { setImmediate } = require('node:timers');
const { runModelApp } = require('databricks-agent-contract');

// From a fresh tick: cdktf keeps a stack trace per token, and module loading would only make each one deeper.
setImmediate(() => {
  process.exitCode = runModelApp();
});
