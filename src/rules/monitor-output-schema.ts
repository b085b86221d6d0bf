// DAC-OB2: a quality monitor writes its metric tables into a schema of the model, never into one nobody governs.
import { NOT_APPLICABLE, verdict, type GuardrailRule } from './rule';

/** docs/resources/quality_monitor.md: output_schema_name is `<catalog>.<schema>`, where the metric tables are created. */
export const monitorOutputSchema: GuardrailRule = {
  id: 'DAC-OB2',
  summary: "quality monitors: the output schema is a schema of the model in the environment's catalog",
  checks: "Every quality monitor's output schema is a schema of the model in the environment's catalog.",
  why: "A monitor's metric tables belong in a schema the model governs, never in one nobody governs.",
  fix: 'Name `observability.monitorSchema`, a schema of the model.',
  check(element, context) {
    if (element.type !== 'databricks_quality_monitor') return NOT_APPLICABLE;
    const written = String(element.config.output_schema_name ?? '');
    // A reference to a schema of the stack, or a literal `<catalog>.<schema>`.
    const bySchemaId = context.groupedBy('schemas-by-id', (other) => (other.type === 'databricks_schema' ? other.idRef : undefined));
    const referenced = bySchemaId.get(written)?.[0];
    const dot = written.indexOf('.');
    const name = referenced
      ? String(referenced.config.name)
      : dot > 0 && written.slice(0, dot) === context.environment.catalog
        ? written.slice(dot + 1)
        : undefined;
    if (name !== undefined && context.model.schemas.some((schema) => schema.name === name)) return verdict([]);
    return verdict([
      `output schema '${written}' is not a schema of the model in catalog '${context.environment.catalog}': name observability.monitorSchema, a schema the model governs`,
    ]);
  },
};
