// "Did you mean" suggestions for misspelled names and keys.

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** Longer than any name: nothing is a typo of it, and the quadratic distance would only cost time. */
const LONGEST_NAME = 255;

/** The closest candidate within a third of the value's length, if any. */
export function closest(value: string, candidates: Iterable<string>): string | undefined {
  if (value.length > LONGEST_NAME) return undefined;
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.ceil(value.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = distance(value.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

export function didYouMean(value: string, candidates: Iterable<string>): string {
  const match = closest(value, candidates);
  return match ? ` (did you mean '${match}'?)` : '';
}
