// The shape of bench/results.json, and the Markdown tables `npm run bench` prints for the docs.
import type { Paired, Spread, Stats } from './measure';

export interface PerResource {
  readonly ours: number;
  readonly baseline: number;
}

export interface SynthRow {
  readonly agents: number;
  readonly tables: number;
  /** Resources in our plan, and in the baseline's (checked equal). */
  readonly resources: number;
  readonly ours: Stats;
  readonly baseline: Stats;
  /** ours / baseline by median CPU time: the main figure. */
  readonly ratio: number;
  readonly wallRatio: number;
  readonly pairRatio: { readonly min: number; readonly max: number };
  /** Median CPU ms / resources. */
  readonly msPerResource: PerResource;
  /** CPU ms per resource added since the previous size of the run (null for the first): the cost of growth. */
  readonly marginalMsPerResource: PerResource | null;
}

export interface ValidateRow {
  readonly agents: number;
  readonly tables: number;
  readonly json: Stats;
  readonly oneBadValue: Stats;
  readonly yaml: Stats;
}

export interface StartupRow extends Paired {
  readonly name: string;
  /** The ratio to `node -e 0` by median CPU time the command should stay within. */
  readonly target: number;
}

export interface BenchResults {
  readonly command: string;
  readonly node: string;
  readonly cpus: number;
  readonly loadAverageAtStart: readonly number[];
  readonly pairs: number;
  readonly cliPairs: number;
  readonly synth: readonly SynthRow[];
  readonly validate: readonly ValidateRow[];
  readonly startup: readonly StartupRow[];
  readonly validatePatterns: Stats & { readonly patterns: number };
}

// An explicit locale: the same grouping on every machine.
// eslint-disable-next-line no-restricted-properties
const thousands = (value: number) => value.toLocaleString('en-US');
const seconds = (ms: number) => (ms / 1000).toFixed(2);
const milliseconds = (ms: number) => thousands(Math.round(ms));
/** A median with its range: `1.62 s (1.58–1.70)`. */
const ranged = (spread: Spread, format: (ms: number) => string, unit: string) =>
  `${format(spread.median)} ${unit} (${format(spread.min)}–${format(spread.max)})`;
const megabytes = (stats: Stats) => `${thousands(Math.round(stats.maxRssMb.median))} MB`;
const table = (header: readonly string[], rows: readonly (readonly string[])[]) =>
  [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');

export function markdownReport(results: BenchResults): string {
  const synth = table(
    [
      'agents / tables',
      'resources',
      'CPU, ours',
      'CPU, baseline',
      '**ours / baseline** (CPU)',
      'per pair',
      'wall, ours / baseline',
      'peak memory, ours / baseline',
      'ms per resource, ours / baseline',
      'marginal ms per resource, ours / baseline',
    ],
    results.synth.map((row) => [
      `${thousands(row.agents)} / ${thousands(row.tables)}`,
      thousands(row.resources),
      ranged(row.ours.cpuMs, seconds, 's'),
      ranged(row.baseline.cpuMs, seconds, 's'),
      `**${row.ratio.toFixed(2)}**`,
      `${row.pairRatio.min.toFixed(2)}–${row.pairRatio.max.toFixed(2)}`,
      `${seconds(row.ours.wallMs.median)} / ${seconds(row.baseline.wallMs.median)} s`,
      `${megabytes(row.ours)} / ${megabytes(row.baseline)}`,
      `${row.msPerResource.ours.toFixed(2)} / ${row.msPerResource.baseline.toFixed(2)}`,
      row.marginalMsPerResource ? `${row.marginalMsPerResource.ours.toFixed(2)} / ${row.marginalMsPerResource.baseline.toFixed(2)}` : '—',
    ]),
  );
  const validate = table(
    ['agents / tables', 'validate, JSON', 'one bad value (JSON)', 'validate, YAML'],
    results.validate.map((row) => [
      `${thousands(row.agents)} / ${thousands(row.tables)}`,
      ...[row.json, row.oneBadValue, row.yaml].map((stats) => `${ranged(stats.cpuMs, milliseconds, 'ms')}, ${megabytes(stats)}`),
    ]),
  );
  const startup = table(
    ['command', 'CPU', '`node -e 0` CPU', '**ratio** (CPU)', 'per pair', 'ratio (wall)', 'target'],
    results.startup.map((row) => [
      row.name,
      ranged(row.first.cpuMs, milliseconds, 'ms'),
      ranged(row.second.cpuMs, milliseconds, 'ms'),
      `**${row.cpuRatio.toFixed(2)}**`,
      `${row.pairCpuRatio.min.toFixed(2)}–${row.pairCpuRatio.max.toFixed(2)}`,
      row.wallRatio.toFixed(2),
      `≤ ${row.target}`,
    ]),
  );
  const patterns = results.validatePatterns;
  return `${[
    `Command: \`${results.command}\` (Node ${results.node}, ${results.cpus} CPUs, load average ${results.loadAverageAtStart.join(' / ')} at the start).`,
    `Each process is fresh; CPU is its user + system time and peak memory its maximum resident set, as the OS accounts them (getrusage). Figures are medians with their range (min–max). Ours runs cdktf.json's app (\`node bin/synth.js\`, the model in AGENT_CONTRACT_MODEL); the baseline a typed cdktf program declaring the same document (\`bench/baseline.ts\`), loaded the same way. The two alternate in ${results.pairs} pairs after a warm-up pair; "per pair" is the range of the ratio within one pair. The marginal cost is the CPU time per resource added since the size above.`,
    '',
    synth,
    '',
    `Validation through the CLI (\`node bin/agent-contract.js validate <model>\`), median of ${results.pairs} runs after a warm-up run:`,
    '',
    validate,
    '',
    `Start-up against a bare \`node -e 0\`, in ${results.cliPairs} alternating pairs after a warm-up pair:`,
    '',
    startup,
    '',
    `Validation of a model with ${thousands(patterns.patterns)} file-ownership patterns: ${ranged(patterns.cpuMs, milliseconds, 'ms')} CPU, ${milliseconds(patterns.wallMs.median)} ms wall, ${megabytes(patterns)} (target under 2 s).`,
  ].join('\n')}\n`;
}
