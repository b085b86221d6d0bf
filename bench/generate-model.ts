// Generates valid agent-team models of any size for the benchmark: N agents and T tables spread over
// medallion schema groups, with compute rows, pipelines, readers and writers in realistic proportions.
import type { TeamModelInput } from '../src/model/types';

type Layer = 'bronze' | 'silver' | 'gold' | 'features';
const TABLE_LAYERS: readonly Layer[] = ['bronze', 'silver', 'gold', 'features'];

export function generateModel(agentCount: number, tableCount: number): TeamModelInput {
  const core = ['orchestrator', 'project-manager', 'qa-engineer', 'troubleshooter', 'testing-agent'];
  const named = ['workspace-admin', 'unity-catalog-admin'];
  const domain = [
    ...named,
    ...Array.from({ length: Math.max(agentCount - core.length - named.length, 4) }, (_, i) => `domain-agent-${String(i + 1).padStart(3, '0')}`),
  ];
  const workers = domain.slice(named.length);
  const agent = (name: string) => ({
    name,
    model: 'claude-sonnet-4',
    description: `Agent ${name}.`,
    ...(name === 'workspace-admin' ? { contact: 'platform-admins@example.com' } : {}),
  });
  const groups = Math.max(1, Math.floor(agentCount / 16));
  const pick = (i: number) => workers[i % workers.length];

  const schemas = Array.from({ length: groups }, (_, g) =>
    (['bronze', 'silver', 'gold', 'features', 'models'] as const).map((layer, l) => ({
      name: `${layer}_${g}`,
      layer,
      owner: pick(g * 5 + l),
      accessPolicy: layer === 'gold' ? 'Analytics' : layer === 'bronze' || layer === 'silver' ? 'Data Engineering' : 'ML',
      readers: [core[2], core[4], pick(g * 5 + l + 1)],
      writers: layer === 'silver' ? [pick(g * 5 + l + 2)] : [],
    })),
  ).flat();

  const pipelines = Array.from({ length: groups }, (_, g) =>
    (['bronze', 'silver', 'gold'] as const).map((layer, l) => ({
      name: `${layer}-pipeline-${g}`,
      layer,
      owner: pick(g * 3 + l + 7),
      target: `${layer}_${g}`,
      sources: layer === 'bronze' ? [] : [`${layer === 'silver' ? 'bronze' : 'silver'}_${g}`],
      libraries: [{ notebook: `pipelines/${layer}/group_${g}` }],
    })),
  ).flat();

  const tables = Array.from({ length: tableCount }, (_, t) => {
    const layer = TABLE_LAYERS[t % TABLE_LAYERS.length];
    const g = Math.floor(t / TABLE_LAYERS.length) % groups;
    const pipeline = layer !== 'features' && t % 5 === 0 ? pipelines.find((p) => p.target === `${layer}_${g}`) : undefined;
    return {
      name: `table_${t}`,
      schema: `${layer}_${g}`,
      owner: pipeline ? pipeline.owner : pick(t),
      updatePattern: 'merge' as const,
      pipeline: pipeline?.name,
      columns: [
        { name: 'id', type: 'STRING', nullable: false },
        { name: 'amount', type: 'DECIMAL(12,2)' },
        { name: 'updated_at', type: 'TIMESTAMP' },
        { name: 'label', type: 'STRING', comment: 'Label' },
      ],
      feature: layer === 'features' ? { primaryKey: ['id'], timestampKey: 'updated_at' } : undefined,
      readers: !pipeline && t % 7 === 0 ? [pick(t + 3)] : [],
    };
  });

  const computeTypes = ['all-purpose', 'job', 'gpu', 'dlt'] as const;
  const compute = [
    {
      name: 'shared-warehouse',
      type: 'sql-warehouse' as const,
      owner: pick(0),
      agents: [core[2], core[4]],
      purpose: 'Table DDL and queries',
      autoTerminateMinutes: 10,
    },
    ...Array.from({ length: Math.max(4, Math.floor(agentCount / 4)) }, (_, i) => {
      const type = computeTypes[i % computeTypes.length];
      return {
        name: `${type}-compute-${i}`,
        type,
        owner: pick(i),
        agents: [pick(i + 1)],
        purpose: `${type} work`,
        maxRuntimeMinutes: 60 + i,
        autoTerminateMinutes: type === 'all-purpose' || type === 'gpu' ? 30 : undefined,
        maxWorkers: 4,
      };
    }),
  ];

  return {
    project: { name: 'bench-team', description: `Benchmark team of ${agentCount} agents and ${tableCount} tables.`, workspaceRoot: '/bench-team' },
    environments: {
      dev: {
        workspaceUrl: 'https://dbc-0123456789abcdef.cloud.databricks.com',
        catalog: 'bench_dev',
        accountId: '0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6',
      },
    },
    agents: { core: core.map(agent), domain: domain.map(agent) },
    fileOwnership: [
      // The status file the contract tells every agent to update.
      { pattern: '.claude/STATUS.md', access: Object.fromEntries([...core, ...domain].map((name) => [name, 'OWNS' as const])) },
      ...Array.from({ length: groups }, (_, g) => ({
        pattern: `pipelines/group_${g}/**`,
        access: { [pick(g)]: 'OWNS' as const, [core[0]]: 'READS' as const },
      })),
    ],
    catalog: { owner: named[1], comment: 'Benchmark catalog.' },
    schemas,
    tables,
    models: Array.from({ length: groups }, (_, g) => ({
      name: `model_${g}`,
      schema: `models_${g}`,
      owner: schemas.find((s) => s.name === `models_${g}`)!.owner,
      inputSchema: [{ name: 'amount', type: 'DOUBLE' }],
      outputSchema: [{ name: 'score', type: 'DOUBLE' }],
      consumers: [core[2]],
    })),
    compute,
    pipelines,
    governance: {
      conflictResolution: [{ agent: 'orchestrator', rule: 'Final decision authority' }],
      versionHistory: [{ version: '1.0.0', date: '2026-11-25', changes: 'Benchmark' }],
    },
  };
}
