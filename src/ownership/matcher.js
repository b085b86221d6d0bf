// Who may edit a repository path, by the file-ownership matrix: plain JavaScript without dependencies, because the
// PreToolUse hook runs it on every edit an agent makes and must answer in milliseconds. Types: matcher.d.ts.
'use strict';

/**
 * A glob as the seed's matrix writes them: `*` stays within one path segment, `**` spans any number of
 * segments (`src/**\/*`: every file below src; `pipelines/bronze/**`: everything below pipelines/bronze),
 * and a pattern without `/` (`*.md`) matches at the repository root only.
 */
function globToRegExp(pattern) {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      const slashAfter = pattern[i + 2] === '/';
      source += slashAfter ? '(?:[^/]+/)*' : '.*';
      i += slashAfter ? 2 : 1;
    } else if (c === '*') source += '[^/]*';
    else source += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * How specific a pattern is: its literal leading segments, then its literal characters. The most specific
 * matching pattern decides: `pipelines/bronze/**` over `pipelines/**\/*` for `pipelines/bronze/x.py`.
 */
function specificity(pattern) {
  const segments = pattern.split('/');
  let literal = 0;
  while (literal < segments.length && !segments[literal].includes('*')) literal++;
  return [literal, pattern.replace(/\*/g, '').length];
}

const compare = (a, b) => a[0] - b[0] || a[1] - b[1];

/** The patterns matching `path` that decide it (the most specific ones), or none. */
function deciding(patterns, path) {
  let best;
  let found = [];
  for (const entry of patterns) {
    if (!globToRegExp(entry.pattern).test(path)) continue;
    const rank = specificity(entry.pattern);
    const order = best === undefined ? 1 : compare(rank, best);
    if (order > 0) {
      best = rank;
      found = [entry];
    } else if (order === 0) found.push(entry);
  }
  return found;
}

/**
 * `path` relative to the repository root `root`, with `/` separators; undefined when it lies outside.
 * Both are plain strings: no file system access, so a path that does not exist yet is judged too.
 */
function repositoryPath(path, root) {
  const slash = (text) => text.replace(/\\/g, '/');
  const absolute = slash(path).startsWith('/') ? slash(path) : `${slash(root).replace(/\/+$/, '')}/${slash(path)}`;
  const parts = [];
  for (const part of absolute.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!parts.length) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  const base = slash(root)
    .split('/')
    .filter((part) => part && part !== '.');
  if (base.some((part, i) => parts[i] !== part)) return undefined;
  const relative = parts.slice(base.length).join('/');
  return relative === '' ? undefined : relative;
}

/**
 * Whether `agent` may edit `path` (relative to the repository root) by `ownership`, the compact matrix:
 * `{ orchestrator, patterns: [{ pattern, owners, readers }] }`. It may when it OWNS the deciding pattern.
 */
function decide(ownership, agent, path) {
  const found = deciding(ownership.patterns, path);
  if (!found.length) {
    return { allowed: false, reason: `no file-ownership pattern covers '${path}': ask ${ownership.orchestrator} to add one to the model` };
  }
  const owners = [...new Set(found.flatMap((entry) => entry.owners))].sort();
  const patterns = found.map((entry) => `'${entry.pattern}'`).join(', ');
  if (owners.includes(agent)) return { allowed: true, reason: `${agent} owns '${path}' by ${patterns}` };
  const reads = found.some((entry) => entry.readers.includes(agent));
  const ask = owners.length ? owners.join(' or ') : ownership.orchestrator;
  return {
    allowed: false,
    reason: `${agent} ${reads ? 'may only read' : 'has no access to'} '${path}' (pattern ${patterns}): ask ${ask} to make the change`,
  };
}

module.exports = { globToRegExp, specificity, deciding, repositoryPath, decide };
