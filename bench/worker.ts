// One benchmark measurement in a fresh process: runs a phase, then prints its timing and peak RSS as JSON.
import { performance } from 'node:perf_hooks';

const [phase, modelFile, outdir, planFile] = process.argv.slice(2);
const started = performance.now();
let resources = 0;

if (phase === 'validate') {
  require('../src/validation/load').loadModelFile(modelFile);
} else if (phase === 'validate-invalid') {
  // The model holds one bad value: the measurement is how fast it is reported, so the refusal is the success.
  const { ModelError } = require('../src/model/problems');
  try {
    require('../src/validation/load').loadModelFile(modelFile);
    throw new Error(`${modelFile} was accepted; it should hold one bad value`);
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
  }
} else if (phase === 'synth') {
  const model = require('../src/validation/load').loadModelFile(modelFile);
  require('../src/app').synthWithContracts(model, { outdir, modelPath: modelFile });
} else if (phase === 'render') {
  const model = require('../src/validation/load').loadModelFile(modelFile);
  const { environmentOf } = require('../src/model/types');
  require('../src/contract/render').renderContract(model, environmentOf(model, 'dev'));
} else if (phase === 'baseline') {
  resources = require('./baseline').synthBaseline(planFile, outdir);
} else {
  throw new Error(`unknown phase ${phase}`);
}

process.stdout.write(
  JSON.stringify({
    phaseMs: performance.now() - started,
    processMs: performance.now(),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    resources,
  }),
);
