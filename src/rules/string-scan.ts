// One walk over every string of an element, keys included, for the two rules that read them all: the secret scan
// (DAC-SC1, no-secrets.ts) and the template scan (DAC-SC2, no-template-injection.ts). Each element is walked once,
// whichever of the two asks first; the rules keep their own ids, messages and verdicts. Paths are built only for
// what is reported: most strings of a plan hold neither a secret nor a template sequence.
import type { StackElement } from './rule';

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

/**
 * What every shape above starts with, case-insensitively (a superset of the shapes): one search rules out the many
 * strings that can hold none of them before the shapes are tried one by one.
 */
const MAY_HOLD_TOKEN = /dapi|dose|gh[pousr]_|github_pat_|-----BEGIN|AKIA|AccountKey=|:\/\//i;

function kindOf(text: string): string | undefined {
  if (!MAY_HOLD_TOKEN.test(text)) return undefined;
  for (const [kind, pattern] of TOKEN_SHAPES) if (pattern.test(text)) return kind;
  return undefined;
}
const isLiteral = (value: unknown): value is string => typeof value === 'string' && value !== '' && !value.includes('${');
/** Only a string with a `{` can hold `${` or `%{`. */
const mayHoldTemplate = (text: string): boolean => text.includes('{');

export interface StringScan {
  /** DAC-SC1's findings: where a secret is and of what kind, never the secret. */
  readonly secrets: readonly string[];
  /** Every string that may hold a template sequence, with its JSON path (a key's path ends in ` (key)`). */
  readonly templateCandidates: readonly (readonly [path: string, text: string])[];
  /** Whether the element has any string or key at all. */
  readonly hasStrings: boolean;
}

/**
 * One step of a JSON path, as each rule writes it: the secret scan writes `<secret key>` for a key that is itself
 * a secret (and everything below it), the template scan the key as it is.
 */
interface Step {
  readonly plain: string;
  readonly secret: string;
}

class Walk {
  readonly secrets: string[] = [];
  readonly templateCandidates: [string, string][] = [];
  hasStrings = false;
  private readonly steps: Step[] = [];

  private path(which: keyof Step): string {
    let path = '';
    for (const step of this.steps) path += step[which];
    return path;
  }

  private keyStep(key: string, secretKey: string): Step {
    return this.steps.length ? { plain: `.${key}`, secret: `.${secretKey}` } : { plain: key, secret: secretKey };
  }

  /** `value` at the current path; `secrets` false below a literal credential, which DAC-SC1 reports as a whole. */
  visit(value: unknown, secrets: boolean): void {
    if (typeof value === 'string') {
      this.hasStrings = true;
      if (secrets) this.secretsIn(value, '');
      if (mayHoldTemplate(value)) this.templateCandidates.push([this.path('plain'), value]);
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => this.within({ plain: `[${i}]`, secret: `[${i}]` }, () => this.visit(item, secrets)));
      return;
    }
    if (!value || typeof value !== 'object') return;
    for (const [key, item] of Object.entries(value)) {
      this.hasStrings = true;
      // A key is a string of the plan too; the secret scan's path must not repeat it when it is the secret.
      const keyKind = secrets ? kindOf(key) : undefined;
      if (keyKind) this.secrets.push(`a key of ${this.path('secret') || 'the element'} is ${keyKind}`);
      this.within(this.keyStep(key, keyKind ? '<secret key>' : key), () => {
        if (mayHoldTemplate(key)) this.templateCandidates.push([`${this.path('plain')} (key)`, key]);
        if (secrets && SECRET_KEY.test(key) && isLiteral(item)) {
          this.secrets.push(`${this.path('secret')} is a literal credential`);
          this.visit(item, false);
          return;
        }
        this.visit(item, secrets);
        // Notebooks and workspace files travel base64-encoded: a token in their text is only visible decoded.
        if (secrets && key.endsWith('_base64') && isLiteral(item)) this.secretsIn(Buffer.from(item, 'base64').toString('utf8'), ' (decoded)');
      });
    }
  }

  /** A secret in `text`, the string at the current path (`suffix` says how it was read there). */
  private secretsIn(text: string, suffix: string): void {
    const kind = kindOf(text);
    if (kind) this.secrets.push(`${this.path('secret')}${suffix} holds ${kind}`);
  }

  private within(step: Step, body: () => void): void {
    this.steps.push(step);
    body();
    this.steps.pop();
  }
}

const scans = new WeakMap<StackElement, StringScan>();

/** The strings of `element`, walked once for both rules. */
export function scanStrings(element: StackElement): StringScan {
  let scan = scans.get(element);
  if (scan === undefined) {
    const walk = new Walk();
    walk.visit(element.config, true);
    scan = { secrets: walk.secrets, templateCandidates: walk.templateCandidates, hasStrings: walk.hasStrings };
    scans.set(element, scan);
  }
  return scan;
}
