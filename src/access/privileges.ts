// Unity Catalog privileges and which securable types accept them (provider docs, see DATABRICKS.md).

export type SecurableType = 'catalog' | 'schema' | 'table' | 'registered_model' | 'volume';

export type Privilege =
  | 'USE_CATALOG'
  | 'CREATE_SCHEMA'
  | 'USE_SCHEMA'
  | 'SELECT'
  | 'MODIFY'
  | 'CREATE_TABLE'
  | 'CREATE_MATERIALIZED_VIEW'
  | 'REFRESH'
  | 'CREATE_MODEL'
  | 'CREATE_FUNCTION'
  | 'EXECUTE'
  | 'MANAGE'
  | 'CREATE_VOLUME'
  | 'READ_VOLUME'
  | 'WRITE_VOLUME'
  | 'ALL_PRIVILEGES';

export const VALID_PRIVILEGES: Readonly<Record<SecurableType, ReadonlySet<string>>> = {
  catalog: new Set([
    'ALL_PRIVILEGES',
    'APPLY_TAG',
    'CREATE_CONNECTION',
    'CREATE_SCHEMA',
    'MANAGE',
    'USE_CATALOG',
    'CREATE_FUNCTION',
    'CREATE_TABLE',
    'CREATE_VOLUME',
    'CREATE_MODEL',
    'CREATE_MATERIALIZED_VIEW',
    'EXECUTE',
    'MODIFY',
    'REFRESH',
    'SELECT',
    'READ_VOLUME',
    'WRITE_VOLUME',
    'USE_SCHEMA',
  ]),
  schema: new Set([
    'ALL_PRIVILEGES',
    'APPLY_TAG',
    'CREATE_FUNCTION',
    'CREATE_TABLE',
    'CREATE_VOLUME',
    'CREATE_MODEL',
    'CREATE_MATERIALIZED_VIEW',
    'MANAGE',
    'USE_SCHEMA',
    'EXECUTE',
    'MODIFY',
    'REFRESH',
    'SELECT',
    'READ_VOLUME',
    'WRITE_VOLUME',
  ]),
  table: new Set(['ALL_PRIVILEGES', 'APPLY_TAG', 'MANAGE', 'SELECT', 'MODIFY']),
  registered_model: new Set(['ALL_PRIVILEGES', 'APPLY_TAG', 'EXECUTE', 'MANAGE']),
  // docs/resources/grants.md "Volume grants".
  volume: new Set(['ALL_PRIVILEGES', 'APPLY_TAG', 'MANAGE', 'READ_VOLUME', 'WRITE_VOLUME']),
};

/** Privileges that change data or create objects: only owners and writers may hold them. */
export const WRITE_PRIVILEGES: ReadonlySet<string> = new Set([
  'MODIFY',
  'CREATE_TABLE',
  'CREATE_MATERIALIZED_VIEW',
  'CREATE_MODEL',
  'CREATE_FUNCTION',
  'CREATE_SCHEMA',
  'CREATE_VOLUME',
  'WRITE_VOLUME',
  'REFRESH',
]);

export const READ_SET: readonly Privilege[] = ['USE_SCHEMA', 'SELECT'];
export const WRITE_SET: readonly Privilege[] = ['USE_SCHEMA', 'SELECT', 'MODIFY', 'CREATE_TABLE'];
export const PIPELINE_TARGET_SET: readonly Privilege[] = [...WRITE_SET, 'CREATE_MATERIALIZED_VIEW', 'REFRESH'];

/** What everyone with access below the catalog holds on it: USE_CATALOG, nothing that flows down. */
export const CATALOG_ACCESS_SET: readonly Privilege[] = ['USE_CATALOG'];
/** The catalog's administrator (its owner agent in deployer mode): reach it and manage its grants. */
export const CATALOG_ADMIN_SET: readonly Privilege[] = ['USE_CATALOG', 'MANAGE'];
/** The deploying identity once agents own the catalog: administer it and create the schemas. */
export const DEPLOYER_CATALOG_SET: readonly Privilege[] = [...CATALOG_ADMIN_SET, 'CREATE_SCHEMA'];

/** A volume's readers list its files; its writers also add and delete them. */
export const VOLUME_READ_SET: readonly Privilege[] = ['READ_VOLUME'];
export const VOLUME_WRITE_SET: readonly Privilege[] = ['READ_VOLUME', 'WRITE_VOLUME'];
