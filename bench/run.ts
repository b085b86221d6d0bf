// `npm run bench`: our synth through the real app path (cdktf.json's `app`) against a plain typed cdktf program
// declaring the same document (bench/baseline.ts), and the CLI's and edit hook's start against a bare `node -e 0`.
// Every run is a fresh process measured by the OS (bench/measure.ts); comparisons run in alternating pairs after a
// warm-up pair; the main figure is the median CPU time. Writes bench/results.json and prints Markdown tables.
//   BENCH_PAIRS      pairs per synth size and runs per validation (default 5)
//   BENCH_CLI_PAIRS  pairs per start-up measurement (default 11)
//   BENCH_SIZES      [[agents, tables], ...] (default [[16,20],[100,2000]]; add [[400,10000],[800,20000]] for the
//                    large sizes); '[]' measures only the start-up rows and keeps the synth rows of the last run
//   BENCH_PATTERNS   file-ownership patterns of the hook's and the patterns validation's model (default 10000)
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { generateModel } from './generate-model';
import { withoutMetadata } from './baseline';
import { measure, paired, repeated, type Command } from './measure';
import { markdownReport, type BenchResults, type StartupRow, type SynthRow, type ValidateRow } from './report';
import { loadModelFile } from '../src/validation/load';
import { ownershipFileText } from '../src/ownership/ownership';

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'bench/out');
const RESULTS = join(ROOT, 'bench/results.json');
const NODE = process.execPath;

function count(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1, not '${process.env[name]}'`);
  return value;
}
const PAIRS = count('BENCH_PAIRS', 5);
const CLI_PAIRS = count('BENCH_CLI_PAIRS', 11);
const PATTERNS = count('BENCH_PATTERNS', 10_000);
const SIZES = JSON.parse(process.env.BENCH_SIZES ?? '[[16,20],[100,2000]]') as [number, number][];
/** The command line that reproduces this run: the bench's variables that were set, then the script. */
const COMMAND = [
  ...['BENCH_PAIRS', 'BENCH_CLI_PAIRS', 'BENCH_SIZES', 'BENCH_PATTERNS'].flatMap((name) =>
    process.env[name] === undefined
      ? []
      : [`${name}=${/^[\w.,-]+$/.test(process.env[name] as string) ? process.env[name] : `'${process.env[name]}'`}`],
  ),
  'npm run bench',
].join(' ');

/** cdktf.json's `app`, as cdktf runs it, with this Node for `node`: the path `npx cdktf synth` takes. */
function appCommand(): string[] {
  const app = (JSON.parse(readFileSync(join(ROOT, 'cdktf.json'), 'utf8')) as { app: string }).app;
  if (!/^node( [\w./-]+)+$/.test(app)) throw new Error(`cdktf.json's app '${app}' is not 'node <script>': adapt bench/run.ts`);
  return [NODE, ...app.split(' ').slice(1)];
}

const NODE_BARE: Command = { label: 'node -e 0', argv: [NODE, '-e', '0'], cwd: ROOT };
const cli = (label: string, args: string[], status = 0): Command => ({
  label,
  argv: [NODE, join(ROOT, 'bin/agent-contract.js'), ...args],
  cwd: ROOT,
  status,
});

const resourcesIn = (plan: { resource?: Record<string, object> }) =>
  Object.values(plan.resource ?? {}).reduce((n, byId) => n + Object.keys(byId).length, 0);
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

/** Our synth and the baseline at one size: the warm-up pair also writes the plan the baseline declares. */
function synthRow(agents: number, tables: number, modelFile: string, dir: string, before: SynthRow | undefined): SynthRow {
  const planFile = join(dir, 'baseline-plan.json');
  const ours: Command = {
    label: `ours ${agents}/${tables}`,
    argv: appCommand(),
    cwd: ROOT,
    env: (scratch) => ({ AGENT_CONTRACT_MODEL: modelFile, CDKTF_OUTDIR: join(scratch, 'out') }),
  };
  const baseline: Command = {
    label: `baseline ${agents}/${tables}`,
    argv: [NODE, join(ROOT, 'bench/baseline-app.js')],
    cwd: ROOT,
    env: (scratch) => ({ BENCH_PLAN: planFile, CDKTF_OUTDIR: join(scratch, 'out') }),
  };
  let resources = 0;
  const result = paired(ours, baseline, PAIRS, () => {
    measure({ ...ours, env: () => ({ AGENT_CONTRACT_MODEL: modelFile, CDKTF_OUTDIR: join(dir, 'ours.out') }) });
    const plan = readJson(join(dir, 'ours.out/stacks/dev/cdk.tf.json'));
    resources = resourcesIn(plan);
    writeFileSync(planFile, JSON.stringify(withoutMetadata(plan)));
    measure({ ...baseline, env: () => ({ BENCH_PLAN: planFile, CDKTF_OUTDIR: join(dir, 'baseline.out') }) });
    const declared = resourcesIn(readJson(join(dir, 'baseline.out/stacks/baseline/cdk.tf.json')));
    if (declared !== resources) throw new Error(`the baseline declared ${declared} resources, ours ${resources}`);
  });
  const cpu = { ours: result.first.cpuMs.median, baseline: result.second.cpuMs.median };
  const added = before && resources - before.resources;
  return {
    agents,
    tables,
    resources,
    ours: result.first,
    baseline: result.second,
    ratio: result.cpuRatio,
    wallRatio: result.wallRatio,
    pairRatio: result.pairCpuRatio,
    msPerResource: { ours: cpu.ours / resources, baseline: cpu.baseline / resources },
    marginalMsPerResource:
      before && added
        ? { ours: (cpu.ours - before.ours.cpuMs.median) / added, baseline: (cpu.baseline - before.baseline.cpuMs.median) / added }
        : null,
  };
}

/** Validation through the CLI at one size: a JSON model, the same with one bad value near its end, and as YAML. */
function validateRow(agents: number, tables: number, model: ReturnType<typeof generateModel>, modelFile: string, dir: string): ValidateRow {
  const invalidFile = join(dir, 'team-invalid.json');
  const lastTable = (model.tables ?? []).length - 1;
  writeFileSync(
    invalidFile,
    JSON.stringify({ ...model, tables: (model.tables ?? []).map((table, i) => (i === lastTable ? { ...table, owner: 'nobody' } : table)) }),
  );
  const yamlFile = join(dir, 'team.yaml');
  writeFileSync(yamlFile, stringify(model));
  return {
    agents,
    tables,
    json: repeated(cli('validate (JSON)', ['validate', modelFile]), PAIRS),
    oneBadValue: repeated(cli('validate (one bad value)', ['validate', invalidFile], 1), PAIRS),
    yaml: repeated(cli('validate (YAML)', ['validate', yamlFile]), PAIRS),
  };
}

/** A model of the 16/20 team with PATTERNS file-ownership patterns, its ownership file, and a Write event its hook allows. */
function patternsFixture(): { modelFile: string; ownershipFile: string; event: string } {
  const model = generateModel(16, 20);
  const agents = [...model.agents.core, ...(model.agents.domain ?? [])].map((agent) => agent.name);
  const patterns = Array.from({ length: PATTERNS }, (_, i) => ({
    pattern: `area-${i}/**/*`,
    access: { [agents[i % agents.length]]: 'OWNS' as const },
  }));
  const modelFile = join(OUT, `team-${PATTERNS}-patterns.json`);
  writeFileSync(modelFile, JSON.stringify({ ...model, fileOwnership: [...(model.fileOwnership ?? []).slice(0, 1), ...patterns] }));
  const ownershipFile = join(OUT, 'ownership.json');
  writeFileSync(ownershipFile, ownershipFileText(loadModelFile(modelFile)));
  const target = 9_001 % PATTERNS;
  const event = JSON.stringify({
    session_id: 'bench',
    transcript_path: '/tmp/bench.jsonl',
    cwd: ROOT,
    hook_event_name: 'PreToolUse',
    tool_name: 'Write',
    tool_input: { file_path: join(ROOT, `area-${target}/jobs/run.py`), content: 'x' },
    agent_type: Object.keys(patterns[target].access)[0],
  });
  return { modelFile, ownershipFile, event };
}

/** `command` against a bare `node -e 0`; `target` is the ratio of median CPU times it should stay within. */
function startupRow(name: string, command: Command, target: number): StartupRow {
  return { name, target, ...paired(command, NODE_BARE, CLI_PAIRS) };
}

mkdirSync(OUT, { recursive: true });
const loadAtStart = loadavg();
const fixture = patternsFixture();
// First the quick rows: a hook that cannot run (dist/ not built) stops the bench before the long part.
const startup: StartupRow[] = [
  startupRow(
    `edit hook: \`bin/may-edit.js --hook\`, a Write event, ${PATTERNS} patterns`,
    {
      label: 'may-edit hook',
      argv: [NODE, join(ROOT, 'bin/may-edit.js'), '--hook', '--root', ROOT, '--ownership', fixture.ownershipFile],
      cwd: ROOT,
      input: fixture.event,
    },
    1.3,
  ),
  startupRow('`agent-contract --help`', cli('agent-contract --help', ['--help']), 1.5),
  startupRow('`agent-contract validate stacks/team.yaml`', cli('agent-contract validate', ['validate', 'stacks/team.yaml']), 3),
];
const validatePatterns = { patterns: PATTERNS, ...repeated(cli(`validate, ${PATTERNS} patterns`, ['validate', fixture.modelFile]), PAIRS) };

const synth: SynthRow[] = [];
const validate: ValidateRow[] = [];
for (const [agents, tables] of SIZES) {
  const dir = join(OUT, `${agents}x${tables}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // Generated models are machine-written: JSON (also valid YAML) loads far faster than block YAML.
  const model = generateModel(agents, tables);
  const modelFile = join(dir, 'team.json');
  writeFileSync(modelFile, JSON.stringify(model));
  synth.push(synthRow(agents, tables, modelFile, dir, synth[synth.length - 1]));
  validate.push(validateRow(agents, tables, model, modelFile, dir));
}

const previous = SIZES.length === 0 && existsSync(RESULTS) ? (readJson(RESULTS) as Partial<BenchResults>) : undefined;
const results: BenchResults = {
  command: COMMAND,
  node: process.version,
  cpus: cpus().length,
  loadAverageAtStart: loadAtStart.map((load) => Math.round(load * 100) / 100),
  pairs: PAIRS,
  cliPairs: CLI_PAIRS,
  synth: previous?.synth ?? synth,
  validate: previous?.validate ?? validate,
  startup,
  validatePatterns,
};
writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(markdownReport(results));
