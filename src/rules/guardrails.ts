// Runs the guardrail pack as a construct validation of a stack: after every Aspect (ours and the user's) has run,
// on the JSON synth is about to write. Errors fail synth; every finding is an annotation on its construct.
import { Annotations, type TerraformStack } from 'cdktf';
import type { IValidation } from 'constructs';
import { evaluate, formatFinding, type EvaluateProps, type Finding } from './evaluate';

/** A stack that can hand the guardrails the JSON it will write, resolved once for both (EnvironmentStack can). */
export interface FinalizableStack extends TerraformStack {
  /** Resolves the stack as it will be written; later toTerraform() calls return the same JSON. */
  finalize?(): Record<string, unknown>;
}

export interface GuardrailsProps extends Omit<EvaluateProps, 'teamPaths'> {
  /**
   * The construct path of every team in the stack, in the order declared, asked for when the stack is evaluated (teams
   * added later count): each team judges only its own elements, the first the stack's own too (EvaluateProps.teamPaths).
   * @default just this team
   */
  readonly teamPaths?: () => readonly string[];
}

export class Guardrails implements IValidation {
  private annotated = false;
  private failed: readonly Finding[] = [];

  constructor(
    private readonly stack: FinalizableStack,
    private readonly props: GuardrailsProps,
  ) {}

  private evaluate(json: Record<string, unknown>): Finding[] {
    return evaluate(this.stack, json, { ...this.props, teamPaths: this.props.teamPaths?.() });
  }

  /** Evaluates the stack as it resolves now (escape hatches included). */
  findings(): readonly Finding[] {
    return this.evaluate(this.stack.toTerraform());
  }

  /** Unsuppressed errors, and suppressions of this stack that matched nothing, as the stack resolves now. */
  errors(): readonly Finding[] {
    return errorsOf(this.findings());
  }

  /**
   * cdktf calls this once the stack is final — Aspects run before validations (synthesizer.js) — so a user's Aspect
   * is both checked and kept: the JSON checked here is the JSON written.
   */
  validate(): string[] {
    // Any other stack (an AgentTeam in yours) is resolved once more when cdktf writes it.
    const findings = this.evaluate(this.stack.finalize?.() ?? this.stack.toTerraform());
    this.annotate(findings);
    this.failed = errorsOf(findings);
    return this.failed.map(formatFinding);
  }

  /** The errors that failed the last validation, for a caller turning cdktf's failure into a GuardrailError. */
  get failures(): readonly Finding[] {
    return this.failed;
  }

  private annotate(findings: readonly Finding[]): void {
    if (this.annotated) return;
    this.annotated = true;
    const byPath = new Map(this.stack.node.findAll().map((construct) => [construct.node.path, construct]));
    for (const finding of findings) {
      if (finding.suppressedBecause !== undefined) continue;
      const construct = byPath.get(finding.constructPath ?? finding.path) ?? this.stack;
      // Every rule is an error: a finding the model does not suppress fails synth.
      Annotations.of(construct).addError(formatFinding(finding));
    }
  }
}

const errorsOf = (findings: readonly Finding[]) => findings.filter((finding) => finding.suppressedBecause === undefined);
