// `may-edit --agent <name> [--ownership FILE] [--root DIR] <path>...`: exit 0 when the agent OWNS every path by
// the file-ownership matrix, 1 naming each path it may not edit (the pattern, the owner to ask), 2 for usage.
// `--hook` reads a Claude Code PreToolUse event on standard input instead of paths, and blocks the edit with
// exit 2 and the reason on standard error (Claude Code docs, "Hooks reference": exit code 2 blocks a
// PreToolUse call and feeds stderr back to Claude). Plain Node, no dependencies: it runs on every edit.
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { decide, repositoryPath } = require('./matcher.js');

/** Where synth (`cdktf.out/`) and `agent-contract agents` (`.claude/agents/`) write the compact matrix. */
const DEFAULT_OWNERSHIP = ['.claude/agents/ownership.json', 'cdktf.out/ownership.json'];
/** The tools that edit files, and where each names the file (Claude Code docs, "Tools available to Claude"). */
const FILE_OF = { Edit: 'file_path', MultiEdit: 'file_path', Write: 'file_path', NotebookEdit: 'notebook_path' };

function usage(io, message) {
  io.stderr.write(`may-edit: ${message}\nUsage: may-edit --agent <name> [--ownership FILE] [--root DIR] (--hook | <path>...)\n`);
  return 2;
}

function readOwnership(file, root) {
  for (const candidate of file ? [file] : DEFAULT_OWNERSHIP.map((name) => join(root, name))) {
    let text;
    try {
      text = readFileSync(candidate, 'utf8');
    } catch (error) {
      if (file || error.code !== 'ENOENT') throw new Error(`cannot read the ownership file '${candidate}': ${error.code || error.message}`);
      continue;
    }
    const ownership = JSON.parse(text);
    if (ownership.version !== 1 || !Array.isArray(ownership.patterns))
      throw new Error(`'${candidate}' is not an ownership file: run npx agent-contract agents`);
    return ownership;
  }
  throw new Error(`no ownership file (${DEFAULT_OWNERSHIP.join(' or ')}): run npx agent-contract agents --env <env> --out .claude/agents`);
}

/** The paths a PreToolUse event edits; none for tools that edit no file. */
function hookPaths(text) {
  const event = JSON.parse(text);
  const key = FILE_OF[event.tool_name];
  const path = key && event.tool_input && event.tool_input[key];
  return { paths: typeof path === 'string' ? [path] : [], cwd: typeof event.cwd === 'string' ? event.cwd : undefined };
}

/** Streams as a test passes them; the real process's by default. */
const processIo = { stdout: process.stdout, stderr: process.stderr, stdin: () => readFileSync(0, 'utf8') };

function run(argv, io) {
  let agent;
  let ownershipFile;
  let root = process.cwd();
  let rootGiven = false;
  let hook = false;
  const paths = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--agent' || arg === '--ownership' || arg === '--root') {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) return usage(io, `${arg} needs a value`);
      if (arg === '--agent') agent = value;
      else if (arg === '--ownership') ownershipFile = value;
      else {
        root = value;
        rootGiven = true;
      }
    } else if (arg === '--hook') hook = true;
    else if (arg.startsWith('--')) return usage(io, `unknown option '${arg}'`);
    else paths.push(arg);
  }
  if (!agent) return usage(io, '--agent is required');
  if (hook) {
    let event;
    try {
      event = hookPaths(io.stdin());
    } catch (error) {
      return usage(io, `standard input is not a hook event: ${error.message}`);
    }
    // The event's cwd is the session's project directory: paths are judged against it.
    if (event.cwd && !rootGiven) root = event.cwd;
    paths.push(...event.paths);
    if (!paths.length) return 0;
  } else if (!paths.length) return usage(io, 'name at least one path');

  let ownership;
  try {
    ownership = readOwnership(ownershipFile, root);
  } catch (error) {
    io.stderr.write(`may-edit: ${error.message}\n`);
    return 2;
  }
  const refused = [];
  for (const path of paths) {
    const relative = repositoryPath(path, root);
    const decision =
      relative === undefined ? { allowed: false, reason: `'${path}' is outside the repository ${root}` } : decide(ownership, agent, relative);
    if (!decision.allowed) refused.push(decision.reason);
  }
  if (!refused.length) return 0;
  io.stderr.write(`${refused.join('\n')}\n`);
  // A blocked hook call needs exit 2; a refused path on the command line (CI over a change's files) is exit 1.
  return hook ? 2 : 1;
}

/**
 * In a hook, any failure — an unreadable or malformed ownership file, a bug — blocks the edit (exit 2): Claude Code
 * lets a tool call through on any other non-zero exit (Hooks reference), so the check fails closed.
 */
function main(argv, io = processIo) {
  try {
    return run(argv, io);
  } catch (error) {
    io.stderr.write(`may-edit: ${error && error.message ? error.message : String(error)}\n`);
    return 2;
  }
}

module.exports = { main };
