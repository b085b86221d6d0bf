// What the workspace observes of the model's gates, and where raw files land: the volumes with their grants, the
// alerts, the quality monitors and the cost dashboard, asserted property by property on both reference plans.
import { modelFrom, synth, type Data, teamOf } from './helpers';
import { deriveAccess } from '../src/access/derive';
import { accessMatrix } from '../src/access/matrix';
import { freshnessQuery } from '../src/constructs/gate-queries';

const model = modelFrom();
const dev = synth(model, 'dev');
const prod = synth(model, 'prod');

describe('volumes for landing data', () => {
  it('declares the landing volume as a managed volume owned by the ingest agent, protected in prod', () => {
    // catalog/resource_volume.go: catalog_name, schema_name, name, volume_type MANAGED|EXTERNAL, owner.
    const [volume] = Object.values(dev.byPath('databricks_volume'));
    expect(volume).toMatchObject({ name: 'landing', volume_type: 'MANAGED', owner: dev.principalOf('data-connector-specialist') });
    expect(volume.catalog_name).toContain('databricks_catalog.');
    expect(volume.schema_name).toContain('databricks_schema.');
    expect(volume.storage_location).toBeUndefined();
    expect(volume.lifecycle).toBeUndefined();
    expect(Object.values(prod.byPath('databricks_volume'))[0].lifecycle).toEqual({ prevent_destroy: true });
  });

  it('grants READ_VOLUME to its readers, WRITE_VOLUME to nobody but its owner, MANAGE to the deployer', () => {
    // docs/resources/grants.md "Volume grants": databricks_grants { volume = ... } with READ_VOLUME / WRITE_VOLUME.
    const grants = dev.byPath('databricks_grants')['unity-catalog/volume-bronze-landing/grants/grants'];
    expect(grants.volume).toMatch(/^\$\{databricks_volume\..*\.id\}$/);
    const byPrincipal = Object.fromEntries(grants.grant.map((g: Data) => [g.principal, g.privileges]));
    expect(byPrincipal).toEqual({
      [dev.principalOf('etl-pipeline-architect')]: ['READ_VOLUME'],
      [dev.principalOf('troubleshooter')]: ['READ_VOLUME'],
      '9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d': ['MANAGE'],
    });
  });

  it('lets the deployer create volumes in the schema and every volume agent reach the schema', () => {
    const bronze = deriveAccess(model).find((entry) => entry.securable.key === 'schema-bronze');
    expect(bronze?.grants.find((g) => g.grantee === '$deployer')?.privileges).toContain('CREATE_VOLUME');
    for (const agent of ['etl-pipeline-architect', 'troubleshooter']) {
      expect(bronze?.grants.find((g) => g.grantee === agent)?.reasons).toContain('reader of volume bronze.landing');
    }
  });

  it('shows the same access in the access matrix', () => {
    const matrix = accessMatrix(teamOf(model, 'dev'));
    const on = (agent: string) => matrix.find((row) => row.agent === agent)?.securables.find((s) => s.key === 'volume-bronze-landing')?.privileges;
    expect(on('data-connector-specialist')).toEqual(['OWNER']);
    expect(on('etl-pipeline-architect')).toEqual(['READ_VOLUME']);
    expect(on('spark-developer')).toBeUndefined();
  });

  it('keeps the owner on grants when the deployer stays owner', () => {
    const owned = modelFrom((d) => (d.catalog.ownership = 'deployer'));
    const volume = deriveAccess(owned).find((entry) => entry.securable.key === 'volume-bronze-landing');
    expect(volume?.owner).toBeUndefined();
    expect(volume?.grants.find((g) => g.grantee === 'data-connector-specialist')?.privileges).toEqual(['MANAGE', 'READ_VOLUME', 'WRITE_VOLUME']);
  });
});

describe('alerts: one per freshness and row-count gate', () => {
  const alerts = dev.byPath('databricks_alert_v2');
  const folder = dev.byPath('databricks_directory')['observability/folder/directory'];

  it('declares one alert per gate in both plans', () => {
    const expected = [
      'freshness-bronze-raw_orders',
      'freshness-bronze-raw_customers',
      'freshness-bronze-raw_events',
      'freshness-gold-daily_revenue',
      'row-count-gold-daily_revenue',
      'freshness-gold-customer_lifetime_value',
      'row-count-gold-customer_lifetime_value',
      'freshness-features-customer_features',
    ].map((key) => `observability/${key}`);
    expect(Object.keys(alerts)).toEqual(expected);
    expect(Object.keys(prod.byPath('databricks_alert_v2'))).toEqual(expected);
  });

  it('reads freshness from quoted identifiers, treats an empty table as stale and triggers past the maximum age', () => {
    // docs/resources/alert_v2.md: evaluation.source.name, comparison_operator, threshold.value.double_value, empty_result_state.
    const alert = alerts['observability/freshness-bronze-raw_orders'];
    expect(alert.query_text).toBe(
      'SELECT coalesce(timestampdiff(MINUTE, max(`_ingested_at`), current_timestamp()), 2147483647) AS age_minutes FROM `lakehouse_dev`.`bronze`.`raw_orders`',
    );
    expect(alert.display_name).toBe('lakehouse-agents-dev freshness bronze.raw_orders');
    expect(alert.evaluation).toEqual({
      source: { name: 'age_minutes' },
      comparison_operator: 'GREATER_THAN',
      threshold: { value: { double_value: 120 } },
      empty_result_state: 'TRIGGERED',
      notification: { subscriptions: [{ user_email: 'ingest-oncall@example.com' }], notify_on_ok: true },
    });
    expect(prod.byPath('databricks_alert_v2')['observability/freshness-bronze-raw_orders'].query_text).toContain(
      '`lakehouse_prod`.`bronze`.`raw_orders`',
    );
  });

  it('counts rows and triggers below the minimum', () => {
    const alert = alerts['observability/row-count-gold-customer_lifetime_value'];
    expect(alert.query_text).toBe('SELECT count(*) AS row_count FROM `lakehouse_dev`.`gold`.`customer_lifetime_value`');
    expect(alert.evaluation).toMatchObject({
      source: { name: 'row_count' },
      comparison_operator: 'LESS_THAN',
      threshold: { value: { double_value: 1000 } },
    });
    expect(alert.evaluation.notification.subscriptions).toEqual([{ user_email: 'analytics-oncall@example.com' }]);
  });

  it('runs as the responsible agent on the model warehouse, every quarter hour, in the folder no agent can edit', () => {
    expect(Object.keys(alerts)).toHaveLength(8); // 6 freshness gates + 2 row-count gates in stacks/team.yaml
    for (const alert of Object.values(alerts)) {
      // run_as.service_principal_name needs servicePrincipal.user on it: the run-as rule set comes first.
      expect(alert.run_as).toEqual({ service_principal_name: dev.principalOf('testing-agent') });
      expect(alert.depends_on).toContain(dev.addressOf('identities/RunAs/testing-agent/rule-set'));
      expect(alert.warehouse_id).toMatch(/^\$\{databricks_sql_endpoint\.compute_warehouse-analytics-warehouse_.*\.id\}$/);
      expect(alert.schedule).toEqual({ quartz_cron_schedule: '0 0/15 * * * ?', timezone_id: 'UTC', pause_status: 'UNPAUSED' });
      expect(alert.parent_path).toBe(`\${${dev.addressOf('observability/folder/directory')}.path}`);
    }
    expect(folder.path).toMatch(/\/observability$/);
    expect(dev.byPath('databricks_permissions')['observability/folder/permissions']).toBeUndefined();
  });

  it('gives the run-as agent exactly SELECT on a declared table it watches, and the schema read on a pipeline table', () => {
    const access = deriveAccess(model);
    const on = (key: string) => access.find((entry) => entry.securable.key === key)?.grants.find((g) => g.grantee === 'testing-agent');
    expect(on('table-gold-customer_lifetime_value')).toEqual({
      grantee: 'testing-agent',
      privileges: ['SELECT'],
      reasons: ['watches gold.customer_lifetime_value for its gates'],
    });
    expect(on('schema-bronze')?.privileges).toEqual(['SELECT', 'USE_SCHEMA']);
    expect(on('schema-bronze')?.reasons).toContain('watches bronze.raw_orders for its gates');
  });

  it('quotes an identifier that holds a backtick by doubling it', () => {
    expect(freshnessQuery('c', 's', 't', 'a`b')).toContain('max(`a``b`)');
  });
});

describe('quality monitors', () => {
  it('profiles the feature table as a time series into the monitoring schema, with assets under the project folder', () => {
    // docs/resources/quality_monitor.md: table_name, assets_dir, output_schema_name, time_series, schedule, notifications.
    const monitors = dev.byPath('databricks_quality_monitor');
    expect(Object.keys(monitors)).toEqual(['observability/monitor-features-customer_features']);
    const monitor = monitors['observability/monitor-features-customer_features'];
    expect(monitor).toMatchObject({
      table_name: 'lakehouse_dev.features.customer_features',
      time_series: [{ granularities: ['1 day'], timestamp_col: 'feature_timestamp' }],
      schedule: [{ quartz_cron_expression: '0 0 3 * * ?', timezone_id: 'UTC' }],
      notifications: [{ on_failure: [{ email_addresses: ['ml-oncall@example.com'] }] }],
    });
    expect(monitor.output_schema_name).toBe(`\${${dev.addressOf('unity-catalog/schema-monitoring/schema')}.id}`);
    expect(monitor.assets_dir).toBe(`\${${dev.addressOf('observability/folder/directory')}.path}/monitors/features.customer_features`);
    expect(monitor.depends_on).toContain(dev.addressOf('unity-catalog/table-features-customer_features/table'));
    expect(Object.keys(prod.byPath('databricks_quality_monitor'))).toEqual(['observability/monitor-features-customer_features']);
  });

  it('keeps a monitored table with the deployer, who alone can create its monitor, and lets its owner agent manage it', () => {
    const table = dev.byPath('databricks_sql_table')['unity-catalog/table-features-customer_features/table'];
    // Named, not left out: sql_table's owner is Optional+Computed, so a missing owner keeps the agent that owned it
    // before (catalog/resource_sql_table.go, Update) and the monitor's create would fail on an upgraded deployment.
    expect(table.owner).toBe('9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'); // catalog.deployer.applicationId in stacks/team.yaml
    const entry = deriveAccess(model).find((e) => e.securable.key === 'table-features-customer_features');
    expect(entry?.owner).toBeUndefined();
    expect(entry?.grants.find((g) => g.grantee === 'feature-store-engineer')?.privileges).toEqual(['MANAGE', 'MODIFY', 'SELECT']);
  });

  it('writes into a monitoring schema owned by the quality engineer', () => {
    const schema = dev.byPath('databricks_schema')['unity-catalog/schema-monitoring/schema'];
    expect(schema.owner).toBe(dev.principalOf('qa-engineer'));
  });
});

describe('the cost dashboard', () => {
  const dashboard = dev.byPath('databricks_dashboard')['observability/cost-dashboard'];
  const serialized = JSON.parse(dashboard.serialized_dashboard);

  it('is a Lakeview dashboard in the observability folder on the model warehouse, querying as its publisher', () => {
    // docs/resources/dashboard.md: display_name, warehouse_id, parent_path, serialized_dashboard, embed_credentials.
    expect(dashboard).toMatchObject({ display_name: 'lakehouse-agents-dev cost per agent', embed_credentials: true });
    expect(dashboard.parent_path).toBe(`\${${dev.addressOf('observability/folder/directory')}.path}`);
    expect(dashboard.warehouse_id).toMatch(/databricks_sql_endpoint\.compute_warehouse-analytics-warehouse/);
  });

  it('groups system.billing.usage by day, the owner-agent tag and the compute tag against each row budget', () => {
    const sql = serialized.datasets[0].queryLines.join('');
    expect(sql).toContain('FROM system.billing.usage AS u');
    expect(sql).toContain("u.custom_tags['owner_agent'] AS owner_agent, u.custom_tags['compute'] AS compute");
    expect(sql).toContain("(VALUES ('spark-interactive', 480), ('ml-training-gpu', 1440))");
    expect(sql).toContain("u.custom_tags['project'] = 'lakehouse-agents' AND u.custom_tags['environment'] = 'dev'");
    expect(sql).toContain('GROUP BY ALL');
  });

  it('lets exactly the model viewers read it', () => {
    // permissions/permission_definitions.go: dashboard_id accepts CAN_READ.
    const permissions = dev.byPath('databricks_permissions')['observability/cost-dashboard-permissions'];
    expect(permissions.dashboard_id).toBe(`\${${dev.addressOf('observability/cost-dashboard')}.id}`);
    expect(permissions.access_control).toEqual([
      { group_name: 'lakehouse-platform-admins', permission_level: 'CAN_READ' },
      { service_principal_name: dev.principalOf('orchestrator'), permission_level: 'CAN_READ' },
      { service_principal_name: dev.principalOf('project-manager'), permission_level: 'CAN_READ' },
    ]);
  });
});
