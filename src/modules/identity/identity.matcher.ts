// What the registry needs from a matching engine: ranked candidate source records for a query,
// an index kept in step with the database, and the probabilities that bound the three bands.
import type { PersonFields } from './identity.forms.ts';
import type { FieldEvidence } from './identity.tables.ts';

/** The fields the engine compares, taken from a record or a search (anything with the identity fields). */
export function matchQueryOf(r: MatchQuery): MatchQuery {
  return {
    forenames: r.forenames,
    surname: r.surname,
    aliases: r.aliases,
    dateOfBirth: r.dateOfBirth,
    sex: r.sex,
    nhsNumber: r.nhsNumber,
    upn: r.upn,
    postcode: r.postcode,
    address: r.address,
    previousAddresses: r.previousAddresses,
  };
}

/** The identity fields the engine compares: those of a person search (and of every source record). */
export type MatchQuery = PersonFields;

export type MatchBand = 'link' | 'review' | 'reject';

export interface RecordCandidate {
  sourceRecordId: string;
  probability: number;
  evidence: FieldEvidence[];
  /** The engine's band when it decides on more than the probability (corroboration, twins); else from `bands`. */
  band?: MatchBand;
}

export interface MatchBands {
  /** At or above: link automatically (chosen for precision ≥ 0.999 on held-out data). */
  autoLink: number;
  /** At or above (and below autoLink): a person decides in clerical review. Below: a new person. */
  review: number;
}

export interface PersonMatcher {
  readonly bands: MatchBands;
  /** The best-scoring indexed records for the query, highest first, excluding `excludeIds`. */
  candidates(query: MatchQuery, limit: number, excludeIds?: ReadonlySet<string>): RecordCandidate[];
  /** Adds or replaces a record in the index. */
  upsert(sourceRecordId: string, record: MatchQuery): void;
  /** Builds the index from many records at once (faster than adding them one by one), replacing what it held. */
  load?(records: Iterable<{ id: string; query: MatchQuery }>): void;
  remove(sourceRecordId: string): void;
  size(): number;
}
