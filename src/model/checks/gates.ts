// Table gates, the governance gates observing them, the monitoring schema, volumes and the observability folder.
import { contractColumnsFor } from '../contract-columns';
import { didYouMean } from '../suggest';
import { freshnessColumn, gateWarehouse, monitorTimestampColumn, observingGates, type GateKind } from '../gates';
import type { CheckContext } from './context';

const isTimestamp = (type: string | undefined) => type !== undefined && /^TIMESTAMP(_NTZ)?$/i.test(type.trim());

export function checkGates(ctx: CheckContext): void {
  const { model } = ctx;
  const schemas = new Map(model.schemas.map((schema) => [schema.name, schema]));
  const agents = new Map([...model.agents.core, ...model.agents.domain].map((agent) => [agent.name, agent]));
  const pipelines = new Map(model.pipelines.map((pipeline) => [pipeline.name, pipeline]));
  const rows = new Map(model.compute.map((row) => [row.name, row]));
  const observers = observingGates(model);
  const used = new Set<GateKind>();
  const warehouse = gateWarehouse(model);

  model.tables.forEach((table, i) => {
    const gates = table.gates;
    if (!gates) return;
    const layer = schemas.get(table.schema)?.layer;
    const types = new Map([...contractColumnsFor(layer), ...table.columns].map((column) => [column.name, column.type]));
    const at = (...rest: (string | number)[]) => ['tables', i, 'gates', ...rest];

    if (gates.freshness) {
      used.add('freshness');
      const column = freshnessColumn(table, layer);
      if (column === undefined) {
        ctx.report(at('freshness', 'column'), `a ${layer ?? 'table'} table has no arrival column: name the TIMESTAMP column freshness reads`);
      } else if (!types.has(column)) {
        ctx.report(
          at('freshness', 'column'),
          `'${column}' is not a column of '${table.name}'${didYouMean(column, types.keys())}: name a TIMESTAMP column`,
        );
      } else if (!isTimestamp(types.get(column))) {
        ctx.report(at('freshness', 'column'), `'${column}' is ${types.get(column)}: freshness reads a TIMESTAMP column`);
      }
      // A triggered pipeline's update may take its row's whole runtime: a shorter freshness would alert on every run.
      const pipeline = table.pipeline !== undefined ? pipelines.get(table.pipeline) : undefined;
      const limit = pipeline && !pipeline.continuous && pipeline.compute !== undefined ? rows.get(pipeline.compute)?.maxRuntimeMinutes : undefined;
      if (limit !== undefined && gates.freshness.maxAgeMinutes <= limit) {
        ctx.report(
          at('freshness', 'maxAgeMinutes'),
          `${gates.freshness.maxAgeMinutes} minutes is within one update of pipeline '${pipeline?.name}' (up to ${limit} minutes): allow more than ${limit} minutes`,
        );
      }
    }
    if (gates.minRows !== undefined) used.add('row-count');
    if (gates.monitor) {
      used.add('monitor');
      if (table.pipeline !== undefined && model.catalog.ownership === 'agents') {
        ctx.report(
          at('monitor'),
          `'${table.name}' belongs to pipeline '${table.pipeline}', and only an owner of the table, its schema or catalog creates a monitor: with catalog.ownership 'agents' the deploying identity owns none of them, so monitor a table the stack declares (no pipeline)`,
        );
      }
      if (gates.monitor.type === 'time-series') {
        const column = monitorTimestampColumn(table);
        if (column === undefined) {
          ctx.report(
            at('monitor', 'timestampColumn'),
            `'${table.name}' has no feature timestamp key: name the TIMESTAMP column the monitor's windows are cut by`,
          );
        } else if (!types.has(column)) {
          ctx.report(
            at('monitor', 'timestampColumn'),
            `'${column}' is not a column of '${table.name}'${didYouMean(column, types.keys())}: name a TIMESTAMP column`,
          );
        } else if (!isTimestamp(types.get(column))) {
          ctx.report(at('monitor', 'timestampColumn'), `'${column}' is ${types.get(column)}: a time-series monitor needs a TIMESTAMP column`);
        }
      }
    }
    const owner = agents.get(table.owner);
    if (owner && owner.contact === undefined && (gates.freshness || gates.minRows !== undefined || gates.monitor)) {
      ctx.report(
        ['tables', i, 'owner'],
        `'${table.owner}' owns a gated table but has no contact: give the agent a contact e-mail, which its alerts and monitors notify`,
      );
    }
  });

  const createdRunAs = new Set<string>();
  for (const kind of used) {
    const found = observers.get(kind) ?? [];
    if (!found.length) {
      ctx.report(
        ['governance', 'taskVerificationGates'],
        `tables have ${kind} gates but no governance gate observes them: add 'observes: ${kind}' to the gate whose agent answers for them`,
      );
      continue;
    }
    found.slice(1).forEach((extra) => ctx.report(extra.path, `'${found[0].check}' already observes ${kind}: one gate per kind, remove this one`));
    const agent = agents.get(found[0].agent);
    if (kind === 'monitor' || !agent) continue;
    if (agent.identity.type === 'account-group') {
      ctx.report(
        found[0].path,
        `'${agent.name}' is an account group: alerts run as a service principal, so name a service-principal agent for ${kind}`,
      );
    }
    const row = warehouse !== undefined ? rows.get(warehouse) : undefined;
    if (!row) {
      ctx.report(found[0].path, `${kind} alerts run on a SQL warehouse: add a sql-warehouse compute row (or name it as catalog.tableWarehouse)`);
    } else if (row.owner !== agent.name && !row.agents.includes(agent.name)) {
      ctx.report(found[0].path, `'${agent.name}' runs the ${kind} alerts but cannot use warehouse '${row.name}': add it to that row's agents`);
    }
    if (agent.identity.type === 'service-principal') createdRunAs.add(agent.name);
  }
  for (const [name, environment] of Object.entries(model.environments)) {
    if (createdRunAs.size && environment.accountId === undefined) {
      ctx.report(
        ['environments', name, 'accountId'],
        `required: alerts run as ${[...createdRunAs].map((agent) => `'${agent}'`).join(', ')}, service principals this stack creates, and setting run_as needs servicePrincipal.user granted by a rule set named after the account: add the account id`,
      );
    }
  }

  const monitorSchema = model.observability.monitorSchema;
  if (monitorSchema !== undefined) {
    const schema = schemas.get(monitorSchema);
    if (!schema) ctx.schema(['observability', 'monitorSchema'], monitorSchema);
    else if (schema.layer !== 'monitoring')
      ctx.report(
        ['observability', 'monitorSchema'],
        `'${monitorSchema}' is a ${schema.layer} schema: monitors write to a schema whose layer is monitoring`,
      );
    else if (schema.owner !== model.roles.qualityEngineer)
      ctx.report(
        ['observability', 'monitorSchema'],
        `'${monitorSchema}' belongs to '${schema.owner}': the monitoring schema belongs to the quality-engineer role '${model.roles.qualityEngineer}'`,
      );
  } else if (used.has('monitor')) {
    ctx.report(['observability', 'monitorSchema'], 'tables ask for quality monitors: name the monitoring schema their metric tables go to');
  }
  ctx.agents(['observability', 'costDashboard', 'viewers'], model.observability.costDashboard.viewers);

  const folder = model.observability.folder;
  model.fileOwnership.forEach((entry, i) => {
    if (entry.pattern === folder || entry.pattern.startsWith(`${folder}/`))
      ctx.report(
        ['fileOwnership', i, 'pattern'],
        `'${entry.pattern}' is inside observability folder '${folder}', which no agent may edit: move it or rename observability.folder`,
      );
  });

  model.schemas.forEach((schema, i) => {
    const tables = new Set(model.tables.filter((table) => table.schema === schema.name).map((table) => table.name));
    const seen = new Set<string>();
    schema.volumes.forEach((volume, j) => {
      const at = ['schemas', i, 'volumes', j];
      if (seen.has(volume.name)) ctx.report([...at, 'name'], `duplicate volume '${volume.name}' in '${schema.name}': give each volume a unique name`);
      seen.add(volume.name);
      if (tables.has(volume.name)) ctx.report([...at, 'name'], `'${volume.name}' is also a table of '${schema.name}': give the volume its own name`);
      ctx.agent([...at, 'owner'], volume.owner);
      ctx.agents([...at, 'readers'], volume.readers);
      ctx.agents([...at, 'writers'], volume.writers);
    });
  });
}
