// Input schemas for child protection (conferences, plans, core groups, reviews, the birth of an unborn child), with
// GOV.UK-style messages, and the helpers that turn a page's fields into those inputs. The service parses every input
// with the same schemas, so a page, the API or a script is judged the same way.
import { z } from 'zod';
import { ValidationError, type FieldErrors } from '../../kernel/errors.ts';
import { asArray, optionalText } from '../../platform/forms.ts';
import { CATEGORIES, ICPC_OUTCOMES, PLAN_END_REASONS } from './casework.domain.ts';

const keys = <T extends object>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

/** How many attendance rows the forms offer: enough for a conference, and the page works without JavaScript. */
export const ATTENDANCE_ROWS = 8;

/** The agency choice for someone at a conference who is not from a listed agency. */
export const FAMILY_AGENCY = 'family';
export const OTHER_AGENCY = 'other';
export const FAMILY_AGENCY_NAME = 'Family member or carer';

/** Cross-field checks run even when another field has failed, so the page shows every error at once. */
const always = (payload: { value: unknown }) => typeof payload.value === 'object' && payload.value !== null;

const isRealDay = (v: string) => {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
};

const day = (missing: string) => z.string({ error: missing }).trim().min(1, missing).regex(/^\d{4}-\d{2}-\d{2}$/, missing).refine(isRealDay, 'The date must be a real date');

/** Someone invited to a conference or core group. A listed agency's name is filled in from the directory. */
export const participantSchema = z
  .object({
    agencyId: z.string().uuid('Select the agency').nullable().default(null),
    agencyName: optionalText(200, 'The agency must be 200 characters or fewer'),
    name: z.string({ error: 'Enter the name of the person' }).trim().min(1, 'Enter the name of the person').max(200, 'The name must be 200 characters or fewer'),
    role: optionalText(200, 'The role must be 200 characters or fewer').transform((v) => v ?? ''),
    invited: z.boolean().default(true),
    attended: z.boolean().default(false),
    reportSubmitted: z.boolean().default(false),
  })
  .superRefine((p, ctx) => {
    if (!p.agencyId && !p.agencyName) ctx.addIssue({ code: 'custom', path: ['agencyName'], message: 'Select the agency, or enter it under other agency' });
  });
export type ParticipantInput = z.input<typeof participantSchema>;
export type ParticipantValue = z.output<typeof participantSchema>;

const attendanceSchema = z.array(participantSchema, { error: 'Add the people invited' }).min(1, 'Add at least one person invited').max(40, 'Add 40 people or fewer');

export const conferenceSchema = z
  .object({
    s47Id: z.string({ error: 'Choose the section 47 enquiry the conference follows' }).uuid('Choose the section 47 enquiry the conference follows'),
    heldOn: day('Enter the date the conference was held'),
    attendance: attendanceSchema,
    outcome: z.enum(keys(ICPC_OUTCOMES), { error: 'Select the outcome of the conference' }),
    category: z.preprocess((v) => (v === '' ? null : v), z.enum(keys(CATEGORIES), { error: 'Select the category of abuse' }).nullable().optional()).transform((v) => v ?? null),
    decisions: optionalText(8000, 'The decisions must be 8000 characters or fewer'),
  })
  .refine((c) => c.outcome !== 'cp-plan' || Boolean(c.category), { path: ['category'], message: 'Select the category of abuse for the child protection plan', when: always });
export type ConferenceInput = z.input<typeof conferenceSchema>;

export const birthSchema = z.object({
  bornOn: day('Enter the date the baby was born'),
  motherMedicallyFit: z.boolean({ error: 'Say whether the mother is medically fit to attend' }),
});
export type BirthInput = z.input<typeof birthSchema>;

export const coreGroupSchema = z.object({
  heldOn: day('Enter the date the core group met'),
  attendance: attendanceSchema,
  notes: optionalText(8000, 'The notes must be 8000 characters or fewer'),
});
export type CoreGroupInput = z.input<typeof coreGroupSchema>;

export const reviewSchema = z
  .object({
    heldOn: day('Enter the date the review conference was held'),
    attendance: attendanceSchema,
    continuePlan: z.boolean({ error: 'Say whether the child protection plan continues' }),
    latestCategory: z.preprocess((v) => (v === '' ? null : v), z.enum(keys(CATEGORIES), { error: 'Select the category of abuse' }).nullable().optional()).transform((v) => v ?? null),
    decisions: optionalText(8000, 'The decisions must be 8000 characters or fewer'),
    endReason: z.preprocess((v) => (v === '' ? null : v), z.enum(keys(PLAN_END_REASONS), { error: 'Select why the plan ends' }).nullable().optional()).transform((v) => v ?? null),
  })
  .refine((r) => r.continuePlan !== false || Boolean(r.endReason), { path: ['endReason'], message: 'Select why the child protection plan ends', when: always });
export type ReviewInput = z.input<typeof reviewSchema>;

export const categorySchema = z.object({
  category: z.enum(keys(CATEGORIES), { error: 'Select the category of abuse' }),
});
export type CategoryInput = z.input<typeof categorySchema>;

export const endPlanSchema = z.object({
  endOn: day('Enter the date the plan ended'),
  reason: z.enum(keys(PLAN_END_REASONS), { error: 'Select why the plan ended' }),
});
export type EndPlanInput = z.input<typeof endPlanSchema>;

export const versionSchema = z.coerce.number({ error: 'The page is out of date: reload it and try again' }).int().min(1, 'The page is out of date: reload it and try again');

// -- page fields → inputs --------------------------------------------------------------------------------------

type Body = Record<string, unknown>;

const text = (body: Body, name: string): string => {
  const v = body[name];
  return typeof v === 'string' ? v.trim() : '';
};

/**
 * A GOV.UK date input (name-day, name-month, name-year) → 'YYYY-MM-DD', or '' when left blank (the schema then
 * asks for the date); a field error naming the date when it is half filled or not a date.
 */
export function dayFromParts(body: Body, name: string, what: string): string {
  const [d, m, y] = ['day', 'month', 'year'].map((p) => text(body, `${name}-${p}`));
  if (!d && !m && !y) return '';
  if (!d || !m || !y || !/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) {
    throw new ValidationError({ [name]: `${what} must include a day, month and year, like 27 3 2026` });
  }
  const v = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  if (!isRealDay(v)) throw new ValidationError({ [name]: `${what} must be a real date` });
  return v;
}

/** One attendance row as the page shows it again after an error. */
export interface AttendanceRow {
  agency: string;
  other: string;
  name: string;
  role: string;
  flags: string[];
}

/** The attendance rows as typed (for showing the form again), ATTENDANCE_ROWS of them. */
export function attendanceRowsOf(body: Body): AttendanceRow[] {
  return Array.from({ length: ATTENDANCE_ROWS }, (_, i) => ({
    agency: text(body, `attendance-${i}-agency`),
    other: text(body, `attendance-${i}-other`),
    name: text(body, `attendance-${i}-name`),
    role: text(body, `attendance-${i}-role`),
    flags: asArray(body[`attendance-${i}-flags`]),
  }));
}

/**
 * The rows someone filled in → participants. A row counts when anything in it is filled. The row's agency is a
 * listed agency's id, the family, or 'other' with the agency typed; errors name the row's field
 * (`attendance-2-name`), so the error summary links to it.
 */
export function attendanceFromForm(body: Body): { people: ParticipantInput[]; rows: number[] } {
  const errors: FieldErrors = {};
  const people: ParticipantInput[] = [];
  const rows: number[] = [];
  attendanceRowsOf(body).forEach((row, i) => {
    if (!row.agency && !row.other && !row.name && !row.role && !row.flags.length) return;
    const n = i + 1;
    const isListed = row.agency !== '' && row.agency !== FAMILY_AGENCY && row.agency !== OTHER_AGENCY;
    let agencyName: string | null = null;
    if (row.agency === FAMILY_AGENCY) agencyName = FAMILY_AGENCY_NAME;
    else if (row.agency === OTHER_AGENCY || (!row.agency && row.other)) agencyName = row.other || null;
    if (!row.agency && !row.other) errors[`attendance-${i}-agency`] = `Select the agency of person ${n}`;
    else if (row.agency === OTHER_AGENCY && !row.other) errors[`attendance-${i}-other`] = `Enter the agency of person ${n}`;
    if (!row.name) errors[`attendance-${i}-name`] = `Enter the name of person ${n}`;
    rows.push(i);
    people.push({
      agencyId: isListed ? row.agency : null,
      agencyName,
      name: row.name,
      role: row.role,
      invited: row.flags.includes('invited'),
      attended: row.flags.includes('attended'),
      reportSubmitted: row.flags.includes('report'),
    });
  });
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return { people, rows };
}

/** 'yes' / 'no' radios → a boolean, or undefined when neither was chosen (the schema then asks). */
export function yesNo(body: Body, name: string): boolean | undefined {
  const v = text(body, name);
  return v === 'yes' ? true : v === 'no' ? false : undefined;
}

/**
 * Field errors from the service's schemas (`attendance.1.name`) → the page's field ids (`attendance-2-name`):
 * `rows` maps the n-th participant to the row it was typed in.
 */
export function pageFieldErrors(fields: FieldErrors, rows: number[] = []): FieldErrors {
  const out: FieldErrors = {};
  for (const [k, v] of Object.entries(fields)) {
    const m = /^attendance\.(\d+)\.(\w+)$/.exec(k);
    const key = m ? `attendance-${rows[Number(m[1])] ?? m[1]}-${m[2] === 'agencyName' || m[2] === 'agencyId' ? 'agency' : m[2]}` : k === 'attendance' ? 'attendance-0-agency' : k;
    out[key] ??= v;
  }
  return out;
}

/**
 * Builds a service input from a page's fields, collecting every field's error at once (GOV.UK: show them all): each
 * `take` converts one field (a date, the attendance rows) and keeps its error; if any failed, the schema is run
 * over the rest so the other fields' errors show too.
 */
export function gatherInput<T>(schema: z.ZodType, build: (take: <V>(key: string, convert: () => V) => V | undefined) => T): T {
  const fields: FieldErrors = {};
  const failed = new Set<string>();
  const take = <V>(key: string, convert: () => V): V | undefined => {
    try {
      return convert();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      failed.add(key);
      for (const [k, v] of Object.entries(error.fields)) fields[k] ??= v;
      return undefined;
    }
  };
  const input = build(take);
  if (failed.size) {
    const result = schema.safeParse(input);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const top = String(issue.path[0] ?? '_form');
        if (failed.has(top)) continue;
        fields[issue.path.length ? issue.path.map(String).join('.') : '_form'] ??= issue.message;
      }
    }
    throw new ValidationError(fields);
  }
  return input;
}
