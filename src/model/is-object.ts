// The one test for "a JSON object": the parsed model, a plan, an outputs file, Claude Code's settings and hook events.

/** Whether `value` is a JSON object: not null, not an array. */
export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
