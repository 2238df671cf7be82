// Reading person records from CSV for batch linking: the platform's RFC 4180 reader and a column map from the file's columns to PersonRecord fields, given on the command line as
// `first_name=COL,surname=COL,dob=COL,...`. Bulk input never stops halfway: rows that cannot be used are returned
// with a reason, and the rest are read.
import { readFileSync } from 'node:fs';
import { ValidationError } from '../../../kernel/errors.ts';
import { forEachCsvRow } from '../../../platform/csv.ts';
import type { PersonRecord } from './prepare.ts';

export { csvField, forEachCsvRow } from '../../../platform/csv.ts';

/** The record fields a column map can fill. Several columns for one field are joined (names) or listed (postcodes). */
export const MAPPABLE_FIELDS = ['forenames', 'surname', 'dob', 'sex', 'nhsNumber', 'upn', 'postcodes', 'addresses', 'aliases', 'email', 'city'] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];
export type FieldMap = Partial<Record<MappableField, string[]>>;

const FIELD_NAMES: Record<string, MappableField> = {
  first_name: 'forenames',
  firstname: 'forenames',
  forename: 'forenames',
  forenames: 'forenames',
  given_name: 'forenames',
  given_names: 'forenames',
  surname: 'surname',
  last_name: 'surname',
  family_name: 'surname',
  dob: 'dob',
  date_of_birth: 'dob',
  sex: 'sex',
  gender: 'sex',
  nhs: 'nhsNumber',
  nhs_number: 'nhsNumber',
  nhsnumber: 'nhsNumber',
  upn: 'upn',
  postcode: 'postcodes',
  postcodes: 'postcodes',
  address: 'addresses',
  addresses: 'addresses',
  aliases: 'aliases',
  alias: 'aliases',
  email: 'email',
  city: 'city',
  town: 'city',
};

/**
 * Parse `first_name=COL,surname=COL,dob=COL,...`. A field may take several columns joined by '+'
 * (`first_name=forename+middle_names`). Field names are the PersonRecord's or their usual CSV spellings.
 */
export function parseFieldMap(spec: string): FieldMap {
  const map: FieldMap = {};
  const errors: Record<string, string> = {};
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim();
    const field = FIELD_NAMES[key.toLowerCase()] ?? (MAPPABLE_FIELDS as readonly string[]).find((f) => f === key);
    if (!field) {
      errors.map = `Unknown field "${key}" in --map. Use: ${Object.keys(FIELD_NAMES).join(', ')}`;
      continue;
    }
    const columns = (eq < 0 ? key : part.slice(eq + 1)).split('+').map((c) => c.trim()).filter(Boolean);
    if (columns.length === 0) errors.map = `Give a column for "${key}" in --map`;
    map[field as MappableField] = columns;
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  if (!map.forenames && !map.surname) throw new ValidationError({ map: 'The --map must name a column for first_name or surname' });
  return map;
}

export interface RejectedRow {
  line: number;
  reason: string;
}

export interface ReadResult {
  records: PersonRecord[];
  rejected: RejectedRow[];
}

/** Split an alias list ('Nia Thomas|N Powell') into names: the last word is the surname. */
function parseAliases(value: string): { forenames: string | null; surname: string | null }[] {
  return value
    .split('|')
    .map((a) => a.trim())
    .filter(Boolean)
    .map((a) => {
      const words = a.split(/\s+/);
      return words.length === 1 ? { forenames: null, surname: words[0]! } : { forenames: words.slice(0, -1).join(' '), surname: words.at(-1)! };
    });
}

/** Person records from CSV text, with the id column and the column map. */
export function personRecordsFromCsv(text: string, idColumn: string, map: FieldMap): ReadResult {
  const records: PersonRecord[] = [];
  const rejected: RejectedRow[] = [];
  let header: string[] | null = null;
  let idAt = -1;
  const at: Partial<Record<MappableField, number[]>> = {};
  const seen = new Set<string>();
  forEachCsvRow(text, (fields, line) => {
    if (!header) {
      header = [...fields];
      idAt = header.indexOf(idColumn);
      const missing: string[] = [];
      if (idAt < 0) missing.push(idColumn);
      for (const [field, columns] of Object.entries(map) as [MappableField, string[]][]) {
        at[field] = columns.map((c) => {
          const k = header!.indexOf(c);
          if (k < 0) missing.push(c);
          return k;
        });
      }
      if (missing.length) throw new ValidationError({ map: `The file has no column named ${missing.map((m) => `"${m}"`).join(', ')}` });
      return;
    }
    if (fields.length !== header.length) {
      rejected.push({ line, reason: `has ${fields.length} fields where the header has ${header.length}` });
      return;
    }
    const id = fields[idAt]!.trim();
    if (!id) {
      rejected.push({ line, reason: 'has no id' });
      return;
    }
    if (seen.has(id)) {
      rejected.push({ line, reason: 'repeats an id already read' });
      return;
    }
    seen.add(id);
    const joined = (field: MappableField): string | null => {
      const cols = at[field];
      if (!cols) return null;
      const value = cols
        .map((k) => fields[k]!.trim())
        .filter(Boolean)
        .join(' ');
      return value || null;
    };
    const listed = (field: MappableField): string[] => (at[field] ?? []).map((k) => fields[k]!.trim()).filter(Boolean);
    const aliases = joined('aliases');
    records.push({
      id,
      forenames: joined('forenames'),
      surname: joined('surname'),
      dob: joined('dob'),
      sex: joined('sex'),
      nhsNumber: joined('nhsNumber'),
      upn: joined('upn'),
      postcodes: listed('postcodes'),
      addresses: listed('addresses'),
      aliases: aliases ? parseAliases(aliases) : undefined,
      email: joined('email'),
      city: joined('city'),
    });
  });
  if (!header) throw new ValidationError({ input: 'The file is empty: it needs a header row and at least one record' });
  return { records, rejected };
}

export function readPersonRecords(path: string, idColumn: string, map: FieldMap): ReadResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ValidationError({ input: `Cannot read the file ${path}` });
  }
  return personRecordsFromCsv(text, idColumn, map);
}
