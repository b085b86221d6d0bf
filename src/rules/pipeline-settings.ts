// DAC-PL1: pipelines publish to Unity Catalog, run in the environment's mode, as a service principal.
import { pipelineDevelopment } from '../model/types';
import { NOT_APPLICABLE, verdict, type GuardrailRule } from './rule';

export const pipelineSettings: GuardrailRule = {
  id: 'DAC-PL1',
  summary: 'pipelines: catalog + schema, development flag matching the environment, run_as set',
  checks:
    'Pipelines publish to Unity Catalog with `catalog` + `schema` (no legacy `target`), their `development` flag matches the environment, and `run_as` is set.',
  why: "Pipelines publish to Unity Catalog, run in the environment's mode (production in protected environments), as a service principal.",
  fix: "Set `catalog` and `schema`, remove `target`, set `development` as the environment's `pipelineDevelopment` says, and set `run_as`.",
  check(element, context) {
    if (element.type !== 'databricks_pipeline') return NOT_APPLICABLE;
    const config = element.config;
    const messages: string[] = [];
    if (!config.catalog || !config.schema) messages.push('catalog and schema are not both set: publish to Unity Catalog with catalog + schema');
    if (config.target !== undefined) messages.push('target is legacy and conflicts with schema: remove it');
    const expected = pipelineDevelopment(context.environment);
    if ((config.development ?? false) !== expected) {
      messages.push(`development is ${String(config.development ?? false)} in '${context.environment.name}': it must be ${expected} there`);
    }
    const runAs = config.run_as as { service_principal_name?: string } | undefined;
    if (!runAs?.service_principal_name) messages.push("run_as is not set: run as the owner agent's service principal");
    return verdict(messages);
  },
};
