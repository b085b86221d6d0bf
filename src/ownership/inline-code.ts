// What a `python -c`, `node -e`, `ruby -e` or `perl -e` one-liner writes, as far as its text shows: file-writing
// calls with a string-literal path are targets; a writing call with a computed path, or one that runs other
// commands, makes the one-liner unreadable.

export interface InlineWrites {
  readonly targets: string[];
  readonly unreadable?: string;
}

/** A string literal whose quote is capture group `n` and whose text is group `n + 1`. */
const string = (n: number) => `(['"\x60])((?:(?!\\${n})[^\\\\]|\\\\.)*)\\${n}`;

/** Calls whose first argument is the file they write, remove or create (Python os/shutil, Node fs, Ruby File). */
const PATH_FIRST = new RegExp(
  String.raw`\b(os\.(?:remove|unlink|rmdir|removedirs|makedirs|mkdir|rename|replace|truncate|symlink|link|chmod)|shutil\.\w+|` +
    String.raw`(?:writeFile|appendFile|createWriteStream|unlink|rm|rmdir|mkdir|rename|copyFile|cp|truncate|symlink|link|chmod|open)(?:Sync)?|` +
    String.raw`File\.(?:write|delete|unlink|rename|open|new)|FileUtils\.\w+)\s*\(\s*(?:${string(2)})?`,
  'g',
);
/** Calls that name a second path they write: shutil.copy/move, os.rename/replace/link, fs.copyFile/rename/cp, FileUtils.cp/mv. */
const TWO_PATHS = /^(?:\w+\.)?(?:rename|replace|copy\w*|move|cp|mv|symlink|link)(?:Sync)?$/i;
/** The second argument right after the first string literal, when it is a string literal itself. */
const SECOND_PATH = new RegExp(String.raw`^\s*,\s*${string(1)}`);
/** Python's open(): it writes only with a mode holding w, a, x or +. */
const PYTHON_OPEN = new RegExp(String.raw`\bopen\s*\(\s*(?:${string(1)})?[^,)]*(?:,\s*(?:mode\s*=\s*)?(['"])([^'"]*)\3)?`, 'g');
/** pathlib: `Path('x').write_text(…)` names its file before the call. */
const PATH_METHOD = new RegExp(
  String.raw`(?:Path\s*\(\s*${string(1)}\s*\)\s*)?\.(write_text|write_bytes|touch|unlink|rmdir|mkdir|rename|replace|symlink_to|hardlink_to)\s*\(`,
  'g',
);
/** Ways a one-liner runs other programs or code the hook cannot read. */
const RUNS_OTHERS =
  /\b(os\.system|os\.popen|os\.exec\w*|subprocess|child_process|exec(?:Sync|File\w*)?\s*\(|spawn(?:Sync)?\s*\(|eval\s*\(|__import__|importlib|system\s*\()/;

export function inlineWrites(language: 'python' | 'node' | 'ruby' | 'perl', code: string): InlineWrites {
  const runs = RUNS_OTHERS.exec(code) ?? (language === 'ruby' || language === 'perl' ? /(`)/.exec(code) : null);
  if (runs) return { targets: [], unreadable: `it runs other code (${runs[1].trim()})` };
  // Perl's file operations are operators without parentheses: any of them makes the one-liner unreadable.
  if (language === 'perl') {
    const op = /\b(open|unlink|rename|mkdir|rmdir|truncate|symlink|link)\b|>/.exec(code);
    return op ? { targets: [], unreadable: `it may write a file (${op[0]})` } : { targets: [] };
  }
  const targets: string[] = [];
  for (const match of code.matchAll(PATH_FIRST)) {
    if (language === 'python' && match[1] === 'open') continue;
    if (match[3] === undefined) return { targets: [], unreadable: `${match[1]}() writes a path computed at run time` };
    targets.push(match[3]);
    if (!TWO_PATHS.test(match[1])) continue;
    // copy/move/rename/link write their second argument (a move also removes the first): both are judged.
    const second = SECOND_PATH.exec(code.slice((match.index ?? 0) + match[0].length));
    if (!second) return { targets: [], unreadable: `${match[1]}() writes a second path the hook cannot read` };
    targets.push(second[2]);
  }
  if (language === 'python')
    for (const match of code.matchAll(PYTHON_OPEN)) {
      if (match[4] === undefined || !/[wax+]/.test(match[4])) continue;
      if (match[2] === undefined) return { targets: [], unreadable: 'open() writes a path computed at run time' };
      targets.push(match[2]);
    }
  for (const match of code.matchAll(PATH_METHOD)) {
    if (match[2] === undefined) return { targets: [], unreadable: `.${match[3]}() writes a path computed at run time` };
    targets.push(match[2]);
  }
  return { targets };
}
