// The contract template check against the constructs Handlebars offers beyond names: block helpers and their
// arguments, sections, partials with arguments, subexpressions and data variables. Each misuse is refused with its
// line, column and the fix; each supported form passes (contract-template.test.ts covers names and scopes).
import { checkContractTemplate } from '../src/contract/render';
import { TemplateError } from '../src/contract/template-check';

const problemsOf = (text: string) => checkContractTemplate({ name: 'custom.hbs', text }).map((p) => `${p.line}:${p.column} ${p.name}: ${p.message}`);

describe('the template check', () => {
  it.each([
    ['comments and triple-stash', '{{!-- a note --}}{{{CATALOG_NAME}}}'],
    ['{{else}} branches of each and with', '{{#each AGENTS}}{{name}}{{else}}none{{/each}}{{#with ENVIRONMENT}}{{name}}{{else}}none{{/with}}'],
    ['{{#with this}} inside {{#each}}', '{{#each AGENTS}}{{#with this}}{{name}}{{/with}}{{/each}}'],
    ['a block parameter of {{#with}}', '{{#with ENVIRONMENT as |env|}}{{env.name}}{{/with}}'],
    ['nested block parameters', '{{#each AGENTS as |a|}}{{#each ../AGENTS as |b|}}{{a.name}}{{b.name}}{{/each}}{{/each}}'],
    ['sections over a list and over a scalar', '{{#AGENTS}}{{name}}{{else}}none{{/AGENTS}}{{#CATALOG_NAME}}x{{/CATALOG_NAME}}'],
    ['list items by index', '{{AGENTS.0.name}}{{@root.AGENTS.0.name}}'],
    [
      'lookup of a list item, of a lookup, and log',
      '{{lookup AGENTS 0}}{{lookup (lookup ROLES "orchestrator") "x"}}{{log CATALOG_NAME}}{{#each (log AGENTS)}}x{{/each}}',
    ],
    ['a partial with hash arguments, which extend its context', '{{> agent-roster foo=CATALOG_NAME}}'],
    ['a string literal', '{{"literal"}}'],
    ['the same partial twice', '{{> agent-roster}}{{> agent-roster}}'],
    ['{{else}} of {{#unless}}', '{{#unless AGENTS}}x{{else}}y{{/unless}}'],
  ])('accepts %s', (_what, template) => {
    expect(problemsOf(template)).toEqual([]);
  });

  it.each([
    ['{{#with}} over a single value', '{{#with CATALOG_NAME}}x{{/with}}', ["1:9 CATALOG_NAME: 'CATALOG_NAME' is not an object: {{#with}} needs one"]],
    ['{{#with}} over a list', '{{#with AGENTS}}x{{/with}}', ["1:9 AGENTS: 'AGENTS' is not an object: {{#with}} needs one"]],
    ['{{#if}} with two arguments', '{{#if CATALOG_NAME AGENTS}}x{{/if}}', ['1:4 if: {{#if}} takes exactly one argument, got 2']],
    ['{{#if}} without an argument', '{{#if}}x{{/if}}', ['1:4 if: {{#if}} takes exactly one argument, got 0']],
    ['{{#with}} without an argument', '{{#with}}x{{/with}}', ['1:4 with: {{#with}} takes exactly one argument, got 0']],
    ['{{#each}} without an argument', '{{#each}}x{{/each}}', ['1:4 each: {{#each}} takes exactly one argument, got 0']],
    [
      'an unknown block helper',
      '{{#uppercase CATALOG_NAME}}x{{/uppercase}}',
      ["1:4 uppercase: 'uppercase' is not a block helper: use {{#each}}, {{#if}}, {{#unless}} or {{#with}}"],
    ],
    [
      'a name called with hash arguments, as if it were a helper',
      '{{CATALOG_NAME foo=1}}',
      ["1:3 CATALOG_NAME: 'CATALOG_NAME' is not a helper: contract templates have only Handlebars' built-ins (each, if, unless, with, lookup, log)"],
    ],
    [
      'a helper other than lookup or log in a subexpression',
      '{{#each (uppercase AGENTS)}}x{{/each}}',
      ["1:10 uppercase: 'uppercase' is not a helper usable in a subexpression: use lookup"],
    ],
    [
      '{{#each}} over a lookup of a single value',
      '{{#each (lookup ROLES "orchestrator")}}x{{/each}}',
      ["1:9 (lookup ...): '(lookup ...)' is not a list: {{#each}} needs one"],
    ],
    [
      'a field of a list',
      '{{AGENTS.x.name}}',
      ["1:3 AGENTS.x.name: 'x' in 'AGENTS.x.name': the value before it is a list; use its items inside {{#each}}"],
    ],
    ['a field of a single value', '{{CATALOG_NAME.x}}', ["1:3 CATALOG_NAME.x: 'x' in 'CATALOG_NAME.x': the value before it has no fields"]],
    [
      'an object printed whole, listing its fields',
      '{{ENVIRONMENT}}',
      [expect.stringMatching(/^1:3 ENVIRONMENT: 'ENVIRONMENT' is an object: print one of its fields; its fields: name, protected, /)],
    ],
    [
      'an unknown data variable',
      '{{#each AGENTS}}{{@foo}}{{/each}}',
      ["1:19 @foo: '@foo' is not a data variable here (did you mean 'root'?): use @index, @key, @first, @last, @root"],
    ],
    [
      'a field of a data variable',
      '{{#each AGENTS}}{{@index.x}}{{/each}}',
      ["1:19 @index.x: '@index.x' is not a data variable here (did you mean 'index'?): use @index, @key, @first, @last, @root"],
    ],
    [
      'a dynamic partial name',
      '{{> (lookup ROLES "x")}}',
      ['1:5 partial: dynamic partial names are not supported: name the partial, e.g. {{> agent-roster}}'],
    ],
    [
      'a partial block',
      '{{#> agent-roster}}x{{/agent-roster}}',
      [
        '1:1 PartialBlockStatement: PartialBlockStatement is not supported in contract templates: use {{#each}}, {{#if}}, {{#unless}}, {{#with}} and {{> partial}}',
      ],
    ],
    [
      'an inline partial (a decorator)',
      '{{#*inline "x"}}y{{/inline}}',
      [expect.stringMatching(/^1:1 DecoratorBlock: DecoratorBlock is not supported in contract templates/)],
    ],
  ])('refuses %s', (_what, template, problems) => {
    expect(problemsOf(template)).toEqual(problems);
  });

  it('checks a partial against the context it is given, naming where it was included', () => {
    const problems = problemsOf('{{> agent-roster ENVIRONMENT}}');
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems)
      expect(problem).toMatch(/unknown name '[A-Z_]+' inside \{\{> agent-roster ENVIRONMENT\}\}.*\(in a partial included from custom\.hbs:1\)$/);
  });

  it('counts problems in the TemplateError message, in singular for one', () => {
    const one = new TemplateError([{ file: 'custom.hbs', line: 1, column: 3, name: 'FOO', message: "unknown name 'FOO'" }], 'custom.hbs');
    expect(one.message).toBe("template custom.hbs uses names the contract does not offer (1 problem):\n  custom.hbs:1:3: FOO: unknown name 'FOO'");
    const two = new TemplateError([one.templateProblems[0], one.templateProblems[0]], 'custom.hbs');
    expect(two.message).toMatch(/^template custom\.hbs uses names the contract does not offer \(2 problems\):\n/);
  });
});
