// DAC-SC1: credentials belong in environment variables, never in the synthesized plan.
import { verdict, type GuardrailRule } from './rule';

const SECRET_KEY = /(^|_)(token|password|client_secret|secret|pat)$/i;
const SECRET_VALUE = [/^dapi[0-9a-f]{32}(-\d+)?$/i, /^dose[0-9a-f]{32}$/i, /-----BEGIN [A-Z ]*PRIVATE KEY-----/, /^gh[pousr]_[A-Za-z0-9]{36}$/];

function scan(value: unknown, path: string, found: string[]): void {
  if (typeof value === 'string') {
    if (SECRET_VALUE.some((pattern) => pattern.test(value))) found.push(`${path} holds a secret-looking literal`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => scan(item, `${path}[${i}]`, found));
    return;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      // A reference (${...}) or an empty value is not a literal secret.
      if (SECRET_KEY.test(key) && typeof item === 'string' && item !== '' && !item.includes('${')) found.push(`${path ? `${path}.` : ''}${key} is a literal credential`);
      else scan(item, path ? `${path}.${key}` : key, found);
    }
  }
}

export const noSecrets: GuardrailRule = {
  id: 'DAC-SC1',
  level: 'error',
  summary: 'no secret-looking literal (token, password, client secret) in the synthesized JSON',
  check(element) {
    const found: string[] = [];
    scan(element.config, '', found);
    return verdict(found.map((message) => `${message}: pass credentials through environment variables (DATABRICKS_TOKEN, DATABRICKS_CLIENT_SECRET)`));
  },
};
