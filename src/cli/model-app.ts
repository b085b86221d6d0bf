// The cdktf app of a model file, as `npx cdktf synth` runs it: this repository's stacks/main.ts, and the main.js
// `agent-contract init` writes into a project, which installs this package and has no build step of its own.
import { synthWithContracts } from '../app';
import { tuneSynthProcess } from '../synth-process';
import { loadModelFile } from '../validation/load';
import { repositoryPath, selectedModelPath } from '../model/model-path';
import { formatProblem } from '../model/problems';
import { modelWarnings } from '../access/warnings';
import { EXIT_OK, reportFailure } from './report';

interface Writable {
  write(text: string): unknown;
}

/**
 * Synthesizes the model cdktf.json's `context.modelPath` names (AGENT_CONTRACT_MODEL for one command): one stack per
 * environment with its CONTRACT.md, into CDKTF_OUTDIR. Prints the model's warnings; throws on an invalid model.
 * Meant for the process cdktf runs as the app: it tunes that process's V8 heuristics (tuneSynthProcess).
 */
export function synthSelectedModel(environment: NodeJS.ProcessEnv = process.env, stderr: Writable = process.stderr): void {
  const modelPath = repositoryPath(selectedModelPath(environment));
  tuneSynthProcess();
  const model = loadModelFile(modelPath);
  for (const warning of modelWarnings(model)) stderr.write(`warning: ${formatProblem(warning, modelPath)}\n`);
  synthWithContracts(model, { modelPath });
}

/** synthSelectedModel with the CLI's failure report: the exit code, never a stack trace (`process.exitCode = runModelApp()`). */
export function runModelApp(environment: NodeJS.ProcessEnv = process.env, stderr: Writable = process.stderr): number {
  try {
    synthSelectedModel(environment, stderr);
    return EXIT_OK;
  } catch (error) {
    return reportFailure(error, stderr);
  }
}
