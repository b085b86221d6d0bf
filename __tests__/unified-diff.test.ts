import { applyPatch } from 'diff';
import { unifiedDiff } from '../src/contract/unified-diff';

const numbered = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix} ${i}\n`).join('');

describe('unifiedDiff', () => {
  it('prints the two names and a hunk of the changed line with three lines of context', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\nh\n';
    expect(unifiedDiff(before, before.replace('e\n', 'E\n'), 'CONTRACT.md', 'stacks/team.yaml (fresh render)')).toBe(
      ['--- CONTRACT.md', '+++ stacks/team.yaml (fresh render)', '@@ -2,7 +2,7 @@', ' b', ' c', ' d', '-e', '+E', ' f', ' g', ' h', ''].join('\n'),
    );
  });

  it('marks a last line without a line end', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb', 'old', 'new')).toBe(
      ['--- old', '+++ new', '@@ -1,2 +1,2 @@', ' a', '-b', '+b', '\\ No newline at end of file', ''].join('\n'),
    );
  });

  it('diffs files far apart in one hunk that still turns the old text into the new', () => {
    const before = `head\n${numbered('old', 3_000)}tail 1\ntail 2\ntail 3\ntail 4`;
    const after = `head\n${numbered('new', 2_000)}tail 1\ntail 2\ntail 3\ntail 4`;
    const diff = unifiedDiff(before, after, 'old', 'new');
    expect(diff.split('\n').slice(0, 4)).toEqual(['--- old', '+++ new', '@@ -1,3004 +1,2004 @@', ' head']);
    expect(diff.split('\n').filter((line) => line.startsWith('-') && !line.startsWith('---'))).toHaveLength(3_000);
    expect(applyPatch(before, diff)).toBe(after);
  });

  it('diffs far apart files whose common lines are beyond the context, and files with nothing in common', () => {
    const before = `${numbered('same', 10)}${numbered('old', 1_500)}`;
    const after = `${numbered('same', 10)}${numbered('new', 1_500)}`;
    const diff = unifiedDiff(before, after, 'old', 'new');
    expect(diff.split('\n')[2]).toBe('@@ -8,1503 +8,1503 @@');
    expect(applyPatch(before, diff)).toBe(after);
    const disjoint = unifiedDiff(numbered('old', 1_200), '', 'old', 'new');
    expect(disjoint.split('\n')[2]).toBe('@@ -1,1200 +0,0 @@');
    expect(applyPatch(numbered('old', 1_200), disjoint)).toBe('');
  });
});
