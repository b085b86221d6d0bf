// The one resolved environment: derivations run once per model, whatever asks for them, and the stacks read an
// escaped copy of the derived data.
import { Testing } from 'cdktf';
import * as derive from '../src/access/derive';
import * as compute from '../src/access/compute';
import * as folders from '../src/access/folders';
import { NotAnEnvironmentError, resolveEnvironment } from '../src/access/team-environment';
import { addEnvironmentStacks } from '../src/app';
import { agentDefinitions } from '../src/agents/agent-definition';
import { renderBrief } from '../src/contract/brief';
import { renderContract } from '../src/contract/render';
import { modelFrom } from './helpers';

describe('resolveEnvironment', () => {
  afterEach(() => jest.restoreAllMocks());

  it('derives access, compute and folders once per model, for synth of every stack, both contracts, the briefs and the agent files', () => {
    const calls = [jest.spyOn(derive, 'deriveAccess'), jest.spyOn(compute, 'deriveCompute'), jest.spyOn(folders, 'deriveFolders')];
    const model = modelFrom();
    const stacks = addEnvironmentStacks(Testing.app(), model);
    expect(stacks.map((stack) => stack.node.id)).toEqual(['dev', 'prod']);
    for (const stack of stacks) Testing.synth(stack, true);
    for (const env of ['dev', 'prod']) {
      const team = resolveEnvironment(model, env);
      renderContract(team);
      renderBrief(team, 'qa-engineer');
      agentDefinitions(team, { modelPath: 'stacks/team.yaml', outDir: '.claude/agents' });
    }
    expect(calls.map((spy) => spy.mock.calls.length)).toEqual([1, 1, 1]);
  });

  it('returns the same value for the same model and name, and derives nothing it is not asked for', () => {
    const access = jest.spyOn(derive, 'deriveAccess');
    const model = modelFrom();
    const team = resolveEnvironment(model, 'dev');
    expect(resolveEnvironment(model, 'dev')).toBe(team);
    expect(team.folders.folders.length).toBeGreaterThan(0);
    expect(access).not.toHaveBeenCalled();
  });

  it('refuses a name the model does not have, naming the environments that exist and the closest', () => {
    const model = modelFrom();
    expect(() => resolveEnvironment(model, 'prd')).toThrow(NotAnEnvironmentError);
    expect(() => resolveEnvironment(model, 'prd')).toThrow("'prd' is not an environment of the model (did you mean 'prod'?): use one of dev, prod");
  });

  it('escapes the derived data for Terraform in its view, and keeps the data as written', () => {
    // Terraform evaluates ${...} in every string of a .tf.json file (Terraform JSON syntax: strings are templates).
    const model = modelFrom((data) => {
      data.compute.find((row: { name: string }) => row.name === 'analytics-warehouse').purpose = 'costs ${var.x} a day';
    });
    const team = resolveEnvironment(model, 'dev');
    const purpose = (rows: typeof team.compute) => rows.find((row) => row.name === 'analytics-warehouse')?.purpose;
    expect(purpose(team.compute)).toBe('costs ${var.x} a day');
    expect(purpose(team.terraform.compute)).toBe('costs $${var.x} a day');
  });
});
