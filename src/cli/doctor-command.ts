// `agent-contract doctor [model] --env <env> [--json]`: the deploy preconditions it can check offline — model, environment
// variables, Databricks profile, provider configuration — and the rest as a checklist.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { loadModelFile, DEFAULT_MODEL_PATH } from '../validation/load';
import { defaultModelPath } from '../model/model-path';
import { deployPreconditions } from '../access/deploy-preconditions';
import { applyWithinDays } from '../model/credentials';
import type { NamedEnvironment } from '../model/types';
import { parseArgs } from './args';
import type { Command } from './command';
import { environmentArg } from './environment-arg';
import { writeJson, type DoctorJson } from './json-output';
import { EXIT_INVALID, EXIT_OK, UsageError } from './report';

type Status = 'ok' | 'warn' | 'FAIL';
export interface Finding {
  readonly status: Status;
  readonly message: string;
}

/** The keys of one `[section]` of an INI file such as ~/.databrickscfg, or undefined when it has no such section. */
export function iniSection(text: string, section: string): Record<string, string> | undefined {
  let current: string | undefined;
  let found: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = header[1].trim();
      if (current === section) found ??= {};
      continue;
    }
    const pair = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (pair && current === section && found) found[pair[1].trim()] = pair[2].trim();
  }
  return found;
}

/**
 * What can be known without a workspace. The provider block sets `host`, so the Go SDK reads ~/.databrickscfg only when
 * a profile is named (config/config_file.go, Configure: skipped when Host is set and Profile is not); DATABRICKS_ACCOUNT_ID
 * or the profile's account_id switch databricks_access_control_rule_set to the account client
 * (permissions/resource_access_control_rule_set.go: `c.Config.AccountID != ""`).
 */
function offlineFindings(env: NamedEnvironment, vars: NodeJS.ProcessEnv, home: string): Finding[] {
  const findings: Finding[] = [];
  const add = (status: Status, message: string) => findings.push({ status, message });
  add('ok', `model: valid; the provider block sets host = ${env.workspaceUrl} and never account_id`);

  if (vars.DATABRICKS_ACCOUNT_ID)
    add(
      'FAIL',
      'DATABRICKS_ACCOUNT_ID is set: it switches every databricks_access_control_rule_set (run_as roles, budget policy roles) to the account client, which fails with a workspace host: unset it for plan and deploy',
    );
  else add('ok', 'DATABRICKS_ACCOUNT_ID is not set');

  const profile = vars.DATABRICKS_CONFIG_PROFILE;
  const configFile = vars.DATABRICKS_CONFIG_FILE ?? join(home, '.databrickscfg');
  let profileKeys: Record<string, string> | undefined;
  if (profile) {
    let text: string | undefined;
    try {
      text = existsSync(configFile) ? readFileSync(configFile, 'utf8') : undefined;
    } catch {
      text = undefined;
    }
    profileKeys = text === undefined ? undefined : iniSection(text, profile);
    if (!profileKeys)
      add('FAIL', `DATABRICKS_CONFIG_PROFILE names '${profile}', which ${configFile} does not hold (or cannot be read): fix the profile name`);
    else if (profileKeys.account_id)
      add(
        'FAIL',
        `profile '${profile}' in ${configFile} sets account_id: it switches the rule sets to the account client: remove account_id from the profile, or use another`,
      );
    else add('ok', `profile '${profile}' in ${configFile} has no account_id`);
    if (profileKeys?.host && profileKeys.host.replace(/\/+$/, '') !== env.workspaceUrl.replace(/\/+$/, ''))
      add(
        'warn',
        `profile '${profile}' points at ${profileKeys.host}, not ${env.workspaceUrl}: the provider uses the model's host; check the profile's credentials belong to that workspace`,
      );
  } else
    add('ok', 'no DATABRICKS_CONFIG_PROFILE: the provider reads credentials from the environment (the host is set, so ~/.databrickscfg is not read)');

  const credentials =
    vars.DATABRICKS_TOKEN ||
    (vars.DATABRICKS_CLIENT_ID && vars.DATABRICKS_CLIENT_SECRET) ||
    (vars.ARM_CLIENT_ID && (vars.ARM_CLIENT_SECRET || vars.ARM_USE_MSI)) ||
    profileKeys?.token ||
    profileKeys?.client_secret ||
    profileKeys?.auth_type;
  if (credentials) add('ok', 'credentials for the provider are configured (their values are not printed)');
  else
    add(
      'warn',
      'no DATABRICKS_TOKEN, DATABRICKS_CLIENT_ID/DATABRICKS_CLIENT_SECRET, ARM_* or profile credentials: plan works only if another method (for example the Azure CLI) authenticates',
    );

  if (env.agentCredentials.enabled && env.backend.type === 'local')
    add(
      'warn',
      `the state backend is local and the agents' OAuth secrets are in state in plain text: use an encrypted shared backend (s3, azurerm, gcs, remote) or agentCredentials.enabled: false`,
    );
  if (env.agentCredentials.enabled)
    add('ok', `agent secrets rotate by time_rotating: apply at least every ${applyWithinDays(env.agentCredentials)} days`);
  return findings;
}

export const doctorCommand: Command = {
  name: 'doctor',
  usage: `agent-contract doctor [model] --env <env> [--json]

Checks what can be known without a workspace — the model (default: cdktf.json's context.modelPath, ${DEFAULT_MODEL_PATH}), DATABRICKS_ACCOUNT_ID,
the Databricks profile the provider would read (DATABRICKS_CONFIG_PROFILE, DATABRICKS_CONFIG_FILE), the provider's credentials,
the state backend — then prints every precondition of the workspace with the command that checks it.
Exit 0 when nothing failed, 1 when a check failed or the model is invalid, 2 for usage errors. Never prints a secret.
--json prints on stdout (src/cli/json-output.ts):
  { model, environment, findings: [{ status: 'ok' | 'warn' | 'FAIL', message }],
    preconditions: [{ id, what, check, enforcement: 'plan' | 'stack' | 'person' }], failed }`,
  run(argv, io) {
    const { positionals, options } = parseArgs(argv, ['env'], ['json']);
    if (positionals.length > 1) throw new UsageError(`doctor takes one model path, got ${positionals.length}`);
    const modelPath = positionals[0] ?? defaultModelPath();
    const model = loadModelFile(modelPath);
    const team = environmentArg(model, options.env);
    const env = team.environment;
    const findings = offlineFindings(env, process.env, homedir());
    const failed = findings.filter((finding) => finding.status === 'FAIL').length;
    if (options.json) {
      const json: DoctorJson = { model: modelPath, environment: env.name, findings, preconditions: deployPreconditions(team), failed };
      writeJson(io, json);
      return failed ? EXIT_INVALID : EXIT_OK;
    }
    const lines = [`agent-contract doctor: environment ${env.name} of ${modelPath}`, '', 'Checked here:'];
    for (const finding of findings) lines.push(`  ${finding.status.padEnd(4)}  ${finding.message}`);
    lines.push(
      '',
      'Check on the workspace before deploying ("(plan)": the plan itself stops when it does not hold; "(stack)": the stack grants it):',
    );
    for (const precondition of deployPreconditions(team)) {
      const mark = precondition.enforcement === 'person' ? '' : `(${precondition.enforcement}) `;
      lines.push(`  [ ] ${mark}${precondition.what}`, `      check: ${precondition.check}`);
    }
    lines.push(
      '',
      failed ? `${failed} check${failed === 1 ? '' : 's'} failed: fix ${failed === 1 ? 'it' : 'them'} before plan` : 'Nothing failed here.',
    );
    (failed ? io.stderr : io.stdout).write(`${lines.join('\n')}\n`);
    return failed ? EXIT_INVALID : EXIT_OK;
  },
};
