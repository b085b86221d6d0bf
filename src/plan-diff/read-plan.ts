// Reads a synthesized cdk.tf.json into what the access diff compares: resources by construct path and
// principals by agent name.
import { readFileSync } from 'node:fs';

type Json = Record<string, unknown>;

export interface PlanResource {
  readonly type: string;
  /** Terraform address, e.g. databricks_schema.unity-catalog_schema-gold_schema_1A2B3C4D. */
  readonly address: string;
  /** Construct path below the stack, e.g. unity-catalog/schema-gold/schema. */
  readonly path: string;
  readonly config: Json;
}

export interface Plan {
  /** By construct path. */
  readonly resources: ReadonlyMap<string, PlanResource>;
  /** A principal as written in a grant or permission → a readable name (the agent for stack-made identities). */
  principalName(value: string): string;
}

export class PlanFileError extends Error {}

const pathOf = (config: Json): string | undefined => {
  const path = ((config['//'] as Json | undefined)?.metadata as Json | undefined)?.path;
  return typeof path === 'string' ? path.split('/').slice(1).join('/') : undefined;
};

export function parsePlan(text: string, file: string): Plan {
  let json: Json;
  try {
    json = JSON.parse(text) as Json;
  } catch (error) {
    throw new PlanFileError(`'${file}' is not JSON: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || !('resource' in json || 'data' in json || 'provider' in json)) {
    throw new PlanFileError(`'${file}' is not a synthesized cdk.tf.json: pass cdktf.out/stacks/<env>/cdk.tf.json`);
  }
  const resources = new Map<string, PlanResource>();
  const identities = new Map<string, string>();
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, block] of Object.entries((json[kind] ?? {}) as Record<string, Record<string, Json>>)) {
      for (const [id, config] of Object.entries(block)) {
        const path = pathOf(config) ?? `${type}.${id}`;
        if (type === 'databricks_service_principal') identities.set(`\${${kind === 'data' ? 'data.' : ''}${type}.${id}.application_id}`, path.split('/').pop() as string);
        if (kind === 'resource') resources.set(path, { type, address: `${type}.${id}`, path, config });
      }
    }
  }
  return { resources, principalName: (value) => identities.get(value) ?? value };
}

export function readPlan(file: string): Plan {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PlanFileError(`cannot read '${file}': ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  return parsePlan(text, file);
}
