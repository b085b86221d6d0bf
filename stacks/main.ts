// The cdktf app: `npx cdktf synth` (and plan, deploy) runs this, transpiled, not type-checked, through bin/synth.js,
// which calls synthesize() from a fresh tick (see there why). The model is cdktf.json's `context.modelPath` (the
// reference model by default); AGENT_CONTRACT_MODEL=<path> selects another one for a single command.
import { synthSelectedModel } from '../src/cli/model-app';

export function synthesize(): void {
  synthSelectedModel();
}
