// Renders CONTRACT.md: an isolated Handlebars environment, Markdown (no HTML escaping), strict fields.
// Templates are precompiled once and cached by content hash, so a synth loads only the Handlebars runtime.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { NamedEnvironment, TeamModel } from '../model/types';
import { buildContractContext, type ContractOptions } from './context';

export const TEMPLATES_DIR = join(__dirname, '../../templates');
const CACHE_DIR = join(__dirname, '../../node_modules/.cache/agent-contract-templates');
const COMPILE_OPTIONS = { noEscape: true, strict: true } as const;

type Template = (context: unknown) => string;
interface Sources {
  readonly main: string;
  readonly partials: Readonly<Record<string, string>>;
}

let compiled: Template | undefined;

function readSources(): Sources {
  const dir = join(TEMPLATES_DIR, 'partials');
  const partials: Record<string, string> = {};
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.hbs')).sort()) partials[basename(file, '.hbs')] = readFileSync(join(dir, file), 'utf8');
  return { main: readFileSync(join(TEMPLATES_DIR, 'CONTRACT.md.hbs'), 'utf8'), partials };
}

/** A CommonJS module holding every template as a precompiled Handlebars spec. */
function precompile(sources: Sources): string {
  // The full compiler is only needed when the templates changed since the last cached build.
  const { precompile: toSpec } = require('handlebars') as typeof import('handlebars');
  const partials = Object.entries(sources.partials).map(([name, text]) => `${JSON.stringify(name)}: ${toSpec(text, COMPILE_OPTIONS)}`);
  return `module.exports = { main: ${toSpec(sources.main, COMPILE_OPTIONS)}, partials: { ${partials.join(', ')} } };\n`;
}

function loadSpecs(sources: Sources): { main: unknown; partials: Record<string, unknown> } {
  const { version } = require('handlebars/package.json') as { version: string };
  const key = createHash('sha1').update(version).update(JSON.stringify(sources)).digest('hex');
  const file = join(CACHE_DIR, `${key}.js`);
  try {
    return require(file);
  } catch {
    const code = precompile(sources);
    try {
      mkdirSync(CACHE_DIR, { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, code);
      renameSync(temporary, file);
      return require(file);
    } catch {
      // A read-only tree still renders, only without the cache.
      const module = { exports: {} as { main: unknown; partials: Record<string, unknown> } };
      new Function('module', code)(module);
      return module.exports;
    }
  }
}

/** The compiled CONTRACT.md template (strict: a field missing from the context is an error). */
export function contractTemplate(): Template {
  if (compiled) return compiled;
  const runtime = (require('handlebars/runtime') as { default: typeof import('handlebars') }).default.create();
  const specs = loadSpecs(readSources());
  for (const [name, spec] of Object.entries(specs.partials)) runtime.registerPartial(name, runtime.template(spec as never));
  compiled = runtime.template(specs.main as never) as Template;
  return compiled;
}

/** SOURCE_DATE_EPOCH that cannot give a GENERATED_DATE: a usage error (exit 2), not a crash while rendering. */
export class SourceDateEpochError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceDateEpochError';
  }
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

/** CONTRACT.md for one environment; the same model and options always give the same bytes. */
export function renderContract(model: TeamModel, env: NamedEnvironment, options: ContractOptions = {}): string {
  const epoch = sourceDateEpoch(options.sourceDateEpoch);
  return contractTemplate()(buildContractContext(model, env, { ...options, sourceDateEpoch: epoch }));
}
