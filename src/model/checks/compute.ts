// Compute rows: the limits the seed's Cost Management promises must be enforceable.
import type { CheckContext } from './context';

export const AUTO_TERMINATE_MIN = 10;
/** Classic and pro warehouses take an auto-stop of 0 or at least 10 minutes; serverless ones from 1 (DATABRICKS.md). */
export const CLASSIC_AUTO_STOP_MIN = 10;
export const AUTO_TERMINATE_MAX = 1440;
/** Ceilings past which a limit is a typo, not a budget: a week of runtime, a thousand workers, ten thousand DBUs an hour. */
export const MAX_RUNTIME_CEILING = 10_080;
export const MAX_WORKERS_CEILING = 1_000;
export const DBUS_PER_HOUR_CEILING = 10_000;

export function checkCompute(ctx: CheckContext): void {
  ctx.model.compute.forEach((compute, i) => {
    const at = (key: string) => ['compute', i, key];
    const idle = compute.autoTerminateMinutes;
    const clusterType = compute.type === 'all-purpose' || compute.type === 'gpu';

    if (clusterType) {
      if (idle === undefined)
        ctx.report(
          at('autoTerminateMinutes'),
          `${compute.type} compute '${compute.name}' needs autoTerminateMinutes (${AUTO_TERMINATE_MIN}–${AUTO_TERMINATE_MAX})`,
        );
      else if (idle < AUTO_TERMINATE_MIN || idle > AUTO_TERMINATE_MAX)
        ctx.report(
          at('autoTerminateMinutes'),
          `${idle} is outside ${AUTO_TERMINATE_MIN}–${AUTO_TERMINATE_MAX} minutes: pick an idle timeout in that range`,
        );
    } else if (compute.type === 'sql-warehouse') {
      const min = compute.warehouse?.serverless === false ? CLASSIC_AUTO_STOP_MIN : 1;
      if (idle === undefined)
        ctx.report(
          at('autoTerminateMinutes'),
          `sql-warehouse '${compute.name}' needs autoTerminateMinutes (its auto-stop, ${min}–${AUTO_TERMINATE_MAX})`,
        );
      else if (idle < min || idle > AUTO_TERMINATE_MAX)
        ctx.report(
          at('autoTerminateMinutes'),
          `${idle} is outside ${min}–${AUTO_TERMINATE_MAX} minutes: a warehouse must auto-stop within that range`,
        );
    } else if (idle !== undefined) {
      ctx.report(at('autoTerminateMinutes'), `${compute.type} clusters terminate on completion and reject autoTerminateMinutes: remove it`);
    }

    if (compute.type === 'sql-warehouse') {
      if (compute.maxRuntimeMinutes !== undefined)
        ctx.report(at('maxRuntimeMinutes'), 'a sql-warehouse auto-stops and has no runtime cap: remove maxRuntimeMinutes');
    } else if (compute.maxRuntimeMinutes === undefined) {
      ctx.report(at('maxRuntimeMinutes'), `${compute.type} compute '${compute.name}' needs maxRuntimeMinutes, a positive number of minutes`);
    } else if (compute.maxRuntimeMinutes <= 0) {
      ctx.report(at('maxRuntimeMinutes'), `${compute.maxRuntimeMinutes} is not a positive runtime: give the maximum runtime in minutes, e.g. 240`);
    } else if (compute.maxRuntimeMinutes > MAX_RUNTIME_CEILING) {
      ctx.report(
        at('maxRuntimeMinutes'),
        `${compute.maxRuntimeMinutes} minutes is more than a week (${MAX_RUNTIME_CEILING}): give the maximum runtime in minutes, e.g. 240`,
      );
    }
    if (compute.maxWorkers !== undefined && compute.maxWorkers > MAX_WORKERS_CEILING) {
      ctx.report(
        at('maxWorkers'),
        `${compute.maxWorkers} workers is over the ceiling of ${MAX_WORKERS_CEILING}: give the most workers one cluster may have`,
      );
    }
    if (compute.dbusPerHour !== undefined && compute.dbusPerHour > DBUS_PER_HOUR_CEILING) {
      ctx.report(
        at('dbusPerHour'),
        `${compute.dbusPerHour} DBUs an hour is over the ceiling of ${DBUS_PER_HOUR_CEILING}: give the hourly DBU budget of one cluster`,
      );
    }

    if (compute.type === 'gpu') {
      // GPU ML runtimes need dedicated (single-user) access mode, which the stack gives service principals only.
      const agents = new Map([...ctx.model.agents.core, ...ctx.model.agents.domain].map((agent) => [agent.name, agent]));
      for (const name of new Set([compute.owner, ...compute.agents])) {
        if (agents.get(name)?.identity.type === 'account-group') {
          ctx.report(
            at(compute.owner === name ? 'owner' : 'agents'),
            `'${name}' acts as an account group, but GPU ML runtimes need a cluster dedicated to one principal: give it a service-principal identity`,
          );
        }
      }
    }
    if (compute.gpu && compute.type !== 'gpu')
      ctx.report(at('gpu'), `only gpu compute takes gpu settings; '${compute.name}' is ${compute.type}: remove gpu`);
    if (compute.warehouse && compute.type !== 'sql-warehouse')
      ctx.report(at('warehouse'), `only sql-warehouse compute takes warehouse settings; '${compute.name}' is ${compute.type}: remove warehouse`);
    if (compute.type === 'sql-warehouse' && (compute.maxWorkers !== undefined || compute.dbusPerHour !== undefined)) {
      ctx.report(
        at(compute.maxWorkers !== undefined ? 'maxWorkers' : 'dbusPerHour'),
        'a sql-warehouse is sized by warehouse.size and warehouse.maxClusters: remove the cluster caps',
      );
    }
  });
}
