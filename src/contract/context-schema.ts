// Every name a CONTRACT.md template may use, with its shape: the types of the context builders, and what the
// template check walks. Top-level names are UPPER_SNAKE and item fields snake_case, as in the seed template.
import * as z from 'zod';

const text = z.string();
const flag = z.boolean();
const count = z.number();
const item = z.strictObject;

// ---------------------------------------------------------------- pieces shared by the contract and the briefs

export const AgentRowSchema = item({
  name: text,
  model: text,
  description: text,
  /** `brief-<name>`: the anchor of the agent's brief section in CONTRACT.md. */
  anchor: text,
  group: text,
  identity: text,
});

export const EnvironmentSchema = item({
  name: text,
  protected: flag,
  /** What protection means here, in one sentence. */
  protection: text,
  /** `development` or `production`. */
  dlt_mode: text,
  /** The pipelines' `development` flag: `true` or `false`. */
  dlt_development: text,
  workspace_url: text,
  workspace_root: text,
  catalog: text,
  catalog_access: text,
  backend: text,
  contract_path: text,
  contract_deployed: flag,
  guard: text,
  /** How the agents' OAuth secrets rotate and expire, and the apply cadence that keeps them valid. */
  credentials: text,
  /** Whether the stack took Personal Compute over, and what that means. */
  personal_compute: text,
  /** What the workspace must hold before deploy, each with the check a person runs (src/model/deploy-preconditions.ts). */
  preconditions: z.array(item({ what: text, check: text, enforced: text })),
});

const LimitGroupSchema = item({ enforced_by: text, limits: text });

export const BriefSchema = item({
  name: text,
  anchor: text,
  model: text,
  description: text,
  group: text,
  roles: text,
  identity: text,
  contact: text,
  escalation: text,
  owns: z.array(item({ kind: text, name: text, holds: text, enforced_by: text })),
  privileges: z.array(item({ securable: text, privileges: text, why: text })),
  compute: z.array(item({ name: text, type: text, row_owner: text, resource: text, permission: text, limits: z.array(LimitGroupSchema) })),
  pipelines: z.array(item({ name: text, resource: text, permission: text, target: text, compute: text })),
  jobs: z.array(item({ name: text, runs_as: text, permission: text })),
  files_owned: z.array(item({ pattern: text, where: text })),
  files_read: z.array(item({ pattern: text, where: text })),
  gates: z.array(item({ stage: text, check: text, required: text, observed_by: text })),
  /** Table gates whose alerts run as this agent. */
  gate_runs: z.array(item({ table: text, gate: text, observed_by: text })),
  /** Alerts and monitors watching the tables this agent owns: they notify its contact. */
  gates_watching: z.array(item({ table: text, gate: text, observed_by: text })),
  procedures: z.array(item({ title: text, step: count, text: text })),
  conflicts: z.array(item({ n: count, subject: text, text: text })),
});

const RuleSchema = item({ n: count, subject: text, agent: text, text: text });
const GateSchema = item({ check: text, agent: text, required: text, observed_by: text });
const NotebookRuleSchema = item({ scenario: text, rule: text, enforced_by: text });
const ColumnSchema = item({ name: text, type: text, comment: text });

/** The rules every agent follows, whatever its role: the last part of each brief. */
export const EveryoneSchema = item({
  orchestrator: text,
  notebook_rules: z.array(NotebookRuleSchema),
  review_requirements: z.array(item({ scope: text, requirement: text })),
  loop_limits: z.array(item({ limit: text, value: count, escalation: text })),
  query_optimization: z.array(text),
  handoff_note: text,
  /** The status file every agent updates (the model's repository.statusFile). */
  status_file: text,
});

// ---------------------------------------------------------------- the contract

export const ContractContextSchema = item({
  NOTICE: text,
  PROJECT_NAME: text,
  PROJECT_DESCRIPTION: text,
  GENERATED_DATE: text,
  DETECTED_STACK: text,
  WORKSPACE_URL: text,
  CATALOG_NAME: text,
  ROLES: item({ orchestrator: text, workspace_admin: text, quality_engineer: text }),
  ENFORCEMENT: z.array(item({ label: text, meaning: text })),
  /** Which sections have anything to say: a section built from several lists is left out when all are empty. */
  SECTIONS: item({ file_ownership: flag, api_contracts: flag, quality_gates: flag, verification_gates: flag, cost_management: flag }),

  ENVIRONMENT: EnvironmentSchema,
  RESOURCE_NAMES: z.array(item({ kind: text, name: text, used_by: text })),

  CORE_AGENTS: z.array(AgentRowSchema),
  DOMAIN_AGENTS: z.array(AgentRowSchema),
  AGENTS: z.array(AgentRowSchema),

  WORKSPACE_ROOT: text,
  /** Rows of the core agents' file matrix: `agents` holds one cell per core agent, in roster order. */
  CORE_FILE_OWNERSHIP: z.array(
    item({ pattern: text, repository_only: flag, where: text, enforced_by: text, agents: z.array(item({ name: text, access: text })) }),
  ),
  /** Rows of the domain agents' file matrix (the seed's FILE_OWNERSHIP): one cell per domain agent, in roster order. */
  FILE_OWNERSHIP: z.array(
    item({ pattern: text, repository_only: flag, where: text, enforced_by: text, agents: z.array(item({ name: text, access: text })) }),
  ),
  REPOSITORY_ONLY: z.array(text),
  /**
   * Owners whose pattern's folder grants them CAN_READ, not CAN_MANAGE: code below it runs as other identities.
   * `because` names the more specific patterns (or globs) and the pipelines that run that code as whom;
   * `keeps` the folders below where the owner keeps CAN_MANAGE (`nothing` when none).
   */
  FOLDER_NARROWINGS: z.array(item({ agent: text, pattern: text, folder: text, because: text, keeps: text })),

  UC_OBJECTS: z.array(item({ type: text, path: text, owner: text, holds: text, policy: text })),
  OWNERSHIP_MODE: text,
  OWNERSHIP_BY_AGENTS: flag,
  CATALOG_ADMIN: item({ agent: text, catalog_privileges: text, below_catalog: text }),
  DELTA_TABLES: z.array(item({ name: text, owner: text, schema: text, update_pattern: text, managed_by: text, change_data_feed: text })),
  REGISTERED_MODELS: z.array(item({ name: text, owner: text, consumers: text, features: text })),
  COMPUTE_RESOURCES: z.array(item({ name: text, type: text, owner: text, users: text, resources: text, purpose: text })),

  ACCESS_COLUMNS: z.array(text),
  ACCESS_MATRIX: z.array(item({ agent: text, cells: z.array(text), compute: text })),
  OBJECT_GRANTS: z.array(item({ securable: text, type: text, agent: text, privileges: text })),
  FLOW: item({
    nodes: z.array(item({ id: text, label: text })),
    edges: z.array(item({ from: text, to: text, label: text })),
    has_sources: flag,
  }),

  LAYER_CONTRACTS: z.array(
    item({
      layer: text,
      class_name: text,
      doc: text,
      columns: z.array(ColumnSchema),
      tables: z.array(item({ name: text, owner: text, how: text, enforced_by: text })),
    }),
  ),
  FEATURE_TABLES: z.array(
    item({
      name: text,
      variable: text,
      owner: text,
      primary_key: text,
      timestamp_key: text,
      features: z.array(item({ name: text, type: text })),
      keys_enforced_by: text,
    }),
  ),
  MODEL_SIGNATURES: z.array(
    item({
      name: text,
      variable: text,
      owner: text,
      consumers: text,
      inputs: z.array(item({ name: text, type: text })),
      outputs: z.array(item({ name: text, type: text })),
      feature_dependencies: text,
    }),
  ),

  STACK_TABLES: z.array(text),
  PIPELINE_TABLES: z.array(text),
  NOTEBOOK_RULES: z.array(NotebookRuleSchema),
  PIPELINE_TREE: z.array(item({ branch: text, layer: text, owners: text, names: text })),
  PIPELINES: z.array(
    item({
      name: text,
      layer: text,
      owner: text,
      resource: text,
      target: text,
      sources: text,
      compute: text,
      runners: text,
      viewers: text,
    }),
  ),
  HANDOFF_NOTE: text,
  /** The status file every agent updates (the model's repository.statusFile). */
  STATUS_FILE: text,
  CONFLICT_RESOLUTION: z.array(RuleSchema),

  DEPLOYMENT_GATES: z.array(GateSchema),
  REVIEW_REQUIREMENTS: z.array(item({ scope: text, requirement: text })),
  TASK_GATES: z.array(GateSchema),
  INTEGRATION_GATES: z.array(GateSchema),
  LOOP_LIMITS: z.array(item({ limit: text, value: count, escalation: text })),
  TABLE_GATES: z.array(item({ table: text, gate: text, observed_by: text, agent: text, notifies: text })),
  EMERGENCY_PROCEDURES: z.array(item({ title: text, steps: z.array(RuleSchema) })),

  COST_GUIDELINES: z.array(
    item({ agent: text, compute: text, type: text, max_runtime: text, auto_terminate: text, resource: text, permission: text }),
  ),
  CLUSTER_LIMITS: z.array(
    item({
      name: text,
      type: text,
      owner: text,
      max_runtime: text,
      auto_terminate: text,
      workers: text,
      dbus: text,
      node_types: text,
      clusters_per_agent: text,
      access_mode: text,
    }),
  ),
  WAREHOUSE_LIMITS: z.array(
    item({ name: text, resource: text, size: text, serverless: text, clusters: text, auto_stop: text, users: text, managers: text }),
  ),
  BUDGET_POLICIES: z.array(item({ agent: text, id: text })),
  /** How the runtime guard attributes compute and what it does not reach; `enabled` false when no row has a limit. */
  RUNTIME_GUARD: item({
    enabled: flag,
    every_minutes: count,
    off_policy: text,
    agents: z.array(item({ agent: text, attributed_by: text, strictest: text })),
    not_reached: z.array(text),
  }),
  /** The cost-per-agent dashboard; empty strings when there is none. */
  COST_DASHBOARD: item({ name: text, path: text, viewers: text }),
  QUERY_OPTIMIZATION: z.array(text),
  SUPPRESSIONS: z.array(item({ rule: text, resource: text, reason: text })),

  AGENT_BRIEFS: z.array(BriefSchema),
  VERSION_HISTORY: z.array(item({ version: text, date: text, changes: text })),
});

export type ContractContext = z.output<typeof ContractContextSchema>;
export type AgentBrief = z.output<typeof BriefSchema>;
export type EnvironmentFacts = z.output<typeof EnvironmentSchema>;
export type EveryoneRules = z.output<typeof EveryoneSchema>;

/** What the brief template reads: one agent's slice and the rules for everyone. */
export const BriefContextSchema = item({
  NOTICE: text,
  PROJECT_NAME: text,
  CATALOG_NAME: text,
  ENVIRONMENT: EnvironmentSchema,
  ENFORCEMENT: z.array(item({ label: text, meaning: text })),
  BRIEF: BriefSchema,
  EVERYONE: EveryoneSchema,
});

export type BriefContext = z.output<typeof BriefContextSchema>;
