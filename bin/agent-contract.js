#!/usr/bin/env node
const { main } = require('./load')('cli/main');
// Output piped into a reader that stops early (`| head`) ends the run quietly instead of with a stack trace.
const onError = (error) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit();
};
process.stdout.on('error', onError);
process.stderr.on('error', onError);
process.exitCode = main(process.argv.slice(2));
