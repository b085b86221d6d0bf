// What the workspace observes of the model's gates, and where raw files land: the volumes with their grants, the
// alerts, the quality monitors and the cost dashboard, asserted property by property on both reference plans.
import { modelFrom, synth, type Data } from './helpers';
import { deriveAccess } from '../src/access/derive';
import { accessMatrix } from '../src/access/matrix';
import { environmentOf } from '../src/model/types';

const model = modelFrom();
const dev = synth(model, 'dev');
const prod = synth(model, 'prod');

describe('volumes for landing data', () => {
  it('declares the landing volume as a managed volume owned by the ingest agent, protected in prod', () => {
    // catalog/resource_volume.go: catalog_name, schema_name, name, volume_type MANAGED|EXTERNAL, owner.
    const [volume] = Object.values(dev.byPath('databricks_volume'));
    expect(volume).toMatchObject({ name: 'landing', volume_type: 'MANAGED', owner: dev.principalOf('data-connector-specialist') });
    expect(volume.catalog_name).toContain('databricks_catalog.');
    expect(volume.schema_name).toContain('databricks_schema.');
    expect(volume.storage_location).toBeUndefined();
    expect(volume.lifecycle).toBeUndefined();
    expect(Object.values(prod.byPath('databricks_volume'))[0].lifecycle).toEqual({ prevent_destroy: true });
  });

  it('grants READ_VOLUME to its readers, WRITE_VOLUME to nobody but its owner, MANAGE to the deployer', () => {
    // docs/resources/grants.md "Volume grants": databricks_grants { volume = ... } with READ_VOLUME / WRITE_VOLUME.
    const grants = dev.byPath('databricks_grants')['unity-catalog/volume-bronze-landing/grants/grants'];
    expect(grants.volume).toMatch(/^\$\{databricks_volume\..*\.id\}$/);
    const byPrincipal = Object.fromEntries(grants.grant.map((g: Data) => [g.principal, g.privileges]));
    expect(byPrincipal).toEqual({
      [dev.principalOf('etl-pipeline-architect')]: ['READ_VOLUME'],
      [dev.principalOf('troubleshooter')]: ['READ_VOLUME'],
      '9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d': ['MANAGE'],
    });
  });

  it('lets the deployer create volumes in the schema and every volume agent reach the schema', () => {
    const bronze = deriveAccess(model).find((entry) => entry.securable.key === 'schema-bronze');
    expect(bronze?.grants.find((g) => g.grantee === '$deployer')?.privileges).toContain('CREATE_VOLUME');
    for (const agent of ['etl-pipeline-architect', 'troubleshooter']) {
      expect(bronze?.grants.find((g) => g.grantee === agent)?.reasons).toContain('reader of volume bronze.landing');
    }
  });

  it('shows the same access in the access matrix', () => {
    const matrix = accessMatrix(model, environmentOf(model, 'dev')!);
    const on = (agent: string) => matrix.find((row) => row.agent === agent)?.securables.find((s) => s.key === 'volume-bronze-landing')?.privileges;
    expect(on('data-connector-specialist')).toEqual(['OWNER']);
    expect(on('etl-pipeline-architect')).toEqual(['READ_VOLUME']);
    expect(on('spark-developer')).toBeUndefined();
  });

  it('keeps the owner on grants when the deployer stays owner', () => {
    const owned = modelFrom((d) => (d.catalog.ownership = 'deployer'));
    const volume = deriveAccess(owned).find((entry) => entry.securable.key === 'volume-bronze-landing');
    expect(volume?.owner).toBeUndefined();
    expect(volume?.grants.find((g) => g.grantee === 'data-connector-specialist')?.privileges).toEqual(['MANAGE', 'READ_VOLUME', 'WRITE_VOLUME']);
  });
});
