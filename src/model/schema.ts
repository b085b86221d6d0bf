// The agent-team model's runtime schema: the single source of truth for its TypeScript types and its JSON Schema.
import * as z from 'zod';
import {
  AGENT_NAME,
  AGENT_NAME_MAX,
  APPLICATION_ID,
  COLUMN_NAME,
  GROUP_NAME,
  NODE_TYPE,
  UC_NAME,
  UC_NAME_MAX,
  describeBadCharacters,
  toAgentName,
  toUcName,
} from './names';
import { columnTypeProblem } from './column-type';
import { hasTemplateSequence } from './terraform-text';
import { multiLine } from './text-fields';

const quote = (value: unknown): string => `'${String(value)}'`;
/** A URL as an error message may show it: whatever precedes `@` in its authority may be a credential. */
const redactUserInfo = (url: string): string => url.replace(/^([^:/]+:\/\/)[^/@]*@/, '$1…@');
const why = (value: unknown): string => {
  const bad = typeof value === 'string' ? describeBadCharacters(value) : undefined;
  return bad ? ` (it contains ${bad})` : '';
};

/** A Unity Catalog object name; the message offers a corrected name. */
const ucName = (what: string) =>
  z
    .string()
    .min(1, { error: `${what} must not be empty` })
    .max(UC_NAME_MAX, { error: (i) => `${quote(i.input)} is longer than ${UC_NAME_MAX} characters, the Unity Catalog limit for a ${what}` })
    .regex(UC_NAME, {
      error: (i) =>
        `${quote(i.input)} is not a valid Unity Catalog ${what}${why(i.input)}: use lowercase letters, digits and underscores, e.g. ${quote(toUcName(String(i.input)))}`,
    });

const agentName = z
  .string()
  .max(AGENT_NAME_MAX, { error: (i) => `${quote(i.input)} is longer than ${AGENT_NAME_MAX} characters: shorten the agent name` })
  .regex(AGENT_NAME, {
    error: (i) => `${quote(i.input)} is not a valid agent name${why(i.input)}: use kebab-case, e.g. ${quote(toAgentName(String(i.input)))}`,
  })
  .describe('Agent name in kebab-case, e.g. delta-lake-engineer.');

/** A reference to an agent by name; cross-checked against the roster after parsing. */
const agentRef = z.string().min(1, { error: 'name an agent' }).describe('The name of an agent of this model.');
const agentRefs = z.array(agentRef).default([]);

/** A workspace path below the project root: no template sequences, no `..` segment, no absolute path. */
const relativePath = (what: string) =>
  z
    .string()
    .min(1, { error: `${what} must not be empty` })
    .max(1024, { error: `${what} must be at most 1024 characters` })
    .regex(/^[A-Za-z0-9_.*/ -]+$/, {
      error: (i) => `${quote(i.input)} is not a workspace path${why(i.input)}: use letters, digits, '.', '_', '-', ' ', '/' and '*'`,
    })
    .refine((path) => !path.startsWith('/') && !path.split('/').includes('..'), {
      error: (i) => `${quote(i.input)} leaves the workspace root: give a path below it, without '..' or a leading '/'`,
    });

/** Backend settings are names and paths, never expressions: Terraform refuses them there anyway. */
const setting = z
  .string()
  .min(1)
  .max(1024)
  .refine((value) => !hasTemplateSequence(value), {
    error: (i) => `${quote(i.input)} holds a Terraform template sequence ('\${' or '%{'): backend settings are literal names`,
  });

/** A Spark SQL column type, parsed (src/model/column-type.ts). */
const columnType = z
  .string()
  .max(2048, { error: 'a column type must be at most 2048 characters' })
  .superRefine((value, ctx) => {
    const problem = columnTypeProblem(value);
    if (problem)
      ctx.addIssue({
        code: 'custom',
        message: `${quote(value.slice(0, 80))} is not a Spark SQL type (${problem}): use e.g. STRING, BIGINT, DECIMAL(10,2), ARRAY<STRING>`,
      });
  });

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` });

/** Prose (descriptions, comments, purposes, rules): may run over several lines. Every other string is one line. */
const prose = (max: number) => multiLine(text(max));

const positiveMinutes = (what: string) =>
  z
    .number({ error: (i) => `${what} must be a number of minutes, got ${quote(i.input)}` })
    .int({ error: `${what} must be a whole number of minutes` });

/** A cloud storage URL; never with credentials in it. */
const storageUrl = z
  .string()
  .regex(/^[a-z][a-z0-9+.-]*:\/\/[^\s${}%]+$/, {
    error: (i) => `${quote(redactUserInfo(String(i.input)))} is not a storage URL: use e.g. 'abfss://lake@account.dfs.core.windows.net/prod'`,
  })
  .refine((url) => !/^[^:]+:\/\/[^/@]*:[^/@]*@/.test(url), {
    error: 'holds a password (user:password@): storage credentials belong to a storage credential, never in the model',
  });

// ---------------------------------------------------------------- project and environments

/**
 * A workspace or account principal that is not an agent — a person, a group, a service principal — named where the
 * stack must keep someone's access in an authoritative list (a rule set, a permissions list).
 */
const PrincipalRefSchema = z.union([
  z.strictObject({
    user: z.email({ error: (i) => `${quote(i.input)} is not a user name: give the user's email address` }).describe('A user, by email address.'),
  }),
  z.strictObject({
    group: z
      .string()
      .max(255)
      .regex(GROUP_NAME, { error: (i) => `${quote(i.input)} is not a group name${why(i.input)}: use letters, digits, '.', '_', '@', '+' or '-'` })
      .describe('A group, by name.'),
  }),
  z.strictObject({
    servicePrincipal: z
      .string()
      .regex(APPLICATION_ID, { error: (i) => `${quote(i.input)} is not a service principal application id: use its UUID` })
      .describe('A service principal, by application id (UUID).'),
  }),
]);

/** A budget policy id as the account console shows it. */
const budgetPolicyId = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,64}$/, { error: (i) => `${quote(i.input)} is not a budget policy id: copy the id from the account console` });

export const ENVIRONMENT_NAME_MAX = 32;

const BackendSchema = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('local').describe("A local state file: neither shared nor locked, and it holds the agents' secrets in plain text."),
      path: setting.optional().describe('State file path. @default terraform.<env>.tfstate'),
    }),
    z.strictObject({
      type: z.literal('s3').describe('An S3 bucket.'),
      bucket: setting.describe('S3 bucket holding the state.'),
      key: setting.describe('Object key of the state file.'),
      region: setting.describe('AWS region of the bucket.'),
      dynamodbTable: setting.optional().describe('Lock table (legacy locking).'),
      useLockfile: z.boolean().optional().describe('S3-native state locking.'),
      encrypt: z.boolean().default(true).describe('Server-side encryption of the state file.'),
    }),
    z.strictObject({
      type: z.literal('azurerm').describe('An Azure storage container.'),
      resourceGroupName: setting.describe('Resource group of the storage account.'),
      storageAccountName: setting.describe('Storage account holding the state.'),
      containerName: setting.describe('Blob container holding the state.'),
      key: setting.describe('Blob name of the state file.'),
    }),
    z.strictObject({
      type: z.literal('gcs').describe('A Google Cloud Storage bucket.'),
      bucket: setting.describe('GCS bucket holding the state.'),
      prefix: setting.optional().describe('Folder of the state files in the bucket.'),
    }),
    z.strictObject({
      type: z.literal('remote').describe('HCP Terraform or Terraform Enterprise.'),
      hostname: setting.default('app.terraform.io').describe('HCP Terraform / Terraform Enterprise host.'),
      organization: setting.describe('Organization owning the workspace.'),
      workspace: setting.describe('HCP Terraform / Terraform Enterprise workspace name.'),
    }),
  ])
  .describe("Where Terraform keeps this environment's state. Credentials come from the backend's own environment variables.");

const EnvironmentSchema = z
  .strictObject({
    workspaceUrl: z
      .url({
        protocol: /^https$/,
        error: (i) =>
          `${quote(redactUserInfo(String(i.input)))} is not an https URL: give the workspace URL, e.g. 'https://adb-123.4.azuredatabricks.net'`,
      })
      .refine((url) => !hasTemplateSequence(url), { error: 'holds a Terraform template sequence: give the plain workspace URL' })
      .describe('Databricks workspace URL; becomes the provider host.'),
    catalog: ucName('catalog name').describe('Unity Catalog catalog of this environment.'),
    protected: z.boolean().default(false).describe('Production: stateful resources get prevent_destroy and pipelines run in production mode.'),
    pipelineDevelopment: z.boolean().optional().describe('DLT development mode. @default true unless protected'),
    offPolicyClusters: z
      .enum(['limit', 'terminate'])
      .default('limit')
      .describe(
        "What the runtime guard does with an agent's all-purpose cluster not created from one of that agent's own policies (Personal Compute, another agent's policy): give it the strictest limit of the agent's rows, or terminate it at the next sweep. @default limit",
      ),
    backend: BackendSchema.default({ type: 'local' }),
    accountId: z
      .string()
      .regex(APPLICATION_ID, { error: (i) => `${quote(i.input)} is not a Databricks account id: use the account console's UUID` })
      .optional()
      .describe(
        'Databricks account id (UUID). Names the access-control rule sets that let the deploying identity set run_as; required when the stack runs pipelines or jobs as a service principal it creates.',
      ),
    storageRoot: storageUrl
      .optional()
      .describe('Managed location of the catalog; needed on metastores without root storage. @default - the metastore root'),
    workspaceBindings: z
      .array(
        z.strictObject({
          workspaceId: z.number().int().positive().describe('Numeric id of ANOTHER workspace that may reach the catalog.'),
          access: z.enum(['read-write', 'read-only']).default('read-only').describe('What the bound workspace may do with the catalog.'),
        }),
      )
      .default([])
      .describe('Other workspaces bound to the isolated catalog. The deploying workspace is bound automatically: never list it.'),
    agentCredentials: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Create an OAuth secret per created agent identity. @default true'),
        // The API gives a secret at most 730 days (docs/resources/service_principal_secret.md, `lifetime`); two days
        // at least, so that a rotation of whole days fits below the lifetime.
        lifetimeDays: z
          .number({ error: (i) => `lifetimeDays must be a whole number of days, got ${quote(i.input)}` })
          .int({ error: 'lifetimeDays must be a whole number of days' })
          .min(2, { error: (i) => `${quote(i.input)} days leaves no room to rotate before the secret expires: give at least 2 (e.g. 90)` })
          .max(730, { error: (i) => `${quote(i.input)} days is more than the 730 days the API gives a secret: give at most 730` })
          .default(90)
          .describe('Days until each secret expires (the API allows 2 to 730 here). @default 90'),
        rotationDays: z
          .number({ error: (i) => `rotationDays must be a whole number of days, got ${quote(i.input)}` })
          .int({ error: 'rotationDays must be a whole number of days' })
          .min(1, { error: (i) => `${quote(i.input)} is not a rotation period: give at least 1 day, below lifetimeDays` })
          .optional()
          .describe(
            'Days after which the next apply replaces each secret (a time_rotating resource); must be below lifetimeDays. @default two thirds of lifetimeDays, rounded down',
          ),
        rotation: z
          .number()
          .int()
          .min(1)
          .max(9999)
          .default(1)
          .describe('Raise it to rotate now, whatever the date: new secrets are created before the old ones are destroyed. @default 1'),
      })
      .default({ enabled: true, lifetimeDays: 90, rotation: 1 })
      .describe(
        'OAuth machine-to-machine secrets for the service principals the stack creates, exported only as sensitive outputs (the secret is in Terraform state).',
      ),
    budgetPolicies: z
      .record(z.string(), budgetPolicyId)
      .default({})
      .describe(
        'Agent → id of an existing serverless budget policy (account-level, created outside this stack): its pipelines and jobs are billed under it. @default none',
      ),
    budgetPolicyRoles: z
      .record(
        budgetPolicyId,
        z.union([
          z.strictObject({
            deployerIsUser: z
              .literal(true)
              .describe("The deploying identity already holds the policy's User role (roles/budgetPolicy.user); the stack changes nothing."),
          }),
          z.strictObject({
            managers: z
              .array(PrincipalRefSchema)
              .min(1, { error: 'list at least one manager to keep: the rule set replaces every rule of the policy' })
              .describe('Every principal that keeps roles/budgetPolicy.manager.'),
            users: z.array(PrincipalRefSchema).default([]).describe('Every principal besides the deployer that keeps roles/budgetPolicy.user.'),
          }),
        ]),
      )
      .default({})
      .describe(
        "How the deploying identity holds the User role of each budget policy budgetPolicies names (attaching budget_policy_id needs it): `deployerIsUser: true` when it already does, or every manager and user to keep, and the stack's authoritative rule set grants it. @default none",
      ),
    personalCompute: z
      .strictObject({
        takeOver: z
          .literal(true)
          .describe("Take the workspace's built-in Personal Compute policy over: it then changes for every person in the workspace."),
        keep: z
          .array(PrincipalRefSchema)
          .min(1, { error: 'name who keeps Personal Compute: the CAN_USE list replaces every entry of the policy' })
          .describe('Everyone who keeps CAN_USE on Personal Compute (the CAN_USE list is authoritative; agents never get it).'),
        autoTerminateMinutes: positiveMinutes('autoTerminateMinutes')
          .min(10, { error: 'autoTerminateMinutes must be between 10 and 1440' })
          .max(1440, { error: 'autoTerminateMinutes must be between 10 and 1440' })
          .default(60)
          .describe('Fixed auto-termination of Personal Compute clusters. @default 60'),
      })
      .optional()
      .describe(
        'Opt-in: override the built-in Personal Compute policy (policy family personal-vm: fixed auto-termination and the project tags) and list who keeps using it; binds only when the account setting for Personal Compute is DELEGATE. @default - the stack leaves Personal Compute as it is',
      ),
    assignGroups: z
      .boolean()
      .default(false)
      .describe(
        "Assign the agents' account groups to the workspace (databricks_permission_assignment, USER) before workspace permissions name them; needs a workspace admin. @default false: the stack only looks them up, so plan fails when one is not assigned",
      ),
  })
  .describe('One deployment target; each becomes one cdktf stack named after its key.');

const ProjectSchema = z.strictObject({
  name: agentName.describe('Project name in kebab-case; prefixes service principal display names.'),
  description: prose(500).describe('What the project is, in prose; CONTRACT.md opens with it.'),
  workspaceRoot: z
    .string()
    .regex(/^\/[A-Za-z0-9._/-]+[^/]$/, { error: (i) => `${quote(i.input)} is not an absolute workspace path: use e.g. '/lakehouse-agents'` })
    .refine(
      (path) =>
        !path
          .slice(1)
          .split('/')
          .some((segment) => segment === '..' || segment === '.' || segment === ''),
      {
        error: (i) => `${quote(i.input)} has an empty, '.' or '..' segment: give the folder's plain absolute path, e.g. '/lakehouse-agents'`,
      },
    )
    .optional()
    .describe(
      'Workspace folder of the project, created by the stack: file-ownership folders, pipeline sources, the runtime guard, CONTRACT.md. @default /<project name>',
    ),
  allowUnrestrictedFolders: z
    .boolean()
    .default(false)
    .describe('Accept a workspace root under /Shared, where every user manages everything and folder permissions restrict nothing. @default false'),
  ownerTag: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_-]*$/)
    .default('owner_agent')
    .describe('Custom tag carrying the owner agent on compute. @default owner_agent'),
});

// ---------------------------------------------------------------- agents and identities

const IdentitySchema = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('service-principal').describe('Created by the stack; display name <project>-<agent>.') }),
    z.strictObject({
      type: z.literal('existing-service-principal').describe('A service principal that exists already, by application id.'),
      applicationId: z
        .string()
        .regex(APPLICATION_ID, { error: (i) => `${quote(i.input)} is not a service principal application id: use its UUID, not its display name` })
        .describe('Application id (UUID) of the existing service principal.'),
    }),
    z.strictObject({
      type: z.literal('account-group').describe('An account group, by name.'),
      name: z
        .string()
        .max(255)
        .regex(GROUP_NAME, {
          error: (i) => `${quote(i.input)} is not a valid account group name${why(i.input)}: use letters, digits, '.', '_', '@', '+' or '-'`,
        })
        .describe('An ACCOUNT group (workspace-local groups are refused by Unity Catalog). Case-sensitive.'),
    }),
  ])
  .default({ type: 'service-principal' })
  .describe('The Databricks principal the agent acts as. @default a service principal created by the stack');

const AgentSchema = z.strictObject({
  name: agentName,
  model: text(80).describe('The LLM the agent runs on.'),
  description: prose(300).describe("What the agent does; its subagent definition's description."),
  identity: IdentitySchema,
  contact: z
    .email({ error: (i) => `${quote(i.input)} is not an email address: give the address that reaches the agent's operators` })
    .optional()
    .describe("Where notifications for the agent go; the workspace admin's receives the runtime guard's failures. @default - none"),
  commitEmail: z
    .email({ error: (i) => `${quote(i.input)} is not an email address: give the author e-mail the agent's commits carry` })
    .optional()
    .describe(
      "The author e-mail of the agent's commits: `agent-contract verify-commits` judges a commit by it when the commit has no `Agent:` trailer. @default - none (the trailer names the agent)",
    ),
});

const RolesSchema = z
  .strictObject({
    orchestrator: agentRef.default('orchestrator').describe('Coordinates; final decision authority. @default orchestrator'),
    workspaceAdmin: agentRef.default('workspace-admin').describe('Gets CAN_MANAGE on warehouses and manages compute. @default workspace-admin'),
    qualityEngineer: agentRef.default('qa-engineer').describe('Views every pipeline. @default qa-engineer'),
  })
  .default({ orchestrator: 'orchestrator', workspaceAdmin: 'workspace-admin', qualityEngineer: 'qa-engineer' })
  .describe('Which agents hold the roles the stacks and the contract single out.');

// ---------------------------------------------------------------- files

export const FILE_ACCESS = ['OWNS', 'READS'] as const;
const FileOwnershipSchema = z.strictObject({
  pattern: z
    .string()
    .describe(
      'Path pattern below the project root (`*`, `**`); the most specific pattern decides. Directory-rooted patterns (`src/**/*`) also become workspace folders.',
    )
    .min(1)
    .regex(/^[A-Za-z0-9_.*/-]+$/, { error: (i) => `${quote(i.input)} is not a path pattern: use letters, digits, '.', '_', '-', '/' and '*'` })
    .refine((pattern) => !pattern.split('/').some((segment) => segment === '.' || segment === '..' || segment === ''), {
      error: (i) => `${quote(i.input)} has an empty, '.' or '..' segment: name the path below the project root plainly, e.g. 'pipelines/bronze/**'`,
    }),
  access: z
    .record(
      z.string(),
      z.enum(FILE_ACCESS, { error: (i) => `${quote(i.input)} is not an access level: use OWNS or READS (omit the agent for no access)` }),
    )
    .describe('Agent name → OWNS or READS; an absent agent has no access.'),
});

// ---------------------------------------------------------------- Unity Catalog

export const OWNERSHIP_MODES = ['deployer', 'agents'] as const;
const metastoreAdmin = z
  .boolean()
  .default(false)
  .describe('The deploying identity is a metastore admin: required for ownership agents. @default false');
const PrincipalSchema = z.union([
  z.strictObject({
    applicationId: z
      .string()
      .regex(APPLICATION_ID, { error: (i) => `${quote(i.input)} is not an application id (UUID)` })
      .describe('Application id (UUID) of the deploying service principal.'),
    metastoreAdmin,
  }),
  z.strictObject({ group: z.string().regex(GROUP_NAME).describe('A group the deploying identity is a member of.'), metastoreAdmin }),
]);

const CatalogSchema = z.strictObject({
  owner: agentRef.describe('Owner agent of the catalog.'),
  comment: prose(1000).describe('Catalog comment.'),
  properties: z
    .record(
      z.string().regex(/^[A-Za-z0-9_.-]{1,255}$/, { error: (i) => `${quote(i.input)} is not a property key: use letters, digits, '.', '_' and '-'` }),
      z.string().max(4096),
    )
    .default({})
    .describe('Catalog properties, key → value.'),
  ownership: z
    .enum(OWNERSHIP_MODES)
    .default('deployer')
    .describe(
      'deployer: the deploying identity stays owner of catalog, schemas and tables and owner agents get MANAGE (Terraform can never lock itself out). ' +
        'agents: ownership moves to the owner agents and `deployer` keeps MANAGE on every securable. @default deployer',
    ),
  deployer: PrincipalSchema.optional().describe('The identity that runs terraform apply; required when ownership is agents.'),
  tableWarehouse: z
    .string()
    .optional()
    .describe('The sql-warehouse compute row that runs table DDL (never a provider-started cluster). @default the only sql-warehouse row'),
});

export const SCHEMA_LAYERS = ['bronze', 'silver', 'gold', 'features', 'models', 'monitoring'] as const;
const VolumeSchema = z.strictObject({
  name: ucName('volume name').describe('Volume name.'),
  owner: agentRef.describe('Owner agent of the volume (it holds every privilege on it).'),
  comment: prose(1000).optional().describe('Volume comment.'),
  readers: agentRefs.describe('Agents that read its files (READ_VOLUME).'),
  writers: agentRefs.describe('Agents that write its files (READ_VOLUME, WRITE_VOLUME).'),
  storageLocation: storageUrl
    .optional()
    .describe("Makes it an EXTERNAL volume at this path of an external location. @default - a MANAGED volume in the schema's storage"),
});
const SchemaSchema = z.strictObject({
  name: ucName('schema name').describe('Schema name: lowercase letters, digits and underscores.'),
  layer: z.enum(SCHEMA_LAYERS).describe('Medallion layer: decides contract columns and the flow diagram.'),
  owner: agentRef,
  accessPolicy: text(60).describe('Access-policy label shown in the contract, e.g. Data Engineering.'),
  comment: prose(1000).optional().describe('Schema comment.'),
  readers: agentRefs.describe('Agents that read every table of the schema (USE_SCHEMA, SELECT).'),
  writers: agentRefs.describe('Agents that write the schema (USE_SCHEMA, SELECT, MODIFY, CREATE_TABLE).'),
  volumes: z.array(VolumeSchema).default([]).describe('Unity Catalog volumes of the schema, e.g. where raw files land. @default none'),
});

export const UPDATE_PATTERNS = ['append', 'merge', 'overwrite', 'streaming', 'scd-type-2'] as const;
const ColumnSchema = z.strictObject({
  name: z
    .string()
    .regex(COLUMN_NAME, { error: (i) => `${quote(i.input)} is not a valid column name${why(i.input)}: use letters, digits and underscores` })
    .describe('Column name: letters, digits and underscores (Delta ignores case).'),
  type: columnType.describe('Spark SQL type, e.g. STRING, BIGINT, DECIMAL(10,2), ARRAY<STRING>, STRUCT<a: INT>.'),
  comment: prose(500).optional().describe('Column comment.'),
  nullable: z.boolean().default(true).describe('Whether the column accepts NULL.'),
});

/** How often an alert evaluates its gate: a freshness gate shorter than this could never be observed in time. */
export const GATE_EVALUATION_MINUTES = 15;
/** Time windows a time-series monitor aggregates over (Go SDK catalog.MonitorTimeSeries.Granularities). */
export const MONITOR_GRANULARITIES = ['5 minutes', '30 minutes', '1 hour', '1 day', '1 week'] as const;
const GatesSchema = z
  .strictObject({
    freshness: z
      .strictObject({
        maxAgeMinutes: positiveMinutes('maxAgeMinutes')
          .min(GATE_EVALUATION_MINUTES, {
            error: `a freshness gate must allow at least ${GATE_EVALUATION_MINUTES} minutes, how often its alert evaluates`,
          })
          .max(43_200, { error: 'a freshness gate must be at most 43200 minutes (30 days)' })
          .describe('Oldest the newest row may be.'),
        column: z
          .string()
          .optional()
          .describe(
            'TIMESTAMP column holding when each row arrived. @default _ingested_at (bronze), _processed_at (silver), the feature timestamp key',
          ),
      })
      .optional()
      .describe('Alert when the newest row is older than maxAgeMinutes.'),
    minRows: z
      .number()
      .int({ error: 'minRows must be a whole number of rows' })
      .min(1, { error: 'minRows must be at least 1' })
      .max(1_000_000_000_000)
      .optional()
      .describe('Alert when the table holds fewer rows.'),
    monitor: z
      .discriminatedUnion('type', [
        z.strictObject({
          type: z.literal('snapshot').describe('Profiles the whole table.'),
        }),
        z.strictObject({
          type: z.literal('time-series').describe('Profiles windows of a timestamp column.'),
          timestampColumn: z.string().optional().describe('TIMESTAMP column the windows are cut by. @default the feature timestamp key'),
          granularity: z.enum(MONITOR_GRANULARITIES).default('1 day').describe('Window the time series aggregates over.'),
        }),
      ])
      .optional()
      .describe('A Lakehouse quality monitor profiling the table into observability.monitorSchema.'),
  })
  .optional()
  .describe('What the workspace observes of this table; each gate runs as the agent of the governance gate that observes it.');

const TableSchema = z.strictObject({
  name: ucName('table name').describe('Table name: lowercase letters, digits and underscores.'),
  schema: z.string().describe('Name of a schema of this model.'),
  owner: agentRef,
  updatePattern: z.enum(UPDATE_PATTERNS).describe('How the table is updated; shown in the contract.'),
  comment: prose(1000).optional().describe('Table comment.'),
  pipeline: z.string().optional().describe('The pipeline that creates this table; such tables are not declared as sql_table.'),
  columns: z
    .array(ColumnSchema)
    .min(1, { error: 'a table needs at least one column' })
    .describe('Columns; bronze and silver tables get their contract columns added.'),
  feature: z
    .strictObject({
      primaryKey: z.array(z.string()).min(1).describe('Primary key columns.'),
      timestampKey: z.string().describe('Timestamp key column.'),
    })
    .optional()
    .describe('Feature-table contract: primary key and timestamp key columns (made NOT NULL).'),
  readers: agentRefs.describe('Agents that read this table only (table-level SELECT).'),
  gates: GatesSchema,
});

const SignatureColumn = z.strictObject({
  name: z.string().regex(COLUMN_NAME).describe('Column name.'),
  type: columnType.describe('Spark SQL type.'),
});
const RegisteredModelSchema = z.strictObject({
  name: ucName('model name').describe('Model name: lowercase letters, digits and underscores.'),
  schema: z.string().describe('Schema holding the model; its layer must be models.'),
  owner: agentRef.describe('Owner agent; only the owner creates versions.'),
  comment: prose(1000).optional().describe('Model comment.'),
  inputSchema: z.array(SignatureColumn).min(1).describe('Input signature: the columns the model takes.'),
  outputSchema: z.array(SignatureColumn).min(1).describe('Output signature: the columns the model returns.'),
  featureDependencies: z.array(z.string()).default([]).describe('Feature tables as <schema>.<table>.'),
  consumers: agentRefs.describe('Agents that may run the model (EXECUTE).'),
});

// ---------------------------------------------------------------- compute and pipelines

/** A warehouse row's settings when it names none: the one place constructs and the contract read them from. */
export const WAREHOUSE_DEFAULTS = { size: '2X-Small', serverless: true, type: 'PRO', maxClusters: 1 } as const;

export const COMPUTE_TYPES = ['all-purpose', 'gpu', 'job', 'sql-warehouse', 'dlt'] as const;
const ComputeSchema = z.strictObject({
  name: agentName.describe('Compute name in kebab-case; names the policy or warehouse.'),
  type: z.enum(COMPUTE_TYPES).describe('Kind of compute: a cluster policy per agent (all-purpose, gpu, job, dlt) or a SQL warehouse.'),
  owner: agentRef,
  agents: agentRefs.describe('Agents besides the owner that may use it.'),
  purpose: prose(200).describe('What the row is for; shown in the contract.'),
  maxRuntimeMinutes: positiveMinutes('maxRuntimeMinutes')
    .optional()
    .describe('Longest a cluster or run may live; enforced by job timeouts and the runtime guard. Required except for sql-warehouse.'),
  autoTerminateMinutes: positiveMinutes('autoTerminateMinutes')
    .optional()
    .describe('Idle minutes before all-purpose/GPU clusters terminate (10–1440); for sql-warehouse, auto-stop minutes.'),
  maxWorkers: z.number().int().positive().optional().describe('Most workers a cluster may have (validation caps it at 1,000).'),
  dbusPerHour: z.number().positive().optional().describe('Most DBUs an hour a cluster may use (validation caps it at 10,000).'),
  nodeTypes: z
    .array(z.string().regex(NODE_TYPE, { error: (i) => `${quote(i.input)} is not a node type id: use e.g. 'Standard_D4ds_v5'` }))
    .min(1)
    .optional()
    .describe('Allowed worker and driver node types of all-purpose, job and dlt policies (gpu rows use gpu.nodeTypes). @default - any'),
  maxClustersPerAgent: z
    .number()
    .int()
    .min(1)
    .max(100)
    .optional()
    .describe('Clusters one agent may run at once on its policy (max_clusters_per_user). @default 1 for all-purpose and gpu, 5 for job and dlt'),
  gpu: z
    .strictObject({
      nodeTypes: z.array(z.string().min(1)).min(1).describe('Allowed GPU node types.'),
      sparkVersionPattern: z.string().min(1).describe('Regex of allowed runtimes, e.g. ^\\d+\\.\\d+\\.x-gpu-ml-scala2\\.12$'),
    })
    .optional()
    .describe('GPU node types and runtimes. @default per-cloud defaults from the workspace URL'),
  warehouse: z
    .strictObject({
      size: z
        .enum(['2X-Small', 'X-Small', 'Small', 'Medium', 'Large', 'X-Large', '2X-Large', '3X-Large', '4X-Large'])
        .default(WAREHOUSE_DEFAULTS.size)
        .describe('Warehouse size.'),
      serverless: z.boolean().default(WAREHOUSE_DEFAULTS.serverless).describe('A serverless warehouse.'),
      type: z.enum(['PRO', 'CLASSIC']).default(WAREHOUSE_DEFAULTS.type).describe('Warehouse type.'),
      maxClusters: z.number().int().min(1).max(40).default(WAREHOUSE_DEFAULTS.maxClusters).describe('Most clusters the warehouse scales to.'),
    })
    .optional()
    .describe('Settings of a sql-warehouse row. @default 2X-Small, serverless, PRO, one cluster'),
});

export const PIPELINE_LAYERS = ['bronze', 'silver', 'gold', 'ml'] as const;
const LibrarySchema = z.union([
  z.strictObject({ notebook: relativePath('a notebook path').describe('Path under the workspace root.') }),
  z.strictObject({ file: relativePath('a file path').describe('File path under the workspace root.') }),
  z.strictObject({ glob: relativePath('a glob').describe('Glob of files under the workspace root; its files are the sources.') }),
]);
const PipelineSchema = z.strictObject({
  name: agentName.describe('Pipeline name in kebab-case.'),
  layer: z.enum(PIPELINE_LAYERS).describe('Medallion layer of the pipeline.'),
  owner: agentRef.describe('Owner agent; the pipeline runs as its service principal.'),
  target: z.string().describe('Schema the pipeline publishes to.'),
  sources: z.array(z.string()).default([]).describe('Schemas the pipeline reads.'),
  libraries: z.array(LibrarySchema).min(1).describe('The code the pipeline runs: notebooks, files or globs.'),
  serverless: z.boolean().default(true).describe('Run on serverless compute (cluster policies do not reach it).'),
  compute: z
    .string()
    .optional()
    .describe(
      "A dlt compute row: its maximum runtime limits every update, and its run-as agent's policy binds the clusters when not serverless. @default - no runtime limit when serverless",
    ),
  continuous: z.boolean().default(false).describe('Run continuously rather than triggered.'),
  channel: z.enum(['CURRENT', 'PREVIEW']).default('CURRENT').describe('DLT release channel.'),
  viewers: z.array(agentRef).optional().describe('CAN_VIEW. @default the orchestrator and quality-engineer roles'),
  runners: agentRefs.describe('CAN_RUN.'),
  notifications: z
    .strictObject({
      emails: z.array(z.email()).min(1).describe('Addresses to notify.'),
      alerts: z
        .array(z.enum(['on-update-success', 'on-update-failure', 'on-update-fatal-failure', 'on-flow-failure']))
        .default(['on-update-failure', 'on-update-fatal-failure'])
        .describe('Pipeline events that notify.'),
    })
    .optional()
    .describe('Email notifications on pipeline events.'),
});

// ---------------------------------------------------------------- governance (the seed's tables)

const AgentRule = z.strictObject({
  agent: agentRef.optional(),
  label: text(80).optional().describe('A label in place of an agent, e.g. Human review.'),
  rule: prose(300).describe('The rule, or the step, in prose.'),
});
export const OBSERVED_GATES = ['freshness', 'row-count', 'monitor', 'runtime'] as const;
const GateSchema = z.strictObject({
  check: text(120).describe('What is checked.'),
  agent: agentRef,
  required: text(40).describe('What must hold, e.g. 100% pass.'),
  observes: z
    .enum(OBSERVED_GATES)
    .optional()
    .describe(
      "The tables' gates of this kind this check stands for: its agent runs their alerts or is answerable for their monitors. @default - agreement only",
    ),
});
const GovernanceSchema = z.strictObject({
  conflictResolution: z.array(AgentRule).min(1).describe('Priority order: each entry names an agent or a label.'),
  notebookRules: z
    .array(z.strictObject({ scenario: text(120).describe('When the rule applies.'), rule: prose(200).describe('What to do.') }))
    .default([])
    .describe('Rules for notebooks, per scenario.'),
  handoffNote: prose(300).optional().describe('How agents hand work over; shown in the contract.'),
  deploymentGates: z.array(GateSchema).default([]).describe('Checks before a deployment, each with the agent answering for it.'),
  reviewRequirements: z
    .array(z.strictObject({ scope: text(120).describe('The changes it covers.'), requirement: prose(120).describe('The review they need.') }))
    .default([])
    .describe('Who reviews which changes.'),
  taskVerificationGates: z.array(GateSchema).default([]).describe('Checks before a task counts as done.'),
  integrationVerificationGates: z.array(GateSchema).default([]).describe('Checks before work is integrated.'),
  loopLimits: z
    .array(
      z.strictObject({
        limit: text(120).describe('What is limited, e.g. retries of a failing test.'),
        value: z.number().int().positive().max(1000).describe('The limit.'),
        escalation: text(120).describe('What happens at the limit.'),
        agents: agentRefs.describe('Agents the limit binds; their generated agent definitions carry maxTurns. @default none'),
        maxTurns: z
          .number()
          .int()
          .min(1)
          .max(10_000)
          .optional()
          .describe("Agentic turns one attempt may take: the subagent's maxTurns for the agents listed. @default - no turn cap"),
      }),
    )
    .default([])
    .describe('Limits on loops and retries, and their escalation.'),
  emergencyProcedures: z
    .array(
      z.strictObject({
        title: text(80).describe('Procedure title.'),
        steps: z.array(AgentRule).min(1).describe('Steps in order, each naming an agent or a label.'),
      }),
    )
    .default([])
    .describe('Emergency procedures.'),
  queryOptimization: z.array(prose(300)).default([]).describe('Query optimization guidelines, in prose.'),
  versionHistory: z
    .array(
      z.strictObject({
        version: z
          .string()
          .regex(/^\d+\.\d+\.\d+$/, { error: (i) => `${quote(i.input)} is not a semantic version: use e.g. '1.0.0'` })
          .describe('Semantic version, e.g. 1.0.0.'),
        date: z.iso.date({ error: (i) => `${quote(i.input)} is not a date: use YYYY-MM-DD` }).describe('Date, YYYY-MM-DD.'),
        changes: prose(300).describe('What changed.'),
      }),
    )
    .min(1, { error: 'record at least one version' })
    .describe("The contract's versions; the newest date is CONTRACT.md's generated date (never the clock)."),
});

// ---------------------------------------------------------------- the repository: the edit hook

const UNREADABLE_COMMANDS = ['refuse', 'allow', 'refuse-when-narrow'] as const;
/** A file below the repository root, named plainly. */
const repositoryFile = z
  .string()
  .min(1)
  .max(1024)
  .regex(/^[A-Za-z0-9_./-]+$/, { error: (i) => `${quote(i.input)} is not a repository path: use letters, digits, '.', '_', '-' and '/'` })
  .refine((path) => !path.split('/').some((segment) => segment === '.' || segment === '..' || segment === ''), {
    error: (i) => `${quote(i.input)} has an empty, '.' or '..' segment: name the file below the project root plainly, e.g. '.claude/STATUS.md'`,
  });
const RepositorySchema = z
  .strictObject({
    mainAgent: agentRef
      .optional()
      .describe('The agent the edit hook judges the main Claude Code session as (an event without agent_type). @default the orchestrator role'),
    unreadableCommands: z
      .enum(UNREADABLE_COMMANDS)
      .default('refuse-when-narrow')
      .describe(
        "A shell command whose targets the edit hook cannot read (a variable, a glob, eval, find -delete): 'refuse', 'allow', or 'refuse-when-narrow' (refused unless the agent owns every path, '**' or '**/*'). @default refuse-when-narrow",
      ),
    statusFile: repositoryFile
      .default('.claude/STATUS.md')
      .describe('The status file the contract tells every agent to update: every agent must be able to edit it. @default .claude/STATUS.md'),
  })
  .default({ unreadableCommands: 'refuse-when-narrow', statusFile: '.claude/STATUS.md' })
  .describe("How the edit hook judges agents' edits in the repository.");

// ---------------------------------------------------------------- the model

export const TeamModelSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of the JSON Schema editors check the model with, e.g. ./team.schema.json.'),
    project: ProjectSchema.describe('The project: its name, description and workspace folder.'),
    environments: z
      .record(
        z
          .string()
          .regex(/^[a-z][a-z0-9-]*$/, { error: (i) => `${quote(i.input)} is not a valid environment name: use lowercase kebab-case` })
          // It names the stack, its output folder and every resource name: keep it short.
          .max(ENVIRONMENT_NAME_MAX, {
            error: (i) => `'${String(i.input).slice(0, 40)}…' is longer than ${ENVIRONMENT_NAME_MAX} characters: shorten the environment name`,
          }),
        EnvironmentSchema,
      )
      .describe('Deployment targets by name; each becomes one cdktf stack.'),
    agents: z
      .strictObject({
        core: z.array(AgentSchema).min(1).describe("The core agents (the seed contract's coordinating team); at least one."),
        domain: z.array(AgentSchema).default([]).describe('The domain agents (the specialists).'),
      })
      .describe('The team: every agent and the principal it acts as.'),
    roles: RolesSchema,
    fileOwnership: z
      .array(FileOwnershipSchema)
      .default([])
      .describe('Repository paths and who OWNS or READS them: the edit hook, the workspace folders and the contract read it.'),
    repository: RepositorySchema,
    catalog: CatalogSchema.describe("Each environment's Unity Catalog catalog: its owner, the ownership mode and the deploying identity."),
    schemas: z.array(SchemaSchema).min(1).describe('Unity Catalog schemas: owner, readers, writers and volumes.'),
    tables: z.array(TableSchema).default([]).describe('Delta tables: owner, columns, readers and gates.'),
    models: z.array(RegisteredModelSchema).default([]).describe('Registered ML models in Unity Catalog.'),
    compute: z.array(ComputeSchema).default([]).describe('Compute rows: cluster policies and SQL warehouses, who may use each, and their limits.'),
    pipelines: z.array(PipelineSchema).default([]).describe('Lakeflow Declarative (DLT) pipelines: owner, target, sources, code.'),
    governance: GovernanceSchema.describe(
      "The seed contract's tables: conflict resolution, notebook rules, gates, reviews, loop limits, emergencies, versions.",
    ),
    observability: z
      .strictObject({
        folder: relativePath('the observability folder')
          .default('observability')
          .describe(
            'Folder below the project root holding alerts, monitor assets and the cost dashboard; no agent may edit it. @default observability',
          ),
        monitorSchema: z
          .string()
          .optional()
          .describe('Schema (layer monitoring, owned by the quality-engineer role) the quality monitors write their metric tables to.'),
        costDashboard: z
          .strictObject({
            viewers: z
              .array(agentRef)
              .optional()
              .describe('Agents that may read the dashboard (CAN_READ). @default the workspace-admin and orchestrator roles'),
          })
          .default({})
          .describe('The Lakeview dashboard of cost per agent and compute row; created when the model has a SQL warehouse.'),
      })
      .default({ folder: 'observability', costDashboard: {} })
      .describe('Where the gates, quality monitors and cost dashboard live.'),
    suppressions: z
      .array(
        z.strictObject({
          rule: z
            .string()
            .regex(/^DAC-[A-Z]+\d+$/, { error: (i) => `${quote(i.input)} is not a rule id: use e.g. 'DAC-UC1'` })
            .describe('The id of the rule waived, e.g. DAC-CP3 (docs/rules.md).'),
          resource: z.string().min(1).describe('Construct path or its prefix, e.g. dev/unity-catalog/grants/schema-gold'),
          reason: multiLine(z.string().trim().min(10, { error: 'a suppression needs a written reason of at least 10 characters' })).describe(
            'Why, in at least 10 characters; CONTRACT.md lists it.',
          ),
        }),
      )
      .default([])
      .describe('Guardrail findings the model waives, each with a written reason.'),
    contract: z
      .strictObject({
        deployToWorkspace: z.boolean().default(true).describe('Also deploy CONTRACT.md as a workspace file. @default true'),
        template: z
          .string()
          .min(1)
          .max(1024)
          .refine((path) => !hasTemplateSequence(path), { error: 'a template path holds no template sequence' })
          // A YAML model is data: it may name a template beside it, never read any other file into the plan.
          .refine((path) => !/^([A-Za-z]:)?[\\/]/.test(path) && !path.split(/[\\/]/).includes('..'), {
            error: (i) => `'${String(i.input)}' leaves the model's folder: name a template file below it, without '..' or a leading '/'`,
          })
          .optional()
          .describe(
            "A Handlebars template for CONTRACT.md, relative to the model file (the seed's own template works). @default the built-in templates/CONTRACT.md.hbs",
          ),
      })
      .default({ deployToWorkspace: true })
      .describe('How CONTRACT.md is rendered and deployed.'),
  })
  .describe('The agent team on one Databricks lakehouse: who owns what, and what compute each may use.');

/** The model as written (defaults optional) — what a TypeScript model is typed as. */
export type TeamModelInput = z.input<typeof TeamModelSchema>;
