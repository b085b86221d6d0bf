// Resources whose destruction loses data or an identity (DATABRICKS.md "What loses data or access"): protected
// environments give them prevent_destroy, and the access diff marks their destruction.

export const STATEFUL_TYPES: ReadonlySet<string> = new Set([
  'databricks_catalog',
  'databricks_schema',
  'databricks_sql_table',
  'databricks_registered_model',
  // A managed volume's files go with it.
  'databricks_volume',
  'databricks_pipeline',
  // A new service principal gets a new application id: every grant naming the old one is lost.
  'databricks_service_principal',
]);
