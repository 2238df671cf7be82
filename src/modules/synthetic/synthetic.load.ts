// Synthetic London into the database: the agency source records of a synthetic population, as the identity
// module's bulk loader takes them. People are made by matching (the clusterer), never from ground truth.
import type { BulkSourceRecord } from '../identity/index.ts';
import { sourceRecordSchema } from '../identity/index.ts';
import { resolveSynthesis, synthesiseLondon, type SynthesisOptions } from './synthesise.ts';

export interface SyntheticRecords {
  records: BulkSourceRecord[];
  /** Rows the identity rules refused (the generator's output should give none). */
  invalid: { recordId: string; fields: string[] }[];
  people: number;
}

/**
 * The agency records of a synthesis. With `history`, the records the practice history adds too (children's social
 * care and police open records as contacts arrive, which moves those agencies' later local ids): a database whose
 * history is to be loaded must hold these.
 */
export function syntheticSourceRecords(options: SynthesisOptions & { history?: boolean }): SyntheticRecords {
  const s = resolveSynthesis({ ...options, history: options.history ?? false });
  const records: BulkSourceRecord[] = [];
  const invalid: SyntheticRecords['invalid'] = [];
  let people = 0;
  for (const bundle of synthesiseLondon(s)) {
    for (const household of bundle.households) people += household.members.length;
    for (const { entry, recorded: r } of bundle.records) {
      const parsed = sourceRecordSchema.safeParse({
        localId: entry.localId,
        recordKind: entry.kind,
        forenames: [r.forename, r.middleNames].filter(Boolean).join(' '),
        surname: r.surname,
        aliases: r.aliases ? r.aliases.split('|').filter(Boolean) : [],
        dateOfBirth: r.dob || null,
        sex: r.sex || null,
        nhsNumber: r.nhsNumber || null,
        upn: r.upn || null,
        postcode: r.postcode || null,
        address: r.addressLine || null,
        laCode: r.laCode || null,
      });
      if (parsed.success) records.push({ agencyCode: entry.agencyCode, record: parsed.data });
      else invalid.push({ recordId: entry.id, fields: parsed.error.issues.map((i) => i.path.join('.')) });
    }
  }
  return { records, invalid, people };
}
