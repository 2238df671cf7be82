// Bulk intake formats: a CSV file (one row per notification) or JSON (`{ "notifications": [...] }` or a bare
// array), both turned into raw notifications for the schema to check row by row. A file that cannot be read
// at all (no header, an unknown column, broken JSON) is refused as a whole; anything else is per row.
import { ValidationError } from '../../kernel/errors.ts';
// The identity engine's RFC 4180 reader (quoted fields with commas, quotes and line breaks).
import { forEachCsvRow } from '../../platform/csv.ts';

export const CSV_MAX_CHILDREN = 6;
export const CSV_MAX_ADULTS = 4;

export interface RawRow {
  /** 1 for the first notification (the CSV header is not counted). */
  row: number;
  raw: unknown;
}

const BASE_COLUMNS = ['police_reference', 'occurred_at', 'la_code', 'incident_type', 'factors', 'summary'] as const;
const PERSON_PARTS: Record<string, string> = { forenames: 'forenames', surname: 'surname', dob: 'dateOfBirth', sex: 'sex', local_id: 'localId', role: 'role' };

function knownColumn(name: string): boolean {
  if ((BASE_COLUMNS as readonly string[]).includes(name)) return true;
  const m = /^(child|adult)_(\d+)_(forenames|surname|dob|sex|local_id|role)$/.exec(name);
  if (!m) return false;
  const n = Number(m[2]);
  if (m[1] === 'child') return n >= 1 && n <= CSV_MAX_CHILDREN && m[3] !== 'role';
  return n >= 1 && n <= CSV_MAX_ADULTS;
}

/** The CSV header Safehub writes and reads (optional sex and local_id columns may be added per person). */
export function csvHeader(): string[] {
  const cols: string[] = [...BASE_COLUMNS];
  for (let i = 1; i <= CSV_MAX_CHILDREN; i++) cols.push(`child_${i}_forenames`, `child_${i}_surname`, `child_${i}_dob`);
  for (let i = 1; i <= CSV_MAX_ADULTS; i++) cols.push(`adult_${i}_forenames`, `adult_${i}_surname`, `adult_${i}_dob`, `adult_${i}_role`);
  return cols;
}

export function rowsFromCsv(text: string): RawRow[] {
  let header: string[] | undefined;
  const rows: RawRow[] = [];
  forEachCsvRow(text, (fields) => {
    if (!header) {
      header = fields.map((f) => f.trim().toLowerCase());
      const unknown = header.filter((h) => !knownColumn(h));
      if (unknown.length) throw new ValidationError({ content: `The file has a column Safehub does not recognise: ${unknown.slice(0, 3).map((c) => c.slice(0, 40)).join(', ')}` });
      for (const required of ['police_reference', 'occurred_at', 'la_code', 'incident_type', 'summary', 'child_1_forenames', 'child_1_surname']) {
        if (!header.includes(required)) throw new ValidationError({ content: `The file has no ${required} column. The first line must be the header` });
      }
      return;
    }
    const cell = (name: string) => {
      const i = header!.indexOf(name);
      return i >= 0 ? (fields[i] ?? '') : '';
    };
    const people = (kind: 'child' | 'adult', max: number) => {
      const list: Record<string, string>[] = [];
      for (let n = 1; n <= max; n++) {
        const person: Record<string, string> = {};
        let any = false;
        for (const [part, key] of Object.entries(PERSON_PARTS)) {
          if (kind === 'child' && part === 'role') continue;
          const value = cell(`${kind}_${n}_${part}`);
          if (value.trim()) any = true;
          person[key] = value;
        }
        if (any) list.push(person);
      }
      return list;
    };
    const factors = cell('factors')
      .split('|')
      .map((f) => f.trim())
      .filter(Boolean);
    rows.push({
      row: rows.length + 1,
      raw: {
        policeReference: cell('police_reference'),
        occurredAt: cell('occurred_at'),
        laCode: cell('la_code'),
        incidentType: cell('incident_type').trim(),
        factors,
        summary: cell('summary'),
        children: people('child', CSV_MAX_CHILDREN),
        adults: people('adult', CSV_MAX_ADULTS),
      },
    });
  });
  if (!header) throw new ValidationError({ content: 'The file is empty' });
  return rows;
}

export function rowsFromJson(text: string): RawRow[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    throw new ValidationError({ content: 'The file is not valid JSON' });
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { notifications?: unknown })?.notifications;
  if (!Array.isArray(list)) throw new ValidationError({ content: 'The JSON must be a list of notifications, or an object with a "notifications" list' });
  return list.map((raw, i) => ({ row: i + 1, raw }));
}

const FIELD_TO_COLUMN: Record<string, string> = {
  policeReference: 'police_reference',
  occurredAt: 'occurred_at',
  laCode: 'la_code',
  incidentType: 'incident_type',
  factors: 'factors',
  summary: 'summary',
  children: 'child_1_forenames',
};
const PART_TO_COLUMN: Record<string, string> = { forenames: 'forenames', surname: 'surname', dateOfBirth: 'dob', sex: 'sex', localId: 'local_id', role: 'role' };

/** Names a field error by the CSV column it came from ('children.0.dateOfBirth' → 'child_1_dob'). */
export function csvColumnOf(field: string): string {
  const m = /^(children|adults)\.(\d+)\.(\w+)$/.exec(field);
  if (m) return `${m[1] === 'children' ? 'child' : 'adult'}_${Number(m[2]) + 1}_${PART_TO_COLUMN[m[3]!] ?? m[3]}`;
  return FIELD_TO_COLUMN[field.split('.')[0]!] ?? field;
}
