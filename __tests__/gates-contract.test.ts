// The contract and the briefs state each gate as the workspace observes it: the alert or monitor by its Databricks
// name, the runtime limits, or agreement; the cost section links the dashboard.
import { modelFrom, teamOf } from './helpers';
import { renderContract } from '../src/contract/render';
import { briefsOf } from '../src/contract/agent-brief';
import { environmentOf } from '../src/model/types';

const model = modelFrom();
const dev = environmentOf(model, 'dev')!;
const contract = renderContract(teamOf(model, dev.name));
const section = (title: string) => contract.slice(contract.indexOf(`## ${title}`), contract.indexOf('\n---', contract.indexOf(`## ${title}`)));

describe('the contract marks each gate with what observes it', () => {
  it('names the alerts observing the freshness and row-count gates, and agreement where nothing does', () => {
    const verification = section('Verification Quality Gates');
    expect(verification).toContain(
      '| Row Count Verification | testing-agent | HIGH | SQL alert `lakehouse-agents-dev row-count gold.daily_revenue`; SQL alert `lakehouse-agents-dev row-count gold.customer_lifetime_value` |',
    );
    expect(verification).toContain('| Unit Tests Pass | testing-agent | CRITICAL | agreement |');
  });

  it('names the monitor and the runtime limits in the quality gates', () => {
    const quality = section('Quality Gates');
    expect(quality).toContain('| Data quality checks | qa-engineer | Yes | quality monitor on `lakehouse_dev.features.customer_features` |');
    expect(quality).toContain(
      '| Cost review | workspace-admin | For large jobs | job timeout; runtime guard (maximum runtime of spark-interactive, ml-training-gpu, test-jobs, dlt-classic) |',
    );
    expect(quality).toContain('| Schema validation | delta-lake-engineer | Yes | agreement |');
  });

  it('lists every table gate with its observer, agent and whom it notifies', () => {
    expect(section('Verification Quality Gates')).toContain(
      '| `lakehouse_dev.bronze.raw_orders` | newest row ≤ 120 min old (`_ingested_at`) | SQL alert `lakehouse-agents-dev freshness bronze.raw_orders` | testing-agent | data-connector-specialist (ingest-oncall@example.com) |',
    );
    expect(section('Verification Quality Gates')).toContain('| `lakehouse_dev.gold.customer_lifetime_value` | at least 1000 rows |');
  });

  it('links the cost dashboard with its viewers', () => {
    expect(section('Cost Management')).toContain(
      'the Lakeview dashboard `lakehouse-agents-dev cost per agent` in `/lakehouse-agents/observability` shows the DBUs of `system.billing.usage` per day, owner agent and compute row',
    );
    expect(section('Cost Management')).toContain('Readers: workspace-admin, orchestrator, project-manager (*workspace permission*)');
  });

  it('lists the landing volume with its readers in the object grants', () => {
    expect(contract).toMatch(/`lakehouse_dev\.bronze\.landing` \| Volume \| etl-pipeline-architect \| READ_VOLUME/);
  });
});

describe('each brief lists the gates its agent answers for and what watches its tables', () => {
  const briefs = new Map(briefsOf(teamOf(model, dev.name)).map((brief) => [brief.name, brief]));

  it("gives the testing agent the alerts that run as it, each with the table's gate", () => {
    const runs = briefs.get('testing-agent')!.gate_runs;
    expect(runs).toHaveLength(8);
    expect(runs[0]).toEqual({
      table: '`lakehouse_dev.bronze.raw_orders`',
      gate: 'newest row ≤ 120 min old (`_ingested_at`)',
      observed_by: 'SQL alert `lakehouse-agents-dev freshness bronze.raw_orders`',
    });
  });

  it('tells a table owner what watches its tables, and the QA engineer no alert runs as it', () => {
    expect(briefs.get('feature-store-engineer')!.gates_watching.map((row) => row.observed_by)).toEqual([
      'SQL alert `lakehouse-agents-dev freshness features.customer_features`',
      'quality monitor on `lakehouse_dev.features.customer_features`',
    ]);
    expect(briefs.get('qa-engineer')!.gate_runs).toEqual([]);
    expect(briefs.get('qa-engineer')!.gates.find((gate) => gate.check === 'Data quality checks')?.observed_by).toBe(
      'quality monitor on `lakehouse_dev.features.customer_features`',
    );
  });
});
