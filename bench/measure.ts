// One measurement is one fresh process, its CPU time (user + system), wall time and peak memory taken from the OS
// by bench/rusage.py. Two commands are compared in alternating pairs after a warm-up pair, so both see the same
// machine load and neither always runs second (warm caches, a neighbour's burst).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUSAGE = join(__dirname, 'rusage.py');
/** The interpreter itself, not a version manager's shim: the shim costs half a second a run on a loaded machine. */
let python: string | undefined;
const pythonPath = () =>
  (python ??= spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim() || 'python3');

export interface Command {
  /** What the tables call it. */
  readonly label: string;
  readonly argv: readonly string[];
  readonly cwd: string;
  /** Environment variables beside the bench's own; `scratch` is an empty folder of this run, removed after it. */
  readonly env?: (scratch: string) => Record<string, string>;
  /** Standard input (the hook's event). */
  readonly input?: string;
  /** @default 0 */
  readonly status?: number;
}

export interface Sample {
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly maxRssMb: number;
}

/** Runs `command` once in a fresh process; throws with its standard error when it exits otherwise than expected. */
export function measure(command: Command): Sample {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-'));
  try {
    const result = join(scratch, 'rusage.json');
    const child = spawnSync(pythonPath(), [RUSAGE, result, ...command.argv], {
      cwd: command.cwd,
      env: { ...process.env, CHECKPOINT_DISABLE: '1', ...command.env?.(scratch) },
      input: command.input ?? '',
      stdio: ['pipe', 'ignore', 'pipe'],
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (child.status !== 0) throw new Error(`bench/rusage.py failed for ${command.label}: ${child.stderr || child.error}`);
    const usage = JSON.parse(readFileSync(result, 'utf8')) as { status: number; userMs: number; systemMs: number; wallMs: number; maxRssKb: number };
    if (usage.status !== (command.status ?? 0))
      throw new Error(`${command.label} (${command.argv.join(' ')}) exited ${usage.status}, not ${command.status ?? 0}:\n${child.stderr}`);
    return { cpuMs: usage.userMs + usage.systemMs, wallMs: usage.wallMs, maxRssMb: usage.maxRssKb / 1024 };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export interface Stats {
  readonly cpuMs: Spread;
  readonly wallMs: Spread;
  readonly maxRssMb: Spread;
  readonly samples: readonly Sample[];
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return {
    median: sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2,
    min: sorted[0],
    max: sorted[sorted.length - 1],
  };
}

export function stats(samples: readonly Sample[]): Stats {
  return {
    cpuMs: spread(samples.map((sample) => sample.cpuMs)),
    wallMs: spread(samples.map((sample) => sample.wallMs)),
    maxRssMb: spread(samples.map((sample) => sample.maxRssMb)),
    samples,
  };
}

/** `count` runs of `command`, after one warm-up run. */
export function repeated(command: Command, count: number): Stats {
  measure(command);
  return stats(Array.from({ length: count }, () => measure(command)));
}

export interface Paired {
  readonly first: Stats;
  readonly second: Stats;
  /** first / second by median CPU time: the main figure. */
  readonly cpuRatio: number;
  readonly wallRatio: number;
  /** The smallest and largest first / second CPU ratio within one pair. */
  readonly pairCpuRatio: { readonly min: number; readonly max: number };
}

/**
 * `count` pairs of `first` and `second`, alternating which runs first, after a warm-up pair (by default one run of
 * each; `warmUp` replaces it when the warm-up must also prepare something).
 */
export function paired(first: Command, second: Command, count: number, warmUp = () => void [measure(first), measure(second)]): Paired {
  warmUp();
  const a: Sample[] = [];
  const b: Sample[] = [];
  for (let pair = 0; pair < count; pair++) {
    if (pair % 2 === 0) {
      a.push(measure(first));
      b.push(measure(second));
    } else {
      b.push(measure(second));
      a.push(measure(first));
    }
  }
  const [firstStats, secondStats] = [stats(a), stats(b)];
  const ratios = a.map((sample, pair) => sample.cpuMs / b[pair].cpuMs);
  return {
    first: firstStats,
    second: secondStats,
    cpuRatio: firstStats.cpuMs.median / secondStats.cpuMs.median,
    wallRatio: firstStats.wallMs.median / secondStats.wallMs.median,
    pairCpuRatio: { min: Math.min(...ratios), max: Math.max(...ratios) },
  };
}
