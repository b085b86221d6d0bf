// Build step (`npm run build`): precompiles the built-in Handlebars templates into templates/precompiled.js.
import { relative } from 'node:path';
import { writePrecompiledTemplates } from '../src/contract/compiled-templates';

process.stdout.write(`wrote ${relative(process.cwd(), writePrecompiledTemplates())}\n`);
