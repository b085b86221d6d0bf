// Thrown before anything is written when a stack breaks a guardrail.
import { formatFinding, type Finding } from './finding';

export class GuardrailError extends Error {
  constructor(readonly findings: readonly Finding[]) {
    super(
      `guardrails failed (${findings.length} error${findings.length === 1 ? '' : 's'}):\n${findings.map((f) => `  ${formatFinding(f)}`).join('\n')}`,
    );
    this.name = 'GuardrailError';
  }
}
