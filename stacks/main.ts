// The cdktf app: `npx cdktf synth` (and plan, deploy) runs this, transpiled, not type-checked, through bin/synth.js,
// which calls synthesize() from a fresh tick (see there why). The model is cdktf.json's `context.modelPath` (the
// reference model by default); AGENT_CONTRACT_MODEL=<path> selects another one for a single command.
import { synthWithContracts } from '../src/app';
import { loadModelFile } from '../src/model/load';
import { repositoryPath, selectedModelPath } from '../src/model/model-path';
import { formatProblem } from '../src/model/problems';
import { modelWarnings } from '../src/model/warnings';

export function synthesize(): void {
  const modelPath = repositoryPath(selectedModelPath(process.env));
  const model = loadModelFile(modelPath);
  for (const warning of modelWarnings(model)) process.stderr.write(`warning: ${formatProblem(warning, modelPath)}\n`);
  synthWithContracts(model, { modelPath });
}
