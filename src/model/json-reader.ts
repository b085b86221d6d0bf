// Reads JSON model text into the same values as JSON.parse, plus what JSON.parse cannot tell: duplicate keys
// (JSON.parse silently keeps the last), where each value starts, and the model limits, each reported as
// `line:column: path: message` without ever going through the (much slower) YAML parser.
import { MAX_DEPTH, MAX_NODES, shortPath, TOO_DEEP, TOO_MANY } from './limits';
import { formatPath, ModelError, type PathSegment, type Problem } from './problems';
import { positionsIn, type Position } from './text-positions';

export interface JsonDocument {
  readonly value: unknown;
  /** Where the value at `path` starts (the key, for an object member), or its deepest ancestor that exists. */
  position(path: readonly PathSegment[]): Position | undefined;
}

/** The text is not JSON at all (as opposed to JSON with a duplicate key or over a limit). */
export class JsonSyntaxError extends ModelError {}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS: Record<string, boolean | null> = { true: true, false: false, null: null };
/** What a string needs the slow path for: an escape, or a control character (an error). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON strings must escape
const SPECIAL = /[\\\x00-\x1f]/;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Stops the reader at the first syntax error or broken limit (or, when not tracking, at the first duplicate key). */
class Stop {
  constructor(
    readonly offset: number,
    readonly path: string,
    readonly message: string,
  ) {}
}
const DUPLICATE = new Stop(0, '', 'duplicate key');

interface Duplicate {
  readonly offset: number;
  readonly path: string;
  readonly key: string;
  readonly first: number;
}

function describe(char: string | undefined): string {
  if (char === undefined) return 'end of file';
  const code = char.charCodeAt(0);
  return code < 0x20 || code === 0x7f ? `control character U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `'${char}'`;
}

/**
 * A recursive-descent reader (recursion is bounded: it stops at MAX_DEPTH). Untracked, it only builds the value
 * and stops at the first problem; tracked, it also records the path and where every key and item starts, and
 * collects every duplicate key — the reader runs tracked only to report problems, since tracking costs time.
 */
class Reader {
  private i = 0;
  private nodes = 0;
  private readonly path: PathSegment[] = [];
  readonly duplicates: Duplicate[] = [];
  /** Tracked only: where each key (by name) or item (by index) of a container starts. */
  readonly starts = new WeakMap<object, Map<string, number> | number[]>();

  constructor(
    private readonly text: string,
    private readonly tracked: boolean,
  ) {}

  read(): unknown {
    this.space();
    const value = this.value(1);
    this.space();
    if (this.i < this.text.length) this.fail(`unexpected ${describe(this.text[this.i])} after the end of the model: remove it`);
    return value;
  }

  private fail(message: string, offset = this.i): never {
    throw new Stop(offset, shortPath(this.path), message);
  }

  private space(): void {
    const text = this.text;
    let i = this.i;
    // Compact JSON, as generators write it, has no whitespace: one comparison.
    if (text.charCodeAt(i) > 0x20) return;
    for (let c = text.charCodeAt(i); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = text.charCodeAt(++i));
    this.i = i;
  }

  private value(depth: number): unknown {
    if (++this.nodes > MAX_NODES) throw new Stop(this.i, '', TOO_MANY);
    const c = this.text.charCodeAt(this.i);
    if (c === 0x22) return this.string();
    if (c === 0x7b || c === 0x5b) {
      if (depth > MAX_DEPTH) this.fail(TOO_DEEP);
      return c === 0x7b ? this.object(depth) : this.array(depth);
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    const word = c === 0x74 ? 'true' : c === 0x66 ? 'false' : c === 0x6e ? 'null' : undefined;
    if (word !== undefined && this.text.startsWith(word, this.i)) {
      this.i += word.length;
      return LITERALS[word];
    }
    // At the very start, the likeliest cause is a file that is not JSON at all.
    if (this.nodes === 1) this.fail(`unexpected ${describe(this.text[this.i])}: a JSON model starts with '{' (a YAML model belongs in a .yaml file)`);
    return this.fail(`unexpected ${describe(this.text[this.i])}: expected a value (an object, array, string, number, true, false or null)`);
  }

  private object(depth: number): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    const starts = this.tracked ? new Map<string, number>() : undefined;
    if (starts) this.starts.set(object, starts);
    this.i++;
    this.space();
    if (this.text.charCodeAt(this.i) === 0x7d) {
      this.i++;
      return object;
    }
    for (;;) {
      if (this.text.charCodeAt(this.i) !== 0x22) this.fail(`unexpected ${describe(this.text[this.i])}: expected a key in double quotes`);
      if (++this.nodes > MAX_NODES) throw new Stop(this.i, '', TOO_MANY);
      const keyStart = this.i;
      const key = this.string();
      this.space();
      if (this.text.charCodeAt(this.i) !== 0x3a) this.fail(`unexpected ${describe(this.text[this.i])}: expected ':' after the key '${key}'`);
      this.i++;
      this.space();
      if (starts) this.path.push(key);
      const value = this.value(depth + 1);
      if (starts) this.path.pop();
      if (Object.prototype.hasOwnProperty.call(object, key)) {
        if (!starts) throw DUPLICATE;
        this.duplicates.push({ offset: keyStart, path: formatPath([...this.path, key]), key, first: starts.get(key) as number });
      } else {
        starts?.set(key, keyStart);
      }
      // A plain assignment of '__proto__' would replace the prototype; JSON.parse makes it an ordinary key.
      if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
      else object[key] = value;
      this.space();
      const next = this.text.charCodeAt(this.i++);
      if (next === 0x7d) return object;
      if (next !== 0x2c) this.fail(`unexpected ${describe(this.text[this.i - 1])}: expected ',' or '}'`, this.i - 1);
      this.space();
      if (this.text.charCodeAt(this.i) === 0x7d) this.fail(`unexpected '}' after ',': JSON allows no trailing comma`);
    }
  }

  private array(depth: number): unknown[] {
    const array: unknown[] = [];
    const starts = this.tracked ? ([] as number[]) : undefined;
    if (starts) this.starts.set(array, starts);
    this.i++;
    this.space();
    if (this.text.charCodeAt(this.i) === 0x5d) {
      this.i++;
      return array;
    }
    for (;;) {
      if (starts) {
        starts.push(this.i);
        this.path.push(array.length);
        array.push(this.value(depth + 1));
        this.path.pop();
      } else {
        array.push(this.value(depth + 1));
      }
      this.space();
      const next = this.text.charCodeAt(this.i++);
      if (next === 0x5d) return array;
      if (next !== 0x2c) this.fail(`unexpected ${describe(this.text[this.i - 1])}: expected ',' or ']'`, this.i - 1);
      this.space();
      if (this.text.charCodeAt(this.i) === 0x5d) this.fail(`unexpected ']' after ',': JSON allows no trailing comma`);
    }
  }

  private string(): string {
    const text = this.text;
    const start = ++this.i;
    // The common case, a string without escapes or control characters: two native scans and a slice.
    const end = text.indexOf('"', start);
    if (end !== -1) {
      const raw = text.slice(start, end);
      if (!SPECIAL.test(raw)) {
        this.i = end + 1;
        return raw;
      }
    }
    let out = '';
    for (let i = start; ;) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        this.i = i + 1;
        return out;
      }
      if (Number.isNaN(c)) this.fail("a string is never closed: add the closing '\"'", start - 1);
      if (c < 0x20) this.fail(`${describe(text[i])} inside a string: write it as an escape such as \\n or \\t`, i);
      if (c !== 0x5c) {
        out += text[i++];
        continue;
      }
      const escape = text[i + 1];
      if (escape === 'u') {
        const hex = text.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail(`invalid escape '\\u${hex}' in a string: write \\u and four hex digits`, i);
        out += String.fromCharCode(parseInt(hex, 16));
        i += 6;
      } else if (escape !== undefined && escape in ESCAPES) {
        out += ESCAPES[escape];
        i += 2;
      } else {
        this.fail(`invalid escape '\\${escape ?? ''}' in a string: write \\\\ for a backslash`, i);
      }
    }
  }

  private number(): number {
    NUMBER.lastIndex = this.i;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail(`unexpected ${describe(this.text[this.i])}: expected a number`);
    this.i += match[0].length;
    return Number(match[0]);
  }
}

function problemsOf(reader: Reader, stop: Stop | undefined, at: (offset: number) => Position, file?: string): ModelError {
  if (stop && (stop.message === TOO_DEEP || stop.message === TOO_MANY))
    return new ModelError([{ path: stop.path, message: stop.message, ...at(stop.offset) }], file);
  if (stop) return new JsonSyntaxError([{ path: stop.path, message: `JSON syntax error: ${stop.message}`, ...at(stop.offset) }], file);
  const problems: Problem[] = reader.duplicates.map((duplicate) => ({
    path: duplicate.path,
    message: `duplicate key '${duplicate.key}' (first at line ${at(duplicate.first).line}): keep one of them`,
    ...at(duplicate.offset),
  }));
  return new ModelError(problems, file);
}

/**
 * Reads JSON text. Throws JsonSyntaxError at the first syntax error, ModelError at a broken limit or listing every
 * duplicate key, each with its line and column. `tracked` also records where every value starts, for `position`.
 */
export function readJson(text: string, file?: string, tracked = false): JsonDocument {
  const reader = new Reader(text, tracked);
  let value: unknown;
  let stop: Stop | undefined;
  try {
    value = reader.read();
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    stop = error;
  }
  if (stop || reader.duplicates.length) {
    // Something to report: read again tracked, for the path and every duplicate (only a refused model pays).
    if (!tracked) return readJson(text, file, true);
    throw problemsOf(reader, stop, positionsIn(text), file);
  }
  let at: ((offset: number) => Position) | undefined;
  return {
    value,
    position(path) {
      if (!tracked) return undefined;
      at ??= positionsIn(text);
      let node: unknown = value;
      let offset = text.search(/\S/);
      for (const segment of path) {
        const starts = typeof node === 'object' && node !== null ? reader.starts.get(node) : undefined;
        const start = Array.isArray(starts) ? (typeof segment === 'number' ? starts[segment] : undefined) : starts?.get(String(segment));
        if (start === undefined) break;
        offset = start;
        node = (node as Record<PathSegment, unknown>)[segment];
      }
      return at(offset);
    },
  };
}
