// Maps offsets into a text to 1-based lines and columns, for problems found by scanning the text itself.

export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A lookup from offset to line and column; the line starts are indexed once, each lookup is a binary search. */
export function positionsIn(text: string): (offset: number) => Position {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low] + 1 };
  };
}
