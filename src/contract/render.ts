// Renders CONTRACT.md and the agent briefs: an isolated Handlebars environment, Markdown (no HTML escaping), strict
// fields. The built-in templates come precompiled by the build (compiled-templates.ts); a custom template (--template,
// contract.template) is checked against the context first, then compiled at run time.
import { createHash } from 'node:crypto';
import type { TeamEnvironment } from '../access/team-environment';
import { COMPILE_OPTIONS, readTemplateSources, templateSpecs, type TemplateSpecs } from './compiled-templates';
import { buildContractContext, type ContractOptions } from './context';
import { ContractContextSchema } from './context-schema';
import { checkTemplate, TemplateError, type TemplateFile, type TemplateProblem } from './template-check';
import { boundedEach, failureLocation, RenderTooLargeError, withinBudget } from './render-budget';
import { SourceDateEpochError } from './source-date-epoch-error';

export type Template = (context: unknown) => string;

let builtIn: { main: Template; brief: Template; specs: TemplateSpecs } | undefined;

/** The built-in templates as files, named as the repository names them: what a template check reports. */
export function builtInTemplates(): { main: TemplateFile; brief: TemplateFile; partials: Record<string, TemplateFile> } {
  const sources = readTemplateSources();
  return {
    main: { name: 'templates/CONTRACT.md.hbs', text: sources.main },
    brief: { name: 'templates/brief.md.hbs', text: sources.brief },
    partials: Object.fromEntries(Object.entries(sources.partials).map(([name, text]) => [name, { name: `templates/partials/${name}.hbs`, text }])),
  };
}

function builtInTemplatesCompiled(): { main: Template; brief: Template; specs: TemplateSpecs } {
  if (builtIn) return builtIn;
  const runtime = (require('handlebars/runtime') as { default: typeof import('handlebars') }).default.create();
  const specs = templateSpecs(readTemplateSources());
  for (const [name, spec] of Object.entries(specs.partials)) runtime.registerPartial(name, runtime.template(spec as never));
  builtIn = { main: runtime.template(specs.main as never) as Template, brief: runtime.template(specs.brief as never) as Template, specs };
  return builtIn;
}

/** The compiled CONTRACT.md template (strict: a field missing from the context is an error). */
export function contractTemplate(): Template {
  return builtInTemplatesCompiled().main;
}

/** The compiled brief template: one agent's slice and the rules for everyone. */
export function briefTemplate(): Template {
  return builtInTemplatesCompiled().brief;
}

/**
 * Every name `template` uses that the contract's context does not offer where it is used (the built-in partials,
 * which it may include, checked in the scope it includes them in).
 */
export function checkContractTemplate(template: TemplateFile): TemplateProblem[] {
  const { parse } = require('handlebars') as typeof import('handlebars');
  return checkTemplate(template, ContractContextSchema, builtInTemplates().partials, parse);
}

const custom = new Map<string, Template>();

/** A custom template, checked against the context (TemplateError, exit 1) and compiled with the built-in partials. */
export function customTemplate(template: TemplateFile): Template {
  const key = createHash('sha1').update(template.text).digest('hex');
  const cached = custom.get(key);
  if (cached) return cached;
  const problems = checkContractTemplate(template);
  if (problems.length) throw new TemplateError(problems, template.name);
  const handlebars = (require('handlebars') as typeof import('handlebars')).create();
  handlebars.registerHelper('each', boundedEach(handlebars.helpers.each as never));
  for (const [name, spec] of Object.entries(builtInTemplatesCompiled().specs.partials))
    handlebars.registerPartial(name, handlebars.template(spec as never));
  const compiled = handlebars.compile(template.text, COMPILE_OPTIONS) as Template;
  const bounded: Template = (context) => {
    try {
      return withinBudget(() => compiled(context));
    } catch (error) {
      throw renderFailure(template, error);
    }
  };
  custom.set(key, bounded);
  return bounded;
}

/**
 * A custom template that fails while rendering is the template's problem (exit 1, with its line), never an
 * internal error: a `../` that climbs past the top (Handlebars skips a level when an inner loop's item is the
 * outer one's), a value its strict mode cannot find, output over the cap, recursion without end.
 */
function renderFailure(template: TemplateFile, error: unknown): TemplateError {
  const at = failureLocation(error) ?? firstParentPath(template.text);
  const reason =
    error instanceof RenderTooLargeError
      ? error.message
      : error instanceof RangeError
        ? 'it recurses without end'
        : `${String((error as Error)?.message ?? error).split('\n')[0]}: name the value with a block parameter or @root instead of '../' (e.g. {{#each CORE_AGENTS as |agent|}} … {{agent.name}})`;
  const problem: TemplateProblem = { file: template.name, line: at.line, column: at.column, name: 'rendering', message: reason };
  return new TemplateError([problem], template.name, 'cannot be rendered');
}

/** The first `../` in a template: the likely culprit of a failure that carries no line. */
function firstParentPath(text: string): { line: number; column: number } {
  const index = text.indexOf('../');
  if (index < 0) return { line: 1, column: 1 };
  const before = text.slice(0, index).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** 9999-12-31T23:59:59Z: the last second a YYYY-MM-DD GENERATED_DATE can show. */
const MAX_SOURCE_DATE_EPOCH = 253_402_300_799;

/**
 * The SOURCE_DATE_EPOCH to render with: whole seconds since 1970-01-01 UTC, as reproducible-builds.org defines
 * it; unset or empty means the newest version-history date. Anything else is refused, since silently falling
 * back to another date would make two "reproducible" renders differ.
 */
export function sourceDateEpoch(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value) && Number(value) <= MAX_SOURCE_DATE_EPOCH) return value;
  const shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  throw new SourceDateEpochError(
    `SOURCE_DATE_EPOCH=${shown} is not a date: set it to whole seconds since 1970-01-01 UTC between 0 and ${MAX_SOURCE_DATE_EPOCH} ` +
      `(e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)), or unset it to use the newest version-history date`,
  );
}

export interface RenderOptions extends ContractOptions {
  /** A template of one's own (the seed's works). @default the built-in templates/CONTRACT.md.hbs */
  readonly template?: TemplateFile;
}

/** CONTRACT.md for one environment; the same model, options and template always give the same bytes. */
export function renderContract(team: TeamEnvironment, options: RenderOptions = {}): string {
  const epoch = sourceDateEpoch(options.sourceDateEpoch);
  const template = options.template ? customTemplate(options.template) : contractTemplate();
  return template(buildContractContext(team, { ...options, sourceDateEpoch: epoch }));
}
