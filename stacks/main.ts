// The cdktf app: `npx cdktf synth` runs this (transpiled, not type-checked) through bin/synth.js.
// AGENT_CONTRACT_MODEL=<path> selects another model file; the default is stacks/team.yaml.
import { synthWithContracts } from '../src/app';
import { loadModelFile, DEFAULT_MODEL_PATH } from '../src/model/load';

const modelPath = process.env.AGENT_CONTRACT_MODEL || DEFAULT_MODEL_PATH;
synthWithContracts(loadModelFile(modelPath), { modelPath });
