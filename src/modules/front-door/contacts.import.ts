// Contacts in bulk: a JSON batch from a partner system (POST /api/v1/contacts/batch) or a CSV file (one row per
// contact: POST /api/v1/contacts/import). Every row goes through the same schema and the same ContactsService.submit
// as a single contact, so it is matched, alerted and audited the same way. Bulk work never stops halfway (DESIGN
// section 6): each row is created, unchanged (its external reference was seen before: re-sending changes nothing)
// or rejected with its reasons, and the good rows load whatever the bad ones do. A file that cannot be read at all
// (no header, unknown or missing columns) is refused as a whole, with one message.
//
// Error messages name fields (CSV columns, for a file) and never repeat the values given, so a rejected row's
// reasons carry no personal data.
//
// The CSV format (docs/examples/contacts.csv is a complete example):
//   - UTF-8, comma-separated, RFC 4180 quoting (a quoted field may hold commas, quotes and line breaks);
//   - the first line is the header; columns may come in any order; optional columns may be left out;
//   - one row per contact; `indicators` lists codes separated by `|`;
//   - children in child_1_… to child_4_…, adults in adult_1_… to adult_3_… (each with adult_N_relationship);
//     a person whose columns are all empty is left out;
//   - row numbers in results are the file's line numbers (the header is line 1).
import type { Actor } from '../../kernel/actor.ts';
import { AppError, ForbiddenError, UnauthenticatedError, ValidationError, type FieldErrors } from '../../kernel/errors.ts';
import { parseOrThrow } from '../../platform/forms.ts';
import { forEachCsvRow } from '../../platform/csv.ts';
import type { ContactsService } from './contacts.service.ts';
import { contactInputSchema } from './front-door.forms.ts';

/** The most contacts one JSON batch may carry. */
export const MAX_CONTACT_BATCH = 500;
/** The largest CSV file or JSON batch accepted (bytes). */
export const CONTACT_IMPORT_BODY_LIMIT = 5 * 1_048_576;
export const CSV_MAX_CHILDREN = 4;
export const CSV_MAX_ADULTS = 3;

/** A bulk row: as a partner system sends it, an external reference is required (it makes re-sending harmless). */
export const contactBatchRowSchema = contactInputSchema.extend({
  externalReference: contactInputSchema.shape.externalReference.refine((v) => v !== null, "Enter your system's own reference for the contact"),
});

export type RowStatus = 'created' | 'unchanged' | 'rejected';

export interface ContactRowResult {
  /** The position in a JSON batch (from 1), or the line number in a CSV file (the header is line 1). */
  row: number;
  status: RowStatus;
  contactId?: string;
  reference?: string;
  errors?: FieldErrors;
}

export interface ContactImportResult {
  received: number;
  created: number;
  unchanged: number;
  rejected: number;
  results: ContactRowResult[];
}

export interface RawContactRow {
  row: number;
  raw: unknown;
  /** Renames a field error ('children.0.dateOfBirth') for the sender (a CSV column). */
  fieldName?: (field: string) => string;
  /** A problem found while reading the row (a CSV row of the wrong width). */
  unreadable?: FieldErrors;
}

/**
 * Submits each row in turn. Only a refusal of the actor itself (not signed in, no permission) stops the batch:
 * that is the same for every row, and is answered once.
 */
export async function submitContactRows(service: ContactsService, actor: Actor, rows: RawContactRow[]): Promise<ContactImportResult> {
  const results: ContactRowResult[] = [];
  for (const { row, raw, fieldName, unreadable } of rows) {
    const rename = (errors: FieldErrors): FieldErrors => (fieldName ? Object.fromEntries(Object.entries(errors).map(([k, v]) => [fieldName(k), v])) : errors);
    if (unreadable) {
      results.push({ row, status: 'rejected', errors: unreadable });
      continue;
    }
    try {
      const input = parseOrThrow(contactBatchRowSchema, raw);
      const submitted = await service.submit(actor, input);
      results.push({ row, status: submitted.created ? 'created' : 'unchanged', contactId: submitted.contactId, reference: submitted.reference });
    } catch (error) {
      if (error instanceof ForbiddenError || error instanceof UnauthenticatedError) throw error;
      if (error instanceof ValidationError) results.push({ row, status: 'rejected', errors: rename(error.fields) });
      else if (error instanceof AppError && error.status < 500) results.push({ row, status: 'rejected', errors: { _row: error.message } });
      else throw error;
    }
  }
  return {
    received: rows.length,
    created: results.filter((r) => r.status === 'created').length,
    unchanged: results.filter((r) => r.status === 'unchanged').length,
    rejected: results.filter((r) => r.status === 'rejected').length,
    results,
  };
}

/** A JSON batch: rows are numbered from 1 in the order sent; errors name the schema's fields. */
export async function importContactBatch(service: ContactsService, actor: Actor, contacts: unknown[]): Promise<ContactImportResult> {
  if (contacts.length > MAX_CONTACT_BATCH) throw new ValidationError({ contacts: `Send ${MAX_CONTACT_BATCH} contacts or fewer` });
  return submitContactRows(
    service,
    actor,
    contacts.map((raw, i) => ({ row: i + 1, raw })),
  );
}

// -- CSV ---------------------------------------------------------------------------------------------------------

const CONTACT_COLUMNS = [
  'la_code',
  'source',
  'external_reference',
  'referrer_name',
  'referrer_role',
  'referrer_phone',
  'referrer_email',
  'concern',
  'indicators',
  'consent',
  'consent_is_childs_own',
  'consent_exception',
  'consent_reason',
  'consent_authorised_by',
] as const;
const PERSON_PARTS = ['forenames', 'surname', 'dob', 'sex', 'nhs_number', 'postcode', 'address'] as const;
const PART_FIELDS: Record<string, string> = { forenames: 'forenames', surname: 'surname', dob: 'dateOfBirth', sex: 'sex', nhs_number: 'nhsNumber', postcode: 'postcode', address: 'address', relationship: 'relationship' };
const FIELD_PARTS: Record<string, string> = Object.fromEntries(Object.entries(PART_FIELDS).map(([part, field]) => [field, part]));

/** The columns a file must have. */
export const REQUIRED_CSV_COLUMNS = ['la_code', 'source', 'external_reference', 'referrer_name', 'concern', 'indicators', 'consent', 'child_1_forenames', 'child_1_surname'] as const;

/** Every column the importer reads, in the order Safehub writes them. */
export function contactCsvColumns(): string[] {
  const columns: string[] = [...CONTACT_COLUMNS];
  for (let n = 1; n <= CSV_MAX_CHILDREN; n++) columns.push(...PERSON_PARTS.map((p) => `child_${n}_${p}`));
  for (let n = 1; n <= CSV_MAX_ADULTS; n++) columns.push(...PERSON_PARTS.map((p) => `adult_${n}_${p}`), `adult_${n}_relationship`);
  return columns;
}
const KNOWN_COLUMNS = new Set(contactCsvColumns());

const CONTACT_FIELD_COLUMNS: Record<string, string> = {
  laCode: 'la_code',
  source: 'source',
  externalReference: 'external_reference',
  'referrer.name': 'referrer_name',
  'referrer.role': 'referrer_role',
  'referrer.phone': 'referrer_phone',
  'referrer.email': 'referrer_email',
  concern: 'concern',
  indicators: 'indicators',
  consent: 'consent',
  'consent.position': 'consent',
  'consent.isChildsOwn': 'consent_is_childs_own',
  'consent.exception': 'consent_exception',
  'consent.reason': 'consent_reason',
  'consent.authorisedBy': 'consent_authorised_by',
  children: 'child_1_forenames',
  adults: 'adult_1_forenames',
};

function checkHeader(header: string[]): void {
  // Unknown columns are named by position, not by what they say: a file without a header would otherwise put
  // its first row's names and dates into the message.
  const unknown = header.map((name, i) => (KNOWN_COLUMNS.has(name) ? 0 : i + 1)).filter((position) => position > 0);
  const duplicated = header.filter((name, i) => KNOWN_COLUMNS.has(name) && header.indexOf(name) !== i);
  const missing = REQUIRED_CSV_COLUMNS.filter((c) => !header.includes(c));
  const problems: string[] = [];
  if (unknown.length) problems.push(`${unknown.length === 1 ? 'column' : 'columns'} ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ' and others' : ''} ${unknown.length === 1 ? 'is not a column' : 'are not columns'} Safehub recognises`);
  if (duplicated.length) problems.push(`${[...new Set(duplicated)].join(', ')} ${duplicated.length === 1 ? 'appears' : 'appear'} more than once`);
  if (missing.length) problems.push(`${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing`);
  if (problems.length) {
    throw new ValidationError({ header: `The first line must be the header, with the columns shown in docs/examples/contacts.csv: ${problems.join('; ')}` });
  }
}

const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0', '']);

/**
 * Reads a contacts CSV into rows for `submitContactRows`. Throws one ValidationError when the file cannot be read
 * as a whole (empty, an unreadable header, a quoted field that never ends); anything else is judged row by row.
 */
export function contactRowsFromCsv(text: string): RawContactRow[] {
  let header: string[] | undefined;
  const rows: RawContactRow[] = [];
  forEachCsvRow(text, (fields, line) => {
    if (!header) {
      header = fields.map((f) => f.trim().toLowerCase());
      checkHeader(header);
      return;
    }
    if (fields.length !== header.length) {
      rows.push({ row: line, raw: null, unreadable: { _row: `The row has ${fields.length} fields where the header has ${header.length}` } });
      return;
    }
    const cell = (name: string): string => {
      const i = header!.indexOf(name);
      return i >= 0 ? fields[i]!.trim() : '';
    };
    const optional = (name: string): string | null => cell(name) || null;

    // Which person columns (child_3, …) each listed child and adult came from, to name errors by column.
    const numbers = { children: [] as number[], adults: [] as number[] };
    const people = (kind: 'child' | 'adult', max: number) => {
      const list: Record<string, unknown>[] = [];
      for (let n = 1; n <= max; n++) {
        const parts = kind === 'adult' ? [...PERSON_PARTS, 'relationship'] : [...PERSON_PARTS];
        if (!parts.some((p) => cell(`${kind}_${n}_${p}`))) continue;
        const person: Record<string, unknown> = {};
        for (const part of parts) {
          const value = optional(`${kind}_${n}_${part}`);
          if (part === 'forenames' || part === 'surname') person[PART_FIELDS[part]!] = value ?? '';
          else if (part === 'sex') person.sex = value?.toUpperCase() ?? null;
          else if (part === 'relationship') person.relationship = value ?? undefined;
          else person[PART_FIELDS[part]!] = value;
        }
        list.push(person);
        numbers[kind === 'child' ? 'children' : 'adults'].push(n);
      }
      return list;
    };
    const childsOwn = cell('consent_is_childs_own').toLowerCase();
    const raw = {
      laCode: cell('la_code'),
      source: cell('source').toUpperCase(),
      externalReference: optional('external_reference'),
      referrer: { name: cell('referrer_name'), role: optional('referrer_role'), phone: optional('referrer_phone'), email: optional('referrer_email') },
      concern: cell('concern'),
      indicators: cell('indicators')
        .split('|')
        .map((i) => i.trim().toLowerCase())
        .filter(Boolean),
      consent: {
        position: cell('consent').toLowerCase() || undefined,
        isChildsOwn: YES.has(childsOwn) ? true : NO.has(childsOwn) ? false : 'invalid',
        exception: optional('consent_exception')?.toLowerCase() ?? null,
        reason: optional('consent_reason'),
        authorisedBy: optional('consent_authorised_by'),
      },
      children: people('child', CSV_MAX_CHILDREN),
      adults: people('adult', CSV_MAX_ADULTS),
    };
    const fieldName = (field: string): string => {
      const person = /^(children|adults)\.(\d+)\.(\w+)/.exec(field);
      if (person) {
        const n = numbers[person[1] as 'children' | 'adults'][Number(person[2])] ?? Number(person[2]) + 1;
        return `${person[1] === 'children' ? 'child' : 'adult'}_${n}_${FIELD_PARTS[person[3]!] ?? person[3]}`;
      }
      if (field === 'consent.isChildsOwn') return 'consent_is_childs_own';
      return CONTACT_FIELD_COLUMNS[field] ?? CONTACT_FIELD_COLUMNS[field.split('.')[0]!] ?? field;
    };
    const unreadable = raw.consent.isChildsOwn === 'invalid' ? { consent_is_childs_own: 'Enter yes or no for whether the consent is the child’s own' } : undefined;
    rows.push({ row: line, raw, fieldName, unreadable });
  });
  if (!header) throw new ValidationError({ file: 'The file is empty: it needs a header line and a line for each contact' });
  return rows;
}

/** Imports a contacts CSV (see the format above): one result per row, by line number. */
export async function importContactsCsv(service: ContactsService, actor: Actor, csvText: string): Promise<ContactImportResult> {
  return submitContactRows(service, actor, contactRowsFromCsv(csvText));
}
