#!/usr/bin/env node
// Entry point of cdktf.json's `app`: loads TypeScript without type-checking and turns model problems
// into a readable list and exit code 1 instead of a stack trace.
require('./register');
const { reportFailure } = require('../src/cli/report');
try {
  require('../stacks/main');
} catch (error) {
  process.exitCode = reportFailure(error, process.stderr);
}
