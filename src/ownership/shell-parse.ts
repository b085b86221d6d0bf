// A POSIX shell command line read as far as the edit hook needs: its simple commands (words after quote removal),
// their redirections, subshells, and the commands inside `$(…)`, backticks and process substitutions. A word that
// holds an expansion, a glob, a brace or a tilde is "dynamic": its value is only known when the shell runs it.

export interface Word {
  /** The word after quote removal; expansions are kept as written. */
  readonly text: string;
  readonly dynamic: boolean;
}

export interface Redirect {
  /** `>`, `>>`, `>|`, `&>`, `&>>`, `<>`, `>&`: the ones that write. Reading redirections are dropped. */
  readonly op: string;
  readonly target: Word;
}

export interface SimpleCommand {
  readonly words: Word[];
  readonly redirects: Redirect[];
}

/** In order: commands, and the opening and closing of subshells (a `cd` inside one does not last). */
export type Item = { readonly command: SimpleCommand } | { readonly subshell: 'open' | 'close' };

export interface Parsed {
  readonly items: Item[];
  /** Why the line could not be read (an unterminated quote, a function definition, too deep); undefined when it could. */
  readonly unreadable?: string;
}

const METACHARACTERS = ' \t\n;&|<>()';
const MAX_DEPTH = 16;

class Unreadable extends Error {}

class Parser {
  private pos = 0;
  private readonly items: Item[] = [];
  private heredocs: { delimiter: string; strip: boolean; quoted: boolean }[] = [];

  constructor(
    private readonly src: string,
    private readonly depth: number,
  ) {
    if (depth > MAX_DEPTH) throw new Unreadable('substitutions nested too deep');
  }

  parse(): Item[] {
    this.list(false);
    if (this.pos < this.src.length) throw new Unreadable(`unexpected '${this.src[this.pos]}'`);
    return this.items;
  }

  /** Commands up to the end, or (inside `$(`) up to the `)` that closes it, which is consumed. */
  private list(inSubstitution: boolean): void {
    let words: Word[] = [];
    let redirects: Redirect[] = [];
    let open = 0;
    const end = () => {
      if (words.length || redirects.length) this.items.push({ command: { words, redirects } });
      words = [];
      redirects = [];
    };
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c === ' ' || c === '\t') this.pos++;
      else if (c === '\\' && this.src[this.pos + 1] === '\n') this.pos += 2;
      else if (c === '#' && !words.length && !redirects.length) this.skipComment();
      else if (c === '#' && /[ \t]/.test(this.src[this.pos - 1] ?? ' ')) this.skipComment();
      else if (c === '\n') {
        end();
        this.pos++;
        this.readHeredocs();
      } else if (c === ';' || c === '&' || c === '|') {
        if (c === '&' && this.src[this.pos + 1] === '>') {
          redirects.push(this.redirect());
          continue;
        }
        end();
        this.pos += this.src[this.pos + 1] === c ? 2 : 1;
      } else if (c === '(') {
        if (words.length) throw new Unreadable('a function definition');
        end();
        this.items.push({ subshell: 'open' });
        open++;
        this.pos++;
      } else if (c === ')') {
        end();
        this.pos++;
        if (open === 0) {
          if (inSubstitution) return;
          throw new Unreadable("an unmatched ')'");
        }
        this.items.push({ subshell: 'close' });
        open--;
      } else if (c === '<' || c === '>') {
        const redirect = this.redirect();
        if (redirect.op) redirects.push(redirect);
      } else if (/[0-9]/.test(c) && /^[0-9]+[<>]/.test(this.src.slice(this.pos, this.pos + 12))) {
        // `2>file`: a file descriptor number directly before the operator belongs to the redirection.
        const digits = /^[0-9]+/.exec(this.src.slice(this.pos))![0];
        this.pos += digits.length;
        const redirect = this.redirect();
        if (redirect.op) redirects.push(redirect);
      } else words.push(this.word());
    }
    end();
    if (inSubstitution) throw new Unreadable("an unterminated '$('");
    if (open) throw new Unreadable("an unterminated '('");
    if (this.heredocs.length) throw new Unreadable('an unterminated here-document');
  }

  /** A parameter expansion or arithmetic the parser skips must not hide a command: `${X:-$(rm …)}` is unreadable. */
  private refuseHiddenCommands(body: string): void {
    if (body.includes('$(') || body.includes('`')) throw new Unreadable('a command substitution inside an expansion');
  }

  private skipComment(): void {
    while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++;
  }

  /** A redirection at `pos`; `op` is '' for the ones that only read or duplicate a descriptor. */
  private redirect(): Redirect {
    const rest = this.src.slice(this.pos, this.pos + 3);
    const op = ['&>>', '<<<', '<<-', '&>', '>>', '>|', '>&', '<>', '<<', '<&', '>(', '<(', '>', '<'].find((candidate) => rest.startsWith(candidate))!;
    this.pos += op.length;
    if (op === '>(' || op === '<(') {
      // Process substitution: a command of its own, run in a subshell.
      this.substitution();
      return { op: '', target: { text: '', dynamic: true } };
    }
    while (this.src[this.pos] === ' ' || this.src[this.pos] === '\t') this.pos++;
    const target = this.word();
    if (op === '<<' || op === '<<-') {
      this.heredocs.push({ delimiter: target.text, strip: op === '<<-', quoted: /['"\\]/.test(target.raw) });
      return { op: '', target };
    }
    if (op === '<' || op === '<<<' || op === '<&') return { op: '', target };
    if (op === '>&' && /^([0-9]+|-)$/.test(target.text)) return { op: '', target };
    if (target.text === '' && !target.dynamic) throw new Unreadable(`a '${op}' without a file`);
    return { op, target };
  }

  private readHeredocs(): void {
    for (const heredoc of this.heredocs) {
      for (;;) {
        if (this.pos >= this.src.length) throw new Unreadable('an unterminated here-document');
        const newline = this.src.indexOf('\n', this.pos);
        const line = this.src.slice(this.pos, newline < 0 ? this.src.length : newline);
        this.pos = newline < 0 ? this.src.length : newline + 1;
        if ((heredoc.strip ? line.replace(/^\t+/, '') : line) === heredoc.delimiter) break;
        // An unquoted delimiter expands the body: a substitution in it runs a command the hook cannot see.
        if (!heredoc.quoted && /\$\(|`/.test(line)) throw new Unreadable('a command substitution in a here-document');
      }
    }
    this.heredocs = [];
  }

  /** The commands of a `$(…)` whose `$(` was consumed: parsed in place, up to and including its `)`. */
  private substitution(): void {
    const inner = new Parser(this.src, this.depth + 1);
    inner.pos = this.pos;
    inner.list(true);
    this.items.push({ subshell: 'open' }, ...inner.items, { subshell: 'close' });
    this.pos = inner.pos;
  }

  private word(): Word & { raw: string } {
    const start = this.pos;
    let text = '';
    let dynamic = false;
    while (this.pos < this.src.length && !METACHARACTERS.includes(this.src[this.pos])) {
      const c = this.src[this.pos];
      if (c === '\\') {
        if (this.src[this.pos + 1] === '\n') this.pos += 2;
        else {
          text += this.src[this.pos + 1] ?? '';
          this.pos += 2;
        }
      } else if (c === "'") {
        const close = this.src.indexOf("'", this.pos + 1);
        if (close < 0) throw new Unreadable('an unterminated quote');
        text += this.src.slice(this.pos + 1, close);
        this.pos = close + 1;
      } else if (c === '"') {
        this.pos++;
        for (;;) {
          if (this.pos >= this.src.length) throw new Unreadable('an unterminated quote');
          const d = this.src[this.pos];
          if (d === '"') break;
          if (d === '\\' && '$`"\\\n'.includes(this.src[this.pos + 1] ?? '')) {
            if (this.src[this.pos + 1] !== '\n') text += this.src[this.pos + 1];
            this.pos += 2;
          } else if (d === '$' || d === '`') {
            text += this.expansion();
            dynamic = true;
          } else {
            text += d;
            this.pos++;
          }
        }
        this.pos++;
      } else if (c === '$' || c === '`') {
        const expansion = this.expansion();
        text += expansion;
        if (expansion !== '$') dynamic = true;
      } else {
        if ('*?[{}'.includes(c) || (c === '~' && this.pos === start)) dynamic = true;
        text += c;
        this.pos++;
      }
    }
    const raw = this.src.slice(start, this.pos);
    // `{` and `}` alone are reserved words (a group), not brace expansions.
    if (raw === '{' || raw === '}') dynamic = false;
    return { text, dynamic, raw };
  }

  /** An expansion at `pos` (`$…` or a backtick), consumed; its commands, if any, join the items. */
  private expansion(): string {
    const start = this.pos;
    const c = this.src[this.pos];
    if (c === '`') {
      let body = '';
      this.pos++;
      while (this.src[this.pos] !== '`') {
        if (this.pos >= this.src.length) throw new Unreadable('an unterminated backtick');
        if (this.src[this.pos] === '\\' && '$`\\'.includes(this.src[this.pos + 1] ?? '')) this.pos++;
        body += this.src[this.pos++];
      }
      this.pos++;
      const inner = new Parser(body, this.depth + 1);
      this.items.push({ subshell: 'open' }, ...inner.parse(), { subshell: 'close' });
      return this.src.slice(start, this.pos);
    }
    const next = this.src[this.pos + 1];
    if (next === '(' && this.src[this.pos + 2] === '(') {
      const close = this.src.indexOf('))', this.pos);
      if (close < 0) throw new Unreadable("an unterminated '$(('");
      this.refuseHiddenCommands(this.src.slice(this.pos + 3, close));
      this.pos = close + 2;
    } else if (next === '(') {
      this.pos += 2;
      this.substitution();
    } else if (next === '{') {
      const close = this.src.indexOf('}', this.pos);
      if (close < 0) throw new Unreadable("an unterminated '${'");
      this.refuseHiddenCommands(this.src.slice(this.pos + 2, close));
      this.pos = close + 1;
    } else if (next === "'") {
      // ANSI-C quoting: escapes the hook does not decode.
      const close = /^\$'(?:[^'\\]|\\.)*'/s.exec(this.src.slice(this.pos));
      if (!close) throw new Unreadable('an unterminated quote');
      this.pos += close[0].length;
    } else if (next !== undefined && /[A-Za-z0-9_@*#?$!-]/.test(next)) {
      this.pos += 1 + (/^[A-Za-z_][A-Za-z0-9_]*/.exec(this.src.slice(this.pos + 1))?.[0].length || 1);
    } else {
      this.pos++;
      return '$';
    }
    return this.src.slice(start, this.pos);
  }
}

export function parseShell(command: string): Parsed {
  try {
    return { items: new Parser(command, 0).parse() };
  } catch (error) {
    if (error instanceof Unreadable) return { items: [], unreadable: error.message };
    throw error;
  }
}
