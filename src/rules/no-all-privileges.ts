// DAC-UC1: ALL_PRIVILEGES breaks least privilege and comes back expanded from the server (permanent drift).
import { NOT_APPLICABLE, grantsOf, verdict, type GuardrailRule } from './rule';

export const noAllPrivileges: GuardrailRule = {
  id: 'DAC-UC1',
  summary: 'no ALL_PRIVILEGES grant',
  check(element, context) {
    if (element.type !== 'databricks_grants' && element.type !== 'databricks_grant') return NOT_APPLICABLE;
    return verdict(
      grantsOf(element)
        .filter((entry) => entry.privileges.includes('ALL_PRIVILEGES'))
        .map(
          (entry) => `${context.agentOf(entry.principal) ?? entry.principal} is granted ALL_PRIVILEGES: grant the model's read or write set instead`,
        ),
    );
  },
};
