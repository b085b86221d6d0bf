// DAC-TB1: tables run their DDL on a governed warehouse, track changes, and never CREATE OR REPLACE.
import { NOT_APPLICABLE, verdict, type GuardrailRule } from './rule';

export const tableSafety: GuardrailRule = {
  id: 'DAC-TB1',
  summary: 'every sql_table has warehouse_id and CDF on, and no DELTA format when managed',
  checks:
    'Every `databricks_sql_table` has `warehouse_id`, Change Data Feed on (`delta.enableChangeDataFeed = "true"`), and no `DELTA` `data_source_format` when managed.',
  why: 'Without a warehouse the provider starts its own cluster outside every policy; the Delta Table Protocol requires Change Data Feed; `DELTA` on a managed table makes creation run `CREATE OR REPLACE TABLE`.',
  fix: "Set the model's `catalog.tableWarehouse`, keep Change Data Feed on, and remove `data_source_format` from managed tables.",
  check(element) {
    if (element.type !== 'databricks_sql_table') return NOT_APPLICABLE;
    const config = element.config;
    const messages: string[] = [];
    if (!config.warehouse_id)
      messages.push("no warehouse_id: without one the provider starts its own cluster outside every policy; set the model's tableWarehouse");
    const properties = (config.properties ?? {}) as Record<string, unknown>;
    if (properties['delta.enableChangeDataFeed'] !== 'true')
      messages.push('delta.enableChangeDataFeed is not "true": the Delta Table Protocol requires Change Data Feed');
    if (config.table_type === 'MANAGED' && typeof config.data_source_format === 'string' && config.data_source_format.toUpperCase() === 'DELTA') {
      messages.push('data_source_format DELTA on a managed table makes creation run CREATE OR REPLACE TABLE: remove it');
    }
    return verdict(messages);
  },
};
