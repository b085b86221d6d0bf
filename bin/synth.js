#!/usr/bin/env node
// Entry point of cdktf.json's `app`: loads TypeScript without type-checking and turns model problems
// into a readable list and exit code 1 instead of a stack trace.
require('./register');
const { join } = require('node:path');
const { setImmediate } = require('node:timers');
const { bundleAt } = require('./bundles');

// The app runs from its bundle while that is fresh (scripts/write-bundles.ts, bin/bundles.js), else from the sources.
// synthesize and reportFailure come from the same copy, so reportFailure recognizes the errors synthesize throws.
const bundle = bundleAt(join(__dirname, '..'), 'dist/app/synth', true);
const fromSources = () => ({ synthesize: () => require('../stacks/main').synthesize(), reportFailure: require('../src/cli/report').reportFailure });

// Synthesis starts from a fresh tick, not from inside the two require() calls that load the app. cdktf captures a
// complete stack trace (Error.stackTraceLimit raised to the maximum) for every token it creates; withoutTokenTraces
// (src/synth-process.ts) keeps the formatted text out of each token, but V8 still walks every frame of the call stack
// to capture it, and the frames of module loading (about 15 per token, half of each stack) would only add to that walk.
setImmediate(() => {
  let app;
  try {
    // Loaded here, so that a bundle that cannot load (a package missing from node_modules) is reported, not thrown.
    app = bundle ? require(bundle) : fromSources();
    app.synthesize();
  } catch (error) {
    process.exitCode = (app ?? fromSources()).reportFailure(error, process.stderr);
  }
});
