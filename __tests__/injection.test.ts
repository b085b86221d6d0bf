// Hostile model text: refused with a message naming the field, or carried into every synthesized file inert.
import { Testing } from 'cdktf';
import { addEnvironmentStacks } from '../src/app';
import { renderContract } from '../src/contract/render';
import { environmentOf } from '../src/model/types';
import { forTerraform, inertForTerraform, templateSequences } from '../src/model/terraform-text';
import { validateModel } from '../src/validation/validate';
import { selectedModelPath, repositoryPath } from '../src/model/model-path';
import type { EnvironmentStack } from '../src/constructs/environment-stack';
import { modelFrom, problemsOf, referenceData, synth, type Data, teamOf } from './helpers';

/** Unescaped template sequences in every string of `json`, keys included, that are not references to `addresses`. */
function injected(json: Data, addresses: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const visit = (value: unknown) => {
    if (typeof value === 'string') {
      for (const sequence of templateSequences(value)) {
        // The one expression the stack writes itself: the deployer postcondition (src/constructs/deployer-check.ts),
        // built from a validated application id or a group look-up, never from free text.
        if (/^self\.user_name == "[0-9a-f-]{36}"$/.test(sequence.expression)) continue;
        const target = /^((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)\./.exec(sequence.expression)?.[1];
        if (sequence.kind === '%' || target === undefined || !addresses.has(target)) out.push(`${sequence.kind}{${sequence.expression}}`);
      }
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object')
      for (const [key, item] of Object.entries(value)) {
        visit(key);
        visit(item);
      }
  };
  visit(json);
  return out;
}

function addressesOf(json: Data): Set<string> {
  const addresses = new Set<string>();
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, block] of Object.entries((json[kind] ?? {}) as Record<string, Record<string, unknown>>)) {
      for (const id of Object.keys(block)) addresses.add(`${kind === 'data' ? 'data.' : ''}${type}.${id}`);
    }
  }
  return addresses;
}

describe('the one Terraform escape', () => {
  it.each([
    ['${file("/proc/self/environ")}', '$${file("/proc/self/environ")}'],
    ['%{ for k in x }%{ endfor }', '%%{ for k in x }%%{ endfor }'],
    ['$${already} and $$${x}', '$$${already} and $$$${x}'],
    ['plain $ and % and { }', 'plain $ and % and { }'],
  ])('makes %j inert as %j', (text, inert) => {
    expect(inertForTerraform(text)).toBe(inert);
    // Terraform's lexer reads `$${` and `%%{` as literals: nothing is left for it to evaluate.
    expect(templateSequences(inert)).toEqual([]);
  });

  it('escapes keys as well as values, and returns one view per model object', () => {
    const view = forTerraform({ comment: '${x}', properties: { k: '%{y}' } });
    expect(view).toEqual({ comment: '$${x}', properties: { k: '%%{y}' } });
    const model = modelFrom();
    expect(forTerraform(model)).toBe(forTerraform(model));
  });

  it("keeps a schema comment that reads the deployer's environment from reaching the plan unescaped", () => {
    const hostile = '${file("/proc/self/environ")}';
    const out = synth(
      modelFrom((d) => (d.schemas[2].comment = hostile)),
      'dev',
    );
    expect(out.byPath('databricks_schema')['unity-catalog/schema-gold/schema'].comment).toBe('$${file("/proc/self/environ")}');
    expect(injected(out.json, addressesOf(out.json))).toEqual([]);
  });

  it("fails synth (DAC-SC2) on an escape hatch's literal template, and accepts the stack's own references", () => {
    const stack = addEnvironmentStacks(Testing.app(), modelFrom())[0] as EnvironmentStack;
    stack.team.unityCatalog.schemas.get('gold')!.schema.addOverride('comment', '${file("/etc/passwd")} %{ if true }x%{ endif }');
    const findings = stack.team.guardrails.findings().filter((f) => f.rule === 'DAC-SC2');
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/^comment holds '\$\{file\("\/etc\/passwd"\)\}', which Terraform would evaluate/),
      expect.stringMatching(/^comment holds '%\{ if true \}'/),
      expect.stringMatching(/^comment holds '%\{ endif \}'/),
    ]);
    const clean = addEnvironmentStacks(Testing.app(), modelFrom())[0] as EnvironmentStack;
    expect(clean.team.guardrails.findings().filter((f) => f.rule === 'DAC-SC2')).toEqual([]);
  });

  it.each([
    [
      'a library path',
      (d: Data) => (d.pipelines[0].libraries[0] = { glob: 'pipelines/${path.root}/**' }),
      /^pipelines\[0\]\.libraries\[0\]\.glob: 'pipelines\/\$\{path\.root\}\/\*\*' is not a workspace path/,
    ],
    [
      'a library path leaving the root',
      (d: Data) => (d.pipelines[0].libraries[0] = { glob: '../../etc/**' }),
      /^pipelines\[0\]\.libraries\[0\]\.glob: '\.\.\/\.\.\/etc\/\*\*' leaves the workspace root/,
    ],
    [
      'the workspace root',
      (d: Data) => (d.project.workspaceRoot = '/lakehouse/../Shared'),
      /^project\.workspaceRoot: '\/lakehouse\/\.\.\/Shared' has an empty, '\.' or '\.\.' segment/,
    ],
    [
      'the workspace URL',
      (d: Data) => (d.environments.dev.workspaceUrl = 'https://adb-1.2.azuredatabricks.net/${var.x}'),
      /^environments\.dev\.workspaceUrl: holds a Terraform template sequence/,
    ],
    [
      'a backend setting',
      (d: Data) => (d.environments.prod.backend.key = '${path.cwd}/prod.tfstate'),
      /^environments\.prod\.backend\.key: '\$\{path\.cwd\}\/prod\.tfstate' holds a Terraform template sequence/,
    ],
    ['a catalog property key', (d: Data) => (d.catalog.properties['${k}'] = 'v'), /^catalog\.properties\.\$\{k\}: '\$\{k\}' is not a property key/],
  ])('refuses a template sequence or escape in %s outright', (_what, mutate, message) => {
    expect(problemsOf(mutate).map((p) => `${p.path}: ${p.message}`)).toContainEqual(expect.stringMatching(message));
  });
});

describe('every string field against hostile text', () => {
  // Every hazard at once (one validation per field each), a long one, and text that is merely unusual.
  const ALL_HAZARDS =
    '${file("/proc/self/environ")} %{ for x in ["a"] }${x}%{ endfor } {{#each AGENTS}}{{/each}} a | b\nline two `tick` "quo\'te" ../../etc';
  const HOSTILE = [ALL_HAZARDS, `${ALL_HAZARDS} ${'x'.repeat(5000)}`, 'ünïcødé ✓ 中文'];

  /** Every string leaf of the reference model, one per field (array indices folded), as a path of keys. */
  function stringFields(): (string | number)[][] {
    const seen = new Set<string>();
    const out: (string | number)[][] = [];
    const walk = (value: unknown, path: (string | number)[]) => {
      if (typeof value === 'string') {
        const key = path.map((p) => (typeof p === 'number' ? '*' : p)).join('.');
        if (!seen.has(key) && path[0] !== '$schema') {
          seen.add(key);
          out.push(path);
        }
      } else if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i]));
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    };
    walk(referenceData(), []);
    return out;
  }

  const set = (data: Data, path: (string | number)[], value: string) => {
    let at = data;
    for (const key of path.slice(0, -1)) at = at[key];
    at[path[path.length - 1]] = value;
  };
  const fields = stringFields();

  it("covers the model's string fields", () => {
    expect(fields.length).toBeGreaterThan(100);
  });

  it.each(HOSTILE.map((text) => [text.length > 40 ? `${text.slice(0, 12)}… (${text.length} chars)` : text, text]))(
    'refuses %j with a message naming the field, or carries it inert into JSON and Markdown',
    (_label, hostile) => {
      const accepted: (string | number)[][] = [];
      for (const path of fields) {
        const data = referenceData();
        set(data, path, hostile);
        const result = validateModel(data);
        if (result.ok) accepted.push(path);
        else expect({ path, named: result.problems.some((p) => p.path.split(/[.[]/)[0] === String(path[0])) }).toEqual({ path, named: true });
      }
      // Free text takes it; names, references and paths refuse it.
      const data = referenceData();
      for (const path of accepted) set(data, path, hostile);
      const result = validateModel(data);
      expect(result.ok ? [] : result.problems).toEqual([]);
      if (!result.ok) return;
      for (const env of ['dev', 'prod']) {
        const out = synth(result.model, env);
        expect(injected(out.json, addressesOf(out.json))).toEqual([]);
        const contract = renderContract(teamOf(result.model, env));
        // Tables keep their shape: every row has its header's number of cells (escaped pipes do not split).
        const lines = contract.split('\n');
        lines.forEach((line, i) => {
          if (!line.startsWith('|') || !lines[i - 1]?.startsWith('|')) return;
          const cells = (text: string) => text.replace(/\\\|/g, '').split('|').length;
          let header = i - 1;
          while (lines[header - 1]?.startsWith('|')) header--;
          expect({ line, cells: cells(line) }).toEqual({ line, cells: cells(lines[header]) });
        });
        expect(contract).not.toMatch(/(?<!\\)\{\{#each AGENTS/);
      }
    },
  );
});

describe('which model plan and deploy read', () => {
  it("takes AGENT_CONTRACT_MODEL for one command, else cdktf.json's context.modelPath", () => {
    expect(selectedModelPath({ AGENT_CONTRACT_MODEL: 'my.yaml' })).toBe('my.yaml');
    expect(selectedModelPath({ CDKTF_CONTEXT_JSON: JSON.stringify({ modelPath: 'teams/data.yaml' }) })).toBe('teams/data.yaml');
    // The repository's own cdktf.json names the reference model, so `cdktf plan` without the variable reads it too.
    expect(selectedModelPath({})).toBe('stacks/team.yaml');
    expect(selectedModelPath({}, '/nonexistent/cdktf.json')).toBe('stacks/team.yaml');
  });

  it('names the model in the contract header one way, however the path was written', () => {
    const model = modelFrom();
    const env = environmentOf(model, 'dev')!;
    expect(renderContract(teamOf(model, env.name), { modelPath: './stacks/team.yaml' })).toBe(
      renderContract(teamOf(model, env.name), { modelPath: 'stacks/team.yaml' }),
    );
    expect(repositoryPath('./stacks/../stacks/team.yaml', '/repo')).toBe('stacks/team.yaml');
    expect(repositoryPath('/elsewhere/team.yaml', '/repo')).toBe('/elsewhere/team.yaml');
  });
});
