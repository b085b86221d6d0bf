// Runs the pack over one synthesized stack: collects its elements, applies every rule, honours suppressions and
// reports the stack's suppressions that matched nothing.
import type { TerraformStack } from 'cdktf';
import { resolveToken } from './resolve-token';
import type { SecurableAccess } from '../access/derive';
import type { TeamEnvironment } from '../access/team-environment';
import { GUARDRAILS } from './pack';
import { grantTarget, type GrantTarget, type GuardrailRule, type RuleContext, type StackElement } from './rule';
import { covers, unusedSuppressions, type Suppression } from './suppressions';
import type { Finding } from './finding';

export { formatFinding, type Finding } from './finding';

export interface EvaluateProps {
  readonly team: TeamEnvironment;
  /** The AgentTeam's construct path: findings below it are addressed by environment. @default the stack's path */
  readonly teamPath?: string;
  /**
   * The construct path of every AgentTeam in the stack, in the order declared, this one's included. Each team judges
   * its own elements and compares them with the stack's own; another team's are its own to judge. The stack's own
   * elements — providers, backend, whatever the stack declares outside any team — belong to no team: the first team
   * judges them, so each element is judged exactly once. @default [teamPath]
   */
  readonly teamPaths?: readonly string[];
  /** Agent (or DEPLOYER) → principal name as the stack wrote it (tokens allowed). */
  readonly principals: ReadonlyMap<string, string>;
  /** @default the full pack */
  readonly rules?: readonly GuardrailRule[];
  /** Derivation key → the securable as databricks_grants names it (UnityCatalogOwnership.grantTargets). @default none */
  readonly grantTargets?: ReadonlyMap<string, GrantTarget>;
}

type Json = Record<string, unknown>;

/**
 * The elements of a stack's resolved Terraform JSON (what cdk.tf.json will hold), without its metadata.
 * Reading the JSON the stack resolves anyway keeps the pack from resolving every element a second time.
 */
function stackElements(stackName: string, json: Json): StackElement[] {
  const elements: StackElement[] = [];
  const strip = (config: Json): Json => {
    const { ['//']: meta, ...rest } = config;
    void meta;
    return rest;
  };
  const pathOf = (config: Json, fallback: string): string =>
    String(((config['//'] as Json | undefined)?.metadata as Json | undefined)?.path ?? fallback);
  for (const [type, block] of Object.entries((json.resource ?? {}) as Record<string, Record<string, Json>>)) {
    for (const [id, config] of Object.entries(block)) {
      elements.push({ type, path: pathOf(config, `${stackName}/${id}`), config: strip(config), idRef: `\${${type}.${id}.id}` });
    }
  }
  for (const [type, block] of Object.entries((json.data ?? {}) as Record<string, Record<string, Json>>)) {
    for (const [id, config] of Object.entries(block)) {
      elements.push({ type: `data.${type}`, path: pathOf(config, `${stackName}/${id}`), config: strip(config), idRef: `\${data.${type}.${id}.id}` });
    }
  }
  for (const [type, configs] of Object.entries((json.provider ?? {}) as Record<string, Json[]>)) {
    configs.forEach((config, i) =>
      elements.push({ type: `provider.${type}`, path: `${stackName}/provider.${type}${i ? `[${i}]` : ''}`, config: strip(config) }),
    );
  }
  // The backend holds state locations and, if someone writes one in, credentials: rules scan it like the rest.
  for (const [type, config] of Object.entries((((json.terraform ?? {}) as Json).backend ?? {}) as Record<string, Json>)) {
    elements.push({ type: `backend.${type}`, path: `${stackName}/backend.${type}`, config });
  }
  return elements;
}

/** Evaluates the pack over `json`, the stack's resolved Terraform JSON (stack.toTerraform()). */
export function evaluate(stack: TerraformStack, json: Json, props: EvaluateProps): Finding[] {
  const { model, environment } = props.team;
  const { elements, judged } = teamElements(stack, json, props);
  const agentByPrincipal = new Map([...props.principals].map(([agent, principal]) => [String(resolveToken(stack, principal)), agent]));
  const access = new Map<string, SecurableAccess>(props.team.access.map((entry) => [entry.securable.key, entry]));
  const keyByTarget = new Map(
    [...(props.grantTargets ?? [])].map(([key, target]) => {
      const [kind, value] = Object.entries(target)[0] as [string, string];
      return [`${kind}:${String(resolveToken(stack, value))}`, key];
    }),
  );
  const groups = new Map<string, Map<string, StackElement[]>>();
  const context: RuleContext = {
    groupedBy: (name, keyOf) => {
      let grouped = groups.get(name);
      if (!grouped) {
        grouped = new Map();
        for (const element of elements) {
          const key = keyOf(element);
          if (key === undefined) continue;
          const group = grouped.get(key);
          if (group) group.push(element);
          else grouped.set(key, [element]);
        }
        groups.set(name, grouped);
      }
      return grouped;
    },
    model,
    environment,
    elements,
    agentOf: (principal) => agentByPrincipal.get(principal),
    // The securable a grants element targets, as the team declared it: compared through the target, never by
    // parsing construct paths (an escape hatch's grants elsewhere in the tree are recognized too).
    derivedAccessOf: (element) => {
      const key = keyByTarget.get(grantTarget(element) ?? '');
      return key === undefined ? undefined : access.get(key);
    },
  };
  const rules = props.rules ?? GUARDRAILS;
  const findings: Finding[] = [];
  // Every suppression covering a finding counts as used, not only the first, so a narrower one is not reported unused.
  const used = new Set<Suppression>();
  for (const element of judged) {
    for (const rule of rules) {
      const result = rule.check(element, context);
      if (result.status !== 'non-compliant') continue;
      const covering = model.suppressions.filter((suppression) => covers(suppression, rule.id, element.path));
      covering.forEach((suppression) => used.add(suppression));
      const where = element.constructPath !== undefined ? { path: element.path, constructPath: element.constructPath } : { path: element.path };
      for (const message of result.messages) findings.push({ rule: rule.id, ...where, message, suppressedBecause: covering[0]?.reason });
    }
  }
  const unused = unusedSuppressions(model.suppressions, used, environment.name, new Set(rules.map((rule) => rule.id)));
  // An unused suppression names an address: its construct, for the annotation, is where that address points.
  return [
    ...findings,
    ...unused.map((finding) => {
      const constructPath = constructPathOf(finding.path, elements);
      return constructPath === undefined || constructPath === finding.path ? finding : { ...finding, constructPath };
    }),
  ];
}

const teamPathOf = (stack: TerraformStack, props: EvaluateProps): string => props.teamPath ?? stack.node.path;

/**
 * The elements the team's rules see (its own and the stack's own) and those it judges (its own, and the stack's own
 * when it is the stack's first team). Both are addressed by the environment, as the model's suppressions name them:
 * `<environment>/<path below the team>`, and `<environment>/<path below the stack>` for the stack's own — so the
 * model can suppress a finding on a provider or the backend whatever the stack is called.
 */
function teamElements(stack: TerraformStack, json: Json, props: EvaluateProps): { elements: StackElement[]; judged: StackElement[] } {
  const environment = props.team.environment.name;
  const teamPath = teamPathOf(stack, props);
  const teamPaths = props.teamPaths ?? [teamPath];
  const below = (path: string, scope: string) => path.startsWith(`${scope}/`);
  const judgesStack = teamPaths[0] === teamPath;
  const elements: StackElement[] = [];
  const judged: StackElement[] = [];
  for (const element of stackElements(stack.node.path, json)) {
    const ours = below(element.path, teamPath);
    if (!ours && teamPaths.some((other) => other !== teamPath && below(element.path, other))) continue;
    const scope = ours ? teamPath : stack.node.path;
    const path = below(element.path, scope) ? `${environment}/${element.path.slice(scope.length + 1)}` : element.path;
    const addressed = path === element.path ? element : { ...element, path, constructPath: element.path };
    elements.push(addressed);
    if (ours || judgesStack) judged.push(addressed);
  }
  return { elements, judged };
}

/**
 * The construct path an address stands for, read off an element below it (a suppression names a construct or a
 * prefix of one); undefined when no element is there.
 */
function constructPathOf(address: string, elements: readonly StackElement[]): string | undefined {
  for (const element of elements) {
    if (element.constructPath === undefined || (element.path !== address && !element.path.startsWith(`${address}/`))) continue;
    return element.constructPath.slice(0, element.constructPath.length - (element.path.length - address.length));
  }
  return undefined;
}
