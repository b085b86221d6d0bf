// DAC-UC3: privileges granted on a catalog flow down to every schema in it: agents get USE_CATALOG only.
import { DEPLOYER } from '../access/derive';
import { CATALOG_ACCESS_SET, CATALOG_ADMIN_SET, DEPLOYER_CATALOG_SET } from '../access/privileges';
import { NOT_APPLICABLE, grantsOf, verdict, type GuardrailRule } from './rule';

export const catalogUseOnly: GuardrailRule = {
  id: 'DAC-UC3',
  summary: 'no catalog-level grant beyond USE_CATALOG',
  checks:
    "No catalog-level grant beyond `USE_CATALOG` for agents; only the catalog's administrator (its owner agent, or the deployer when ownership moves to agents) also holds `MANAGE`.",
  why: "Privileges granted on a catalog flow down to every schema in it, past every schema's own grants.",
  fix: 'Grant the privilege on the schema (or table) instead.',
  check(element, context) {
    if ((element.type !== 'databricks_grants' && element.type !== 'databricks_grant') || typeof element.config.catalog !== 'string')
      return NOT_APPLICABLE;
    const messages: string[] = [];
    for (const entry of grantsOf(element)) {
      const grantee = context.agentOf(entry.principal);
      // The deployer and the catalog's owner agent administer the catalog; MANAGE does not flow down.
      const administers = grantee === DEPLOYER || grantee === context.model.catalog.owner;
      const allowed = new Set<string>(grantee === DEPLOYER ? DEPLOYER_CATALOG_SET : administers ? CATALOG_ADMIN_SET : CATALOG_ACCESS_SET);
      const extra = entry.privileges.filter((privilege) => !allowed.has(privilege));
      if (extra.length)
        messages.push(
          `${grantee === DEPLOYER ? 'the deploying identity' : (grantee ?? entry.principal)} holds ${extra.join(', ')} on the catalog, which flows down to every schema: grant it on the schema instead`,
        );
    }
    return verdict(messages);
  },
};
