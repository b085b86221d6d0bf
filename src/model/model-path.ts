// Which model file a synth reads: the one plan and deploy must read too.
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { DEFAULT_MODEL_PATH, ModelFileError } from './load';
import { jsonErrorPosition } from './json-error';

/**
 * AGENT_CONTRACT_MODEL for one command, else `context.modelPath` of cdktf.json — which `cdktf synth`, `plan` and
 * `deploy` all read, so the three use one model — else the reference model.
 */
export function selectedModelPath(environment: NodeJS.ProcessEnv, cdktfJson = 'cdktf.json'): string {
  if (environment.AGENT_CONTRACT_MODEL) return environment.AGENT_CONTRACT_MODEL;
  const fromCli = contextModelPath(environment.CDKTF_CONTEXT_JSON);
  if (fromCli !== undefined) return fromCli;
  let text: string | undefined;
  try {
    text = readFileSync(cdktfJson, 'utf8');
  } catch {
    return DEFAULT_MODEL_PATH;
  }
  return contextModelPath(JSON.stringify((parse(text, cdktfJson) as { context?: unknown } | null)?.context ?? {}), cdktfJson) ?? DEFAULT_MODEL_PATH;
}

function parse(json: string, where: string): unknown {
  try {
    return JSON.parse(json);
  } catch (error) {
    throw new ModelFileError(`cannot read ${where}: it is not JSON${jsonErrorPosition(error)}: fix it, or set AGENT_CONTRACT_MODEL`);
  }
}

function contextModelPath(json: string | undefined, where = 'CDKTF_CONTEXT_JSON'): string | undefined {
  if (!json) return undefined;
  const value = (parse(json, where) as { modelPath?: unknown } | null)?.modelPath;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The model a CLI command reads when none is named: the one synth, plan and deploy read. */
export function defaultModelPath(): string {
  return repositoryPath(selectedModelPath(process.env));
}

/** `path` as the repository names it: relative to the working directory when inside it, with `/` separators. */
export function repositoryPath(path: string, cwd = process.cwd()): string {
  const inside = relative(cwd, resolve(cwd, path));
  return inside.startsWith('..') || isAbsolute(inside) ? resolve(cwd, path) : inside.split('\\').join('/');
}
