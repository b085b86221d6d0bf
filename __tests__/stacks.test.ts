import { modelFrom, synth, synthJson, synthText, withoutBlobs } from './helpers';

const model = modelFrom();

describe.each(['dev', 'prod'])('the %s stack', (env) => {
  const out = synth(model, env);
  const json = out.json;

  it('configures the provider with the workspace host and no credentials', () => {
    expect(json.provider.databricks).toEqual([{ host: model.environments[env].workspaceUrl }]);
  });

  it('holds no secret anywhere', () => {
    expect(synthText(model, env)).not.toMatch(/"(token|password|client_secret|azure_client_secret)"\s*:/);
  });

  it('creates a service principal per agent with a stack-created identity, named <project>-<agent>', () => {
    const principals = out.byPath('databricks_service_principal');
    expect(principals['identities/orchestrator']).toMatchObject({ display_name: 'lakehouse-agents-orchestrator', active: true });
    // 14 agents with created identities, plus the runtime guard's own principal.
    expect(Object.keys(principals).filter((path) => path.startsWith('identities/'))).toHaveLength(14);
    expect(principals['compute/runtime-guard/identity']).toMatchObject({ display_name: 'lakehouse-agents-runtime-guard' });
    expect(principals['identities/workspace-admin']).toBeUndefined();
  });

  it('looks up existing service principals by application id', () => {
    expect(Object.values(json.data?.databricks_service_principal ?? {})).toEqual([
      expect.objectContaining({ application_id: '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b' }),
    ]);
  });

  it('matches its snapshot', () => {
    expect(withoutBlobs(json)).toMatchSnapshot();
  });
});

describe('backends', () => {
  it('keeps dev state locally and prod state in azurerm, as the model says', () => {
    expect(synthJson(model, 'dev').terraform.backend).toEqual({ local: { path: 'terraform.dev.tfstate' } });
    expect(synthJson(model, 'prod').terraform.backend).toEqual({
      azurerm: {
        container_name: 'tfstate',
        key: 'agent-contract/prod.tfstate',
        resource_group_name: 'rg-lakehouse-tfstate',
        storage_account_name: 'stlakehousetfstate',
      },
    });
  });

  it.each([
    [
      { type: 's3', bucket: 'tf', key: 'dev.tfstate', region: 'eu-west-1', useLockfile: true },
      { s3: { bucket: 'tf', encrypt: true, key: 'dev.tfstate', region: 'eu-west-1', use_lockfile: true } },
    ],
    [{ type: 'gcs', bucket: 'tf', prefix: 'agents' }, { gcs: { bucket: 'tf', prefix: 'agents' } }],
    [
      { type: 'remote', organization: 'acme', workspace: 'agents-dev' },
      { remote: { hostname: 'app.terraform.io', organization: 'acme', workspaces: { name: 'agents-dev' } } },
    ],
  ])('selects the %o backend', (backend, expected) => {
    const custom = modelFrom((d) => (d.environments.dev.backend = backend));
    expect(synthJson(custom, 'dev').terraform.backend).toEqual(expected);
  });
});

describe('determinism', () => {
  it('produces byte-identical output for two synths of the same model', () => {
    expect(synthText(modelFrom(), 'prod')).toBe(synthText(modelFrom(), 'prod'));
  });
});

describe('protection', () => {
  it('protects created service principals from destroy in protected environments only', () => {
    const dev = synth(model, 'dev').byPath('databricks_service_principal');
    const prod = synth(model, 'prod').byPath('databricks_service_principal');
    expect(dev['identities/orchestrator'].lifecycle).toBeUndefined();
    expect(prod['identities/orchestrator'].lifecycle).toEqual({ prevent_destroy: true });
  });
});
