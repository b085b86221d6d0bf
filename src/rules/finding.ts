// What evaluating the pack reports, and its one-line form: light, so the CLI's error reporter can format a
// GuardrailError without loading the rule pack (and cdktf with it).

/** One rule's finding at one place, or a suppression that matched nothing. */
export interface Finding {
  readonly rule: string;
  /**
   * Where the offending element is, as suppressions name it: `<environment>/<path below the team>` for the team's
   * elements, else its construct path.
   */
  readonly path: string;
  /** Its construct path, when it differs from `path`: annotations attach there. @default path */
  readonly constructPath?: string;
  readonly message: string;
  /** The model's written reason, when a suppression covers this finding. */
  readonly suppressedBecause?: string;
}

export function formatFinding(finding: Finding): string {
  return `${finding.rule} ${finding.path}: ${finding.message}`;
}
