#!/usr/bin/env node
require('./register');
const { main } = require('../src/cli/main');
process.exitCode = main(process.argv.slice(2));
