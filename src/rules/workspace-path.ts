// A workspace path as Terraform will resolve it: folders derive their paths from their parents' resources.
import type { RuleContext } from './rule';

/** A leading `${<type>.<id>.path}` replaced by that element's own path, recursively, as Terraform would. */
export function resolvedPath(path: string, context: RuleContext, depth = 0): string {
  const match = /^\$\{([a-z_]+\.[A-Za-z0-9_-]+)\.path\}/.exec(path);
  if (!match || depth > 64) return path;
  const addresses = context.groupedBy('addresses', (other) => (other.idRef === undefined ? undefined : other.idRef.slice(2, -'.id}'.length)));
  const parent = addresses.get(match[1])?.[0]?.config.path;
  return typeof parent === 'string' ? resolvedPath(parent, context, depth + 1) + path.slice(match[0].length) : path;
}
