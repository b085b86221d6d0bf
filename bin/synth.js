#!/usr/bin/env node
// Entry point of cdktf.json's `app`: loads TypeScript without type-checking and turns model problems
// into a readable list and exit code 1 instead of a stack trace.
require('./register');
const { setImmediate } = require('node:timers');
const { reportFailure } = require('../src/cli/report');

// Synthesis starts from a fresh tick, not from inside the two require() calls that load the app. cdktf records a
// complete stack trace (Error.stackTraceLimit raised to the maximum) as the `creationStack` of every token it
// creates (tokens/private/intrinsic.js, lazy.js, complex-computed-list.js: one or more per resource) and only ever
// prints it in the error for a token that cannot be resolved (tokens/resolvable.js, errors.js). The frames of
// module loading (about 15 per token, half of each trace) say nothing there; dropping them only shortens those
// traces, while the frames from our constructors down to cdktf, the ones that locate a bad token, all remain.
setImmediate(() => {
  try {
    require('../stacks/main').synthesize();
  } catch (error) {
    process.exitCode = reportFailure(error, process.stderr);
  }
});
