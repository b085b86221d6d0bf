// The seed's API contracts for bronze and silver tables, as columns every table of those layers carries.
import type { Column, TeamModel } from './types';

type Layer = TeamModel['schemas'][number]['layer'];

export const CONTRACT_COLUMNS: Readonly<Partial<Record<Layer, readonly Column[]>>> = {
  bronze: [
    { name: '_ingested_at', type: 'TIMESTAMP', comment: 'Ingestion timestamp', nullable: false },
    { name: '_source_file', type: 'STRING', comment: 'Source file path', nullable: true },
    { name: '_raw_data', type: 'STRING', comment: 'Original payload (if applicable)', nullable: true },
  ],
  silver: [
    { name: '_bronze_id', type: 'STRING', comment: 'Reference to source record', nullable: false },
    { name: '_processed_at', type: 'TIMESTAMP', comment: 'Processing timestamp', nullable: false },
    { name: '_is_valid', type: 'BOOLEAN', comment: 'Data quality flag', nullable: false },
  ],
};

export function contractColumnsFor(layer: Layer | undefined): readonly Column[] {
  return (layer && CONTRACT_COLUMNS[layer]) ?? [];
}
