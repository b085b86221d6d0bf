// `agent-contract may-edit --agent <name> <path>...`: the edit hook's check, for CI over a change's file list.
import { readFileSync } from 'node:fs';
import { main as mayEdit } from '../ownership/may-edit';
import type { Command } from './command';
import { writeJson, type MayEditJson } from './json-output';
import { UsageError } from './report';

/** The values of may-edit's options, so `--json` after `--agent` is not taken for its value by the scan below. */
const VALUE_OPTIONS = new Set(['--agent', '--ownership', '--root']);

export const mayEditCommand: Command = {
  name: 'may-edit',
  usage: `agent-contract may-edit --agent <name> [--ownership FILE] [--root DIR] [--json] (--hook | <path>...)

The most specific matching pattern decides a path (literal leading segments first, then literal characters);
the agent may edit it when it OWNS that pattern. Exit 1 names each refused path, its pattern and the owner to
ask. --hook reads a Claude Code PreToolUse event on standard input and exits 2 to block the edit.
The matrix is read from --ownership, else .claude/agents/ownership.json, else cdktf.out/ownership.json.
--json (not with --hook) prints the decision on stdout, with the same exit codes (src/cli/json-output.ts):
  { agent, paths, allowed, refused: [reason naming the pattern and the owner to ask] }
In a hook, run it as \`node bin/may-edit.js\`: the same check without loading this CLI.`,
  run(argv, io) {
    const stdin = () => readFileSync(0, 'utf8');
    const json = argv.findIndex((arg, i) => arg === '--json' && !VALUE_OPTIONS.has(argv[i - 1]));
    if (json < 0) return mayEdit(argv, { ...io, stdin });
    const rest = argv.filter((_, i) => i !== json);
    if (rest.includes('--hook')) throw new UsageError('--json does not apply to --hook: the hook answers Claude Code by exit code');
    // The check's own reasons, one per line on stderr; usage problems (exit 2) stay text.
    let reasons = '';
    const code = mayEdit(rest, { stdout: io.stdout, stderr: { write: (text: string) => (reasons += text) }, stdin });
    if (code !== 0 && code !== 1) {
      io.stderr.write(reasons);
      return code;
    }
    const agent = rest[rest.indexOf('--agent') + 1];
    const paths = rest.filter((arg, i) => !arg.startsWith('--') && !VALUE_OPTIONS.has(rest[i - 1]));
    const refused = reasons.split('\n').filter(Boolean);
    const result: MayEditJson = { agent, paths, allowed: code === 0, refused };
    writeJson(io, result);
    return code;
  },
};
