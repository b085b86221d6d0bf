// DAC-UC3: privileges granted on a catalog flow down to every schema in it: agents get USE_CATALOG only.
import { DEPLOYER } from '../access/derive';
import { NOT_APPLICABLE, grantsOf, verdict, type GuardrailRule } from './rule';

export const catalogUseOnly: GuardrailRule = {
  id: 'DAC-UC3',
  level: 'error',
  summary: 'no catalog-level grant beyond USE_CATALOG',
  check(element, context) {
    if (element.type !== 'databricks_grants' || typeof element.config.catalog !== 'string') return NOT_APPLICABLE;
    const messages: string[] = [];
    for (const entry of grantsOf(element)) {
      const grantee = context.agentOf(entry.principal);
      // The deployer and the catalog's owner agent administer the catalog; MANAGE does not flow down.
      const administers = grantee === DEPLOYER || grantee === context.model.catalog.owner;
      const allowed = new Set(administers ? ['USE_CATALOG', 'MANAGE', ...(grantee === DEPLOYER ? ['CREATE_SCHEMA'] : [])] : ['USE_CATALOG']);
      const extra = entry.privileges.filter((privilege) => !allowed.has(privilege));
      if (extra.length) messages.push(`${grantee ?? entry.principal} holds ${extra.join(', ')} on the catalog, which flows down to every schema: grant it on the schema instead`);
    }
    return verdict(messages);
  },
};
