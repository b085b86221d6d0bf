// SQL text the stack writes into the workspace (alert queries, dashboard datasets): identifiers quoted, never pasted.

/** A Databricks SQL identifier: backtick-quoted, a backtick inside doubled (Databricks SQL "Identifiers"). */
export const quoteIdentifier = (name: string): string => `\`${name.replace(/`/g, '``')}\``;

/** `catalog`.`schema`.`table`, each part quoted. */
export const qualifiedName = (...parts: readonly string[]): string => parts.map(quoteIdentifier).join('.');

/** A SQL string literal: single quotes doubled, backslashes escaped (Databricks SQL "STRING literals"). */
export const stringLiteral = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
