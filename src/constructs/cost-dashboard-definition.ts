// The cost-per-agent Lakeview dashboard as serialized JSON: DBUs per day, owner agent and compute row from
// system.billing.usage (its custom_tags carry the tags the stacks set on every cluster, pipeline and job).
import { COMPUTE_TAG } from '../access/compute';
import { stringLiteral } from '../model/sql-text';
import type { TeamModel } from '../model/types';
import type { TerraformView } from '../access/team-environment';

/** One compute row's budget as the dashboard compares it: its DBU cap per hour over a whole day. */
function dailyBudgets(model: TeamModel): readonly { compute: string; dbus: number }[] {
  return model.compute.flatMap((row) => (row.dbusPerHour !== undefined ? [{ compute: row.name, dbus: row.dbusPerHour * 24 }] : []));
}

/** The dataset's SQL: usage of this project's environment grouped by day, owner agent and compute row, beside each row's budget. */
function costQuery({ model, environment }: Pick<TerraformView, 'model' | 'environment'>): string {
  // system.billing.usage: usage_date, usage_quantity (DBUs for usage_unit DBU), custom_tags (Databricks docs "Billable usage system table").
  const tag = (key: string) => `u.custom_tags[${stringLiteral(key)}]`;
  const budgets = dailyBudgets(model);
  const values = budgets.length
    ? budgets.map((budget) => `(${stringLiteral(budget.compute)}, ${budget.dbus})`).join(', ')
    : `(CAST(NULL AS STRING), CAST(NULL AS DOUBLE))`;
  return [
    `SELECT u.usage_date AS day, ${tag(model.project.ownerTag)} AS owner_agent, ${tag(COMPUTE_TAG)} AS compute,`,
    `  sum(u.usage_quantity) AS dbus, any_value(b.daily_budget_dbus) AS daily_budget_dbus`,
    `FROM system.billing.usage AS u`,
    `LEFT JOIN (VALUES ${values}) AS b(compute, daily_budget_dbus) ON ${tag(COMPUTE_TAG)} = b.compute`,
    `WHERE u.usage_unit = 'DBU' AND ${tag('project')} = ${stringLiteral(model.project.name)} AND ${tag('environment')} = ${stringLiteral(environment.name)}`,
    `GROUP BY ALL`,
    `ORDER BY day DESC, owner_agent, compute`,
  ].join('\n');
}

const field = (name: string) => ({ name, expression: `\`${name}\`` });

/** The serialized dashboard: one dataset and one page with a per-day table and a per-agent bar chart. */
export function costDashboard(view: Pick<TerraformView, 'model' | 'environment'>): string {
  const columns = ['day', 'owner_agent', 'compute', 'dbus', 'daily_budget_dbus'];
  const dashboard = {
    datasets: [{ name: 'usage', displayName: 'DBUs per day, agent and compute row', queryLines: costQuery(view).split(/(?<=\n)/) }],
    pages: [
      {
        name: 'cost',
        displayName: 'Cost per agent',
        layout: [
          {
            widget: {
              name: 'per-day',
              queries: [{ name: 'main_query', query: { datasetName: 'usage', fields: columns.map(field), disaggregated: true } }],
              spec: {
                version: 1,
                widgetType: 'table',
                encodings: { columns: columns.map((name) => ({ fieldName: name, displayName: name })) },
                frame: { showTitle: true, title: 'DBUs per day against each compute row’s daily budget' },
              },
            },
            position: { x: 0, y: 0, width: 6, height: 8 },
          },
          {
            widget: {
              name: 'per-agent',
              queries: [
                {
                  name: 'main_query',
                  query: {
                    datasetName: 'usage',
                    fields: [field('owner_agent'), { name: 'sum(dbus)', expression: 'SUM(`dbus`)' }],
                    disaggregated: false,
                  },
                },
              ],
              spec: {
                version: 3,
                widgetType: 'bar',
                encodings: {
                  x: { fieldName: 'owner_agent', scale: { type: 'categorical' }, displayName: 'Owner agent' },
                  y: { fieldName: 'sum(dbus)', scale: { type: 'quantitative' }, displayName: 'DBUs' },
                },
                frame: { showTitle: true, title: 'DBUs per owner agent' },
              },
            },
            position: { x: 0, y: 8, width: 6, height: 6 },
          },
        ],
      },
    ],
  };
  return JSON.stringify(dashboard);
}
