// DAC-SC1: credentials belong in environment variables, never in the synthesized plan, which is committed, shown in
// CI logs and copied into state. Every string of every element (the backend included) is searched for token shapes
// anywhere inside it, and a literal under a secret-looking key is refused whatever its shape. Messages name the
// JSON path and the kind of secret, never the secret.
import { verdict, type GuardrailRule } from './rule';

/** Keys whose literal value is a credential; plus the azurerm and s3 backends' own key names. */
const SECRET_KEY = /(^|_)(token|password|client_secret|secret|pat)$|^(access_key|secret_key)$/i;

/** Token shapes, unanchored: a token inside a URL, header, script or connection string is found too. */
const TOKEN_SHAPES: readonly (readonly [kind: string, pattern: RegExp])[] = [
  ['a Databricks personal access token', /dapi[0-9a-f]{32}/i],
  ['a Databricks OAuth secret', /dose[0-9a-f]{32}/i],
  ['a GitHub token', /gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,}/],
  ['a PEM private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['an AWS access key id', /(?<![0-9A-Z])AKIA[0-9A-Z]{16}(?![0-9A-Z])/],
  // A Terraform reference in place of the key is not a literal.
  ['an Azure storage account key', /AccountKey=(?!\$\{)[^;\s"']+/i],
  // Only user:password counts: abfss:// and git URLs carry a container or user name where user info goes.
  // Bounded parts keep the search linear on long text (base64 content is one long run of scheme characters).
  ['a password in a URL', /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]{0,31}:\/\/[^\s/?#@:]{0,256}:(?!\$\{)[^\s/?#@]{1,256}@/i],
];

const kindOf = (text: string): string | undefined => TOKEN_SHAPES.find(([, pattern]) => pattern.test(text))?.[0];
const isLiteral = (value: unknown): value is string => typeof value === 'string' && value !== '' && !value.includes('${');
const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

function scan(value: unknown, path: string, found: string[]): void {
  if (typeof value === 'string') {
    const kind = kindOf(value);
    if (kind) found.push(`${path} holds ${kind}`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => scan(item, `${path}[${i}]`, found));
    return;
  }
  if (!value || typeof value !== 'object') return;
  for (const [key, item] of Object.entries(value)) {
    // A key is a string of the plan too; the path must not repeat it when it is the secret.
    const keyKind = kindOf(key);
    if (keyKind) found.push(`a key of ${path || 'the element'} is ${keyKind}`);
    const at = join(path, keyKind ? '<secret key>' : key);
    if (SECRET_KEY.test(key) && isLiteral(item)) {
      found.push(`${at} is a literal credential`);
      continue;
    }
    scan(item, at, found);
    // Notebooks and workspace files travel base64-encoded: a token in their text is only visible decoded.
    if (key.endsWith('_base64') && isLiteral(item)) scan(Buffer.from(item, 'base64').toString('utf8'), `${at} (decoded)`, found);
  }
}

export const noSecrets: GuardrailRule = {
  id: 'DAC-SC1',
  summary: 'no secret-looking literal (token, password, key) in any string of the synthesized JSON',
  checks:
    'No credential in any string of any element, backend included: token shapes anywhere inside a string (Databricks PAT `dapi…` and OAuth `dose…` secrets, GitHub tokens, PEM private keys, AWS `AKIA…` key ids, Azure `AccountKey=`, `user:password@` in URLs; decoded `*_base64` content too) and literals under secret-looking keys (`token`, `password`, `client_secret`, backend `access_key`); findings name the JSON path, never the value.',
  why: 'The synthesized plan is committed, shown in CI logs and copied into state: credentials belong in environment variables.',
  fix: "Pass credentials through environment variables (`DATABRICKS_TOKEN`, `DATABRICKS_CLIENT_SECRET`; the backend's own, e.g. `ARM_ACCESS_KEY`).",
  check(element) {
    const found: string[] = [];
    scan(element.config, '', found);
    return verdict(
      found.map(
        (message) =>
          `${message}: pass credentials through environment variables (DATABRICKS_TOKEN, DATABRICKS_CLIENT_SECRET; the backend's own, e.g. ARM_ACCESS_KEY)`,
      ),
    );
  },
};
