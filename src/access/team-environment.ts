// THE resolved environment: one value holding the model, one of its environments, the escaped view Terraform reads
// and every derivation, computed once. Constructs, the contract, the rules, the access matrix and the CLI take it;
// nothing below it is handed `(model, env)`.
import type { NamedEnvironment, TeamModel } from '../model/types';
import { allAgents, deployerPrincipal, environmentOf } from '../model/types';
import { forTerraform } from '../model/terraform-text';
import { tableGates, type TableGate } from '../model/gates';
import { didYouMean } from '../model/suggest';
import { DEPLOYER, deriveAccess, type SecurableAccess } from './derive';
import { deriveCompute, type ComputeAccess } from './compute';
import { deriveFolders, type FolderLayout } from './folders';
import { accessMatrix, type AgentAccess } from './matrix';

/** How an agent is known to Databricks before apply: the name grants use, when the model already knows it. */
export interface AgentPrincipal {
  readonly kind: 'service-principal' | 'group';
  /** The application id or group name; undefined for a service principal the stack creates (known on apply). */
  readonly name?: string;
}

/** The model, one environment and what is derived from them. */
export interface EnvironmentData {
  /** The model (as written, or escaped in the Terraform view). */
  readonly model: TeamModel;
  readonly environment: NamedEnvironment;
  /** Every Unity Catalog securable with its owner and grants (access/derive.ts). */
  readonly access: readonly SecurableAccess[];
  /** Every compute row with its users and limits (access/compute.ts). */
  readonly compute: readonly ComputeAccess[];
  /** The workspace folders, repository-only patterns and narrowed owners (access/folders.ts). */
  readonly folders: FolderLayout;
  /** Every table gate: freshness, row count and monitor, with the agent observing it (model/gates.ts). */
  readonly gates: readonly TableGate[];
}

/** What the stacks read: the same data with every string made inert for Terraform (model/terraform-text.ts). */
export type TerraformView = EnvironmentData;

/** The data as written (the contract, briefs and messages read it), its escaped view, and the derived lookups. */
export interface TeamEnvironment extends EnvironmentData {
  /** Each agent's principal as far as the model knows it, plus DEPLOYER when the model names the deployer. */
  readonly principals: ReadonlyMap<string, AgentPrincipal>;
  /** Per agent: its privileges and compute in this environment (access/matrix.ts). */
  readonly matrix: readonly AgentAccess[];
  /** The escaped view for the stacks. */
  readonly terraform: TerraformView;
}

/** `name` is not an environment of the model: the one error for it, with the names that exist. */
export class NotAnEnvironmentError extends Error {
  constructor(
    readonly environment: string,
    readonly environments: readonly string[],
  ) {
    super(`'${environment}' is not an environment of the model${didYouMean(environment, environments)}: use one of ${environments.join(', ')}`);
    this.name = 'NotAnEnvironmentError';
  }
}

export interface ModelDerivations {
  readonly access: readonly SecurableAccess[];
  readonly compute: readonly ComputeAccess[];
  readonly folders: FolderLayout;
  readonly gates: readonly TableGate[];
  readonly principals: ReadonlyMap<string, AgentPrincipal>;
  readonly environments: Map<string, TeamEnvironment>;
}

// Derivations read only the model, so every environment of one model shares them; the model is immutable.
const derivedByModel = new WeakMap<TeamModel, ModelDerivations>();

/** The derivations of `model`, each computed on first use and shared by every environment and caller. */
export function derivationsOf(model: TeamModel): ModelDerivations {
  let derived = derivedByModel.get(model);
  if (!derived) {
    // Each derivation runs on first use, once: `validate` asks only for the folders (its warnings), synth for all.
    const once = <T>(derive: () => T): (() => T) => {
      let value: T | undefined;
      return () => (value ??= derive());
    };
    const gates = once(() => tableGates(model));
    const access = once(() => deriveAccess(model, gates()));
    const compute = once(() => deriveCompute(model));
    const folders = once(() => deriveFolders(model));
    const principals = once(() => principalsOf(model));
    derived = {
      get access() {
        return access();
      },
      get compute() {
        return compute();
      },
      get folders() {
        return folders();
      },
      get gates() {
        return gates();
      },
      get principals() {
        return principals();
      },
      environments: new Map(),
    };
    derivedByModel.set(model, derived);
  }
  return derived;
}

function principalsOf(model: TeamModel): ReadonlyMap<string, AgentPrincipal> {
  const principals = new Map<string, AgentPrincipal>();
  for (const agent of allAgents(model)) {
    const identity = agent.identity;
    principals.set(
      agent.name,
      identity.type === 'account-group'
        ? { kind: 'group', name: identity.name }
        : { kind: 'service-principal', name: identity.type === 'existing-service-principal' ? identity.applicationId : undefined },
    );
  }
  const deployer = deployerPrincipal(model);
  if (deployer !== undefined)
    principals.set(DEPLOYER, { kind: model.catalog.deployer && 'group' in model.catalog.deployer ? 'group' : 'service-principal', name: deployer });
  return principals;
}

/**
 * Resolves environment `name` of a validated model, once: asking again for the same model and name returns the same
 * value. Throws NotAnEnvironmentError for a name the model does not have.
 */
export function resolveEnvironment(model: TeamModel, name: string): TeamEnvironment {
  const derived = derivationsOf(model);
  const known = derived.environments.get(name);
  if (known) return known;
  const environment = environmentOf(model, name);
  if (!environment) throw new NotAnEnvironmentError(name, Object.keys(model.environments).sort());
  let matrix: readonly AgentAccess[] | undefined;
  let terraform: TerraformView | undefined;
  const team: TeamEnvironment = {
    model,
    environment,
    get access() {
      return derived.access;
    },
    get compute() {
      return derived.compute;
    },
    get folders() {
      return derived.folders;
    },
    get gates() {
      return derived.gates;
    },
    get principals() {
      return derived.principals;
    },
    // The matrix and the escaped view are built on first use: the CLI's `brief` needs neither.
    get matrix() {
      return (matrix ??= accessMatrix(team));
    },
    get terraform() {
      return (terraform ??= {
        model: forTerraform<TeamModel>(model),
        environment: forTerraform<NamedEnvironment>(environment),
        access: forTerraform<readonly SecurableAccess[]>(derived.access),
        compute: forTerraform<readonly ComputeAccess[]>(derived.compute),
        folders: forTerraform<FolderLayout>(derived.folders),
        gates: forTerraform<readonly TableGate[]>(derived.gates),
      });
    },
  };
  derived.environments.set(name, team);
  return team;
}
