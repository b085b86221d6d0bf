// DAC-PR1 / DAC-PR2: stateful resources survive a stray destroy in protected environments; nothing cascades.
import { STATEFUL_TYPES } from '../access/stateful';
import { NOT_APPLICABLE, verdict, type GuardrailRule } from './rule';

export const protectedStateful: GuardrailRule = {
  id: 'DAC-PR1',
  summary: 'protected environments: prevent_destroy on stateful resources',
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
  check(element) {
    if (!('force_destroy' in element.config)) return NOT_APPLICABLE;
    return verdict(element.config.force_destroy === true ? ['force_destroy cascades a delete to everything inside: remove it'] : []);
  },
};
