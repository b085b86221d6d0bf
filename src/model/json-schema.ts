// The JSON Schema editors use to complete and check team.yaml, generated from the runtime schema.
import * as z from 'zod';
import { TeamModelSchema } from './schema';

let cached: Record<string, unknown> | undefined;

export function modelJsonSchema(): Record<string, unknown> {
  cached ??= {
    ...z.toJSONSchema(TeamModelSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://databricks-agent-contract/team.schema.json',
    title: 'databricks-agent-contract team model',
  };
  return cached;
}
