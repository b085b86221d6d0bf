// Catalog ownership: whoever runs Terraform must keep control of what it manages.
import type { CheckContext } from './context';
import { didYouMean } from '../suggest';

export function checkCatalog(ctx: CheckContext): void {
  const { catalog, compute, tables } = ctx.model;
  if (catalog.ownership === 'agents' && !catalog.deployer) {
    ctx.report(
      ['catalog', 'deployer'],
      "ownership 'agents' moves every owner away from the deploying identity: name it as catalog.deployer ({ applicationId } or { group }) so it keeps MANAGE, or use ownership 'deployer'",
    );
  }

  const warehouses = compute.filter((row) => row.type === 'sql-warehouse').map((row) => row.name);
  if (catalog.tableWarehouse !== undefined) {
    if (!warehouses.includes(catalog.tableWarehouse)) {
      ctx.report(
        ['catalog', 'tableWarehouse'],
        `'${catalog.tableWarehouse}' is not a sql-warehouse compute row${didYouMean(catalog.tableWarehouse, warehouses)}: name one`,
      );
    }
  } else if (warehouses.length !== 1 && tables.some((table) => table.pipeline === undefined)) {
    ctx.report(
      ['catalog', 'tableWarehouse'],
      warehouses.length === 0
        ? 'tables need a SQL warehouse to run their DDL: add a sql-warehouse compute row'
        : `${warehouses.length} sql-warehouse rows (${warehouses.join(', ')}): name the one that runs table DDL as catalog.tableWarehouse`,
    );
  }
}
