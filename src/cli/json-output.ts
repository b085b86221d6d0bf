// What `--json` prints, command by command: one JSON document on stdout, pretty-printed, ending in a line feed. The
// shapes below are the contract with scripts that read it; fields are only ever added. Usage errors (exit 2) stay
// text on stderr; an invalid model (exit 1) prints InvalidModelJson on stdout instead of the problems on stderr.
import type { ModelError, Problem } from '../model/problems';
import type { AgentAccess } from '../access/matrix';
import type { DeployPrecondition } from '../access/deploy-preconditions';
import type { CommandIo } from './io';

/** One problem or warning of a model: `path` into the model (`schemas[2].owner`), and where in the file when known. */
export interface JsonProblem {
  readonly path: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

/** Any command given --json and a model that does not validate (exit 1). */
export interface InvalidModelJson {
  /** The model file, or null for a model given as a module's value. */
  readonly model: string | null;
  readonly valid: false;
  readonly problems: readonly JsonProblem[];
}

/** `validate --json`: exit 0 when valid (warnings do not fail), else InvalidModelJson with exit 1. */
export interface ValidateJson {
  readonly model: string;
  readonly valid: true;
  readonly counts: {
    readonly agents: number;
    readonly environments: number;
    readonly schemas: number;
    readonly tables: number;
    readonly models: number;
    readonly computeRows: number;
    readonly pipelines: number;
  };
  readonly problems: readonly [];
  readonly warnings: readonly JsonProblem[];
}

/** `access --json`: every agent's Unity Catalog privileges per securable and the compute it may use. */
export interface AccessJson {
  readonly environment: string;
  readonly catalog: string;
  readonly agents: readonly AgentAccess[];
}

/** `check --json`: exit 0 when everything checked is up to date, 1 when something drifted. */
export interface CheckJson {
  readonly model: string;
  readonly environment: string;
  readonly upToDate: boolean;
  /** The CONTRACT.md checked, when a FILE was given. */
  readonly contract?: {
    readonly file: string;
    readonly upToDate: boolean;
    /** The unified diff from FILE to a fresh render, when it drifted and is small enough to diff line by line. */
    readonly diff?: string;
  };
  /** The agent definitions checked, with --agents DIR. */
  readonly agents?: AgentFilesJson;
}

/** The agent files in one folder against a fresh generation: file names relative to `dir`. */
export interface AgentFilesJson {
  readonly dir: string;
  readonly upToDate: boolean;
  readonly missing: readonly string[];
  readonly changed: readonly string[];
  /** Files generated for agents no longer in the model. */
  readonly stale: readonly string[];
  /** What drifted in the project files (settings, CLAUDE.md, AGENTS.md), one line each. */
  readonly project: readonly string[];
}

/** `brief --json`: the brief's metadata; its text goes to --out when given, and is not printed. */
export interface BriefJson {
  readonly agent: string;
  readonly environment: string;
  readonly model: string;
  /** The file written (--out), or null when none was. */
  readonly out: string | null;
  readonly bytes: number;
  readonly lines: number;
}

/** `may-edit --json` (not with --hook): exit 0 when every path is allowed, else 1. */
export interface MayEditJson {
  readonly agent: string;
  readonly paths: readonly string[];
  readonly allowed: boolean;
  /** Why each refused path is refused: its pattern and the owner to ask. */
  readonly refused: readonly string[];
}

/** `doctor --json`: exit 1 when a finding is FAIL. */
export interface DoctorJson {
  readonly model: string;
  readonly environment: string;
  readonly findings: readonly { readonly status: 'ok' | 'warn' | 'FAIL'; readonly message: string }[];
  /** What a person checks on the workspace; `enforcement` says what stops a plan when it does not hold. */
  readonly preconditions: readonly DeployPrecondition[];
  readonly failed: number;
}

export function writeJson(io: CommandIo, value: object): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** An invalid model as --json prints it (main.ts, for every command given --json). */
export function invalidModelJson(error: ModelError): InvalidModelJson {
  return { model: error.file ?? null, valid: false, problems: error.problems.map(jsonProblem) };
}

export const jsonProblem = ({ path, message, line, column }: Problem): JsonProblem => ({ path, message, line, column });
