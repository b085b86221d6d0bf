// A managed Delta table with Change Data Feed on, created through a SQL warehouse.
import { Construct } from 'constructs';
import { SqlTable } from '@cdktf/provider-databricks/lib/sql-table';
import { AccessGrants, type SecurableProps } from './access-grants';
import type { Column } from '../model/types';

export interface DeltaTableProps extends SecurableProps {
  readonly catalogName: string;
  /** The schema's name (a reference, so the table depends on the schema). */
  readonly schemaName: string;
  readonly name: string;
  readonly columns: readonly Column[];
  /** Columns forced NOT NULL whatever the model says (feature-table keys). @default none */
  readonly requiredColumns?: readonly string[];
  /** @default - no comment */
  readonly comment?: string;
  /** The warehouse that runs the DDL; without one the provider would start its own cluster, outside every policy. */
  readonly warehouseId: string;
}

/**
 * `data_source_format` is deliberately left unset: on managed tables "DELTA" makes creation run
 * CREATE OR REPLACE TABLE. Properties compare as exact strings, hence the lowercase "true".
 */
export class DeltaTable extends Construct {
  readonly table: SqlTable;
  /** The table's id reference, read once: every read of `table.id` creates another token. */
  readonly tableId: string;
  /** The table's grants; what reads the table as a grantee (an alert) depends on them. */
  readonly grants?: AccessGrants;

  constructor(scope: Construct, id: string, props: DeltaTableProps) {
    super(scope, id);
    const required = new Set(props.requiredColumns ?? []);
    this.table = new SqlTable(this, 'table', {
      catalogName: props.catalogName,
      schemaName: props.schemaName,
      name: props.name,
      tableType: 'MANAGED',
      comment: props.comment,
      owner: props.owner,
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
      warehouseId: props.warehouseId,
      properties: { 'delta.enableChangeDataFeed': 'true' },
      column: props.columns.map((column) => ({
        name: column.name,
        type: column.type,
        comment: column.comment,
        nullable: required.has(column.name) ? false : column.nullable,
      })),
      lifecycle: props.protect ? { preventDestroy: true } : undefined,
    });
    this.tableId = this.table.id;
    this.grants = AccessGrants.declare(this, 'grants', { target: { table: this.tableId }, entries: props.grants ?? [] });
  }
}
