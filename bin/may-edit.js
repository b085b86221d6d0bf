#!/usr/bin/env node
// The edit hook's entry: plain Node, no transpiling, no model loading (src/ownership/may-edit.js says why).
'use strict';
process.exitCode = require('../src/ownership/may-edit.js').main(process.argv.slice(2));
