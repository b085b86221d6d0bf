// Column changes of databricks_sql_table, split into the ones that break the table (or that the provider
// refuses) and the ones that only change its contract. Columns may only be appended.
import { code } from './markdown';
import { own } from './own';
import type { AgentChange } from './change';
import { concernedAgent } from './concerned-agent';
import { objectOf, objectText } from './object-names';
import { pathsOf, type Plan } from './read-plan';

type Json = Record<string, unknown>;

interface Column {
  readonly name: string;
  readonly type: string | undefined;
  readonly nullable: boolean;
  readonly comment: string;
  readonly identity: string;
}

export interface ColumnChanges {
  /** Markdown lines: reorder, removal, rename in place, type change. */
  readonly destructive: string[];
  /** Markdown lines: appended or added columns, nullability and comment changes. */
  readonly other: string[];
}

const columnsOf = (config: Json): Column[] =>
  ((config.column ?? []) as Json[]).map((column) => ({
    name: column.name as string,
    type: typeof column.type === 'string' ? column.type : undefined,
    // nullable defaults to true, comment and identity to empty (SqlColumnInfo in resource_sql_table.go).
    nullable: column.nullable !== false,
    comment: typeof column.comment === 'string' ? column.comment : '',
    identity: typeof column.identity === 'string' ? column.identity : '',
  }));

const ALIASES: Record<string, string> = {
  integer: 'int',
  long: 'bigint',
  real: 'float',
  short: 'smallint',
  byte: 'tinyint',
  decimal: 'decimal(10,0)',
  dec: 'decimal(10,0)',
  numeric: 'decimal(10,0)',
};

/** Types compare as the provider compares them: no backticks, any case, aliases folded (getColumnType in resource_sql_table.go). */
const typeKey = (type: string | undefined): string | undefined => {
  if (type === undefined) return undefined; // computed: left out, the table keeps its type
  const folded = type.replace(/`/g, '').toLowerCase();
  return own(ALIASES, folded) ?? folded;
};
const sameType = (a: Column, b: Column): boolean =>
  (a.type === undefined || b.type === undefined || typeKey(a.type) === typeKey(b.type)) && a.identity === b.identity;
const typeText = (column: Column): string =>
  code(`${column.type ?? '(computed)'}${column.identity ? ` GENERATED ${column.identity.toUpperCase()} AS IDENTITY` : ''}`);

/**
 * terraform-provider-databricks v1.99.0 catalog/resource_sql_table.go compares columns by position: with the
 * same column count it renames every position whose name differs (ALTER TABLE RENAME COLUMN, which Delta
 * refuses without column mapping) and rejects type or identity changes; with another count it drops and
 * adds by name and rejects any other column change made at the same time (DATABRICKS.md "Apply order").
 */
export function compareColumns(old: readonly Column[], now: readonly Column[]): ColumnChanges {
  const destructive: string[] = [];
  const other: string[] = [];
  const oldNames = new Set(old.map((column) => column.name));
  const newNames = new Set(now.map((column) => column.name));
  const sameCount = old.length === now.length;

  const renamedAt = new Set<number>();
  if (sameCount) {
    old.forEach((was, i) => {
      const is = now[i];
      if (was.name === is.name || newNames.has(was.name) || oldNames.has(is.name)) return;
      renamedAt.add(i);
      const retyped = sameType(was, is) ? '' : `, type ${typeText(was)} → ${typeText(is)}`;
      destructive.push(
        `renamed column ${code(was.name)} to ${code(is.name)} at position ${i + 1}${retyped} (RENAME COLUMN, refused by Delta without column mapping)`,
      );
    });
  }
  old.forEach((was, i) => {
    if (!newNames.has(was.name) && !renamedAt.has(i))
      destructive.push(`removed column ${code(was.name)} (DROP COLUMN: refused by Delta without column mapping, and its data is lost)`);
  });

  const keptOld = old.filter((column) => newNames.has(column.name)).map((column) => column.name);
  const keptNew = now.filter((column) => oldNames.has(column.name)).map((column) => column.name);
  keptNew.forEach((name, k) => {
    if (keptOld[k] === name) return;
    const from = old.findIndex((column) => column.name === name) + 1;
    const to = now.findIndex((column) => column.name === name) + 1;
    destructive.push(`moved column ${code(name)} from position ${from} to ${to} (reordering renames columns by position)`);
  });

  const lastExisting = Math.max(-1, ...now.map((column, j) => (oldNames.has(column.name) || renamedAt.has(j) ? j : -1)));
  now.forEach((is, j) => {
    if (oldNames.has(is.name) || renamedAt.has(j)) return;
    const described = `${code(is.name)} ${typeText(is)}${is.nullable ? '' : ' NOT NULL'}`;
    if (j > lastExisting) other.push(`appended column ${described}`);
    // With another column count the provider adds by name, `ADD COLUMN … FIRST | AFTER <previous>`, which Delta
    // accepts (addOrRemoveColumnStatements in resource_sql_table.go); only an equal count renames by position.
    else if (!sameCount)
      other.push(`added column ${described} at position ${j + 1} (ADD COLUMN ${j === 0 ? 'FIRST' : `AFTER ${code(now[j - 1].name)}`})`);
    else destructive.push(`inserted column ${described} at position ${j + 1}, before existing columns (columns may only be appended)`);
  });

  for (const is of now) {
    const was = old.find((column) => column.name === is.name);
    if (!was) continue;
    if (!sameType(was, is))
      destructive.push(`changed the type of ${code(is.name)}: ${typeText(was)} → ${typeText(is)} (the provider refuses type changes)`);
    const changed = [was.nullable !== is.nullable ? 'nullability' : '', was.comment !== is.comment ? 'comment' : ''].filter(Boolean);
    if (!changed.length) continue;
    if (!sameCount) {
      destructive.push(
        `changed the ${changed.join(' and ')} of ${code(is.name)} while adding or removing columns (the provider refuses both in one apply)`,
      );
      continue;
    }
    if (was.nullable !== is.nullable)
      other.push(is.nullable ? `${code(is.name)} is now nullable` : `${code(is.name)} is now NOT NULL (fails while the column holds NULLs)`);
    if (was.comment !== is.comment)
      other.push(`changed the comment of ${code(is.name)}: ${code(JSON.stringify(was.comment))} → ${code(JSON.stringify(is.comment))}`);
  }
  return { destructive, other };
}

export function diffTableColumns(before: Plan, after: Plan): AgentChange[] {
  const changes: AgentChange[] = [];
  for (const path of pathsOf(before, after)) {
    const old = before.resources.get(path);
    const now = after.resources.get(path);
    if (old?.type !== 'databricks_sql_table' || now?.type !== 'databricks_sql_table') continue;
    const { destructive, other } = compareColumns(columnsOf(old.config), columnsOf(now.config));
    if (!destructive.length && !other.length) continue;
    const object = objectOf(after, now);
    const agent = concernedAgent(after, now);
    const table = objectText(object);
    for (const [severity, lines] of [
      ['destructive', destructive],
      ['change', other],
    ] as const)
      changes.push(...lines.map((line): AgentChange => ({ agent, severity, category: 'columns', object, markdown: `${table}: ${line}` })));
  }
  return changes;
}
