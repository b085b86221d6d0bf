// DAC-UC4: grants to everyone in the workspace or account defeat per-agent ownership.
import { NOT_APPLICABLE, grantsOf, verdict, type GuardrailRule } from './rule';

export const BROAD_PRINCIPALS: ReadonlySet<string> = new Set(['users', 'account users', 'admins']);

export const noBroadPrincipals: GuardrailRule = {
  id: 'DAC-UC4',
  summary: 'no grant to broad principals (users, account users)',
  check(element) {
    if (element.type !== 'databricks_grants' && element.type !== 'databricks_grant') return NOT_APPLICABLE;
    return verdict(
      grantsOf(element)
        .filter((entry) => BROAD_PRINCIPALS.has(entry.principal.toLowerCase()))
        .map(
          (entry) => `'${entry.principal}' is granted access: grant the agents' principals instead, or suppress DAC-UC4 in the model with a reason`,
        ),
    );
  },
};
