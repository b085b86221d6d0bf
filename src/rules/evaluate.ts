// Runs the pack over one synthesized stack: collects its elements, applies every rule, honours suppressions.
import { TerraformDataSource, TerraformProvider, TerraformResource, type TerraformStack } from 'cdktf';
// cdktf's own resolver (the one synth uses): turns tokens into ${type.id.attr} references.
import { resolve } from 'cdktf/lib/_tokens';
import { deriveAccess, DEPLOYER, type SecurableAccess } from '../access/derive';
import type { NamedEnvironment, TeamModel } from '../model/types';
import { GUARDRAILS } from './pack';
import type { GuardrailRule, RuleContext, StackElement } from './rule';

export interface Finding {
  readonly rule: string;
  readonly level: 'error' | 'warning';
  /** Construct path of the offending element. */
  readonly path: string;
  readonly message: string;
  /** The model's written reason, when a suppression covers this finding. */
  readonly suppressedBecause?: string;
}

export interface EvaluateProps {
  readonly model: TeamModel;
  readonly environment: NamedEnvironment;
  /** Agent (or DEPLOYER) → principal name as the stack wrote it (tokens allowed). */
  readonly principals: ReadonlyMap<string, string>;
  /** @default the full pack */
  readonly rules?: readonly GuardrailRule[];
}

function inner(block: unknown): Record<string, unknown> {
  // toTerraform() nests a config under its kind, type and id: { resource: { type: { id: config } } }.
  let current = block;
  for (let depth = 0; depth < 3 && current && typeof current === 'object' && !Array.isArray(current); depth++) {
    const values = Object.values(current as Record<string, unknown>);
    if (values.length !== 1) break;
    current = values[0];
  }
  return (Array.isArray(current) ? current[0] : current) as Record<string, unknown>;
}

export function stackElements(stack: TerraformStack): StackElement[] {
  return stack.node.findAll().flatMap((node): StackElement[] => {
    if (node instanceof TerraformResource || node instanceof TerraformDataSource) {
      return [{
        type: node.terraformResourceType,
        path: node.node.path,
        config: inner(resolve(stack, node.toTerraform())),
        idRef: `\${${node.terraformResourceType}.${node.friendlyUniqueId}.id}`,
      }];
    }
    if (node instanceof TerraformProvider) {
      return [{ type: `provider.${node.terraformResourceType}`, path: node.node.path, config: inner(resolve(stack, node.toTerraform())) }];
    }
    return [];
  });
}

export function evaluate(stack: TerraformStack, props: EvaluateProps): Finding[] {
  const elements = stackElements(stack);
  const agentByPrincipal = new Map([...props.principals].map(([agent, principal]) => [String(resolve(stack, principal)), agent]));
  const access = new Map<string, SecurableAccess>(deriveAccess(props.model).map((entry) => [entry.securable.key, entry]));
  const context: RuleContext = {
    model: props.model,
    environment: props.environment,
    elements,
    agentOf: (principal) => agentByPrincipal.get(principal),
    derivedAccessAt: (path) => {
      const segments = path.split('/');
      const at = segments.indexOf('unity-catalog');
      return at >= 0 ? access.get(segments[at + 1]) : undefined;
    },
  };
  const findings: Finding[] = [];
  for (const element of elements) {
    for (const rule of props.rules ?? GUARDRAILS) {
      const result = rule.check(element, context);
      if (result.status !== 'non-compliant') continue;
      const suppression = props.model.suppressions.find((s) => s.rule === rule.id && element.path.startsWith(s.resource));
      for (const message of result.messages) {
        findings.push({ rule: rule.id, level: rule.level, path: element.path, message, suppressedBecause: suppression?.reason });
      }
    }
  }
  return findings;
}

export function formatFinding(finding: Finding): string {
  return `${finding.rule} ${finding.path}: ${finding.message}`;
}

export { DEPLOYER };
