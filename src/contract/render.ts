// Renders CONTRACT.md: an isolated Handlebars environment, Markdown (no HTML escaping), strict fields.
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import type { NamedEnvironment, TeamModel } from '../model/types';
import { buildContractContext, type ContractOptions } from './context';

export const TEMPLATES_DIR = join(__dirname, '../../templates');

let compiled: Handlebars.TemplateDelegate | undefined;

function template(): Handlebars.TemplateDelegate {
  if (compiled) return compiled;
  const handlebars = Handlebars.create();
  const partials = join(TEMPLATES_DIR, 'partials');
  for (const file of readdirSync(partials).filter((name) => name.endsWith('.hbs')).sort()) {
    handlebars.registerPartial(basename(file, '.hbs'), readFileSync(join(partials, file), 'utf8'));
  }
  compiled = handlebars.compile(readFileSync(join(TEMPLATES_DIR, 'CONTRACT.md.hbs'), 'utf8'), { noEscape: true, strict: true });
  return compiled;
}

/** CONTRACT.md for one environment; the same model and options always give the same bytes. */
export function renderContract(model: TeamModel, env: NamedEnvironment, options: ContractOptions = {}): string {
  return template()(buildContractContext(model, env, options));
}
