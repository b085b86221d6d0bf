// DAC-SC1: credentials belong in environment variables, never in the synthesized plan, which is committed, shown in
// CI logs and copied into state. Every string of every element (the backend included) is searched for token shapes
// anywhere inside it, and a literal under a secret-looking key is refused whatever its shape. Messages name the
// JSON path and the kind of secret, never the secret. The key names and token shapes searched: string-scan.ts.
import { verdict, type GuardrailRule } from './rule';
import { scanStrings } from './string-scan';

export const noSecrets: GuardrailRule = {
  id: 'DAC-SC1',
  summary: 'no secret-looking literal (token, password, key) in any string of the synthesized JSON',
  checks:
    'No credential in any string of any element, backend included: token shapes anywhere inside a string (Databricks PAT `dapi…` and OAuth `dose…` secrets, GitHub tokens, PEM private keys, AWS `AKIA…` key ids, Azure `AccountKey=`, `user:password@` in URLs; decoded `*_base64` content too) and literals under secret-looking keys (`token`, `password`, `client_secret`, backend `access_key`); findings name the JSON path, never the value.',
  why: 'The synthesized plan is committed, shown in CI logs and copied into state: credentials belong in environment variables.',
  fix: "Pass credentials through environment variables (`DATABRICKS_TOKEN`, `DATABRICKS_CLIENT_SECRET`; the backend's own, e.g. `ARM_ACCESS_KEY`).",
  check(element) {
    return verdict(
      scanStrings(element).secrets.map(
        (message) =>
          `${message}: pass credentials through environment variables (DATABRICKS_TOKEN, DATABRICKS_CLIENT_SECRET; the backend's own, e.g. ARM_ACCESS_KEY)`,
      ),
    );
  },
};
