// Where the bins load the library from: the TypeScript sources in a checkout (transpiled on the fly, so an edit
// takes effect at once), the compiled dist/ in an installed package, which ships no sources.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const sources = existsSync(join(__dirname, '..', 'src', 'index.ts'));
if (sources) require('./register');

/** `module` below src/ (or dist/), e.g. `cli/main`. */
module.exports = (module) => require(join(__dirname, '..', sources ? 'src' : 'dist', module));
/** Whether this is a checkout, running its sources, rather than an installed package. */
module.exports.sources = sources;
