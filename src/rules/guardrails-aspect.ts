// Applies the guardrail pack to a stack as an Aspect: errors and warnings become annotations
// (cdktf synth fails on an error annotation); findings stay readable for callers and tests.
import { Annotations, type IAspect, type TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { evaluate, formatFinding, type EvaluateProps, type Finding } from './evaluate';

export class GuardrailsAspect implements IAspect {
  private annotated = false;

  constructor(
    private readonly stack: TerraformStack,
    private readonly props: EvaluateProps,
  ) {}

  visit(node: IConstruct): void {
    // Aspects may be invoked more than once; annotate once.
    if (node === this.stack && !this.annotated) this.annotate(this.findings());
  }

  /** Evaluates the stack as it resolves now (escape hatches included). */
  findings(): readonly Finding[] {
    return evaluate(this.stack, this.stack.toTerraform(), this.props);
  }

  /** Unsuppressed errors, which fail synth; annotates the offending constructs. */
  errors(): readonly Finding[] {
    const findings = this.findings();
    if (!this.annotated) this.annotate(findings);
    return findings.filter((finding) => finding.level === 'error' && finding.suppressedBecause === undefined);
  }

  private annotate(findings: readonly Finding[]): void {
    this.annotated = true;
    const byPath = new Map(this.stack.node.findAll().map((construct) => [construct.node.path, construct]));
    for (const finding of findings) {
      if (finding.suppressedBecause !== undefined) continue;
      const construct = byPath.get(finding.path) ?? this.stack;
      if (finding.level === 'error') Annotations.of(construct).addError(formatFinding(finding));
      else Annotations.of(construct).addWarning(formatFinding(finding));
    }
  }
}
