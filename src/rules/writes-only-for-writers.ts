// DAC-UC2: write privileges only for agents the model makes owners or writers of that securable.
import { WRITE_PRIVILEGES } from '../access/privileges';
import { NOT_APPLICABLE, grantsOf, verdict, type GuardrailRule } from './rule';

export const writesOnlyForWriters: GuardrailRule = {
  id: 'DAC-UC2',
  summary: 'no write privilege for an agent that is not an owner or writer in the model',
  checks: 'No write privilege (`MODIFY`, `CREATE_*`, `REFRESH`) for an agent the model does not make an owner or writer of that securable.',
  why: 'Write access is what the contract promises to owners and writers alone; a write grant added beside the model (an escape hatch, an extra construct) would let another agent change data it does not own.',
  fix: "Add the agent to the schema's (or table's) writers in the model, or remove the grant.",
  check(element, context) {
    if (element.type !== 'databricks_grants' && element.type !== 'databricks_grant') return NOT_APPLICABLE;
    const derived = context.derivedAccessOf(element);
    const messages: string[] = [];
    for (const entry of grantsOf(element)) {
      const grantee = context.agentOf(entry.principal) ?? entry.principal;
      const allowed = new Set(derived?.grants.find((g) => g.grantee === grantee)?.privileges ?? []);
      const extra = entry.privileges.filter((privilege) => WRITE_PRIVILEGES.has(privilege) && !allowed.has(privilege as never));
      if (extra.length) {
        messages.push(
          `${grantee} holds ${extra.join(', ')} but is not an owner or writer of this securable in the model: add it to the schema's writers or remove the grant`,
        );
      }
    }
    return verdict(messages);
  },
};
