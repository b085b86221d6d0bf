// A workspace URL becomes the provider's host in cdk.tf.json: user info written into it (`https://token:dapi…@host`)
// would put credentials into the plan, state and CI logs. Refused without echoing it: the message shows the host only.
import type { CheckContext } from './context';

/** The URL parsed, or undefined when the schema has already refused it. */
function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

export function checkUrls(ctx: CheckContext): void {
  for (const [name, environment] of Object.entries(ctx.model.environments)) {
    const url = parse(environment.workspaceUrl);
    if (url === undefined || (url.username === '' && url.password === '')) continue;
    ctx.report(
      ['environments', name, 'workspaceUrl'],
      `'https://…@${url.host}' carries user info (credentials before '@'), which would be written into the plan: give only 'https://${url.host}' and pass credentials through DATABRICKS_TOKEN or DATABRICKS_CLIENT_SECRET`,
    );
  }
}
