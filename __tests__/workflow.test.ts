// The GitHub workflows `init` writes (and this repository's plan review, the same file): they parse, run only
// commands this package and the project's package.json provide, and the plan review's diff step, run here by bash
// as GitHub runs it, writes one comment body and the exit code the label gate reads.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseDocument } from 'yaml';
import { COMMANDS } from '../src/cli/main';
import { initFiles } from '../src/cli/init-files';
import { buildApp } from '../src/app';
import { REVIEW_MARKER } from '../src/plan-diff/format';
import { modelFrom, ROOT } from './helpers';

const PLAN_REVIEW = '.github/workflows/agent-contract-plan-review.yml';
const CHECK = '.github/workflows/agent-contract.yml';
const project = initFiles(join(tmpdir(), 'agent-contract-workflow-test'));
const scripts = Object.keys(JSON.parse(project.get('package.json') as string).scripts);

interface Step {
  readonly id?: string;
  readonly name?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, string | boolean | number>;
  readonly 'working-directory'?: string;
}
interface Workflow {
  readonly on: Record<string, { types?: string[] } | null>;
  readonly permissions: Record<string, string>;
  readonly jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
}

const workflow = (path: string) => parse(project.get(path) as string) as Workflow;
const steps = (path: string) => Object.values(workflow(path).jobs).flatMap((job) => job.steps);
const step = (predicate: (step: Step) => boolean) => {
  const found = steps(PLAN_REVIEW).filter(predicate);
  expect(found).toHaveLength(1);
  return found[0];
};

/** Every npm and npx invocation in a run script: the words up to the end of the command. */
function invocations(run: string): string[][] {
  return [...run.matchAll(/(?:^|[\s(;&|])(npm|npx) ([^\n;&|)]*)/g)].map((match) => [match[1], ...match[2].trim().split(/\s+/)]);
}

describe('the workflows init writes', () => {
  it.each([PLAN_REVIEW, CHECK])('%s parses as YAML', (path) => {
    expect(parseDocument(project.get(path) as string).errors).toEqual([]);
  });

  it("this repository's plan review is the one init writes, byte for byte", () => {
    expect(readFileSync(join(ROOT, PLAN_REVIEW), 'utf8')).toBe(project.get(PLAN_REVIEW));
  });

  it.each([PLAN_REVIEW, CHECK])('%s runs only npm ci, package.json scripts, cdktf synth and agent-contract commands with their options', (path) => {
    const runs = steps(path).flatMap((candidate) => (candidate.run ? invocations(candidate.run) : []));
    expect(runs.length).toBeGreaterThanOrEqual(3);
    const commands = new Map(COMMANDS.map((entry) => [entry.name, entry.load()]));
    for (const [tool, verb, ...rest] of runs) {
      const call = [tool, verb, ...rest].join(' ');
      if (tool === 'npm' && verb === 'ci') expect(rest).toEqual(['--no-audit', '--no-fund']);
      else if (tool === 'npm' && verb === 'test') expect(scripts).toContain('test');
      else if (tool === 'npm' && verb === 'run') expect({ call, script: scripts.includes(rest[0]) }).toEqual({ call, script: true });
      else if (tool === 'npx' && verb === 'cdktf') expect(rest).toEqual(['synth']);
      else if (tool === 'npx' && verb === 'agent-contract') {
        const [name, ...args] = rest;
        const command = commands.get(name);
        expect({ call, known: command !== undefined }).toEqual({ call, known: true });
        for (const option of args.filter((arg) => arg.startsWith('--'))) {
          const known = command?.usage.includes(option) ?? false;
          expect({ call, option, known }).toEqual({ call, option, known: true });
        }
      } else throw new Error(`${path} runs '${call}', which no test runs locally`);
    }
  });

  it('the check workflow validates, checks the Claude Code files and synthesizes, as npm scripts the packed-package test runs', () => {
    expect(steps(CHECK).flatMap((candidate) => (candidate.run ? [candidate.run] : []))).toEqual([
      'npm ci --no-audit --no-fund',
      'npm test',
      'npm run synth',
    ]);
    expect(workflow(CHECK).permissions).toEqual({ contents: 'read' });
  });

  it('the plan review runs on every change of a pull request, its labels included, with the least permissions', () => {
    const review = workflow(PLAN_REVIEW);
    expect(Object.keys(review.on)).toEqual(['pull_request']);
    expect(review.on.pull_request?.types?.sort()).toEqual(['labeled', 'opened', 'reopened', 'synchronize', 'unlabeled']);
    expect(review.permissions).toEqual({ contents: 'read' });
    expect(Object.values(review.jobs).map((job) => job.permissions)).toEqual([
      { contents: 'read', 'pull-requests': 'write', 'security-events': 'write' },
    ]);
  });

  it('checks out the base and the head without keeping the token, and synthesizes each', () => {
    const checkouts = steps(PLAN_REVIEW).filter((candidate) => candidate.uses?.startsWith('actions/checkout@'));
    expect(checkouts.map((checkout) => checkout.with)).toEqual([
      { ref: '${{ github.event.pull_request.base.sha }}', path: 'base', 'persist-credentials': false },
      { ref: '${{ github.event.pull_request.head.sha }}', path: 'head', 'persist-credentials': false },
    ]);
    const synths = steps(PLAN_REVIEW).filter((candidate) => candidate.run?.includes('npx cdktf synth'));
    expect(synths.map((synth) => synth['working-directory'])).toEqual(['base', 'head']);
  });

  it('posts the diff as one comment, found again by the marker the diff step writes first', () => {
    const diff = step((candidate) => candidate.id === 'diff');
    const marker = /echo '(<!-- [^']+ -->)'/.exec(diff.run as string)?.[1];
    // The marker diff --markdown itself starts with (src/plan-diff/format.ts), one string for both.
    expect(marker).toBe(REVIEW_MARKER);
    const post = step((candidate) => candidate.uses?.startsWith('actions/github-script@') ?? false);
    expect(post.if).toBe("steps.diff.outcome == 'success'");
    const script = String(post.with?.script);
    expect(script).toContain(`const marker = '${marker}';`);
    expect(script).toContain('comment.body.startsWith(marker)');
    expect(script).toMatch(/if \(ours\) await github\.rest\.issues\.updateComment\(.*\);\n\s*else await github\.rest\.issues\.createComment\(/);
  });

  it('fails on exit code 3 unless the pull request carries the label allow-destructive', () => {
    const gate = step((candidate) => candidate.run?.includes('exit 1') ?? false);
    expect(gate.if).toBe("steps.diff.outputs.exit-code == '3' && !contains(github.event.pull_request.labels.*.name, 'allow-destructive')");
  });

  it("lints every stack with its environment and uploads the SARIF files to code scanning, whatever the diff's outcome", () => {
    const lint = step((candidate) => candidate.run?.includes('agent-contract lint') ?? false);
    expect({ cwd: lint['working-directory'], if: lint.if }).toEqual({ cwd: 'head', if: 'always()' });
    expect(lint.run).toContain('npx agent-contract lint --env "$stack" --sarif "../sarif/$stack.sarif"');
    const upload = step((candidate) => candidate.uses?.startsWith('github/codeql-action/upload-sarif@') ?? false);
    expect(upload.if).toBe("always() && hashFiles('sarif/*.sarif') != ''");
    expect(upload.with?.sarif_file).toBe('sarif');
  });
});

describe("the plan review's diff step, run by bash as GitHub runs it", () => {
  const work = mkdtempSync(join(tmpdir(), 'agent-contract-plan-review-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const script = steps(PLAN_REVIEW).find((candidate) => candidate.id === 'diff')?.run as string;

  /** Runs the step in `work/head` with base and head stacks, `npx` being this checkout's CLI. */
  function runStep(base: Record<string, string>, head: Record<string, string>, baseOutcome = 'success') {
    rmSync(work, { recursive: true, force: true });
    for (const [side, stacks] of Object.entries({ base, head }))
      for (const [stack, text] of Object.entries(stacks)) {
        mkdirSync(join(work, side, 'cdktf.out/stacks', stack), { recursive: true });
        writeFileSync(join(work, side, 'cdktf.out/stacks', stack, 'cdk.tf.json'), text);
      }
    mkdirSync(join(work, 'head'), { recursive: true });
    const bin = join(work, 'bin');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'npx'),
      `#!/bin/sh\n[ "$1" = agent-contract ] || exit 127\nshift\nexec "${process.execPath}" "${join(ROOT, 'bin/agent-contract.js')}" "$@"\n`,
    );
    chmodSync(join(bin, 'npx'), 0o755);
    writeFileSync(join(work, 'step.sh'), script);
    const output = join(work, 'github-output');
    writeFileSync(output, '');
    const run = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', join(work, 'step.sh')], {
      cwd: join(work, 'head'),
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, GITHUB_OUTPUT: output, BASE_OUTCOME: baseOutcome },
    });
    return { status: run.status, stderr: run.stderr, output: readFileSync(output, 'utf8'), body: readFileSync(join(work, 'plan-review.md'), 'utf8') };
  }

  it('reports a new stack, and a removed one as destructive (exit-code 3), without diffing either', () => {
    const result = runStep({ staging: '{}' }, { dev: '{}' });
    expect(result).toEqual({
      status: 0,
      stderr: '',
      output: 'exit-code=3\n',
      body:
        '<!-- agent-contract-plan-review -->\n## agent-contract plan review\n\n### Stack dev\nNew stack: the base has none to compare with.\n\n' +
        '### Stack staging\nRemoved: applying it destroys every resource of the stack.\n',
    });
  });

  it("diffs a stack in both, the comment holding diff's Markdown (exit-code 0 when nothing is destructive)", () => {
    // What `npx cdktf synth` writes (a test synth carries no "//" metadata, which diff requires).
    const outdir = mkdtempSync(join(tmpdir(), 'workflow-synth-'));
    buildApp(modelFrom(), { outdir }).app.synth();
    const plan = readFileSync(join(outdir, 'stacks/dev/cdk.tf.json'), 'utf8');
    rmSync(outdir, { recursive: true, force: true });
    const result = runStep({ dev: plan }, { dev: plan });
    expect({ status: result.status, output: result.output, stderr: result.stderr }).toEqual({ status: 0, output: 'exit-code=0\n', stderr: '' });
    expect(result.body).toMatch(/^<!-- agent-contract-plan-review -->\n## agent-contract plan review\n\n### Stack dev\nNo changes/);
    // One marker and one heading in the whole comment: diff's own are cut.
    expect(result.body.split(REVIEW_MARKER)).toHaveLength(2);
    expect(result.body.split('## agent-contract plan review')).toHaveLength(2);
    // A revoked permission: diff exits 3, so the gate needs the label.
    const json = JSON.parse(plan);
    const permissions = Object.values(json.resource.databricks_permissions as Record<string, { access_control: unknown[] }>).find(
      (entry) => entry.access_control.length > 1,
    )!;
    permissions.access_control.shift();
    const revoked = runStep({ dev: plan }, { dev: JSON.stringify(json) });
    expect({ status: revoked.status, output: revoked.output }).toEqual({ status: 0, output: 'exit-code=3\n' });
    expect(revoked.body).toContain('revoked');
    // A base that could not be synthesized: every stack is new, and the review still needs the label.
    const noBase = runStep({}, { dev: plan }, 'failure');
    expect(noBase.output).toBe('exit-code=3\n');
    expect(noBase.body).toContain('The base could not be synthesized');
  });

  it('stops with the exit code of a diff that fails (an unreadable plan), posting nothing', () => {
    const result = runStep({ dev: 'not json' }, { dev: 'not json' });
    expect(result.status).toBe(2);
    expect(result.output).toBe('');
  });
});
