// The same kind of model written in TypeScript: typed while you write it, checked by the same schema.
// Use it with AGENT_CONTRACT_MODEL=stacks/team.example.ts npx cdktf synth
// or npx agent-contract validate stacks/team.example.ts
import type { TeamModelInput } from '../src/model/types';

const model: TeamModelInput = {
  project: {
    name: 'minimal-team',
    description: 'Two agents, one schema: the smallest useful model.',
  },
  environments: {
    dev: { workspaceUrl: 'https://dbc-0123456789abcdef.cloud.databricks.com', catalog: 'minimal_dev' },
  },
  agents: {
    core: [
      { name: 'orchestrator', model: 'claude-opus-4', description: 'Plans and coordinates.' },
      { name: 'qa-engineer', model: 'claude-sonnet-4', description: 'Checks data quality.' },
    ],
    domain: [
      { name: 'workspace-admin', model: 'claude-sonnet-4', description: 'Manages compute.' },
      { name: 'delta-lake-engineer', model: 'claude-sonnet-4', description: 'Owns the bronze layer.' },
    ],
  },
  // The contract tells every agent to update the status file: every agent owns it (the edit hook allows it).
  fileOwnership: [
    {
      pattern: '.claude/STATUS.md',
      access: { orchestrator: 'OWNS', 'qa-engineer': 'OWNS', 'workspace-admin': 'OWNS', 'delta-lake-engineer': 'OWNS' },
    },
  ],
  catalog: { owner: 'delta-lake-engineer', comment: 'Minimal lakehouse.' },
  schemas: [{ name: 'bronze', layer: 'bronze', owner: 'delta-lake-engineer', accessPolicy: 'Data Engineering', readers: ['qa-engineer'] }],
  compute: [
    {
      name: 'sql',
      type: 'sql-warehouse',
      owner: 'delta-lake-engineer',
      agents: ['qa-engineer'],
      purpose: 'Table DDL and checks',
      autoTerminateMinutes: 10,
    },
  ],
  tables: [
    {
      name: 'events',
      schema: 'bronze',
      owner: 'delta-lake-engineer',
      updatePattern: 'append',
      columns: [{ name: 'event_id', type: 'STRING', nullable: false }],
    },
  ],
  governance: {
    conflictResolution: [{ agent: 'orchestrator', rule: 'Final decision authority' }],
    versionHistory: [{ version: '1.0.0', date: '2026-11-25', changes: 'Initial generation' }],
  },
};

export default model;
