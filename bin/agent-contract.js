#!/usr/bin/env node
// A CLI run is short: most of its code runs a few times only, yet V8's default tiering sends the YAML lexer and zod's
// parsers to TurboFan, whose compile jobs cost more CPU (on background threads) than they ever save. Eight times the
// default interrupt budget (67,584 bytes of bytecode run, V8 11 `--interrupt-budget`) only delays tier-up: long runs
// still optimize their hot loops. It steers the tiering heuristic only, so changing it after start-up is safe. The
// synth process uses the same budget (SHORT_RUN_INTERRUPT_BUDGET in src/synth-process.ts; a test holds them equal).
// Measured 2026-12-03 (CPU, median of 13, node 20, 2 loaded cores): `validate stacks/team.yaml` 781 -> 601 ms;
// a 100-agent/2,000-table model 837 -> 741 ms as JSON, 2,280 -> 2,206 ms as YAML.
require('node:v8').setFlagsFromString('--interrupt-budget=540672');
const load = require('./load');
// A command runs from its bundle when there is a fresh one (bin/bundles.js), else from the sources or dist/. A bundle
// that does not load (a build rewriting it at this moment) is passed over: the sources hold the same code.
const bundle = require('./bundles').bundleFor(require('node:path').join(__dirname, '..'), process.argv[2], load.sources);
const loadBundle = () => {
  try {
    return require(bundle);
  } catch {
    return undefined;
  }
};
const { main } = (bundle && loadBundle()) || load('cli/main');
// Output piped into a reader that stops early (`| head`) ends the run quietly instead of with a stack trace.
const onError = (error) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit();
};
process.stdout.on('error', onError);
process.stderr.on('error', onError);
process.exitCode = main(process.argv.slice(2));
