import { generateModel } from '../bench/generate-model';
import { validateModel } from '../src/validation/validate';

describe('the benchmark model generator', () => {
  it.each([
    [16, 20],
    [50, 500],
  ])('generates a valid model of %d agents and %d tables', (agents, tables) => {
    const result = validateModel(generateModel(agents, tables));
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (!result.ok) return;
    expect(result.model.agents.core.length + result.model.agents.domain.length).toBe(agents);
    expect(result.model.tables).toHaveLength(tables);
  });
});
