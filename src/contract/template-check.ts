// Checks a Handlebars template against the names its context offers, before anything renders: Handlebars' strict
// mode does not check names used as block-helper arguments (`{{#each agents}}` silently prints nothing), so the
// template's syntax tree is walked here, scope by scope, and every name it uses must exist where it is used.
// The syntax tree types are Handlebars' global `hbs.AST` namespace.
import type {} from 'handlebars';
import * as z from 'zod';
import { closest } from '../model/suggest';
import { ModelError, type Problem } from '../model/problems';

/** What a name stands for, as far as a template can tell. */
export type Shape =
  | { readonly kind: 'scalar' }
  | { readonly kind: 'object'; readonly fields: Readonly<Record<string, Shape>> }
  | { readonly kind: 'array'; readonly item: Shape }
  | { readonly kind: 'any' };

const SCALAR: Shape = { kind: 'scalar' };
const ANY: Shape = { kind: 'any' };

const shapes = new WeakMap<z.ZodType, Shape>();

/** The shape of a context schema (objects, arrays and scalars; anything else is `any`). */
export function shapeOf(schema: z.ZodType): Shape {
  const cached = shapes.get(schema);
  if (cached) return cached;
  let shape: Shape = ANY;
  if (schema instanceof z.ZodObject) {
    shape = {
      kind: 'object',
      fields: Object.fromEntries(Object.entries(schema.shape as Record<string, z.ZodType>).map(([key, value]) => [key, shapeOf(value)])),
    };
  } else if (schema instanceof z.ZodArray) shape = { kind: 'array', item: shapeOf(schema.element as z.ZodType) };
  else if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) shape = shapeOf(schema.unwrap() as z.ZodType);
  else if (
    schema instanceof z.ZodString ||
    schema instanceof z.ZodNumber ||
    schema instanceof z.ZodBoolean ||
    schema instanceof z.ZodEnum ||
    schema instanceof z.ZodLiteral
  )
    shape = SCALAR;
  shapes.set(schema, shape);
  return shape;
}

/** Handlebars' built-in helpers: the only helpers our environments have. */
const BLOCK_HELPERS = new Set(['each', 'if', 'unless', 'with']);
const INLINE_HELPERS = new Set(['lookup', 'log']);
const HELPERS = new Set([...BLOCK_HELPERS, ...INLINE_HELPERS]);

export interface TemplateFile {
  /** The name problems are reported under, e.g. the path given to --template. */
  readonly name: string;
  readonly text: string;
}

export interface TemplateProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The name or expression at fault, as the template spells it. */
  readonly name: string;
  readonly message: string;
}

/** One scope a name can resolve in: a context (pushed by each/with), its data variables and block parameters. */
interface Scope {
  /** Context frames, innermost last; `../` climbs them. */
  readonly contexts: readonly { readonly shape: Shape; readonly label: string }[];
  /** `@index`-style variables of the enclosing each blocks, innermost last. */
  readonly data: readonly ReadonlySet<string>[];
  /** `as |x i|` parameters, innermost last. */
  readonly params: readonly ReadonlyMap<string, Shape>[];
}

/** What Handlebars' each helper sets per item: `@key` is the index for a list, the field name for an object. */
const EACH_DATA: ReadonlySet<string> = new Set(['index', 'key', 'first', 'last']);

function fieldsOf(shape: Shape): string[] {
  return shape.kind === 'object' ? Object.keys(shape.fields) : [];
}

class Walker {
  readonly problems: TemplateProblem[] = [];
  private readonly parsed = new Map<string, hbs.AST.Program>();
  private readonly including: string[] = [];
  /** The file being walked: the template, or a partial it includes. */
  private file = '';

  constructor(
    private readonly parse: (text: string) => hbs.AST.Program,
    private readonly root: Shape,
    private readonly partials: Readonly<Record<string, TemplateFile>>,
  ) {}

  run(template: TemplateFile): void {
    const program = this.parseFile(template);
    if (!program) return;
    this.file = template.name;
    this.program(program, { contexts: [{ shape: this.root, label: 'at the top level' }], data: [], params: [] });
  }

  private parseFile(template: TemplateFile): hbs.AST.Program | undefined {
    const cached = this.parsed.get(template.name);
    if (cached) return cached;
    try {
      const program = this.parse(template.text);
      this.parsed.set(template.name, program);
      return program;
    } catch (error) {
      // Handlebars' parse errors name the line: "Parse error on line 3: ...".
      const message = String((error as Error).message ?? error).split('\n');
      const line = Number(/line (\d+)/.exec(message[0])?.[1] ?? 1);
      this.report({ start: { line, column: 0 } }, template.name, `does not parse: ${message.filter(Boolean).join(' ')}`, template.name);
      return undefined;
    }
  }

  private report(loc: { start: { line: number; column: number } } | undefined, name: string, message: string, file = this.file): void {
    const suffix = this.including.length ? ` (in a partial included from ${this.including.join(' → ')})` : '';
    this.problems.push({ file, line: loc?.start.line ?? 1, column: (loc?.start.column ?? 0) + 1, name, message: `${message}${suffix}` });
  }

  private program(program: hbs.AST.Program, scope: Scope): void {
    for (const statement of program.body) this.statement(statement, scope);
  }

  private statement(node: hbs.AST.Statement, scope: Scope): void {
    switch (node.type) {
      case 'ContentStatement':
      case 'CommentStatement':
        return;
      case 'MustacheStatement':
        return this.mustache(node as hbs.AST.MustacheStatement, scope);
      case 'BlockStatement':
        return this.block(node as hbs.AST.BlockStatement, scope);
      case 'PartialStatement':
        return this.partial(node as hbs.AST.PartialStatement, scope);
      default:
        this.report(
          node.loc,
          node.type,
          `${node.type} is not supported in contract templates: use {{#each}}, {{#if}}, {{#unless}}, {{#with}} and {{> partial}}`,
        );
    }
  }

  /** `{{name}}` prints a value; `{{helper args}}` calls one of Handlebars' own helpers. */
  private mustache(node: hbs.AST.MustacheStatement, scope: Scope): void {
    if (node.path.type !== 'PathExpression') return;
    const path = node.path as hbs.AST.PathExpression;
    const helper = this.helperName(path);
    if (helper !== undefined || node.params.length || node.hash?.pairs.length) {
      if (helper === undefined || BLOCK_HELPERS.has(helper)) {
        this.report(
          path.loc,
          path.original,
          `'${path.original}' is not a helper${helper ? ' usable inline' : ''}: contract templates have only Handlebars' built-ins (${[...HELPERS].join(', ')})`,
        );
      }
      if (helper === 'lookup') this.lookup(node.params, scope);
      else this.helperArguments(node.params, node.hash, scope);
      return;
    }
    const shape = this.resolve(path, scope);
    if (shape && (shape.kind === 'object' || shape.kind === 'array')) {
      const fields = shape.kind === 'object' ? shape.fields : shape.item.kind === 'object' ? shape.item.fields : undefined;
      const hint = fields ? `; its fields: ${Object.keys(fields).join(', ')}` : '';
      this.report(
        path.loc,
        path.original,
        `'${path.original}' is ${shape.kind === 'array' ? 'a list: print its items inside {{#each}}' : 'an object: print one of its fields'}${hint}`,
      );
    }
  }

  private block(node: hbs.AST.BlockStatement, scope: Scope): void {
    const path = node.path as hbs.AST.PathExpression;
    const helper = this.helperName(path);
    const blockParams = node.program.blockParams ?? [];
    if (helper === 'each' || helper === 'with') {
      if (node.params.length !== 1) this.report(path.loc, path.original, `{{#${helper}}} takes exactly one argument, got ${node.params.length}`);
      const argument = node.params[0];
      const shape = argument ? this.expression(argument, scope) : ANY;
      const label = `inside {{#${helper} ${argument ? this.spell(argument) : ''}}}`;
      if (helper === 'each') {
        if (shape?.kind === 'scalar') {
          this.report(argument?.loc, this.spell(argument), `'${this.spell(argument)}' is not a list: {{#each}} needs one`);
        }
        // An object's values iterate too, as `any`: the context declares no such lists.
        const item = shape?.kind === 'array' ? shape.item : ANY;
        this.program(node.program, this.push(scope, item, label, EACH_DATA, blockParams, [item, SCALAR]));
      } else {
        if (shape?.kind === 'scalar' || shape?.kind === 'array') {
          this.report(argument?.loc, this.spell(argument), `'${this.spell(argument)}' is not an object: {{#with}} needs one`);
        }
        this.program(node.program, this.push(scope, shape ?? ANY, label, undefined, blockParams, [shape ?? ANY]));
      }
      if (node.inverse) this.program(node.inverse, scope);
      return;
    }
    if (helper === 'if' || helper === 'unless') {
      if (node.params.length !== 1) this.report(path.loc, path.original, `{{#${helper}}} takes exactly one argument, got ${node.params.length}`);
      this.helperArguments(node.params, node.hash, scope);
      this.program(node.program, scope);
      if (node.inverse) this.program(node.inverse, scope);
      return;
    }
    if (helper !== undefined || node.params.length || node.hash?.pairs.length) {
      this.report(path.loc, path.original, `'${path.original}' is not a block helper: use {{#each}}, {{#if}}, {{#unless}} or {{#with}}`);
      this.helperArguments(node.params, node.hash, scope);
      return;
    }
    // `{{#NAME}}` without a helper: a list iterates, an object becomes the context, anything else is a condition.
    const shape = this.resolve(path, scope);
    const label = `inside {{#${path.original}}}`;
    if (shape?.kind === 'array') this.program(node.program, this.push(scope, shape.item, label, EACH_DATA, blockParams, [shape.item, SCALAR]));
    else if (shape?.kind === 'object') this.program(node.program, this.push(scope, shape, label, undefined, blockParams, [shape]));
    else this.program(node.program, scope);
    if (node.inverse) this.program(node.inverse, scope);
  }

  private partial(node: hbs.AST.PartialStatement, scope: Scope): void {
    const name = node.name as hbs.AST.PathExpression | hbs.AST.SubExpression;
    if (name.type !== 'PathExpression') {
      this.report(name.loc, 'partial', 'dynamic partial names are not supported: name the partial, e.g. {{> agent-roster}}');
      return;
    }
    const partial = Object.prototype.hasOwnProperty.call(this.partials, name.original) ? this.partials[name.original] : undefined;
    if (!partial) {
      this.report(
        name.loc,
        name.original,
        `there is no partial '${name.original}'${this.suggest(name.original, Object.keys(this.partials))}: the partials are ${Object.keys(this.partials).join(', ')}`,
      );
      return;
    }
    let context = scope;
    if (node.params.length) {
      const shape = this.expression(node.params[0], scope) ?? ANY;
      context = this.push(scope, shape, `inside {{> ${name.original} ${this.spell(node.params[0])}}}`, undefined, [], []);
    }
    if (node.hash?.pairs.length) {
      const base = context.contexts[context.contexts.length - 1].shape;
      const fields: Record<string, Shape> = { ...(base.kind === 'object' ? base.fields : {}) };
      for (const pair of node.hash.pairs) {
        fields[pair.key] = this.expression(pair.value, scope) ?? ANY;
      }
      context = this.push(context, base.kind === 'any' ? ANY : { kind: 'object', fields }, `inside {{> ${name.original}}}`, undefined, [], []);
    }
    if (this.including.includes(name.original)) return;
    const program = this.parseFile(partial);
    if (!program) return;
    const file = this.file;
    this.including.push(`${file}:${node.loc.start.line}`);
    this.file = partial.name;
    // A partial sees the scope it is included in, but not the block parameters around it.
    this.program(program, { ...context, params: [] });
    this.file = file;
    this.including.pop();
  }

  private push(
    scope: Scope,
    shape: Shape,
    label: string,
    data: ReadonlySet<string> | undefined,
    names: readonly string[],
    values: readonly Shape[],
  ): Scope {
    const params = names.length ? [...scope.params, new Map(names.map((name, i) => [name, values[i] ?? ANY]))] : scope.params;
    return { contexts: [...scope.contexts, { shape, label }], data: data ? [...scope.data, data] : scope.data, params };
  }

  private helperArguments(params: readonly hbs.AST.Expression[], hash: hbs.AST.Hash | undefined, scope: Scope): void {
    for (const param of params) this.expression(param, scope);
    for (const pair of hash?.pairs ?? []) this.expression(pair.value, scope);
  }

  /** The shape of an argument; undefined when it names nothing (already reported). */
  private expression(node: hbs.AST.Expression, scope: Scope): Shape | undefined {
    if (node.type === 'PathExpression') return this.resolve(node as hbs.AST.PathExpression, scope);
    if (node.type === 'SubExpression') {
      const sub = node as hbs.AST.SubExpression;
      const path = sub.path as hbs.AST.PathExpression;
      const helper = this.helperName(path);
      if (helper !== 'lookup' && helper !== 'log') {
        this.report(path.loc, path.original, `'${path.original}' is not a helper usable in a subexpression: use lookup`);
        this.helperArguments(sub.params, sub.hash, scope);
        return ANY;
      }
      if (helper === 'lookup') return this.lookup(sub.params, scope);
      this.helperArguments(sub.params, sub.hash, scope);
      return ANY;
    }
    return SCALAR; // a literal
  }

  /** `lookup X key`: an item of a list, or a field of an object when the key is a string literal. */
  private lookup(params: readonly hbs.AST.Expression[], scope: Scope): Shape | undefined {
    const [container] = params.map((param) => this.expression(param, scope));
    const key = params[1];
    if (!container) return undefined;
    if (container.kind === 'array') return container.item;
    if (container.kind === 'object' && key?.type === 'StringLiteral') {
      const field = (key as hbs.AST.StringLiteral).value;
      if (!Object.prototype.hasOwnProperty.call(container.fields, field)) {
        this.report(key.loc, field, `'${field}' is not a field of ${this.spell(params[0])}${this.suggest(field, fieldsOf(container))}`);
        return undefined;
      }
      return container.fields[field];
    }
    return ANY;
  }

  /** The helper a path names, if any: only single-segment, non-data, non-`this` paths can. */
  private helperName(path: hbs.AST.PathExpression): string | undefined {
    if (path.type !== 'PathExpression' || path.data || path.depth > 0 || path.parts.length !== 1 || /^(this|\.)([./]|$)/.test(path.original))
      return undefined;
    return HELPERS.has(path.parts[0]) ? path.parts[0] : undefined;
  }

  private spell(node: hbs.AST.Expression | undefined): string {
    if (!node) return '';
    if (node.type === 'PathExpression') return (node as hbs.AST.PathExpression).original;
    if (node.type === 'SubExpression') return `(${this.spell((node as hbs.AST.SubExpression).path)} ...)`;
    return String((node as hbs.AST.StringLiteral).original);
  }

  private suggest(name: string, candidates: readonly string[]): string {
    const match = closest(name, candidates);
    return match ? ` (did you mean '${match}'?)` : '';
  }

  /** Resolves a path as Handlebars would in strict mode; reports and returns undefined when it names nothing. */
  private resolve(path: hbs.AST.PathExpression, scope: Scope): Shape | undefined {
    const spelled = path.original;
    if (path.data) {
      const [head, ...rest] = path.parts;
      if (head === 'root') return this.follow(this.root, rest, spelled, 'in @root', path);
      const frame = scope.data[scope.data.length - 1 - path.depth];
      if (!frame) {
        this.report(path.loc, spelled, `'${spelled}' exists only inside {{#each}}`);
        return undefined;
      }
      if (!frame.has(head) || rest.length) {
        this.report(
          path.loc,
          spelled,
          `'${spelled}' is not a data variable here${this.suggest(head, [...frame, 'root'])}: use ${[...frame, 'root'].map((name) => `@${name}`).join(', ')}`,
        );
        return undefined;
      }
      return SCALAR;
    }
    const frameIndex = scope.contexts.length - 1 - path.depth;
    if (frameIndex < 0) {
      this.report(
        path.loc,
        spelled,
        `'${spelled}' climbs above the top of the context: there are only ${scope.contexts.length - 1} enclosing {{#each}} or {{#with}} blocks here`,
      );
      return undefined;
    }
    const explicitThis = /^(this|\.)([./]|$)/.test(spelled.replace(/^(\.\.\/)+/, ''));
    if (path.depth === 0 && !explicitThis && path.parts.length) {
      for (let i = scope.params.length - 1; i >= 0; i--) {
        const bound = scope.params[i].get(path.parts[0]);
        if (bound) return this.follow(bound, path.parts.slice(1), spelled, `in block parameter '${path.parts[0]}'`, path);
      }
    }
    const frame = scope.contexts[frameIndex];
    return this.follow(frame.shape, path.parts, spelled, frame.label, path);
  }

  private follow(start: Shape, parts: readonly string[], spelled: string, where: string, path: hbs.AST.PathExpression): Shape | undefined {
    let shape = start;
    let walked = where;
    for (const part of parts) {
      if (shape.kind === 'any') return ANY;
      if (shape.kind === 'array') {
        if (part === 'length') shape = SCALAR;
        else if (/^\d+$/.test(part)) shape = shape.item;
        else {
          this.report(path.loc, spelled, `'${part}' in '${spelled}': the value before it is a list; use its items inside {{#each}}`);
          return undefined;
        }
      } else if (shape.kind === 'scalar') {
        if (part !== 'length') {
          this.report(path.loc, spelled, `'${part}' in '${spelled}': the value before it has no fields`);
          return undefined;
        }
      } else {
        if (!Object.prototype.hasOwnProperty.call(shape.fields, part)) {
          const names = Object.keys(shape.fields);
          const listed = names.length <= 16 ? `: the names here are ${names.join(', ')}` : '';
          this.report(
            path.loc,
            spelled,
            `unknown name '${part}'${spelled !== part ? ` (in '${spelled}')` : ''} ${walked}${this.suggest(part, names)}${listed}`,
          );
          return undefined;
        }
        shape = shape.fields[part];
      }
      walked = `in '${part}'`;
    }
    return shape;
  }
}

/**
 * Every name `template` (and the partials it includes) uses that its context does not offer where it is used:
 * block-helper arguments included, each name resolved in its scope (`{{#each X}}` items, `../`, `this`, `@index`,
 * `@root`, block parameters). Sorted by file and position.
 */
export function checkTemplate(
  template: TemplateFile,
  context: z.ZodType,
  partials: Readonly<Record<string, TemplateFile>>,
  parse: (text: string) => hbs.AST.Program,
): TemplateProblem[] {
  const walker = new Walker(parse, shapeOf(context), partials);
  walker.run(template);
  return walker.problems;
}

/** A template that uses names its context does not offer: exit 1, like an invalid model. */
export class TemplateError extends ModelError {
  constructor(
    readonly templateProblems: readonly TemplateProblem[],
    template: string,
    headline = 'uses names the contract does not offer',
  ) {
    super(
      templateProblems.map((problem): Problem => ({ path: problem.name, message: problem.message, line: problem.line, column: problem.column })),
      template,
    );
    this.name = 'TemplateError';
    this.message =
      `template ${template} ${headline} (${templateProblems.length} problem${templateProblems.length === 1 ? '' : 's'}):\n` +
      templateProblems.map((problem) => `  ${problem.file}:${problem.line}:${problem.column}: ${problem.name}: ${problem.message}`).join('\n');
  }
}
