// The coordination rules: notebook and job rules with what keeps each, and the pipelines with their permissions.
import type { TeamEnvironment } from '../access/team-environment';
import { jobPermissions } from '../access/job-permissions';
import { pipelinePermissions } from '../access/pipeline-permissions';
import { pipelineName } from '../model/resource-names';
import type { TeamModel } from '../model/types';
import type { ContractContext } from './context-schema';
import { ENFORCED_BY } from './enforcement';
import { nameScope } from './environment-section';
import { cell } from './markdown';

export const LAYER_LABEL = {
  bronze: 'Bronze',
  silver: 'Silver',
  gold: 'Gold',
  features: 'Features',
  models: 'Models',
  monitoring: 'Monitoring',
  ml: 'ML',
} as const;

/**
 * The model's notebook rules are agreements; the permissions of the jobs the stack deploys on job rows
 * (GovernedJob) are workspace permissions, stated for this environment.
 */
export function notebookRules(team: TeamEnvironment): ContractContext['NOTEBOOK_RULES'] {
  const { model, environment: env } = team;
  const rules: ContractContext['NOTEBOOK_RULES'] = model.governance.notebookRules.map((entry) => ({
    scenario: cell(entry.scenario),
    rule: cell(entry.rule),
    enforced_by: ENFORCED_BY.agreement,
  }));
  const admin = model.roles.workspaceAdmin;
  for (const row of team.compute.filter((candidate) => candidate.type === 'job')) {
    const levels = jobPermissions({ owner: row.owner, users: row.users, workspaceAdmin: admin, protected: env.protected });
    const holders = (level: string) => levels.filter((entry) => entry.level === level).map((entry) => entry.agent);
    const rule = env.protected
      ? `Only ${admin} modifies them (CAN_MANAGE); ${holders('CAN_VIEW').join(', ') || 'nobody else'} may only view them (CAN_VIEW); no agent owns them`
      : `${row.owner} owns them (IS_OWNER); ${holders('CAN_MANAGE_RUN').join(', ') || 'nobody else'} may run and cancel them (CAN_MANAGE_RUN); ${admin} manages them (CAN_MANAGE)`;
    rules.push({
      scenario: cell(`Jobs the stack deploys on ${row.name} (GovernedJob), run as ${row.owner}`),
      rule: cell(rule),
      enforced_by: ENFORCED_BY.permission,
    });
  }
  return rules;
}

export function pipelineTree(model: TeamModel): ContractContext['PIPELINE_TREE'] {
  const groups = (['bronze', 'silver', 'gold', 'ml'] as const)
    .map((layer) => ({ layer, pipelines: model.pipelines.filter((pipeline) => pipeline.layer === layer) }))
    .filter((group) => group.pipelines.length);
  return groups.map((group, i) => ({
    branch: i === groups.length - 1 ? '└──' : '├──',
    layer: LAYER_LABEL[group.layer],
    owners: [...new Set(group.pipelines.map((pipeline) => pipeline.owner))].join(', '),
    names: group.pipelines.map((pipeline) => pipeline.name).join(', '),
  }));
}

/** How a pipeline computes: serverless, or classic clusters on its owner's policy of a dlt row. */
export function pipelineCompute(pipeline: TeamModel['pipelines'][number]): string {
  if (!pipeline.serverless) return `Classic (${pipeline.compute})`;
  return pipeline.compute !== undefined ? `Serverless (runtime of ${pipeline.compute})` : 'Serverless';
}

export function pipelines(team: TeamEnvironment): ContractContext['PIPELINES'] {
  const { model, environment: env } = team;
  const scope = nameScope(team);
  return model.pipelines.map((pipeline) => {
    const acl = pipelinePermissions(pipeline);
    const holders = (level: string) =>
      acl
        .filter((entry) => entry.level === level)
        .map((entry) => entry.agent)
        .join(', ') || 'none';
    return {
      name: pipeline.name,
      layer: LAYER_LABEL[pipeline.layer],
      owner: pipeline.owner,
      resource: pipelineName(scope, pipeline.name),
      target: `${env.catalog}.${pipeline.target}`,
      sources: pipeline.sources.map((source) => `${env.catalog}.${source}`).join(', ') || 'none',
      compute: pipelineCompute(pipeline),
      runners: holders('CAN_RUN'),
      viewers: holders('CAN_VIEW'),
    };
  });
}
