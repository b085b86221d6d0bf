// What evaluating the pack reports: one rule's finding at one place, or a suppression that matched nothing.
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
