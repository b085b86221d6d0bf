#!/usr/bin/env node
// Entry point of cdktf.json's `app`: loads TypeScript without type-checking and turns model problems
// into a readable list and exit code 1 instead of a stack trace.
require('./register');
const { setImmediate } = require('node:timers');
const { reportFailure } = require('../src/cli/report');

// Synthesis starts from a fresh tick, not from inside the two require() calls that load the app. cdktf captures a
// complete stack trace (Error.stackTraceLimit raised to the maximum) for every token it creates; withoutTokenTraces
// (src/synth-process.ts) keeps the formatted text out of each token, but V8 still walks every frame of the call stack
// to capture it, and the frames of module loading (about 15 per token, half of each stack) would only add to that walk.
setImmediate(() => {
  try {
    require('../stacks/main').synthesize();
  } catch (error) {
    process.exitCode = reportFailure(error, process.stderr);
  }
});
