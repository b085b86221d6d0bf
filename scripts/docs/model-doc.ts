// docs/model.md from the model's JSON Schema, which `z.toJSONSchema` makes of the zod schema's own descriptions
// (src/model/schema.ts): every field with its path, type, whether it must be written, default, allowed values and
// description, and per section an example cut from the reference model.
import { parse, stringify } from 'yaml';
import { generatedBanner, table } from './markdown';

/** The part of JSON Schema that z.toJSONSchema emits for the model (src/model/json-schema.ts). */
export interface SchemaNode {
  readonly type?: string;
  readonly description?: string;
  readonly default?: unknown;
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly format?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: SchemaNode | boolean;
  readonly items?: SchemaNode;
  readonly anyOf?: readonly SchemaNode[];
  readonly oneOf?: readonly SchemaNode[];
  readonly minItems?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
}

export interface FieldRow {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly default: string;
  readonly description: string;
}

const code = (value: unknown): string => `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;
const variantsOf = (node: SchemaNode): readonly SchemaNode[] | undefined => node.oneOf ?? node.anyOf;
const isObject = (node: SchemaNode): boolean => node.type === 'object' && node.properties !== undefined;
const recordValue = (node: SchemaNode): SchemaNode | undefined =>
  typeof node.additionalProperties === 'object' && node.properties === undefined ? node.additionalProperties : undefined;

/** The description without its `@default` tag, and the tag's text. */
function splitDescription(description: string | undefined): { text: string; tag?: string } {
  const [text, tag] = (description ?? '').split(/\s*@default\s*/);
  return { text: text.trim(), tag: tag?.trim().replace(/^-\s*/, '') };
}

/** zod's bounds of a plain integer, which say nothing a reader needs. */
const unbounded = (bound: number | undefined): number | undefined =>
  bound === undefined || Math.abs(bound) === Number.MAX_SAFE_INTEGER ? undefined : bound;

function range(node: SchemaNode): string {
  const minimum = unbounded(node.minimum);
  const maximum = unbounded(node.maximum);
  const low = minimum ?? (node.exclusiveMinimum !== undefined ? `> ${node.exclusiveMinimum}` : undefined);
  if (low === undefined && maximum === undefined) return '';
  if (maximum === undefined) return typeof low === 'number' ? `, ≥ ${low}` : `, ${low}`;
  if (low === undefined) return `, ≤ ${maximum}`;
  return typeof low === 'number' ? `, ${low}–${maximum}` : `, ${low}, ≤ ${maximum}`;
}

/** The field's type and allowed values, as a reader writes them. */
export function typeOf(node: SchemaNode): string {
  if (node.const !== undefined) return code(node.const);
  if (node.enum) return `one of ${node.enum.map(code).join(', ')}`;
  const variants = variantsOf(node);
  if (variants) {
    return variants.every(isObject) ? `object, one of ${variants.length} forms (below)` : variants.map(typeOf).join(' or ');
  }
  switch (node.type) {
    case 'string':
      return node.format ? `string (${node.format})` : 'string';
    case 'integer':
    case 'number':
      return `${node.type}${range(node)}`;
    case 'array':
      return `list of ${node.items ? typeOf(node.items) : 'any'}${node.minItems ? `, at least ${node.minItems}` : ''}`;
    case 'object': {
      const value = recordValue(node);
      return value ? `map: name → ${typeOf(value)}` : 'object';
    }
    default:
      return node.type ?? 'any';
  }
}

/** The variant label a discriminated form carries, e.g. `type: s3`, or the key that picks a keyed form. */
function variantLabel(variant: SchemaNode): string {
  const properties = Object.entries(variant.properties ?? {});
  const discriminator = properties.find(([, property]) => property.const !== undefined);
  if (discriminator) return `${discriminator[0]}: ${String(discriminator[1].const)}`;
  return properties[0]?.[0] ?? 'form';
}

/** Every field below `node` at `path`, depth first in the schema's order. */
export function fieldRows(node: SchemaNode, path: string, required: boolean, form?: string): FieldRow[] {
  const rows: FieldRow[] = [];
  const { text, tag } = splitDescription(node.description ?? node.items?.description);
  const description = form ? `${text ? `${text} ` : ''}(form \`${form}\`)` : text;
  const defaultText = node.default !== undefined ? code(node.default) : tag ? tag : '';
  rows.push({ path, type: typeOf(node), required, default: required ? '' : defaultText, description });
  rows.push(...childRows(node, path));
  return rows;
}

function childRows(node: SchemaNode, path: string): FieldRow[] {
  const rows: FieldRow[] = [];
  const value = recordValue(node);
  const variants = variantsOf(node);
  if (node.properties) {
    for (const [key, child] of Object.entries(node.properties))
      rows.push(...fieldRows(child, `${path}.${key}`, node.required?.includes(key) ?? false));
  } else if (value && (isObject(value) || variantsOf(value))) {
    rows.push(...childRows(value, `${path}.<name>`));
  } else if (node.type === 'array' && node.items && (isObject(node.items) || variantsOf(node.items))) {
    rows.push(...childRows(node.items, `${path}[]`));
  } else if (variants?.every(isObject)) {
    const seen = new Set<string>();
    for (const variant of variants) {
      const label = variantLabel(variant);
      for (const [key, child] of Object.entries(variant.properties ?? {})) {
        const childPath = `${path}.${key}`;
        if (child.const !== undefined && variants.every((other) => other.properties?.[key]?.const !== undefined)) {
          // The discriminator: one row naming every form.
          if (seen.has(childPath)) continue;
          seen.add(childPath);
          const forms = variants.flatMap((other) => {
            const form = other.properties?.[key];
            return form?.const === undefined ? [] : [form];
          });
          rows.push({
            path: childPath,
            type: `one of ${forms.map((form) => code(form.const)).join(', ')}`,
            required: true,
            default: '',
            description: forms.map((form) => `${code(form.const)}: ${splitDescription(form.description).text}`).join(' '),
          });
          continue;
        }
        rows.push(...fieldRows(child, childPath, variant.required?.includes(key) ?? false, label));
      }
    }
  }
  return rows;
}

/** Fields the schema gives no description: every field must say what it is for. */
export const undescribed = (rows: readonly FieldRow[]): string[] =>
  rows.filter((row) => row.description === '' || /^\(form /.test(row.description)).map((row) => row.path);

/** The section as the reference model writes it, every list cut to its first entry and every map to its first key. */
export function sectionExample(model: Record<string, unknown>, key: string): string | undefined {
  if (!(key in model)) return undefined;
  const cut = (value: unknown, depth: number): unknown => {
    if (Array.isArray(value)) return value.slice(0, 1).map((item) => cut(item, depth + 1));
    if (value && typeof value === 'object') {
      const entries = Object.entries(value);
      const kept = depth === 0 && key === 'environments' ? entries.slice(0, 1) : entries;
      return Object.fromEntries(kept.map(([name, item]) => [name, cut(item, depth + 1)]));
    }
    return value;
  };
  return stringify({ [key]: cut(model[key], 0) }, { lineWidth: 0 }).trimEnd();
}

const SECTION_INTRO: Readonly<Record<string, string>> = {
  environments: 'A map: each key (lowercase kebab-case, at most 32 characters) names an environment and its stack.',
};

export function renderModelDoc(schema: SchemaNode, referenceModelText: string): string {
  const model = parse(referenceModelText) as Record<string, unknown>;
  const sections = Object.entries(schema.properties ?? {})
    .filter(([key]) => key !== '$schema')
    .map(([key, node]) => {
      const required = schema.required?.includes(key) ?? false;
      const rows = fieldRows(node, key, required);
      const example = sectionExample(model, key);
      const { text } = splitDescription(node.description);
      return [
        `## \`${key}\``,
        '',
        `${required ? '**Required.**' : 'Optional.'}${text ? ` ${text}` : ''}${SECTION_INTRO[key] ? ` ${SECTION_INTRO[key]}` : ''}`,
        '',
        table(
          ['field', 'type', 'required', 'default', 'description'],
          rows.map((row) => [`\`${row.path}\``, row.type, row.required ? '**required**' : 'optional', row.default, row.description]),
        ),
        '',
        ...(example
          ? ['Example (from `stacks/team.yaml`, each list cut to its first entry):', '', '```yaml', example, '```']
          : ['The reference model leaves this section at its defaults.']),
      ].join('\n');
    });
  return `${[
    generatedBanner('the model schema (src/model/schema.ts, through stacks/team.schema.json)'),
    '',
    '# Model reference',
    '',
    `${splitDescription(schema.description).text} A model is YAML, JSON or TypeScript; \`stacks/team.schema.json\` (\`npm run schema\`)`,
    'gives editors the same schema for completion. Fields marked **required** must be written (inside an optional',
    'object or list entry: whenever that object or entry is written); every other field is optional and takes the',
    'default shown. `<name>` in a path stands for a key you choose (an environment, an agent, a policy id); `[]` for',
    'each entry of a list. Where a field has several forms, the rows of each form say which one (`form type: s3`).',
    'The README has a minimal model to start from; `stacks/team.yaml` is the full reference model.',
    '',
    ...sections.flatMap((section) => [section, '']),
  ]
    .join('\n')
    .trimEnd()}\n`;
}
