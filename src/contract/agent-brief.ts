// One agent's slice of the contract: who it is, what it owns, may read and use, and what it answers for —
// from the same derivations as the whole contract, so a brief never says more than the plan.
import type { TeamEnvironment } from '../access/team-environment';
import { schemaKey, tableKey, type SecurableAccess } from '../access/derive';
import { directoryOf, type FolderNarrowing } from '../access/folders';
import { pipelinePermissions } from '../access/pipeline-permissions';
import { pipelineName } from '../model/resource-names';
import { allAgents, type Agent, type FileOwnership, type NamedEnvironment, type Pipeline, type Table, type TeamModel } from '../model/types';
import { computeOfAgent, jobsOfAgent } from './compute-section';
import type { AgentBrief, EveryoneRules } from './context-schema';
import { notebookRules, pipelineCompute } from './coordination-section';
import { ENFORCED_BY } from './enforcement';
import { identityOf, nameScope } from './environment-section';
import { briefGates, observedBy } from './gates-section';
import { cell, inline } from './markdown';

/** The main agent, above the orchestrator: the seed's authority chain. */
export const MAIN_AGENT = 'main agent (user session)';

export const briefAnchor = (agent: string) => `brief-${agent}`;

const KIND = { catalog: 'Catalog', schema: 'Schema', table: 'Table', registered_model: 'Registered model', volume: 'Volume' } as const;

function rolesOf(model: TeamModel, agent: string): string {
  const roles: string[] = [];
  if (model.roles.orchestrator === agent) roles.push('orchestrator: coordinates and approves plans');
  if (model.roles.workspaceAdmin === agent)
    roles.push('workspace admin: CAN_MANAGE on SQL warehouses, the only agent that modifies deployed jobs in protected environments');
  if (model.roles.qualityEngineer === agent) roles.push('quality engineer: views every pipeline by default');
  return roles.join('; ');
}

/** What `agent` holds on one securable: OWNER, or its granted privileges; undefined when nothing. */
function holds(entry: SecurableAccess, agent: string): { privileges: string; reasons: readonly string[] } | undefined {
  if (entry.owner === agent) return { privileges: 'OWNER', reasons: ['owner'] };
  const grant = entry.grants.find((candidate) => candidate.grantee === agent);
  return grant && { privileges: grant.privileges.join(', '), reasons: grant.reasons };
}

function fullName(env: NamedEnvironment, entry: SecurableAccess): string {
  return entry.securable.name ? `${env.catalog}.${entry.securable.name}` : env.catalog;
}

/**
 * The team's securables, tables, pipelines and files grouped by the agent they concern, built once per environment:
 * every brief reads its own slice, so the whole contract costs one pass over them rather than one per agent.
 */
interface BriefIndex {
  readonly byKey: ReadonlyMap<string, SecurableAccess>;
  /** Securables whose responsible agent (ownerAgent) it is, in derivation order. */
  readonly owned: ReadonlyMap<string, readonly SecurableAccess[]>;
  /** Securables it holds something on (owner or grantee), in derivation order. */
  readonly held: ReadonlyMap<string, readonly SecurableAccess[]>;
  readonly tables: ReadonlyMap<string, readonly Table[]>;
  readonly pipelines: ReadonlyMap<string, readonly { readonly pipeline: Pipeline; readonly level: string }[]>;
  readonly ownedPipelines: ReadonlyMap<string, readonly Pipeline[]>;
  readonly files: ReadonlyMap<string, readonly FileOwnership[]>;
  readonly narrowed: ReadonlyMap<string, FolderNarrowing>;
}

const indexes = new WeakMap<TeamEnvironment, BriefIndex>();
const briefs = new WeakMap<TeamEnvironment, Map<string, AgentBrief>>();

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function indexOf(team: TeamEnvironment): BriefIndex {
  let index = indexes.get(team);
  if (index) return index;
  const { model } = team;
  const owned = new Map<string, SecurableAccess[]>();
  const held = new Map<string, SecurableAccess[]>();
  for (const entry of team.access) {
    push(owned, entry.ownerAgent, entry);
    const holders = new Set(entry.grants.map((grant) => grant.grantee));
    if (entry.owner !== undefined) holders.add(entry.owner);
    for (const holder of holders) push(held, holder, entry);
  }
  const tables = new Map<string, Table[]>();
  for (const table of model.tables) push(tables, table.owner, table);
  const pipelines = new Map<string, { pipeline: Pipeline; level: string }[]>();
  const ownedPipelines = new Map<string, Pipeline[]>();
  for (const pipeline of model.pipelines) {
    push(ownedPipelines, pipeline.owner, pipeline);
    // The first entry per agent decides, as the permissions list states it.
    const seen = new Set<string>();
    for (const entry of pipelinePermissions(pipeline)) {
      if (seen.has(entry.agent)) continue;
      seen.add(entry.agent);
      push(pipelines, entry.agent, { pipeline, level: entry.level });
    }
  }
  const files = new Map<string, FileOwnership[]>();
  for (const entry of model.fileOwnership) for (const agent of Object.keys(entry.access)) push(files, agent, entry);
  const narrowed = new Map<string, FolderNarrowing>();
  for (const narrowing of team.folders.narrowings) {
    const key = `${narrowing.agent}\u0000${narrowing.pattern}`;
    if (!narrowed.has(key)) narrowed.set(key, narrowing);
  }
  index = {
    byKey: new Map(team.access.map((entry) => [entry.securable.key, entry])),
    owned,
    held,
    tables,
    pipelines,
    ownedPipelines,
    files,
    narrowed,
  };
  indexes.set(team, index);
  return index;
}

/** `agent`'s brief in `team`, built once: the contract and the agent files read the same object. */
export function briefOf(team: TeamEnvironment, agent: Agent): AgentBrief {
  let cache = briefs.get(team);
  if (!cache) briefs.set(team, (cache = new Map()));
  let brief = cache.get(agent.name);
  if (!brief) cache.set(agent.name, (brief = buildBrief(team, agent)));
  return brief;
}

function buildBrief(team: TeamEnvironment, agent: Agent): AgentBrief {
  const { model, environment: env } = team;
  const name = agent.name;
  const scope = nameScope(team);
  const index = indexOf(team);
  const byKey = index.byKey;

  const owns: AgentBrief['owns'] = [];
  const ownedKeys = new Set<string>();
  for (const entry of index.owned.get(name) ?? []) {
    ownedKeys.add(entry.securable.key);
    owns.push({
      kind: KIND[entry.securable.type],
      name: `\`${fullName(env, entry)}\``,
      holds: holds(entry, name)?.privileges ?? 'nothing',
      enforced_by: ENFORCED_BY.grant,
    });
  }
  for (const table of index.tables.get(name) ?? []) {
    if (byKey.has(tableKey(table.schema, table.name))) continue;
    // No table-level securable: what the owner holds comes from its schema's grants.
    const schema = byKey.get(schemaKey(table.schema));
    const onSchema = schema && holds(schema, name);
    owns.push({
      kind: 'Table',
      name: `\`${env.catalog}.${table.schema}.${table.name}\``,
      holds:
        table.pipeline !== undefined
          ? `built by pipeline ${table.pipeline}; on the schema: ${onSchema?.privileges ?? 'nothing'}`
          : `on the schema: ${onSchema?.privileges ?? 'nothing'}`,
      enforced_by: ENFORCED_BY.grant,
    });
  }
  for (const pipeline of index.ownedPipelines.get(name) ?? []) {
    owns.push({
      kind: 'Pipeline',
      name: `\`${pipelineName(scope, pipeline.name)}\``,
      holds: 'IS_OWNER, runs as you',
      enforced_by: ENFORCED_BY.permission,
    });
  }
  for (const row of model.compute) {
    if (row.owner === name) {
      owns.push({
        kind: 'Compute row',
        name: row.name,
        holds: 'accountable for it; the same CAN_USE as its other agents, on your own resource',
        enforced_by: ENFORCED_BY.agreement,
      });
    }
  }

  const privileges = (index.held.get(name) ?? []).flatMap((entry) => {
    if (ownedKeys.has(entry.securable.key)) return [];
    const held = holds(entry, name);
    return held ? [{ securable: `\`${fullName(env, entry)}\``, privileges: held.privileges, why: held.reasons.join('; ') }] : [];
  });

  const pipelines = (index.pipelines.get(name) ?? []).map(({ pipeline, level }) => ({
    name: pipeline.name,
    resource: `\`${pipelineName(scope, pipeline.name)}\``,
    permission: level === 'IS_OWNER' ? 'IS_OWNER (runs as you)' : level,
    target: `\`${env.catalog}.${pipeline.target}\``,
    compute: pipelineCompute(pipeline),
  }));

  const files = (level: 'OWNS' | 'READS') =>
    (index.files.get(name) ?? [])
      .filter((entry) => entry.access[name] === level)
      .map((entry) => {
        const directory = directoryOf(entry.pattern);
        if (directory === undefined) return { pattern: cell(entry.pattern), where: 'repository only' };
        const folder = `folder \`${model.project.workspaceRoot}/${directory}\``;
        const narrowed = index.narrowed.get(`${name}\u0000${entry.pattern}`);
        if (narrowed === undefined) return { pattern: cell(entry.pattern), where: `${folder} (${level === 'OWNS' ? 'CAN_MANAGE' : 'CAN_READ'})` };
        const keeps = narrowed.keeps.map((keep) => `\`${model.project.workspaceRoot}/${keep}\``).join(', ');
        return {
          pattern: cell(entry.pattern),
          where: `${folder} (CAN_READ only: pipelines below it run code as other identities${keeps ? `; CAN_MANAGE on ${keeps}` : ''})`,
        };
      });

  const governance = model.governance;
  const gates = [
    ...governance.deploymentGates.map((gate) => ({ stage: 'Before any deployment', gate })),
    ...governance.taskVerificationGates.map((gate) => ({ stage: 'Per task', gate })),
    ...governance.integrationVerificationGates.map((gate) => ({ stage: 'Integration', gate })),
  ]
    .filter(({ gate }) => gate.agent === name)
    .map(({ stage, gate }) => ({ stage, check: cell(gate.check), required: cell(gate.required), observed_by: observedBy(team, gate) }));
  const tableGates = briefGates(team, name);

  const orchestrator = model.roles.orchestrator;
  return {
    name,
    anchor: briefAnchor(name),
    model: cell(agent.model),
    description: inline(agent.description),
    group: model.agents.core.some((core) => core.name === name) ? 'core' : 'domain',
    roles: rolesOf(model, name),
    identity: identityOf(model, agent),
    contact: agent.contact ?? '',
    escalation: name === orchestrator ? MAIN_AGENT : `${orchestrator} → ${MAIN_AGENT}`,
    owns,
    privileges,
    compute: computeOfAgent(team, name),
    pipelines,
    jobs: jobsOfAgent(team, name),
    files_owned: files('OWNS'),
    files_read: files('READS'),
    gates,
    gate_runs: tableGates.runs,
    gates_watching: tableGates.watched,
    procedures: governance.emergencyProcedures.flatMap((procedure) =>
      procedure.steps.flatMap((step, i) => (step.agent === name ? [{ title: inline(procedure.title), step: i + 1, text: inline(step.rule) }] : [])),
    ),
    conflicts: governance.conflictResolution.flatMap((entry, i) =>
      entry.agent === name ? [{ n: i + 1, subject: inline(entry.label ?? entry.agent ?? ''), text: inline(entry.rule) }] : [],
    ),
  };
}

export function briefsOf(team: TeamEnvironment): AgentBrief[] {
  const { model } = team;
  return allAgents(model).map((agent) => briefOf(team, agent));
}

/** The rules every agent follows, whatever its role. */
export function everyoneRules(team: TeamEnvironment): EveryoneRules {
  const { model } = team;
  const governance = model.governance;
  return {
    orchestrator: model.roles.orchestrator,
    notebook_rules: notebookRules(team),
    review_requirements: governance.reviewRequirements.map((entry) => ({ scope: inline(entry.scope), requirement: inline(entry.requirement) })),
    loop_limits: governance.loopLimits.map((entry) => ({ limit: cell(entry.limit), value: entry.value, escalation: cell(entry.escalation) })),
    query_optimization: governance.queryOptimization.map(inline),
    handoff_note: inline(governance.handoffNote ?? ''),
    status_file: model.repository.statusFile,
  };
}
