// SQL text the stack writes into the workspace (alert queries, dashboard datasets): identifiers quoted, never pasted.

/** A Databricks SQL identifier: backtick-quoted, a backtick inside doubled (Databricks SQL "Identifiers"). */
export const quoteIdentifier = (name: string): string => `\`${name.replace(/`/g, '``')}\``;

/** `catalog`.`schema`.`table`, each part quoted. */
export const qualifiedName = (...parts: readonly string[]): string => parts.map(quoteIdentifier).join('.');

/**
 * A SQL string literal: backslashes and single quotes escaped with a backslash (Databricks SQL "STRING type": `\'`
 * escapes a quote; `'a''b'` would read as two adjacent literals and lose the quote).
 */
export const stringLiteral = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
