// The compact file-ownership matrix the edit hook reads, and what makes a matrix ambiguous. Both come from the
// model's fileOwnership; the hook itself (matcher.js) loads neither the model nor any dependency.
import type { TeamModel } from '../model/types';
import { globToRegExp, specificity, type Ownership } from './matcher';

type Entry = { readonly pattern: string; readonly access: Readonly<Record<string, 'OWNS' | 'READS'>> };

const agentsWith = (entry: Entry, level: 'OWNS' | 'READS') =>
  Object.entries(entry.access)
    .filter(([, access]) => access === level)
    .map(([agent]) => agent)
    .sort();

/** The matrix as the hook reads it: owners and readers per pattern, in model order. */
export function ownershipOf(model: Pick<TeamModel, 'fileOwnership' | 'roles'>): Ownership {
  return {
    version: 1,
    orchestrator: model.roles.orchestrator,
    patterns: model.fileOwnership.map((entry) => ({
      pattern: entry.pattern,
      owners: agentsWith(entry, 'OWNS'),
      readers: agentsWith(entry, 'READS'),
    })),
  };
}

/** Where synth and `agent-contract agents` write the matrix, beside the plans or the agent definitions. */
export const OWNERSHIP_FILE = 'ownership.json';

/** The ownership file's text, as both writers write it. */
export function ownershipFileText(model: Pick<TeamModel, 'fileOwnership' | 'roles'>): string {
  return `${JSON.stringify(ownershipOf(model), null, 2)}\n`;
}

/** Paths a pattern matches, one per way its wildcards can expand: enough to see whether two patterns overlap. */
export function samples(pattern: string): string[] {
  let out = [''];
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '*' && pattern[i + 1] === '*') {
      const slashAfter = pattern[i + 2] === '/';
      out = out.flatMap((prefix) => (slashAfter ? [prefix, `${prefix}x/`, `${prefix}x/y/`] : [`${prefix}x`, `${prefix}x/y`]));
      i += slashAfter ? 2 : 1;
    } else if (pattern[i] === '*') out = out.flatMap((prefix) => [`${prefix}x`, prefix]);
    else out = out.map((prefix) => prefix + pattern[i]);
  }
  return out.filter((path) => path !== '' && globToRegExp(pattern).test(path));
}

/**
 * Whether two patterns may match one path, conservatively: their literal text before the first `*` must agree (one
 * a prefix of the other) and so must their text after the last `*` (one a suffix of the other). Without wildcards
 * only identical patterns overlap.
 */
function mayOverlap(a: string, b: string): boolean {
  if (!a.includes('*') || !b.includes('*')) return a === b || globToRegExp(a.includes('*') ? a : b).test(a.includes('*') ? b : a);
  const [pa, pb] = [a.slice(0, a.indexOf('*')), b.slice(0, b.indexOf('*'))];
  const [sa, sb] = [a.slice(a.lastIndexOf('*') + 1), b.slice(b.lastIndexOf('*') + 1)];
  return (pa.startsWith(pb) || pb.startsWith(pa)) && (sa.endsWith(sb) || sb.endsWith(sa));
}

/**
 * Pairs of patterns that can decide the same path with different owners: equally specific, possibly overlapping,
 * and not owned by the same agents. The most specific pattern decides a path, so only such ties are ambiguous;
 * `path` is an example both match when one is found.
 */
export function ambiguousPatterns(entries: readonly Entry[]): { first: number; second: number; path: string }[] {
  const found: { first: number; second: number; path: string }[] = [];
  entries.forEach((a, i) => {
    entries.forEach((b, j) => {
      if (j <= i) return;
      const [ra, rb] = [specificity(a.pattern), specificity(b.pattern)];
      if (ra[0] !== rb[0] || ra[1] !== rb[1]) return;
      if (agentsWith(a, 'OWNS').join() === agentsWith(b, 'OWNS').join()) return;
      if (!mayOverlap(a.pattern, b.pattern)) return;
      const both = (path: string) => globToRegExp(a.pattern).test(path) && globToRegExp(b.pattern).test(path);
      const [pa, pb] = [a.pattern, b.pattern].map((p) => p.slice(0, p.indexOf('*') < 0 ? p.length : p.indexOf('*')));
      const [sa, sb] = [a.pattern, b.pattern].map((p) => (p.includes('*') ? p.slice(p.lastIndexOf('*') + 1) : ''));
      const joined = `${pa.length >= pb.length ? pa : pb}${sa.length >= sb.length ? sa : sb}`;
      const shared = [...samples(a.pattern), ...samples(b.pattern), joined].find(both);
      found.push({ first: i, second: j, path: shared ?? '' });
    });
  });
  return found;
}
