// DAC-SC1: credentials belong in environment variables, never in the synthesized plan, which is committed, shown in
// CI logs and copied into state. Every string of every element (the backend included) is searched for token shapes
// anywhere inside it, and a literal under a secret-looking key is refused whatever its shape. Messages name the
// JSON path and the kind of secret, never the secret. The key names and token shapes searched: string-scan.ts.
import { verdict, type GuardrailRule } from './rule';
import { scanStrings } from './string-scan';

export const noSecrets: GuardrailRule = {
  id: 'DAC-SC1',
  summary: 'no secret-looking literal (token, password, key) in any string of the synthesized JSON',
  check(element) {
    return verdict(
      scanStrings(element).secrets.map(
        (message) =>
          `${message}: pass credentials through environment variables (DATABRICKS_TOKEN, DATABRICKS_CLIENT_SECRET; the backend's own, e.g. ARM_ACCESS_KEY)`,
      ),
    );
  },
};
