// `agent-contract may-edit --agent <name> <path>...`: the edit hook's check, for CI over a change's file list.
import { readFileSync } from 'node:fs';
import { main as mayEdit } from '../ownership/may-edit';
import type { Command } from './command';

export const mayEditCommand: Command = {
  name: 'may-edit',
  usage: `agent-contract may-edit --agent <name> [--ownership FILE] [--root DIR] (--hook | <path>...)

The most specific matching pattern decides a path (literal leading segments first, then literal characters);
the agent may edit it when it OWNS that pattern. Exit 1 names each refused path, its pattern and the owner to
ask. --hook reads a Claude Code PreToolUse event on standard input and exits 2 to block the edit.
The matrix is read from --ownership, else .claude/agents/ownership.json, else cdktf.out/ownership.json.
In a hook, run it as \`node bin/may-edit.js\`: the same check without loading this CLI.`,
  run(argv, io) {
    return mayEdit(argv, { ...io, stdin: () => readFileSync(0, 'utf8') });
  },
};
