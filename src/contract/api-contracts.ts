// The API contracts between layers, built from the model: the contract columns every bronze and silver table
// carries, feature tables' keys and features, and registered models' signatures — and who keeps each.
import type { TeamEnvironment } from '../access/team-environment';
import { CONTRACT_COLUMNS } from '../model/contract-columns';
import type { ContractContext } from './context-schema';
import { ENFORCED_BY } from './enforcement';
import { inline } from './markdown';

const LAYERS = [
  { layer: 'bronze', label: 'Bronze', class_name: 'BronzeTableContract', doc: 'Bronze tables must include metadata.' },
  { layer: 'silver', label: 'Silver', class_name: 'SilverTableContract', doc: 'Silver tables must include audit columns.' },
] as const;

const pythonList = (values: readonly string[]) => `[${values.map((value) => JSON.stringify(value)).join(', ')}]`;

/** Per layer with contract columns and schemas in the model: the columns, and how each of its tables gets them. */
export function layerContracts(team: TeamEnvironment): ContractContext['LAYER_CONTRACTS'] {
  const { model, environment: env } = team;
  const layerOf = new Map(model.schemas.map((schema) => [schema.name, schema.layer]));
  return LAYERS.filter(({ layer }) => model.schemas.some((schema) => schema.layer === layer)).map(({ layer, label, class_name, doc }) => ({
    layer: label,
    class_name,
    doc,
    columns: (CONTRACT_COLUMNS[layer] ?? []).map((column) => ({
      name: column.name,
      type: column.nullable ? column.type : `${column.type} NOT NULL`,
      comment: inline(column.comment ?? ''),
    })),
    tables: model.tables
      .filter((table) => layerOf.get(table.schema) === layer)
      .map((table) =>
        table.pipeline === undefined
          ? {
              name: `${env.catalog}.${table.schema}.${table.name}`,
              owner: table.owner,
              how: 'declared with them by the stack',
              enforced_by: ENFORCED_BY.setting,
            }
          : {
              name: `${env.catalog}.${table.schema}.${table.name}`,
              owner: table.owner,
              how: `built by pipeline ${table.pipeline}, whose owner adds them`,
              enforced_by: ENFORCED_BY.agreement,
            },
      ),
  }));
}

/** Feature tables: primary and timestamp keys (NOT NULL where the stack declares the table) and the features. */
export function featureTables(team: TeamEnvironment): ContractContext['FEATURE_TABLES'] {
  const { model, environment: env } = team;
  return model.tables.flatMap((table) => {
    if (!table.feature) return [];
    const keys = new Set([...table.feature.primaryKey, table.feature.timestampKey]);
    return [
      {
        name: `${env.catalog}.${table.schema}.${table.name}`,
        variable: table.name,
        owner: table.owner,
        primary_key: pythonList(table.feature.primaryKey),
        timestamp_key: JSON.stringify(table.feature.timestampKey),
        features: table.columns
          .filter((column) => !keys.has(column.name))
          .map((column) => ({ name: JSON.stringify(column.name), type: JSON.stringify(column.type) })),
        keys_enforced_by: table.pipeline === undefined ? ENFORCED_BY.setting : ENFORCED_BY.agreement,
      },
    ];
  });
}

/** Registered models: the MLflow signature each version must carry, the feature tables it needs, who may run it. */
export function modelSignatures(team: TeamEnvironment): ContractContext['MODEL_SIGNATURES'] {
  const { model, environment: env } = team;
  const signature = (columns: readonly { name: string; type: string }[]) =>
    columns.map((column) => ({ name: JSON.stringify(column.name), type: JSON.stringify(column.type) }));
  return model.models.map((registered) => ({
    name: `${env.catalog}.${registered.schema}.${registered.name}`,
    variable: registered.name,
    owner: registered.owner,
    consumers: registered.consumers.join(', ') || 'none',
    inputs: signature(registered.inputSchema),
    outputs: signature(registered.outputSchema),
    feature_dependencies: pythonList(registered.featureDependencies.map((dependency) => `${env.catalog}.${dependency}`)),
  }));
}
