// Facts a workspace URL gives away: no data source returns the current workspace id (DATABRICKS.md "Identity, isolation").

/** The numeric workspace id of an Azure workspace URL (`https://adb-<id>.<n>.azuredatabricks.net`); undefined elsewhere. */
export function workspaceIdOf(url: string): number | undefined {
  const match = /^https:\/\/adb-(\d+)\.\d+\.azuredatabricks\.net\/?$/i.exec(url);
  return match ? Number(match[1]) : undefined;
}
