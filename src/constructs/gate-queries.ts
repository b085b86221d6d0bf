// The queries a table's alerts run: one value, one row, built from quoted identifiers only.
import { qualifiedName, quoteIdentifier } from '../model/sql-text';

/** Minutes reported for an empty table: max() of no rows is NULL (DATABRICKS.md "Resources for gates"), and no rows is stale. */
export const EMPTY_TABLE_AGE = 2147483647;

/** The column each gate's query returns: the alert's evaluation source. */
export const GATE_COLUMN = { freshness: 'age_minutes', 'row-count': 'row_count' } as const;

export function freshnessQuery(catalog: string, schema: string, table: string, column: string): string {
  return (
    `SELECT coalesce(timestampdiff(MINUTE, max(${quoteIdentifier(column)}), current_timestamp()), ${EMPTY_TABLE_AGE}) AS ${GATE_COLUMN.freshness} ` +
    `FROM ${qualifiedName(catalog, schema, table)}`
  );
}

export function rowCountQuery(catalog: string, schema: string, table: string): string {
  return `SELECT count(*) AS ${GATE_COLUMN['row-count']} FROM ${qualifiedName(catalog, schema, table)}`;
}
