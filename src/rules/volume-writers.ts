// DAC-UC6: WRITE_VOLUME only for a volume's writers (and its owner while the deployer keeps ownership): landed files
// are the ingest's input, and anyone who can write them can feed the pipeline.
import { NOT_APPLICABLE, grantsOf, verdict, type GuardrailRule } from './rule';

export const volumeWriters: GuardrailRule = {
  id: 'DAC-UC6',
  summary: "volumes: WRITE_VOLUME for nobody but the volume's writers in the model, and never on a schema or catalog",
  checks: "`WRITE_VOLUME` only for a volume's writers in the model (its owner too while the deployer owns), never on a schema or catalog.",
  why: "Landed files are the ingest's input: anyone who can write them can feed the pipeline.",
  fix: "Grant `WRITE_VOLUME` on each volume to that volume's writers, add the grantee to the volume's writers in the model, or declare the volume under its schema's `volumes`.",
  check(element, context) {
    if (element.type !== 'databricks_grants' && element.type !== 'databricks_grant') return NOT_APPLICABLE;
    const onVolume = typeof element.config.volume === 'string';
    // On a schema or catalog, WRITE_VOLUME flows down to every volume below (docs/resources/grants.md): no writer list covers that.
    if (!onVolume && typeof element.config.schema !== 'string' && typeof element.config.catalog !== 'string') return NOT_APPLICABLE;
    // A volume the model does not declare has no writers: any WRITE_VOLUME on it is flagged (fails closed).
    const derived = onVolume ? context.derivedAccessOf(element) : undefined;
    const messages: string[] = [];
    for (const entry of grantsOf(element)) {
      if (!entry.privileges.includes('WRITE_VOLUME')) continue;
      const grantee = context.agentOf(entry.principal) ?? entry.principal;
      if (!onVolume) {
        messages.push(
          `${grantee} holds WRITE_VOLUME on a whole ${element.config.schema !== undefined ? 'schema' : 'catalog'}, so on every volume below it: grant it on each volume to that volume's writers`,
        );
        continue;
      }
      if (derived?.grants.find((g) => g.grantee === grantee)?.privileges.includes('WRITE_VOLUME')) continue;
      messages.push(
        derived
          ? `${grantee} holds WRITE_VOLUME but is not a writer of volume ${derived.securable.name} in the model: add it to the volume's writers or remove the grant`
          : `${grantee} holds WRITE_VOLUME on a volume the model does not declare: declare the volume under its schema's volumes, or remove the grant`,
      );
    }
    return verdict(messages);
  },
};
