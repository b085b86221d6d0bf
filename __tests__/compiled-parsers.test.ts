// zod's compiled object parsers are used only for models with long lists (src/model/validate.ts, COMPILED_PARSERS_FROM):
// the choice changes speed only, never what is accepted or how a problem reads.
import { generateModel } from '../bench/generate-model';
import { TeamModelSchema } from '../src/model/schema';
import { validateModel } from '../src/validation/validate';
import { referenceData, type Data } from './helpers';

/** The `jitless` option each safeParse of the model got while `work` ran. */
function jitlessOptions(work: () => void): unknown[] {
  const spy = jest.spyOn(TeamModelSchema, 'safeParse');
  try {
    work();
    return spy.mock.calls.map(([, options]) => (options as { jitless?: unknown } | undefined)?.jitless);
  } finally {
    spy.mockRestore();
  }
}

/** The problems of `model` with its first table's second column typed 'VARCHAR' (not a Databricks type). */
function problemsWithBadColumn(model: Data): readonly { path: string; message: string }[] {
  model.tables[0].columns[1].type = 'VARCHAR';
  const result = validateModel(model);
  if (result.ok) throw new Error('expected the bad column type to be refused');
  return result.problems;
}

describe('compiled object parsers', () => {
  it('are skipped for a model of a team (the reference model): compiling costs more than it saves', () => {
    expect(jitlessOptions(() => validateModel(referenceData()))).toEqual([true]);
  });

  it('are used from 2,000 items in one list, where each compiled parser runs thousands of times', () => {
    expect(jitlessOptions(() => validateModel(generateModel(20, 2_000)))).toEqual([false]);
    expect(jitlessOptions(() => validateModel(generateModel(20, 1_999)))).toEqual([true]);
  });

  it("give zod's parse the same issues either way, for a model with many kinds of error", () => {
    const data = generateModel(16, 20) as Data;
    data.unknownKey = true;
    delete data.tables[0].owner;
    data.tables[1].columns = 'id';
    data.tables[2].updatePattern = 'sometimes';
    data.agents.core[0].name = 42;
    const issues = (jitless: boolean) => {
      const result = TeamModelSchema.safeParse(data, { reportInput: true, jitless });
      if (result.success) throw new Error('expected the model to be refused');
      return result.error.issues;
    };
    expect(issues(true).length).toBeGreaterThanOrEqual(5);
    expect(issues(false)).toEqual(issues(true));
  });

  it('report the same problem, in the same words, either way', () => {
    const small = problemsWithBadColumn(generateModel(16, 20));
    const large = problemsWithBadColumn(generateModel(20, 2_000));
    expect(small).toEqual([{ path: 'tables[0].columns[1].type', message: expect.stringContaining("'VARCHAR'") }]);
    expect(large).toEqual(small);
  });
});
