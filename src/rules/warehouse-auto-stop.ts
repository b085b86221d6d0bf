// DAC-CP3: a warehouse that never stops bills around the clock.
import { CLASSIC_AUTO_STOP_MIN } from '../model/checks/compute';
import { NOT_APPLICABLE, verdict, type GuardrailRule } from './rule';

export const warehouseAutoStops: GuardrailRule = {
  id: 'DAC-CP3',
  summary: 'every SQL warehouse auto-stops',
  checks: `Every SQL warehouse auto-stops: \`auto_stop_mins\` set and not 0 (0 never stops), and at least ${CLASSIC_AUTO_STOP_MIN} on classic and pro warehouses.`,
  why: 'A warehouse that never stops bills around the clock.',
  fix: "Set the sql-warehouse row's `autoTerminateMinutes`.",
  check(element) {
    if (element.type !== 'databricks_sql_endpoint') return NOT_APPLICABLE;
    const minutes = element.config.auto_stop_mins;
    const serverless = element.config.enable_serverless_compute === true;
    if (typeof minutes !== 'number' || minutes <= 0)
      return verdict(["auto_stop_mins is unset or 0 (never stops; the default is 120): set the row's autoTerminateMinutes"]);
    if (!serverless && minutes < CLASSIC_AUTO_STOP_MIN)
      return verdict([`auto_stop_mins is ${minutes}: classic and pro warehouses need 0 or at least ${CLASSIC_AUTO_STOP_MIN}`]);
    return verdict([]);
  },
};
