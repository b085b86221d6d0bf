// The shell command Claude Code runs for the edit hook, in settings.json and in the subagents' front matter. Claude Code
// runs it through a shell with CLAUDE_PROJECT_DIR set to the project root and the event on standard input; exit 2
// blocks the tool call, any other failure would let it through (Claude Code docs, "Hooks reference",
// code.claude.com/docs/en/hooks). So: every value single-quoted, the project root required (`:?`), and the whole
// command in a subshell followed by `|| exit 2` — a missing script, a missing node or an unset root blocks too.
import { JUDGED_TOOLS } from '../ownership/hook-event';
import { shellQuote } from '../contract/quote';

/** The tools the project-wide hook judges (settings.json `matcher`: tool names joined by `|`). */
export const HOOK_MATCHER = JUDGED_TOOLS.join('|');

/** The project root as the hook's shell expands it: an unset or empty variable stops the command. */
const ROOT = '"${CLAUDE_PROJECT_DIR:?}"';

/** A path below the project root (or an absolute one), as a shell word. */
const inProject = (path: string) => (path.startsWith('/') ? shellQuote(path) : `${ROOT}/${shellQuote(path)}`);

export interface HookCommandOptions {
  /** The hook script, relative to the project root: node_modules/databricks-agent-contract/bin/may-edit.js or bin/may-edit.js. */
  readonly script: string;
  /** The folder of the agent definitions and ownership.json, relative to the project root. */
  readonly agentsDir: string;
  /** The agent a subagent's own hook judges as; the project-wide hook reads agent_type from the event. */
  readonly agent?: string;
}

export function hookCommand({ script, agentsDir, agent }: HookCommandOptions): string {
  const words = [
    'node',
    inProject(script),
    ...(agent === undefined ? [] : ['--agent', shellQuote(agent)]),
    '--hook',
    '--root',
    ROOT,
    '--ownership',
    inProject(`${agentsDir}/ownership.json`),
  ];
  return `(${words.join(' ')}) || exit 2`;
}
