// DAC-PR1 / DAC-PR2: stateful resources survive a stray destroy in protected environments; nothing cascades.
import { STATEFUL_TYPES } from '../access/stateful';
import { NOT_APPLICABLE, verdict, type GuardrailRule } from './rule';

export const protectedStateful: GuardrailRule = {
  id: 'DAC-PR1',
  summary: 'protected environments: prevent_destroy on stateful resources',
  checks:
    "In protected environments, `prevent_destroy` on catalog, schemas, tables, registered models, volumes, pipelines and service principals (one list, `src/access/stateful.ts`, which the access diff's data-loss marker reads too).",
  why: 'Stateful resources must survive a stray destroy in production: destroying them loses data.',
  fix: 'Keep `prevent_destroy` on the resource (the stacks set it in protected environments); do not override the lifecycle.',
  check(element, context) {
    if (!STATEFUL_TYPES.has(element.type) || !context.environment.protected) return NOT_APPLICABLE;
    const lifecycle = element.config.lifecycle as { prevent_destroy?: boolean } | undefined;
    return verdict(
      lifecycle?.prevent_destroy === true
        ? []
        : [`${element.type} in protected environment '${context.environment.name}' lacks prevent_destroy: destroying it loses data`],
    );
  },
};

export const noForceDestroy: GuardrailRule = {
  id: 'DAC-PR2',
  summary: 'force_destroy is never set',
  checks: '`force_destroy` is never set.',
  why: '`force_destroy` cascades a delete to everything inside.',
  fix: 'Remove `force_destroy`.',
  check(element) {
    if (!('force_destroy' in element.config)) return NOT_APPLICABLE;
    return verdict(element.config.force_destroy === true ? ['force_destroy cascades a delete to everything inside: remove it'] : []);
  },
};
