import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthBaseline, withoutMetadata } from '../bench/baseline';
import { generateModel } from '../bench/generate-model';
import { synthWithContracts } from '../src/app';
import { loadModelFile } from '../src/validation/load';
import { validateModel } from '../src/validation/validate';
import { REFERENCE_MODEL } from './helpers';

type Plan = { resource: Record<string, Record<string, { depends_on?: string[] }>>; data?: object; output?: object };

describe('the benchmark model generator', () => {
  it.each([
    [16, 20],
    [50, 500],
  ])('generates a valid model of %d agents and %d tables', (agents, tables) => {
    const result = validateModel(generateModel(agents, tables));
    expect(result.ok ? [] : result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    if (!result.ok) throw new Error('unreachable: asserted valid above');
    expect(result.model.agents.core.length + result.model.agents.domain.length).toBe(agents);
    expect(result.model.tables).toHaveLength(tables);
  });
});

/** Our synth of the model file, and the baseline's synth of each environment's plan, as bench/run.ts runs them. */
function synthBoth(modelFile: string): { env: string; ours: Plan; baseline: Plan }[] {
  const dir = mkdtempSync(join(tmpdir(), 'bench-baseline-'));
  const model = loadModelFile(modelFile);
  synthWithContracts(model, { outdir: join(dir, 'ours'), modelPath: modelFile });
  return Object.keys(model.environments).map((env) => {
    const ours = JSON.parse(readFileSync(join(dir, 'ours/stacks', env, 'cdk.tf.json'), 'utf8')) as Plan;
    const planFile = join(dir, `${env}.plan.json`);
    writeFileSync(planFile, JSON.stringify(withoutMetadata(ours)));
    synthBaseline(planFile, join(dir, `baseline-${env}`));
    return { env, ours, baseline: JSON.parse(readFileSync(join(dir, `baseline-${env}/stacks/baseline/cdk.tf.json`), 'utf8')) as Plan };
  });
}

const addresses = (plan: Plan) => Object.entries(plan.resource).flatMap(([type, byId]) => Object.keys(byId).map((id) => `${type}.${id}`));
const dependencies = (plan: Plan) =>
  Object.entries(plan.resource).flatMap(([type, byId]) =>
    Object.entries(byId).flatMap(([id, block]) => (block.depends_on ?? []).map((on) => `${type}.${id} -> ${on}`)),
  );

describe('the benchmark baseline, a plain typed cdktf program', () => {
  const modelFile = join(mkdtempSync(join(tmpdir(), 'bench-model-')), 'team.json');
  writeFileSync(modelFile, JSON.stringify(generateModel(16, 20)));

  it.each([
    ['a generated model of 16 agents and 20 tables', modelFile, 1],
    ['the reference model', REFERENCE_MODEL, 2],
  ])('declares exactly what our synth declares for %s: resources, arguments, references, depends_on', (_, file, environments) => {
    const synths = synthBoth(file);
    expect(synths).toHaveLength(environments);
    for (const { ours, baseline } of synths) {
      expect(addresses(baseline)).toEqual(addresses(ours));
      expect(addresses(ours).length).toBeGreaterThan(100);
      // The old baseline dropped depends_on on most resources: every edge is there, and there are many.
      expect(dependencies(baseline)).toEqual(dependencies(ours));
      expect(dependencies(ours).length).toBeGreaterThan(20);
      // Everything else too — arguments, references, lifecycle, data sources, outputs, providers, backend — all but
      // cdktf's `//` metadata (construct paths).
      expect(withoutMetadata(baseline)).toEqual(withoutMetadata(ours));
    }
  });
});
