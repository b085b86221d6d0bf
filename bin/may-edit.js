#!/usr/bin/env node
// The edit hook's entry: the compiled dist/ of an installed package (which ships no sources); in a checkout of this
// repository the sources, transpiled once and cached by bin/register.js, so an edit of the hook takes effect at once
// and a build running beside it cannot hand the hook half-written modules.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const source = join(__dirname, '..', 'src', 'ownership', 'may-edit.ts');
const checkout = existsSync(source);
if (checkout) require('./register');
process.exitCode = require(checkout ? source : join(__dirname, '..', 'dist', 'ownership', 'may-edit.js')).main(process.argv.slice(2));
