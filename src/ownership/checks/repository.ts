// The repository side of the contract: the agent the main session acts as exists, commit e-mails name one agent each,
// and no rule of the contract tells an agent to edit a file the edit hook refuses it (the status file first).
import { decide, indexPatterns } from '../matcher';
import { ownershipOf } from '../ownership';
import type { TeamModel } from '../../model/types';
import type { PathSegment } from '../../model/problems';
import type { CheckContext } from '../../model/checks/context';

/** A repository file a rule names: a path with an extension, optionally in backticks. */
const FILE =
  /(?:^|[\s`'"(])((?:[A-Za-z0-9_.-]+\/)*[A-Za-z0-9_-][A-Za-z0-9_.-]*\.(?:md|py|sql|json|ya?ml|ipynb|txt|toml|cfg|sh|csv))(?=$|[\s`'",.;:)])/g;
/** A rule that asks for a change of the file it names, not a read. */
const EDIT_VERB = /\b(update|edit|write|modify|append|record|fill in|add to|change|commit)\b/i;

export function checkRepository(ctx: CheckContext): void {
  const model = ctx.model as unknown as TeamModel;
  const agents = [...model.agents.core, ...model.agents.domain].map((agent) => agent.name);
  ctx.agent(['repository', 'mainAgent'], model.repository.mainAgent);
  const emails = new Map<string, string>();
  [...model.agents.core.map((a, i) => ['core', i, a] as const), ...model.agents.domain.map((a, i) => ['domain', i, a] as const)].forEach(
    ([group, i, agent]) => {
      if (agent.commitEmail === undefined) return;
      const key = agent.commitEmail.toLowerCase();
      const other = emails.get(key);
      if (other) ctx.report(['agents', group, i, 'commitEmail'], `'${agent.commitEmail}' is also ${other}'s commit e-mail: give each agent its own`);
      else emails.set(key, agent.name);
    },
  );
  // Unknown agents in the matrix are reported by the reference check; judging with them would only repeat it. A model
  // without a file-ownership matrix declares no repository side: there is nothing to hold its rules against.
  if (agents.some((agent) => !ctx.agentNames.has(agent)) || !model.fileOwnership.length) return;
  const ownership = ownershipOf(model);
  const index = indexPatterns(ownership.patterns);
  const refused = (addressed: readonly string[], path: string) =>
    addressed
      .filter((agent) => !decide(ownership, index, agent, path).allowed)
      .map((agent) => ({ agent, reason: decide(ownership, index, agent, path).reason }));

  const status = model.repository.statusFile;
  const cannot = refused(agents, status);
  if (cannot.length)
    ctx.report(
      ['repository', 'statusFile'],
      `the contract tells every agent to update '${status}', but ${cannot.map((c) => c.agent).join(', ')} cannot edit it (${cannot[0].reason}): give every agent OWNS on it in fileOwnership`,
    );

  const rule = (path: PathSegment[], text: string | undefined, addressed: readonly string[]) => {
    if (!text || !EDIT_VERB.test(text)) return;
    for (const match of text.matchAll(FILE)) {
      const blocked = refused(addressed, match[1]);
      if (blocked.length)
        ctx.report(
          path,
          `the rule tells ${addressed.length === agents.length ? 'every agent' : addressed.join(', ')} to change '${match[1]}', but ${blocked.map((b) => b.agent).join(', ')} cannot edit it (${blocked[0].reason}): give them OWNS on it or reword the rule`,
        );
    }
  };
  const { governance } = model;
  rule(['governance', 'handoffNote'], governance.handoffNote, agents);
  governance.reviewRequirements.forEach((entry, i) => rule(['governance', 'reviewRequirements', i, 'requirement'], entry.requirement, agents));
  governance.queryOptimization.forEach((text, i) => rule(['governance', 'queryOptimization', i], text, agents));
  governance.notebookRules.forEach((entry, i) => rule(['governance', 'notebookRules', i, 'rule'], entry.rule, agents));
  governance.conflictResolution.forEach((entry, i) =>
    rule(['governance', 'conflictResolution', i, 'rule'], entry.rule, entry.agent ? [entry.agent] : agents),
  );
  governance.emergencyProcedures.forEach((procedure, i) =>
    procedure.steps.forEach((step, j) =>
      rule(['governance', 'emergencyProcedures', i, 'steps', j, 'rule'], step.rule, step.agent ? [step.agent] : agents),
    ),
  );
}
