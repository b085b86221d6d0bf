// Writes a stack's cdk.tf.json in exactly the bytes cdktf writes, without holding the whole text in memory.
import { closeSync, openSync, writeSync } from 'node:fs';

/** Text gathered before each write to the file: large enough for few system calls, small next to a stack. */
const CHUNK_CHARACTERS = 1 << 20;

/**
 * Writes `value` to `file` as cdktf's synthesizer does — json-stable-stringify with `space: 2` (synthesize/
 * synthesizer.js): keys sorted by code unit, two-space indent, `toJSON` honoured, undefined and function members
 * left out of objects and written as null in arrays, an empty array or object still broken over two lines — but
 * streamed in chunks. json-stable-stringify joins every level into a new string, so the text of 20,000 tables
 * (57 MB) passed through memory several times over; that was the peak of a synth (about 240 MB above the rest).
 * Primitives go through JSON.stringify, as they do there.
 */
export function writeStableJsonFile(file: string, value: unknown): void {
  const descriptor = openSync(file, 'w');
  try {
    let pending: string[] = [];
    let size = 0;
    const emit = (text: string) => {
      pending.push(text);
      size += text.length;
      if (size >= CHUNK_CHARACTERS) flush();
    };
    const flush = () => {
      writeSync(descriptor, pending.join(''));
      pending = [];
      size = 0;
    };
    const seen = new Set<object>();
    if (!writeValue(jsonValue(value), '', emit, seen)) throw new TypeError('the stack resolved to nothing a JSON file can hold');
    flush();
  } finally {
    closeSync(descriptor);
  }
}

/** Writes one value (its toJSON() already applied) at `indent`; false, writing nothing, for what JSON leaves out. */
function writeValue(value: unknown, indent: string, emit: (text: string) => void, seen: Set<object>): boolean {
  if (typeof value !== 'object' || value === null) {
    const text = JSON.stringify(value) as string | undefined;
    if (text === undefined) return false;
    emit(text);
    return true;
  }
  // json-stable-stringify refuses a circular structure the same way.
  if (seen.has(value)) throw new TypeError('Converting circular structure to JSON');
  seen.add(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    emit('[');
    value.forEach((item, index) => {
      emit(index === 0 ? `\n${inner}` : `,\n${inner}`);
      if (!writeValue(jsonValue(item), inner, emit, seen)) emit('null');
    });
    emit(`\n${indent}]`);
  } else {
    emit('{');
    let first = true;
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record).sort()) {
      // A member without text loses its key too, so whether it has text is known before the key is written.
      const member = jsonValue(record[key]);
      if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
      emit(`${first ? '' : ','}\n${inner}${JSON.stringify(key)}: `);
      writeValue(member, inner, emit, seen);
      first = false;
    }
    emit(`\n${indent}}`);
  }
  seen.delete(value);
  return true;
}

/** The value JSON writes for `value`: its toJSON() if it has one, once, as json-stable-stringify calls it. */
function jsonValue(value: unknown): unknown {
  const toJSON = typeof value === 'object' && value !== null ? (value as { toJSON?: unknown }).toJSON : undefined;
  return typeof toJSON === 'function' ? (toJSON as () => unknown).call(value) : value;
}
