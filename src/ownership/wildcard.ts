// The file-ownership glob as a small automaton: matching runs in time proportional to pattern × path, never
// backtracking (a regular expression of `a*a*a*…b` ran for minutes), and two patterns' overlap is decided
// exactly on the product automaton instead of by enumerating sample paths.
//
// The language, as the seed's matrix writes it: `*` stays within one path segment; `**/` spans zero or more
// whole segments (`docs/**/*`: every file below docs); `**` elsewhere spans anything (`pipelines/bronze/**`);
// a pattern without `/` (`*.md`) matches at the repository root only.

enum Kind {
  Literal,
  /** `*`: any run of characters other than `/`. */
  Segment,
  /** `**` not followed by `/`: any run of characters. */
  Any,
  /** `**\/`: zero or more whole segments, each ending in `/`. */
  Directories,
}

interface Token {
  readonly kind: Kind;
  readonly char: string;
}

/** A compiled pattern: tokens, the literal text before its first and after its last wildcard. */
export interface Wildcard {
  readonly pattern: string;
  readonly tokens: readonly Token[];
  readonly prefix: string;
  readonly suffix: string;
  readonly literal: boolean;
}

export function compileWildcard(pattern: string): Wildcard {
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      const directories = pattern[i + 2] === '/';
      tokens.push({ kind: directories ? Kind.Directories : Kind.Any, char: '' });
      i += directories ? 2 : 1;
    } else tokens.push(c === '*' ? { kind: Kind.Segment, char: '' } : { kind: Kind.Literal, char: c });
  }
  const first = pattern.indexOf('*');
  if (first < 0) return { pattern, tokens, prefix: pattern, suffix: '', literal: true };
  const last = pattern.lastIndexOf('*');
  // After `**/` the slash belongs to the wildcard (it may match nothing): the suffix starts after it.
  const suffixStart = pattern[last + 1] === '/' && pattern[last - 1] === '*' ? last + 2 : last + 1;
  return { pattern, tokens, prefix: pattern.slice(0, first), suffix: pattern.slice(suffixStart), literal: false };
}

// States: 0..n are "before token i" (n accepts); n+1+i is "inside a segment of the `**/` token i".
const aux = (n: number, i: number) => n + 1 + i;

/** Adds the states reachable without reading a character: a wildcard may match nothing. */
function close(tokens: readonly Token[], states: Uint8Array): void {
  for (let i = 0; i < tokens.length; i++) if (states[i] && tokens[i].kind !== Kind.Literal) states[i + 1] = 1;
}

/** Whether `path` is matched by `wildcard`: one pass over the path, a state set as wide as the pattern. */
export function matchesWildcard(wildcard: Wildcard, path: string): boolean {
  if (wildcard.literal) return path === wildcard.pattern;
  if (!path.startsWith(wildcard.prefix) || !path.endsWith(wildcard.suffix)) return false;
  const { tokens } = wildcard;
  const n = tokens.length;
  let current = new Uint8Array(2 * n + 1);
  let next = new Uint8Array(2 * n + 1);
  current[0] = 1;
  close(tokens, current);
  for (let p = 0; p < path.length; p++) {
    const c = path[p];
    next.fill(0);
    let any = false;
    for (let i = 0; i < n; i++) {
      if (current[i]) {
        const token = tokens[i];
        if (token.kind === Kind.Literal) {
          if (token.char === c) next[i + 1] = 1;
        } else if (token.kind === Kind.Segment) {
          if (c !== '/') next[i] = 1;
        } else if (token.kind === Kind.Any) next[i] = 1;
        else if (c !== '/') next[aux(n, i)] = 1;
      }
      if (current[aux(n, i)]) {
        if (c === '/') next[i] = 1;
        else next[aux(n, i)] = 1;
      }
    }
    close(tokens, next);
    for (let s = 0; s < next.length && !any; s++) any = next[s] === 1;
    if (!any) return false;
    [current, next] = [next, current];
  }
  return current[n] === 1;
}

/** One character-consuming move of the automaton: the characters it accepts and the state it goes to. */
type Move = { readonly accepts: 'char' | 'not-slash' | 'any'; readonly char: string; readonly to: number };

function movesOf(tokens: readonly Token[], state: number): Move[] {
  const n = tokens.length;
  if (state > n) {
    const i = state - n - 1;
    return [
      { accepts: 'not-slash', char: '', to: state },
      { accepts: 'char', char: '/', to: i },
    ];
  }
  if (state === n) return [];
  const token = tokens[state];
  if (token.kind === Kind.Literal) return [{ accepts: 'char', char: token.char, to: state + 1 }];
  if (token.kind === Kind.Segment) return [{ accepts: 'not-slash', char: '', to: state }];
  if (token.kind === Kind.Any) return [{ accepts: 'any', char: '', to: state }];
  return [{ accepts: 'not-slash', char: '', to: aux(n, state) }];
}

/** A character both moves accept, if any: the automaton's future depends only on which move, not which character. */
function common(a: Move, b: Move): string | undefined {
  if (a.accepts === 'char' && b.accepts === 'char') return a.char === b.char ? a.char : undefined;
  if (a.accepts === 'char' || b.accepts === 'char') {
    const [literal, other] = a.accepts === 'char' ? [a, b] : [b, a];
    return other.accepts === 'not-slash' && literal.char === '/' ? undefined : literal.char;
  }
  return 'x';
}

/**
 * A path both patterns match, or undefined when none exists: a breadth-first search over pairs of states, so at
 * most |a| × |b| pairs, each visited once. The path found is among the shortest.
 */
export function overlapOf(a: Wildcard, b: Wildcard): string | undefined {
  const [na, nb] = [a.tokens.length, b.tokens.length];
  const width = 2 * nb + 1;
  const key = (x: number, y: number) => x * width + y;
  const parent = new Map<number, { from: number; char: string }>();
  const queue: number[] = [];
  const visit = (x: number, y: number, from: number, char: string) => {
    const k = key(x, y);
    if (parent.has(k)) return;
    parent.set(k, { from, char });
    queue.push(k);
  };
  visit(0, 0, -1, '');
  for (let head = 0; head < queue.length; head++) {
    const k = queue[head];
    const [x, y] = [Math.floor(k / width), k % width];
    if (x === na && y === nb) {
      let path = '';
      for (let at = k; parent.get(at)?.from !== -1; at = (parent.get(at) as { from: number }).from)
        path = (parent.get(at) as { char: string }).char + path;
      return path;
    }
    // Matching nothing: a wildcard may be skipped on either side.
    if (x < na && a.tokens[x].kind !== Kind.Literal) visit(x + 1, y, k, '');
    if (y < nb && b.tokens[y].kind !== Kind.Literal) visit(x, y + 1, k, '');
    for (const ma of movesOf(a.tokens, x))
      for (const mb of movesOf(b.tokens, y)) {
        const char = common(ma, mb);
        if (char !== undefined) visit(ma.to, mb.to, k, char);
      }
  }
  return undefined;
}
