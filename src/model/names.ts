// Name rules shared by the schema and its error messages: what Unity Catalog and Databricks principals accept.

/** Unity Catalog object names (catalog, schema, table, model): unquoted SQL identifiers, stored lowercase. */
export const UC_NAME = /^[a-z_][a-z0-9_]*$/;
export const UC_NAME_MAX = 255;

/** Column names: SQL identifiers; Unity Catalog keeps their case. */
export const COLUMN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Agent names become service principal display names and Terraform addresses: kebab-case. */
export const AGENT_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
export const AGENT_NAME_MAX = 63;

/** Account group names: no whitespace, quotes, backticks, semicolons or control characters. */
export const GROUP_NAME = /^[A-Za-z0-9][A-Za-z0-9._@+-]*$/;

/** Cloud node type ids (Standard_NC4as_T4_v3, g5.xlarge, n2-highmem-4). */
export const NODE_TYPE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const APPLICATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A lowercase, underscore-joined version of `value`, offered as the fix for an invalid Unity Catalog name. */
export function toUcName(value: string): string {
  const cleaned = value
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, UC_NAME_MAX);
  return /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned || 'name';
}

/** A kebab-case version of `value`, offered as the fix for an invalid agent name. */
export function toAgentName(value: string): string {
  const cleaned = value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, AGENT_NAME_MAX);
  return /^[a-z]/.test(cleaned) ? cleaned : `agent-${cleaned}`;
}

/** Characters that make a name unsafe anywhere (SQL, Terraform, Markdown), described for error messages. */
export function describeBadCharacters(value: string): string | undefined {
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'control characters';
  if (/\s/.test(value)) return 'spaces';
  if (/[`'"]/.test(value)) return 'quotes or backticks';
  if (value.includes(';')) return 'semicolons';
  if (value.includes('.')) return 'dots';
  return undefined;
}

/**
 * Groups that hold every user or every admin of a workspace or account (Databricks' built-in `users`, `admins` and
 * `account users`; group names compare without case). As an agent's identity they would give everyone its grants.
 */
export const BROAD_GROUPS: ReadonlySet<string> = new Set(['users', 'account users', 'admins']);
