// `may-edit [--agent <name>] [--ownership FILE] [--root DIR] (--hook | <path>...)`: exit 0 when the agent OWNS every
// path by the file-ownership matrix, 1 naming each path it may not edit (the pattern, the owner to ask), 2 for usage.
// `--hook` reads a Claude Code PreToolUse event on standard input instead of paths and blocks the call with exit 2
// and the reason on standard error (Claude Code docs, "Hooks reference", code.claude.com/docs/en/hooks: exit code 2
// blocks a PreToolUse call and feeds stderr back to Claude; any other non-zero exit lets the call through, so every
// failure here is exit 2). It imports only Node and its own modules: it runs on every edit and every shell command.
import { readFileSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { commandTargets as CommandTargets } from './command-targets';
import { parseHookEvent, type HookEvent } from './hook-event';
import { decide, indexPatterns, protectedBy, type Ownership } from './matcher';
import { protectedPatterns } from './protected-paths';
import { firstSegment, parseOwnershipBytes } from './ownership-file';
import { resolveInRoot } from './resolve-path';

export interface MayEditIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Standard input, read whole (the hook event). */
  stdin(): string;
}

/** Where `agent-contract agents` (`.claude/agents/`) and synth (`cdktf.out/`) write the compact matrix. */
const DEFAULT_OWNERSHIP = ['.claude/agents/ownership.json', 'cdktf.out/ownership.json'];
const USAGE = 'Usage: may-edit [--agent <name>] [--ownership FILE] [--root DIR] (--hook | <path>...)';

class UsageProblem extends Error {}

/** The ownership file; with `wanted`, only the patterns that can match paths of those first segments (lowercased). */
function readOwnership(file: string | undefined, root: string, wanted?: ReadonlySet<string>): { ownership: Ownership; file: string } {
  for (const candidate of file ? [resolve(root, file)] : DEFAULT_OWNERSHIP.map((name) => join(root, name))) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(candidate);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (file || code !== 'ENOENT') throw new Error(`cannot read the ownership file '${candidate}': ${code ?? (error as Error).message}`);
      continue;
    }
    const ownership = parseOwnershipBytes(bytes, wanted);
    if (ownership?.version !== 2 || !Array.isArray(ownership.patterns) || !Array.isArray(ownership.agents))
      throw new Error(
        `'${candidate}' is not an ownership file of this version: run npx agent-contract agents --env <env> --out ${dirname(relative(root, candidate)) || '.'}`,
      );
    return { ownership, file: candidate };
  }
  throw new Error(`no ownership file (${DEFAULT_OWNERSHIP.join(' or ')}): run npx agent-contract agents --env <env> --out .claude/agents`);
}

/** This package's folder relative to the project root ('' in a checkout), or undefined when outside it. */
function hookPackage(realRoot: string): string | undefined {
  // This module is <package>/src/ownership/may-edit.ts or <package>/dist/ownership/may-edit.js.
  const inside = relative(realRoot, realpathSync(join(__dirname, '..', '..')));
  return inside.startsWith('..') || isAbsolute(inside) ? undefined : inside.split(sep).join('/');
}

/** The enforcement's own files, computed here and not only read from the file an attacker might reach. */
function guarded(ownership: Ownership, ownershipFile: string, root: string): string[] {
  const realRoot = realpathSync(root);
  const dir = relative(realRoot, realpathSync(dirname(ownershipFile)))
    .split(sep)
    .join('/');
  const agentsDir = dir.startsWith('..') || isAbsolute(dir) ? '.claude/agents' : dir || '.claude/agents';
  return [...new Set([...protectedPatterns({ agentsDir, hookPackage: hookPackage(realRoot) }), ...(ownership.protected ?? [])])];
}

interface Request {
  agent: string | undefined;
  ownershipFile: string | undefined;
  root: string;
  hook: boolean;
  paths: string[];
}

function parseArgv(argv: readonly string[]): Request {
  const request: Request = { agent: undefined, ownershipFile: undefined, root: process.cwd(), hook: false, paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--agent' || arg === '--ownership' || arg === '--root') {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageProblem(`${arg} needs a value`);
      if (arg === '--agent') request.agent = value;
      else if (arg === '--ownership') request.ownershipFile = value;
      else request.root = value;
    } else if (arg === '--hook') request.hook = true;
    else if (arg.startsWith('--')) throw new UsageProblem(`unknown option '${arg}'`);
    else request.paths.push(arg);
  }
  if (!request.hook && !request.agent) throw new UsageProblem('--agent is required');
  if (!request.hook && !request.paths.length) throw new UsageProblem('name at least one path');
  return request;
}

/** The agent an event is judged as: the subagent it comes from, else the model's main-session agent. */
function agentOf(request: Request, event: HookEvent, ownership: Ownership): { agent: string } | { refused: string } {
  if (request.agent && event.agentType !== undefined && event.agentType !== request.agent)
    return { refused: `the hook for ${request.agent} received an event of agent_type '${event.agentType}': refused` };
  return { agent: request.agent ?? event.agentType ?? ownership.mainAgent };
}

/** `paths` (relative to `cwd`) resolved inside `root`, and the reasons for those that cannot be. */
function resolveAll(paths: readonly string[], cwd: string, root: string): { resolved: string[]; refused: string[] } {
  const resolved: string[] = [];
  const refused: string[] = [];
  for (const path of paths) {
    const result = resolveInRoot(path, cwd, root);
    if ('refused' in result) refused.push(result.refused);
    else resolved.push(result.path);
  }
  return { resolved, refused };
}

/** The first segments (lowercased) of resolved paths: the patterns worth reading. */
const firstSegments = (paths: readonly string[]) => new Set(paths.map((path) => firstSegment(path).toLowerCase()));

/** The reasons `agent` may not edit the resolved repository `paths`. */
function refusals(ownership: Ownership, guards: readonly string[], agent: string, paths: readonly string[]): string[] {
  const index = indexPatterns(ownership.patterns);
  const known = ownership.agents.includes(agent);
  const refused: string[] = [];
  for (const path of paths) {
    const guard = protectedBy(guards, path);
    if (guard)
      refused.push(
        `'${path}' is part of the edit enforcement (protected by '${guard}'): no agent edits it; a human changes the model and runs npx agent-contract agents`,
      );
    else if (!known)
      refused.push(
        `'${agent}' is not an agent of the team (${ownership.agents.join(', ')}): delegate the edit of '${path}' to the agent that owns it`,
      );
    else {
      const decision = decide(ownership, index, agent, path);
      if (!decision.allowed) refused.push(decision.reason);
    }
  }
  return refused;
}

function runHook(request: Request, io: MayEditIo): number {
  const event = parseHookEvent(io.stdin());
  if (event.kind === 'other') return 0;
  const cwd = event.cwd ?? request.root;
  let paths: string[];
  let unreadable: string[] = [];
  if (event.kind === 'edit') paths = [event.path];
  else {
    // Loaded only for shell commands: an edit event needs none of the shell reader.
    const { commandTargets } = require('./command-targets') as { commandTargets: typeof CommandTargets };
    ({ targets: paths, unreadable } = commandTargets(event.command, cwd));
  }
  const { resolved, refused } = resolveAll(paths, cwd, request.root);
  const { ownership, file } = readOwnership(request.ownershipFile, request.root, firstSegments(resolved));
  const who = agentOf(request, event, ownership);
  if ('refused' in who) {
    io.stderr.write(`${who.refused}\n`);
    return 2;
  }
  refused.push(...refusals(ownership, guarded(ownership, file, request.root), who.agent, resolved));
  const strict = !ownership.agents.includes(who.agent) || ownership.refuseUnreadable.includes(who.agent);
  if (unreadable.length && strict)
    refused.push(
      `the hook cannot tell what this command writes (${unreadable.join('; ')}): ${who.agent} runs only commands whose targets it can read (model setting repository.unreadableCommands). Name each file literally, or use the Edit and Write tools`,
    );
  if (!refused.length) return 0;
  io.stderr.write(`${refused.join('\n')}\n`);
  return 2;
}

function runPaths(request: Request, io: MayEditIo): number {
  // Paths on the command line are relative to the project root (a change's file list from git).
  const { resolved, refused } = resolveAll(request.paths, request.root, request.root);
  const { ownership, file } = readOwnership(request.ownershipFile, request.root, firstSegments(resolved));
  const agent = request.agent as string;
  if (!ownership.agents.includes(agent)) throw new UsageProblem(`'${agent}' is not an agent of the team: name one of ${ownership.agents.join(', ')}`);
  refused.push(...refusals(ownership, guarded(ownership, file, request.root), agent, resolved));
  if (!refused.length) return 0;
  io.stderr.write(`${refused.join('\n')}\n`);
  return 1;
}

/** Streams as a test passes them; the real process's by default. */
const processIo: MayEditIo = { stdout: process.stdout, stderr: process.stderr, stdin: () => readFileSync(0, 'utf8') };

/**
 * Exit 0 when allowed; 1 naming refused paths; 2 for usage errors and, with --hook, to block the call. In a hook any
 * failure — an unreadable or malformed ownership file or event, a bug — blocks (exit 2): the check fails closed.
 */
export function main(argv: readonly string[], io: MayEditIo = processIo): number {
  let request: Request;
  try {
    request = parseArgv(argv);
    return request.hook ? runHook(request, io) : runPaths(request, io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`may-edit: ${message}\n${error instanceof UsageProblem ? `${USAGE}\n` : ''}`);
    return 2;
  }
}
