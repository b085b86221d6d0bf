// The house has one direction: no import circle in src/, and no import from a lower layer (src/layers.ts) to a higher one.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { LAYERS, type Layer } from '../src/layers';

const SRC = resolve(__dirname, '../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every relative module a file names: static imports and re-exports (type-only ones too: they tie the design) and require() calls. */
function importsOf(file: string, known: ReadonlySet<string>): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...text.matchAll(
      /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g,
    ),
  ].map((match) => match[1] ?? match[2] ?? match[3]);
  return specifiers.flatMap((specifier) => {
    if (!specifier.startsWith('.')) return [];
    const base = resolve(dirname(file), specifier);
    const target = [`${base}.ts`, `${base}.js`, join(base, 'index.ts')].find((candidate) => known.has(candidate));
    return target ? [target] : [];
  });
}

const layerOf = (file: string): Layer => {
  const parts = relative(SRC, file).split('/');
  const layer = (parts.length > 1 ? parts[0] : parts[0] === 'index.ts' ? 'package' : '(root)') as Layer;
  if (!LAYERS.includes(layer))
    throw new Error(`src/${relative(SRC, file)} is in folder '${layer}', which src/layers.ts does not place: add it to LAYERS`);
  return layer;
};

const files = sourceFiles(SRC);
const known = new Set(files);
const graph = new Map(files.map((file) => [file, importsOf(file, known)]));
const name = (file: string) => `src/${relative(SRC, file)}`;

/** Import circles: strongly connected components of more than one module (Tarjan), or a module importing itself. */
function circles(): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const target of graph.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(node, Math.min(low.get(node)!, index.get(target)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(name(member));
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
    }
  };
  for (const file of files) if (!index.has(file)) visit(file);
  return found;
}

describe('the import graph of src/', () => {
  it('sees the modules and their imports (a walk that finds nothing proves nothing)', () => {
    expect(files.length).toBeGreaterThan(150);
    expect(graph.get(join(SRC, 'app.ts'))).toContain(join(SRC, 'constructs/environment-stack.ts'));
    expect(graph.get(join(SRC, 'access/derive.ts'))).toContain(join(SRC, 'access/privileges.ts'));
  });

  it('places every folder of src/ in a layer', () => {
    expect(() => files.forEach(layerOf)).not.toThrow();
  });

  it('has no import circle', () => {
    expect(circles()).toEqual([]);
  });

  it('imports only from the same layer or a lower one', () => {
    const upward = files.flatMap((file) =>
      (graph.get(file) ?? [])
        .filter((target) => LAYERS.indexOf(layerOf(target)) > LAYERS.indexOf(layerOf(file)))
        .map((target) => `${name(file)} (${layerOf(file)}) imports ${name(target)} (${layerOf(target)})`),
    );
    expect(upward).toEqual([]);
  });

  it('keeps the model the ground floor: it imports nothing of ours outside model/', () => {
    const outside = files
      .filter((file) => layerOf(file) === 'model')
      .flatMap((file) => (graph.get(file) ?? []).filter((target) => layerOf(target) !== 'model').map((target) => `${name(file)} → ${name(target)}`));
    expect(outside).toEqual([]);
  });
});
