// `.claude/settings.json`, the project's Claude Code settings: `agents` adds the project-wide edit hook and the deny
// rules that keep the enforcement's own files out of the edit tools' reach, and keeps everything else the user wrote.
// Format: Claude Code docs, "Settings" and "Hooks reference" (code.claude.com/docs/en/settings, /hooks): `hooks.
// PreToolUse` is a list of `{ matcher, hooks: [{ type: 'command', command }] }`; `permissions.deny` holds rules such as
// `Edit(/path)`, whose path follows gitignore syntax with `/` anchored at the project root (code.claude.com/docs/en/
// permissions, "Read & Edit"); Edit rules cover every built-in tool that edits files.
import { HOOK_MATCHER } from './hook-command';
import { isObject } from '../model/is-object';

export const SETTINGS_FILE = '.claude/settings.json';

type Json = Record<string, unknown>;
interface HookEntry {
  matcher?: unknown;
  hooks?: unknown;
}

/** A hook this package wrote earlier: its command runs may-edit.js --hook. */
const ours = (hook: unknown) => typeof (hook as Json)?.command === 'string' && /may-edit\.js'? .*--hook/.test((hook as Json).command as string);

/** The deny rules for the protected patterns. */
export function denyRules(protectedPaths: readonly string[]): string[] {
  return protectedPaths.map((pattern) => `Edit(${pattern.startsWith('**/') ? pattern : `/${pattern}`})`);
}

/** @throws Error naming what in the existing settings is not what Claude Code reads */
function parse(text: string | undefined): Json {
  if (text === undefined) return {};
  let settings: unknown;
  try {
    settings = JSON.parse(text);
  } catch (error) {
    throw new Error(`${SETTINGS_FILE} is not JSON (${(error as Error).message}): fix it, then run agents again; nothing was written`);
  }
  if (!isObject(settings)) throw new Error(`${SETTINGS_FILE} is not a JSON object: fix it, then run agents again; nothing was written`);
  for (const [key, inner] of [
    ['hooks', 'PreToolUse'],
    ['permissions', 'deny'],
  ] as const) {
    const value = settings[key];
    if (value !== undefined && !isObject(value)) throw new Error(`${SETTINGS_FILE}: '${key}' is not an object: fix it; nothing was written`);
    const list = isObject(value) ? value[inner] : undefined;
    if (list !== undefined && !Array.isArray(list)) throw new Error(`${SETTINGS_FILE}: '${key}.${inner}' is not a list: fix it; nothing was written`);
  }
  return settings;
}

/** The settings with exactly one hook of ours (the current command) and every deny rule, the rest kept as written. */
export function mergeSettings(current: string | undefined, command: string, deny: readonly string[]): string {
  const settings = parse(current);
  const hooks = { ...((settings.hooks as Json) ?? {}) };
  const kept = ((hooks.PreToolUse as HookEntry[]) ?? [])
    .map((entry) => (isObject(entry) && Array.isArray(entry.hooks) ? { ...entry, hooks: entry.hooks.filter((hook) => !ours(hook)) } : entry))
    .filter((entry) => !isObject(entry) || !Array.isArray(entry.hooks) || entry.hooks.length > 0);
  hooks.PreToolUse = [...kept, { matcher: HOOK_MATCHER, hooks: [{ type: 'command', command }] }];
  const permissions = { ...((settings.permissions as Json) ?? {}) };
  const denied = [...((permissions.deny as unknown[]) ?? [])];
  for (const rule of deny) if (!denied.includes(rule)) denied.push(rule);
  permissions.deny = denied;
  return `${JSON.stringify({ ...settings, hooks, permissions }, null, 2)}\n`;
}

/** What the settings lack: the hook (exactly this command, this matcher) and each deny rule; empty when current. */
export function settingsDrift(current: string | undefined, command: string, deny: readonly string[]): string[] {
  if (current === undefined) return [`${SETTINGS_FILE} is missing`];
  const settings = parse(current);
  const entries = (((settings.hooks as Json) ?? {}).PreToolUse as HookEntry[]) ?? [];
  const found = entries.some(
    (entry) =>
      isObject(entry) &&
      entry.matcher === HOOK_MATCHER &&
      Array.isArray(entry.hooks) &&
      entry.hooks.some((hook) => isObject(hook) && hook.command === command),
  );
  const denied = new Set(((settings.permissions as Json) ?? {}).deny as unknown[]);
  return [
    ...(found ? [] : [`${SETTINGS_FILE} lacks the edit hook: ${command}`]),
    ...deny.filter((rule) => !denied.has(rule)).map((rule) => `${SETTINGS_FILE} lacks the deny rule ${rule}`),
  ];
}
