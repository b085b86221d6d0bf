#!/usr/bin/env node
const { main } = require('./load')('cli/main');
process.exitCode = main(process.argv.slice(2));
