// What evaluating the pack reports: one rule's finding at one construct path.
export interface Finding {
  readonly rule: string;
  /** Construct path of the offending element. */
  readonly path: string;
  readonly message: string;
  /** The model's written reason, when a suppression covers this finding. */
  readonly suppressedBecause?: string;
}
