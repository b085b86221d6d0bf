// DAC-UC1: ALL_PRIVILEGES breaks least privilege and comes back expanded from the server (permanent drift).
import { NOT_APPLICABLE, grantsOf, verdict, type GuardrailRule } from './rule';

export const noAllPrivileges: GuardrailRule = {
  id: 'DAC-UC1',
  summary: 'no ALL_PRIVILEGES grant',
  checks: 'No `databricks_grants` or `databricks_grant` entry holds `ALL_PRIVILEGES`.',
  why: '`ALL_PRIVILEGES` breaks least privilege: it includes every privilege Unity Catalog adds later, and the server returns it expanded, so the plan drifts forever.',
  fix: "Grant the model's read or write set instead: make the agent a reader, writer or owner of the securable in the model.",
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
