// The files a shell command writes, as far as its text shows: redirections, the file commands (cp, mv, rm, touch,
// mkdir, tee, sed -i, ln, truncate, dd of=, curl -o …), git's file-changing subcommands, and one-liners of python,
// node, ruby and perl. What it cannot read (a computed path, a glob, eval of a variable, find -delete, xargs into
// a writer, an unknown directory after `cd`) is reported as unreadable, for the model's setting to decide.
// Programs that write files on their own (npm, make, a script) are not seen: the commit check is the backstop.
import { isAbsolute, join } from 'node:path';
import { inlineWrites } from './inline-code';
import { parseShell, type SimpleCommand, type Word } from './shell-parse';

export interface CommandTargets {
  /** Absolute paths, or relative ones resolved against the directory the command runs in. */
  readonly targets: string[];
  /** Why parts of the command could not be read; empty when all of it could. */
  readonly unreadable: string[];
}

/** Devices a command may write without editing a file. */
const DEVICES = /^\/dev\/(null|stdout|stderr|tty|fd\/[0-9]+)$/;
/** Words before the command that only change how it runs. */
/** Wrapper options that take no value. */
const WRAPPER_FLAGS = new Set(['-i', '-n', '-E', '-H', '-P', '-v', '--preserve-status', '--foreground']);
/** git subcommands that leave the work tree's files as they are (the index, refs and remotes aside). */
const GIT_KEEPS_FILES = new Set([
  'add',
  'commit',
  'status',
  'log',
  'diff',
  'show',
  'branch',
  'fetch',
  'push',
  'remote',
  'rev-parse',
  'ls-files',
  'blame',
  'grep',
  'describe',
  'tag',
  'shortlog',
  'reflog',
  'config',
  'help',
  'version',
]);
const WRAPPERS = new Set(['sudo', 'env', 'nohup', 'time', 'command', 'exec', 'nice', 'ionice', 'stdbuf', 'timeout', 'builtin']);
/** Reserved words that open or continue a compound command; the command that follows them is read as usual. */
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}']);
/** Options that take a value, per command, so the value is not taken for a file. */
const VALUE_OPTIONS: Record<string, Set<string>> = {
  cp: new Set(['-t', '--target-directory', '-S', '--suffix']),
  mv: new Set(['-t', '--target-directory', '-S', '--suffix']),
  ln: new Set(['-t', '--target-directory', '-S', '--suffix']),
  install: new Set(['-t', '--target-directory', '-m', '--mode', '-o', '--owner', '-g', '--group', '-S', '--suffix']),
  mkdir: new Set(['-m', '--mode']),
  truncate: new Set(['-s', '--size', '-r', '--reference']),
  sed: new Set(['-e', '--expression', '-f', '--file', '-l', '--line-length']),
  perl: new Set(['-e', '-E', '-I', '-M', '-m']),
  rsync: new Set(['-e', '--rsh', '--exclude', '--include', '--filter']),
  curl: new Set(['-o', '--output', '-H', '-d', '-X', '-u', '--data', '--header', '-A', '-e', '-b', '-c']),
  wget: new Set(['-O', '--output-document']),
  chmod: new Set([]),
  chown: new Set([]),
};
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh']);
const INTERPRETERS: Record<string, 'python' | 'node' | 'ruby' | 'perl'> = { node: 'node', nodejs: 'node', ruby: 'ruby', perl: 'perl' };
const MAX_DEPTH = 8;

const basename = (command: string) => command.slice(command.lastIndexOf('/') + 1);
const interpreterOf = (name: string) => (/^python[0-9.]*$/.test(name) ? 'python' : INTERPRETERS[name]);

class Reader {
  readonly targets: string[] = [];
  readonly unreadable: string[] = [];
  /** The directory commands run in; undefined once a `cd` went somewhere the hook cannot tell. */
  private cwds: (string | undefined)[];

  constructor(
    cwd: string,
    private readonly depth = 0,
  ) {
    this.cwds = [cwd];
  }

  private get cwd(): string | undefined {
    return this.cwds[this.cwds.length - 1];
  }

  private target(word: Word, what: string, cwd = this.cwd): void {
    if (word.dynamic) this.unreadable.push(`${what} '${word.text}' is computed when the command runs`);
    else if (DEVICES.test(word.text)) return;
    else if (isAbsolute(word.text)) this.targets.push(word.text);
    else if (cwd === undefined) this.unreadable.push(`${what} '${word.text}' is relative to a directory the hook cannot tell`);
    else this.targets.push(join(cwd, word.text));
  }

  read(command: string): void {
    if (this.depth > MAX_DEPTH) {
      this.unreadable.push('commands nested too deep');
      return;
    }
    const parsed = parseShell(command);
    if (parsed.unreadable) this.unreadable.push(`the command has ${parsed.unreadable}`);
    for (const item of parsed.items) {
      if ('subshell' in item) {
        if (item.subshell === 'open') this.cwds.push(this.cwd);
        else if (this.cwds.length > 1) this.cwds.pop();
      } else this.simple(item.command);
    }
  }

  private simple({ words, redirects }: SimpleCommand): void {
    for (const redirect of redirects) this.target(redirect.target, `the redirection '${redirect.op}' into`);
    let at = 0;
    for (;;) {
      const word = words[at];
      if (!word) return;
      if (!word.dynamic && /^[A-Za-z_][A-Za-z0-9_]*=/.test(word.text)) at++;
      else if (!word.dynamic && KEYWORDS.has(word.text)) at++;
      else if (!word.dynamic && WRAPPERS.has(word.text)) {
        at++;
        // The wrappers' own options (`sudo -u x`, `timeout 5`, `env -i`): skipped up to the command. An option whose
        // value the hook cannot tell from the command (`timeout -s KILL 10 rm …`) makes the command unreadable.
        while (words[at] && (words[at].text.startsWith('-') || /^[0-9.]+[smhd]?$/.test(words[at].text))) {
          const option = words[at].text;
          if (option.startsWith('-') && option !== '-u' && !WRAPPER_FLAGS.has(option)) {
            this.unreadable.push(`the wrapper option '${option}' may take a value the hook cannot tell from the command`);
            return;
          }
          at += option === '-u' ? 2 : 1;
        }
      } else break;
    }
    const [head, ...args] = words.slice(at);
    if (head.dynamic) {
      this.unreadable.push(`the command name '${head.text}' is computed when the command runs`);
      return;
    }
    const name = basename(head.text);
    if (name === 'for' || name === 'select') return;
    if (name === 'case' || name === 'function') {
      this.unreadable.push(`a '${name}' statement`);
      return;
    }
    this.command(name, args);
  }

  /** Operands (non-option words) of a command, skipping the values of options that take one. */
  private operands(name: string, args: Word[]): { operands: Word[]; options: Map<string, Word> } {
    const takesValue = VALUE_OPTIONS[name] ?? new Set<string>();
    const operands: Word[] = [];
    const options = new Map<string, Word>();
    let afterDashes = false;
    for (let i = 0; i < args.length; i++) {
      const text = args[i].text;
      if (afterDashes || !text.startsWith('-') || text === '-') operands.push(args[i]);
      else if (text === '--') afterDashes = true;
      else if (text.includes('=') && text.startsWith('--')) {
        const [option, ...value] = text.split('=');
        options.set(option, { text: value.join('='), dynamic: args[i].dynamic });
      } else if (takesValue.has(text)) options.set(text, args[++i] ?? { text: '', dynamic: true });
      else options.set(text, { text: '', dynamic: false });
    }
    return { operands, options };
  }

  private command(name: string, args: Word[]): void {
    const { operands, options } = this.operands(name, args);
    switch (name) {
      case 'cd':
      case 'pushd': {
        const dir = operands[0];
        if (!dir || dir.dynamic || dir.text === '-') this.cwds[this.cwds.length - 1] = undefined;
        else this.cwds[this.cwds.length - 1] = isAbsolute(dir.text) ? dir.text : this.cwd && join(this.cwd, dir.text);
        return;
      }
      case 'popd':
        this.cwds[this.cwds.length - 1] = undefined;
        return;
      case 'rm':
      case 'rmdir':
      case 'unlink':
      case 'touch':
      case 'mkdir':
      case 'tee':
      case 'shred':
      case 'truncate':
        for (const operand of operands) this.target(operand, `${name} of`);
        return;
      case 'chmod':
      case 'chown':
      case 'chgrp':
        for (const operand of operands.slice(1)) this.target(operand, `${name} of`);
        return;
      case 'cp':
      case 'mv':
      case 'ln':
      case 'install':
      case 'rsync': {
        const into = options.get('-t') ?? options.get('--target-directory');
        if (name === 'mv') for (const source of into ? operands : operands.slice(0, -1)) this.target(source, 'mv of');
        if (into) this.target(into, `${name} into`);
        else if (operands.length) this.target(operands[operands.length - 1], `${name} to`);
        return;
      }
      case 'sed':
      case 'perl': {
        const inPlace = args.some((arg) => /^-[a-zA-Z]*i/.test(arg.text) || arg.text.startsWith('--in-place'));
        if (name === 'perl') {
          const code = options.get('-e') ?? options.get('-E');
          if (code) this.inline('perl', code);
        }
        if (!inPlace) return;
        const scriptGiven = options.has('-e') || options.has('--expression') || options.has('-f') || options.has('--file') || name === 'perl';
        for (const operand of scriptGiven ? operands : operands.slice(1)) this.target(operand, `${name} -i of`);
        return;
      }
      case 'dd':
        for (const arg of args) if (arg.text.startsWith('of=')) this.target({ text: arg.text.slice(3), dynamic: arg.dynamic }, 'dd of');
        return;
      case 'curl':
      case 'wget': {
        // Short options cluster (`curl -fsSLo FILE`): the cluster's last letter takes the next word.
        const cluster = args.findIndex((arg) => /^-[A-Za-z]{2,}$/.test(arg.text) && arg.text.endsWith(name === 'curl' ? 'o' : 'O'));
        const clustered = cluster >= 0 ? (args[cluster + 1] ?? { text: '', dynamic: true }) : undefined;
        const out =
          clustered ?? (name === 'curl' ? (options.get('-o') ?? options.get('--output')) : (options.get('-O') ?? options.get('--output-document')));
        if (out) this.target(out, `${name} output`);
        else if (name === 'curl' ? options.has('-O') : operands.length) this.unreadable.push(`${name} writes a file named by the URL`);
        return;
      }
      case 'git':
        this.git(args);
        return;
      case 'find':
        if (args.some((arg) => ['-delete', '-exec', '-execdir', '-ok', '-okdir', '-fprint', '-fprintf', '-fls'].includes(arg.text)))
          this.unreadable.push('find with -delete, -exec or -fprint acts on files the hook cannot list');
        return;
      case 'xargs':
        this.unreadable.push('xargs runs a command on arguments the hook cannot see');
        return;
      case 'eval':
        if (args.some((arg) => arg.dynamic)) this.unreadable.push('eval of a computed string');
        else this.nested(args.map((arg) => arg.text).join(' '));
        return;
      case 'patch':
      case 'unzip':
        this.unreadable.push(`${name} writes files named inside its input`);
        return;
      case 'tar':
        if (args.some((arg) => /^-?[a-zA-Z]*x/.test(arg.text) || arg.text === '--extract'))
          this.unreadable.push('tar extracts files named inside the archive');
        return;
    }
    if (SHELLS.has(name)) {
      const at = args.findIndex((arg) => /^-[a-zA-Z]*c[a-zA-Z]*$/.test(arg.text));
      if (at < 0) return;
      const script = args[at + 1];
      if (!script || script.dynamic) this.unreadable.push(`${name} -c of a computed string`);
      else this.nested(script.text);
      return;
    }
    const language = interpreterOf(name);
    if (language) {
      const flag = language === 'python' ? ['-c'] : language === 'node' ? ['-e', '--eval', '-p', '--print'] : ['-e'];
      const at = args.findIndex((arg) => flag.includes(arg.text));
      if (at >= 0) this.inline(language, args[at + 1] ?? { text: '', dynamic: true });
    }
  }

  private inline(language: 'python' | 'node' | 'ruby' | 'perl', code: Word): void {
    if (code.dynamic && /\$|`/.test(code.text)) {
      this.unreadable.push(`the ${language} one-liner is computed when the command runs`);
      return;
    }
    const writes = inlineWrites(language, code.text);
    if (writes.unreadable) this.unreadable.push(`the ${language} one-liner: ${writes.unreadable}`);
    for (const target of writes.targets) this.target({ text: target, dynamic: false }, `the ${language} one-liner's file`);
  }

  private nested(command: string): void {
    const inner = new Reader(this.cwd ?? '/', this.depth + 1);
    if (this.cwd === undefined) inner.cwds = [undefined];
    inner.read(command);
    this.targets.push(...inner.targets);
    this.unreadable.push(...inner.unreadable);
  }

  private git(args: Word[]): void {
    let cwd = this.cwd;
    let at = 0;
    // Global options before the subcommand: `-C dir` moves it.
    while (args[at] && args[at].text.startsWith('-')) {
      if (args[at].text === '-C') {
        const dir = args[at + 1];
        cwd = !dir || dir.dynamic ? undefined : isAbsolute(dir.text) ? dir.text : cwd && join(cwd, dir.text);
        at += 2;
      } else at += args[at].text === '-c' ? 2 : 1;
    }
    const sub = args[at]?.text;
    const rest = args.slice(at + 1);
    const dashes = rest.findIndex((arg) => arg.text === '--');
    const plain = (words: Word[]) => words.filter((arg) => !arg.text.startsWith('-'));
    let paths: Word[] = [];
    if (sub === 'checkout') {
      // `git checkout branch` moves HEAD; `git checkout [rev] -- path` and `git checkout rev path` overwrite files.
      if (dashes >= 0) paths = rest.slice(dashes + 1);
      else if (!rest.some((arg) => ['-b', '-B', '--orphan'].includes(arg.text))) paths = plain(rest).slice(1);
    } else if (sub === 'restore' || sub === 'rm' || sub === 'mv') {
      const values = new Set(['-s', '--source']);
      paths = dashes >= 0 ? rest.slice(dashes + 1) : rest.filter((arg, i) => !arg.text.startsWith('-') && !values.has(rest[i - 1]?.text ?? ''));
    } else if (sub !== undefined && !GIT_KEEPS_FILES.has(sub)) {
      // clean, apply, am, reset, stash, merge, pull, rebase, switch, cherry-pick, revert, … rewrite the work tree.
      this.unreadable.push(`git ${sub} changes files the hook cannot list`);
      return;
    }
    for (const path of paths) this.target(path, `git ${sub} of`, cwd);
  }
}

/** What `command` writes when run in `cwd`. */
export function commandTargets(command: string, cwd: string): CommandTargets {
  const reader = new Reader(cwd);
  reader.read(command);
  return { targets: [...new Set(reader.targets)], unreadable: [...new Set(reader.unreadable)] };
}
