// `agent-contract verify-commits [model] <range> [--strict]`: the backstop that sees what the hook cannot (a program
// that wrote files, a session without the hook): every commit of the range is mapped to its agent — the `Agent:`
// trailer the agent files tell each agent to write, else the author e-mail the model assigns (agents[].commitEmail) —
// and every path it changed is judged by the file-ownership matrix, as the hook judges an edit.
import { spawnSync } from 'node:child_process';
import { relative, resolve } from 'node:path';
import { loadModelFile } from '../validation/load';
import { defaultModelPath } from '../model/model-path';
import { allAgents, type TeamModel } from '../model/types';
import { decide, indexPatterns, protectedBy } from '../ownership/matcher';
import { ownershipOf } from '../ownership/ownership';
import { protectedPatterns } from '../ownership/protected-paths';
import { hookScriptOf } from './agents-command';
import { inertMarkdown } from '../contract/quote';
import { parseArgs } from './args';
import type { Command } from './command';
import { EXIT_INVALID, EXIT_OK, UsageError } from './report';

interface Commit {
  readonly sha: string;
  readonly email: string;
  readonly trailers: string[];
  readonly parents: string[];
  readonly subject: string;
}

function git(args: readonly string[]): string {
  const result = spawnSync('git', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw new UsageError(`cannot run git: ${result.error.message}`);
  if (result.status !== 0) throw new UsageError(`git ${args[0]} failed: ${result.stderr.trim()}`);
  return result.stdout;
}

function commitsOf(range: string): Commit[] {
  if (range.startsWith('-')) throw new UsageError(`'${range}' is not a revision range: give e.g. origin/main..HEAD`);
  // %(trailers:key=Agent,valueonly): the values of the commit's `Agent:` trailers (git-log(1), "trailers").
  const out = git(['log', '--reverse', '-z', '--format=%H%x01%ae%x01%(trailers:key=Agent,valueonly,separator=%x02)%x01%P%x01%s', range, '--']);
  return out
    .split('\0')
    .filter(Boolean)
    .map((record) => {
      const [sha, email, trailers, parents, subject] = record.split('\x01');
      return {
        sha: sha.trim(),
        email,
        trailers: trailers
          .split('\x02')
          .map((value) => value.trim())
          .filter(Boolean),
        parents: parents.split(' ').filter(Boolean),
        subject,
      };
    });
}

/** The paths a commit changed: against its parent, or for a merge only what differs from every parent (its own edits). */
function changedPaths(commit: Commit): string[] {
  const args =
    commit.parents.length > 1
      ? ['diff-tree', '--cc', '--no-commit-id', '-r', '-z', '--name-only', commit.sha]
      : ['diff-tree', '--root', '--no-commit-id', '-r', '-z', '--name-only', '--no-renames', commit.sha];
  return git(args).split('\0').filter(Boolean);
}

/** The agent a commit is by, or why it cannot be told. */
function agentOf(commit: Commit, agents: ReadonlySet<string>, byEmail: ReadonlyMap<string, string>): { agent?: string; problem?: string } {
  const named = [...new Set(commit.trailers)];
  const mapped = byEmail.get(commit.email.toLowerCase());
  if (named.length > 1) return { problem: `it names several agents (${named.join(', ')}) in Agent: trailers` };
  if (named.length === 1) {
    if (!agents.has(named[0])) return { problem: `its Agent: trailer names '${named[0]}', not an agent of the team` };
    if (mapped && mapped !== named[0]) return { problem: `its Agent: trailer names ${named[0]} but its author e-mail is ${mapped}'s` };
    return { agent: named[0] };
  }
  return mapped ? { agent: mapped } : {};
}

export interface VerifyResult {
  checked: number;
  readonly unattributed: string[];
  readonly offending: { sha: string; subject: string; reasons: string[] }[];
}

/** Judges every commit of `range` in the current repository by `model`'s matrix. */
function verifyCommits(model: TeamModel, range: string, agentsDir: string, strict: boolean): VerifyResult {
  let hookPackage: string | undefined;
  try {
    const script = hookScriptOf(process.cwd());
    hookPackage = script === 'bin/may-edit.js' ? '' : script.replace(/\/bin\/may-edit\.js$/, '');
  } catch {
    hookPackage = 'node_modules/databricks-agent-contract';
  }
  const guards = protectedPatterns({ agentsDir, hookPackage });
  const ownership = ownershipOf(model);
  const index = indexPatterns(ownership.patterns);
  const agents = new Set(ownership.agents);
  const byEmail = new Map(
    allAgents(model)
      .filter((agent) => agent.commitEmail)
      .map((agent) => [(agent.commitEmail as string).toLowerCase(), agent.name]),
  );
  const result: VerifyResult = { checked: 0, unattributed: [], offending: [] };
  for (const commit of commitsOf(range)) {
    const who = agentOf(commit, agents, byEmail);
    const short = commit.sha.slice(0, 12);
    if (who.problem) {
      result.offending.push({ sha: short, subject: commit.subject, reasons: [who.problem] });
      continue;
    }
    if (!who.agent) {
      result.unattributed.push(short);
      if (strict)
        result.offending.push({ sha: short, subject: commit.subject, reasons: ['no Agent: trailer and no agent author e-mail (--strict)'] });
      continue;
    }
    result.checked++;
    const agent = who.agent;
    const reasons = changedPaths(commit).flatMap((path) => {
      const guard = protectedBy(guards, path);
      if (guard) return [`'${path}' is part of the edit enforcement (protected by '${guard}'): no agent edits it`];
      const decision = decide(ownership, index, agent, path);
      return decision.allowed ? [] : [decision.reason];
    });
    if (reasons.length) result.offending.push({ sha: short, subject: commit.subject, reasons });
  }
  return result;
}

export const verifyCommitsCommand: Command = {
  name: 'verify-commits',
  usage: `agent-contract verify-commits [model] <range> [--agents DIR] [--strict]

Maps each commit of <range> (e.g. origin/main..HEAD) to its agent: the commit's 'Agent: <name>' trailer, else
the author e-mail an agent's commitEmail names. Every path the commit changed (for a merge: what differs from
every parent) is judged as the edit hook judges an edit, the enforcement's own files (DIR, default
.claude/agents, the settings, CLAUDE.md, AGENTS.md) refused to every agent. Exit 0 when every commit keeps to
its agent's files, 1 listing the offending commits and paths, 2 for usage errors. Commits by no agent are
listed and skipped; --strict refuses them.`,
  run(argv, io) {
    const { positionals, options } = parseArgs(argv, ['agents'], ['strict']);
    if (positionals.length < 1 || positionals.length > 2)
      throw new UsageError('verify-commits takes [model] and one revision range, e.g. origin/main..HEAD');
    const [modelPath, range] = positionals.length === 2 ? positionals : [defaultModelPath(), positionals[0]];
    const model = loadModelFile(modelPath);
    const agentsDir = relative(process.cwd(), resolve(typeof options.agents === 'string' ? options.agents : '.claude/agents'))
      .split('\\')
      .join('/');
    const result = verifyCommits(model, range, agentsDir, options.strict === true);
    for (const { sha, subject, reasons } of result.offending) {
      io.stdout.write(`${sha} ${inertMarkdown(subject)}\n`);
      for (const reason of reasons) io.stdout.write(`  ${reason}\n`);
    }
    const summary = `${result.checked} agent commit${result.checked === 1 ? '' : 's'} checked, ${result.unattributed.length} by no agent${result.unattributed.length ? ` (${result.unattributed.join(', ')})` : ''}`;
    if (result.offending.length) {
      io.stderr.write(
        `verify-commits: ${result.offending.length} commit${result.offending.length === 1 ? '' : 's'} changed files outside their agent's ownership; ${summary}\n`,
      );
      return EXIT_INVALID;
    }
    io.stdout.write(`${summary}: every commit keeps to its agent's files\n`);
    return EXIT_OK;
  },
};
