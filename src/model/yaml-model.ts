// Parses and validates a model written as YAML: syntax errors, duplicate keys, the size limits and validation
// problems, each with its line and column; deep nesting, huge inputs and alias bombs give a message, never a
// stack overflow or an exhausted heap.
import { Lexer, LineCounter, parseDocument, type Document } from 'yaml';
import { EMPTY_MODEL } from './empty-model';
import { limitProblem, MAX_DEPTH, MAX_NODES, shortPath, TOO_DEEP, TOO_MANY } from './limits';
import { locate } from './locate';
import { positionsIn } from './text-positions';
import { ModelError, formatPath, type Problem } from './problems';
import { validateRaw, type ModelCheck } from './validate';
import { keyProblems } from './yaml-keys';
import type { TeamModel } from './types';

/** Tokens the lexer emits that are not in the source text. */
const SYNTHETIC = new Set(['\x02', '\x18', '\x1f']);
/** Tokens that each start a node: a plain scalar's marker, a quoted or block scalar, an alias, a flow collection, a sequence item. */
// eslint-disable-next-line no-control-regex -- \x1f is the marker the YAML lexer emits before a node
const NODE_START = /^(?:\x1f|["'|>*[{]|-$)/;

/**
 * At most how many nodes `text` holds: every node but the first follows a line break, ',', '[', '{', ':', '-'
 * or '?', and each of those starts at most two (a key and its empty value). Cheap, so most files skip the lexer.
 */
function nodeBound(text: string): number {
  const separators = text.match(/[\n,[{:?-]/g)?.length ?? 0;
  return 1 + 2 * separators;
}

/**
 * Refuses, before parsing, YAML with more nodes than MAX_NODES or flow collections nested deeper than MAX_DEPTH:
 * the parser holds about a kilobyte per node, and recurses per level. The lexer streams and keeps nothing.
 */
function prescan(text: string): Problem | undefined {
  if (1 + 2 * text.length <= MAX_NODES || nodeBound(text) <= MAX_NODES) return undefined;
  let nodes = 0;
  let depth = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (NODE_START.test(token) && ++nodes > MAX_NODES) return { path: '', message: TOO_MANY, ...positionsIn(text)(offset) };
    if (token === '[' || token === '{') {
      if (++depth > MAX_DEPTH) return { path: '', message: TOO_DEEP, ...positionsIn(text)(offset) };
    } else if (token === ']' || token === '}') {
      depth--;
    }
    if (!SYNTHETIC.has(token)) offset += token.length;
  }
  return undefined;
}

/** The document's errors; a parser that ran out of stack reports it once, as the depth limit. */
function syntaxProblems(doc: Document, lines: LineCounter): Problem[] {
  let exhausted = false;
  return doc.errors.flatMap((error) => {
    const { line, col } = lines.linePos(error.pos[0]);
    if (error.code !== 'RESOURCE_EXHAUSTION') return [{ path: '', message: `YAML syntax error: ${error.message.split('\n')[0]}`, line, column: col }];
    if (exhausted) return [];
    exhausted = true;
    return [{ path: '', message: TOO_DEEP, line, column: col }];
  });
}

function toData(doc: Document, file: string | undefined): unknown {
  try {
    return doc.toJS();
  } catch (error) {
    // Aliases that expand to too many copies ("billion laughs"): the YAML library refuses past 100 per anchor.
    if (error instanceof ReferenceError) {
      const message = /excessive alias count/i.test(error.message)
        ? "YAML aliases (*name) expand to too many copies, over the YAML library's limit of 100"
        : `YAML alias error: ${error.message.split('\n')[0]}`;
      throw new ModelError([{ path: '', message: `${message}: write the repeated values out instead of aliasing them`, line: 1, column: 1 }], file);
    }
    if (error instanceof RangeError) throw new ModelError([{ path: '', message: TOO_DEEP }], file);
    throw error;
  }
}

/** Parses and validates YAML model text; throws ModelError listing every problem with its line and column. */
export function parseYamlModel(text: string, file: string | undefined, checks: readonly ModelCheck[]): TeamModel {
  const early = prescan(text);
  if (early) throw new ModelError([early], file);
  const lines = new LineCounter();
  let doc: Document;
  try {
    // Duplicate keys are checked below, with the same message as in JSON.
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  } catch (error) {
    if (error instanceof RangeError) throw new ModelError([{ path: '', message: TOO_DEEP }], file);
    throw error;
  }
  const syntax = syntaxProblems(doc, lines);
  if (syntax.length) throw new ModelError(syntax, file);
  const keys = keyProblems(doc, lines);
  if (keys.length) throw new ModelError(keys, file);
  const data = toData(doc, file);
  if (data === null || data === undefined) throw new ModelError([{ path: '', message: EMPTY_MODEL }], file);
  const limit = limitProblem(data);
  if (limit) throw new ModelError([{ path: shortPath(limit.segments), message: limit.message, ...locate(doc, lines, limit.segments) }], file);
  const result = validateRaw(data, checks);
  if (result.ok) return result.model;
  throw new ModelError(
    result.problems.map((problem) => ({ path: formatPath(problem.segments), message: problem.message, ...locate(doc, lines, problem.segments) })),
    file,
  );
}
