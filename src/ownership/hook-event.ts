// A Claude Code PreToolUse event, read strictly: what it edits or runs, and who asks. Anything malformed is an error,
// and the hook turns every error into a refusal.
//
// The event is JSON on standard input with `session_id`, `transcript_path`, `cwd`, `hook_event_name`, `tool_name`
// and `tool_input`, plus `agent_id` and `agent_type` inside a subagent or an `--agent` session (Claude Code docs,
// "Hooks reference", code.claude.com/docs/en/hooks#common-input-fields and #pretooluse-input; Claude Agent SDK,
// `BaseHookInput`). `agent_type` is the subagent's `name`; the main thread sends none.
import { isObject } from '../model/is-object';

/** The tools that edit files, and where each names the file (Claude Code docs, "Tools available to Claude"). */
const FILE_OF: Readonly<Record<string, string>> = {
  Edit: 'file_path',
  MultiEdit: 'file_path',
  Write: 'file_path',
  NotebookEdit: 'notebook_path',
};

/** The tools the project-wide hook judges: the edit tools and the shell. */
export const JUDGED_TOOLS = [...Object.keys(FILE_OF), 'Bash'];

export type HookEvent = {
  /** The subagent's name; undefined on the main thread. */
  readonly agentType: string | undefined;
  readonly tool: string;
  /** The directory the session is in, if the event says. */
  readonly cwd: string | undefined;
} & ({ readonly kind: 'edit'; readonly path: string } | { readonly kind: 'command'; readonly command: string } | { readonly kind: 'other' });

/** @throws Error naming what is wrong with the event */
export function parseHookEvent(text: string): HookEvent {
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch (error) {
    throw new Error(`standard input is not a hook event: ${(error as Error).message}`);
  }
  if (!isObject(event)) throw new Error('the hook event is not a JSON object');
  const { tool_name: tool, tool_input: input, agent_type: agentType, cwd } = event;
  if (typeof tool !== 'string') throw new Error('the hook event has no string tool_name');
  if (agentType !== undefined && typeof agentType !== 'string') throw new Error('the hook event has an agent_type that is not a string');
  const common = { agentType: agentType as string | undefined, tool, cwd: typeof cwd === 'string' && cwd !== '' ? cwd : undefined };
  const key = FILE_OF[tool];
  if (key) {
    const path = isObject(input) ? input[key] : undefined;
    if (typeof path !== 'string' || path === '') throw new Error(`the ${tool} event has no string tool_input.${key}: refused`);
    return { ...common, kind: 'edit', path };
  }
  if (tool === 'Bash') {
    const command = isObject(input) ? input.command : undefined;
    if (typeof command !== 'string') throw new Error('the Bash event has no string tool_input.command: refused');
    return { ...common, kind: 'command', command };
  }
  return { ...common, kind: 'other' };
}
