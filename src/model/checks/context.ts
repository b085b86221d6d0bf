// What every semantic check receives: the parsed model, lookups over it, and a way to report a problem.
import type * as z from 'zod';
import type { TeamModelSchema } from '../schema';
import type { PathSegment, Problem } from '../problems';
import { formatPath } from '../problems';
import { didYouMean } from '../suggest';

export type ParsedModel = z.output<typeof TeamModelSchema>;

export class CheckContext {
  readonly problems: Problem[] = [];
  readonly agentNames: ReadonlySet<string>;
  readonly schemaNames: ReadonlySet<string>;

  /**
   * @param declared names written in the model whose items failed the schema: references to them are not
   * reported again, the item's own problem already is.
   */
  constructor(
    readonly model: ParsedModel,
    declared: { readonly agents: readonly string[]; readonly schemas: readonly string[] } = { agents: [], schemas: [] },
  ) {
    this.agentNames = new Set([...[...model.agents.core, ...model.agents.domain].map((agent) => agent.name), ...declared.agents]);
    this.schemaNames = new Set([...model.schemas.map((schema) => schema.name), ...declared.schemas]);
  }

  report(path: readonly PathSegment[], message: string): void {
    this.problems.push({ path: formatPath(path), message });
  }

  /** Reports `value` unless it names an agent. */
  agent(path: readonly PathSegment[], value: string | undefined): void {
    if (value !== undefined && !this.agentNames.has(value)) {
      this.report(path, `'${value}' is not an agent${didYouMean(value, this.agentNames)}: name one of agents.core or agents.domain`);
    }
  }

  agents(path: readonly PathSegment[], values: readonly string[] | undefined): void {
    values?.forEach((value, i) => this.agent([...path, i], value));
  }

  /** Reports `value` unless it names a schema. */
  schema(path: readonly PathSegment[], value: string): void {
    if (!this.schemaNames.has(value)) {
      this.report(path, `'${value}' is not a schema of this model${didYouMean(value, this.schemaNames)}: declare it under schemas or fix the name`);
    }
  }

  /** Reports every name that occurs twice in `items`, at its second occurrence. */
  unique<T>(path: string, items: readonly T[], nameOf: (item: T) => string, what: string, key = 'name'): void {
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const name = nameOf(item);
      const first = seen.get(name);
      if (first === undefined) seen.set(name, i);
      else this.report([path, i, key], `duplicate ${what} '${name}' (also ${path}[${first}]): give each ${what} a unique name`);
    });
  }
}
