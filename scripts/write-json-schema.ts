// Writes stacks/team.schema.json from the runtime schema (`npm run schema`); a test fails when it is stale.
import { writeFileSync } from 'node:fs';
import { modelJsonSchema } from '../src/model/json-schema';

writeFileSync('stacks/team.schema.json', `${JSON.stringify(modelJsonSchema(), null, 2)}\n`);
