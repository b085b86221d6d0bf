// One guardrail finding and its one-line form: light, so the CLI's error reporter can format a GuardrailError without
// loading the rule pack (and cdktf with it).

export interface Finding {
  readonly rule: string;
  /** Construct path of the offending element. */
  readonly path: string;
  readonly message: string;
  /** The model's written reason, when a suppression covers this finding. */
  readonly suppressedBecause?: string;
}

export function formatFinding(finding: Finding): string {
  return `${finding.rule} ${finding.path}: ${finding.message}`;
}
