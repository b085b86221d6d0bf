// `agent-contract lint [model] --env <env> [--sarif FILE]`: the guardrail pack's findings on the environment's stack,
// built in memory (nothing is synthesized to disk), as text and optionally as SARIF 2.1.0 for code scanning.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, relative, resolve, sep } from 'node:path';
import { App } from 'cdktf';
import { LineCounter, parseDocument } from 'yaml';
import { EnvironmentStack } from '../constructs/environment-stack';
import { selectTemplate } from '../contract/template-source';
import type { TeamEnvironment } from '../access/team-environment';
import { loadModelFile } from '../validation/load';
import { locate } from '../model/locate';
import { defaultModelPath } from '../model/model-path';
import { readTextFile } from '../model/read-model-file';
import type { PathSegment } from '../model/problems';
import { formatFinding, type Finding } from '../rules/evaluate';
import { GUARDRAILS } from '../rules/pack';
import { parseArgs } from './args';
import { writeOutputFile } from './atomic-write';
import type { Command } from './command';
import { environmentArg } from './environment-arg';
import { modelPathOf, suppressionPathOf } from './lint-locations';
import { EXIT_INVALID, EXIT_OK, UsageError } from './report';
import { packageVersion } from './own-package';
import { sarifOf, type FindingLocation } from './sarif';

/** The pack's findings on the environment's stack — only that one is built — evaluated as synth's validation would (guardrails.ts). */
function findingsOf(team: TeamEnvironment, modelPath: string): Finding[] {
  // cdktf's App creates its outdir on construction: a private temporary one, removed again.
  const outdir = mkdtempSync(join(tmpdir(), 'agent-contract-lint-'));
  try {
    const template = selectTemplate(team.model, modelPath);
    const stack = new EnvironmentStack(new App({ outdir }), team.environment.name, { team, contract: { modelPath, template } });
    return [...stack.team.guardrails.findings()];
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Model path → model file and line: through the YAML document's positions; JSON and module models get the file only. */
function locator(modelPath: string): (path: PathSegment[] | undefined) => FindingLocation {
  const file = relative(process.cwd(), resolve(modelPath)).split(sep).join('/');
  const extension = extname(modelPath).toLowerCase();
  let position: ((path: PathSegment[]) => { line: number; column: number } | undefined) | undefined;
  if (extension === '.yaml' || extension === '.yml') {
    const lines = new LineCounter();
    const doc = parseDocument(readTextFile(modelPath, 'model'), { lineCounter: lines });
    position = (path) => locate(doc, lines, path);
  }
  return (path) => {
    const at = path && position?.(path);
    return at ? { file, line: at.line, column: at.column } : { file };
  };
}

export const lintCommand: Command = {
  name: 'lint',
  usage: `agent-contract lint [model] --env <env> [--sarif FILE]

Builds the environment's stack in memory (nothing is written to cdktf.out) and runs the guardrail pack on it,
as 'cdktf synth' does. Prints each finding (rule id, construct path, message with the fix, and the model
file and line where the finding comes from) and a summary; findings the model suppresses are counted, not
listed. With --sarif FILE, also writes the findings as SARIF 2.1.0 (written whole or not at all), for
GitHub code scanning ('github/codeql-action/upload-sarif'): one rule per guardrail, one result per
finding, located at the model file's line where known, else at the construct path; a finding the model
suppresses is marked suppressed, with the model's reason and the line of its suppression.

Exit codes: 0 no finding; 1 a finding (every guardrail is an error: synth would fail) or an invalid model;
2 usage error or unreadable file.`,
  run(argv, io) {
    const { positionals, options } = parseArgs(argv, ['env', 'sarif'], []);
    if (positionals.length > 1) throw new UsageError(`lint takes one model path, got ${positionals.length}`);
    if (options.sarif === '') throw new UsageError('--sarif needs a file name');
    const modelPath = positionals[0] ?? defaultModelPath();
    const model = loadModelFile(modelPath);
    const team = environmentArg(model, options.env);
    const env = team.environment;
    const findings = findingsOf(team, modelPath);
    const at = locator(modelPath);
    const where = (finding: Finding) => at(modelPathOf(model, finding));
    const open = findings.filter((finding) => finding.suppressedBecause === undefined);
    for (const finding of open) {
      const at = where(finding);
      io.stdout.write(`${at.line ? `${at.file}:${at.line}: ` : ''}${formatFinding(finding)}\n`);
    }
    const suppressed = findings.length - open.length;
    io.stdout.write(
      `${open.length} finding${open.length === 1 ? '' : 's'} in stack '${env.name}'${suppressed ? ` (${suppressed} suppressed by the model)` : ''}\n`,
    );
    if (typeof options.sarif === 'string') {
      const sarif = sarifOf(GUARDRAILS, findings, where, packageVersion(), env.name, (finding) => at(suppressionPathOf(model, finding)));
      writeOutputFile(options.sarif, `${JSON.stringify(sarif, null, 2)}\n`, [{ path: modelPath, what: 'the model' }]);
      const results = `${findings.length} result${findings.length === 1 ? '' : 's'}${suppressed ? `, ${suppressed} suppressed` : ''}`;
      io.stdout.write(`wrote ${options.sarif} (${results})\n`);
    }
    return open.length ? EXIT_INVALID : EXIT_OK;
  },
};
