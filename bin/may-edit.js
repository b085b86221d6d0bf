#!/usr/bin/env node
// The edit hook's entry: plain Node, no transpiling, no model loading (src/ownership/may-edit.js says why).
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const local = join(__dirname, '..', 'src', 'ownership', 'may-edit.js');
process.exitCode = require(existsSync(local) ? local : join(__dirname, '..', 'dist', 'ownership', 'may-edit.js')).main(process.argv.slice(2));
