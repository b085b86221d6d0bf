// Guardrail findings as SARIF 2.1.0 (OASIS, https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html), the
// format code scanning reads: one run, the rule pack as tool.driver.rules, one result per finding at the model file's
// line where known, else at the construct path as a logical location. A finding the model suppresses is a result too,
// carrying the suppression (§3.27.23 result.suppressions) with its written reason, so reviewers see what is waived.
import type { Finding } from '../rules/evaluate';
import type { GuardrailRule } from '../rules/rule';

export interface FindingLocation {
  /** The model file, relative to the repository root where the SARIF is uploaded (forward slashes). */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

/**
 * A file path as a SARIF uri: a relative URI reference (§3.4.3 artifactLocation.uri; RFC 3986), each segment
 * percent-encoded so a space, `%`, `#`, `?` or a non-ASCII letter in a folder name stays part of the path.
 */
export const uriOf = (file: string): string => file.split('/').map(encodeURIComponent).join('/');

/**
 * The model's suppression as SARIF states it (§3.35): kind `external`, because the waiver is written in the model's
 * `suppressions` list, apart from the stack elements the rules analyze — not beside the offending element as an
 * in-source pragma would be (§3.35.3); its justification is the model's reason, its location the entry in the model.
 */
function suppressionOf(finding: Finding, location: FindingLocation | undefined) {
  return {
    kind: 'external',
    justification: finding.suppressedBecause,
    ...(location?.file === undefined ? {} : { location: physicalLocationOf({ ...location, file: location.file }) }),
  };
}

const physicalLocationOf = (where: FindingLocation & { file: string }) => ({
  physicalLocation: {
    artifactLocation: { uri: uriOf(where.file) },
    ...(where.line === undefined ? {} : { region: { startLine: where.line, ...(where.column ? { startColumn: where.column } : {}) } }),
  },
});

const SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** How a finding is fixed: a rule's message says what to do after its colon; a written suppression waives it. */
function fixOf(finding: Finding): string {
  const advice = /: ([^:]+)$/.exec(finding.message)?.[1];
  return advice ?? `change the model so ${finding.rule} holds at ${finding.path}`;
}

const suppressHelp = (rule: string) =>
  `If the finding is intended, add to the model's suppressions: { rule: ${rule}, resource: <the construct path named in the finding>, reason: <why, at least 10 characters> }.`;

export function sarifOf(
  rules: readonly GuardrailRule[],
  findings: readonly Finding[],
  locationOf: (finding: Finding) => FindingLocation,
  version: string,
  environment: string,
  /** Where the suppression covering a suppressed finding is written. @default nowhere known */
  suppressionLocationOf: (finding: Finding) => FindingLocation | undefined = () => undefined,
): Record<string, unknown> {
  const ids = rules.map((rule) => rule.id);
  const extra = [...new Set(findings.map((finding) => finding.rule))].filter((id) => !ids.includes(id));
  const driverRules = [
    ...rules.map((rule) => ({
      id: rule.id,
      name: rule.id.replace(/[^A-Za-z0-9]/g, ''),
      shortDescription: { text: rule.summary },
      fullDescription: { text: `Guardrail ${rule.id}: ${rule.summary}. Every finding fails \`cdktf synth\` unless the model suppresses it.` },
      help: { text: `Each finding's message says what to change in the model. ${suppressHelp(rule.id)}` },
      defaultConfiguration: { level: 'error' },
    })),
    // A suppression that matches no finding is reported under its rule id even if the pack evaluated lacks it.
    ...extra.map((id) => ({ id, shortDescription: { text: `findings of ${id}` }, defaultConfiguration: { level: 'error' } })),
  ];
  const allIds = driverRules.map((rule) => rule.id);
  const results = findings.map((finding) => {
    const where = locationOf(finding);
    const logical = { logicalLocations: [{ fullyQualifiedName: finding.path, kind: 'resource' }] };
    const physical = where.file === undefined ? {} : physicalLocationOf({ ...where, file: where.file });
    return {
      ruleId: finding.rule,
      ruleIndex: allIds.indexOf(finding.rule),
      // Every rule of the pack is an error: an unsuppressed finding fails synth (guardrails.ts).
      level: 'error',
      // The message carries the fix; SARIF's own `fixes` need file edits (artifactChanges), which a model change is not.
      message: { text: `${finding.path}: ${finding.message}` },
      locations: [{ ...physical, ...logical }],
      ...(finding.suppressedBecause === undefined ? {} : { suppressions: [suppressionOf(finding, suppressionLocationOf(finding))] }),
      properties: { fix: fixOf(finding), constructPath: finding.path },
    };
  });
  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'agent-contract', version, rules: driverRules } },
        // One run per environment: GitHub code scanning keeps each id's results apart (its category).
        automationDetails: { id: `agent-contract/${environment}/` },
        results,
        columnKind: 'unicodeCodePoints',
      },
    ],
  };
}
