// Labelled data for tests and benchmarks only: the fake_1000 linkage set and Synthetic London output read into
// person records with their true person. Ground truth never reaches the engine's matching; it is passed to the
// evaluation (DedupeOptions.truth) alone.
import { fileURLToPath } from 'node:url';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forEachCsvRow, personRecordsFromCsv, type FieldMap } from './csv.ts';
import type { PersonRecord } from './prepare.ts';

export interface LabelledRecords {
  records: PersonRecord[];
  /** The true person of each record, in the same order. */
  truth: string[];
}

/** The column map for Synthetic London's source_records.csv (safehub generate). */
export const SYNTHETIC_SOURCE_MAP: FieldMap = {
  forenames: ['forename', 'middle_names'],
  surname: ['surname'],
  dob: ['dob'],
  sex: ['sex'],
  nhsNumber: ['nhs_number'],
  upn: ['upn'],
  postcodes: ['postcode'],
  addresses: ['address'],
  aliases: ['aliases'],
};

/** The column map for the fake_1000 linkage set. */
export const FAKE_1000_MAP: FieldMap = {
  forenames: ['first_name'],
  surname: ['surname'],
  dob: ['dob'],
  city: ['city'],
  email: ['email'],
};

/** Where the shared linkage data lives (FAKE_1000_PATH overrides). */
export const FAKE_1000_PATH = process.env.FAKE_1000_PATH ?? fileURLToPath(new URL('../../../../test/fixtures/linkage/fake_1000.csv', import.meta.url));

/** fake_1000: 1,000 records of 251 people, labelled by `cluster`. */
export function loadFake1000(path = FAKE_1000_PATH): LabelledRecords {
  const text = readFileSync(path, 'utf8');
  const { records } = personRecordsFromCsv(text, 'unique_id', FAKE_1000_MAP);
  const cluster = new Map<string, string>();
  let header: string[] | null = null;
  forEachCsvRow(text, (f) => {
    if (!header) header = [...f];
    else cluster.set(f[header.indexOf('unique_id')]!, f[header.indexOf('cluster')]!);
  });
  return { records, truth: records.map((r) => cluster.get(r.id)!) };
}

/** Synthetic London output in a directory: source_records.csv with ground_truth.csv. */
export function loadSyntheticOutput(dir: string): LabelledRecords {
  const { records } = personRecordsFromCsv(readFileSync(join(dir, 'source_records.csv'), 'utf8'), 'record_id', SYNTHETIC_SOURCE_MAP);
  const person = new Map<string, string>();
  let header = true;
  forEachCsvRow(readFileSync(join(dir, 'ground_truth.csv'), 'utf8'), (f) => {
    if (header) header = false;
    else person.set(f[0]!, f[1]!);
  });
  return { records, truth: records.map((r) => person.get(r.id)!) };
}

/** A temporary directory, removed after `fn` whatever happens. */
export async function withTemporaryDirectory<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
