// Input rules for police notifications and the desk's forms, with GOV.UK-style messages. Messages name
// fields, never the values given (a factor code is quoted only when it looks like a code).
import { z } from 'zod';
import { dateOfBirthSchema as isoDate } from '../../platform/forms.ts';
import { ValidationError, type FieldErrors } from '../../kernel/errors.ts';
import { parseOrThrow } from '../../platform/forms.ts';
import { ADULT_ROLES, BRAGS, CLOSE_REASONS, INCIDENT_TYPES, NOTIFICATION_STATUSES } from './desk.tables.ts';
import { isReportableFactor } from './risk.domain.ts';

export const MAX_CHILDREN = 20;
export const MAX_ADULTS = 20;

const blankToNull = (v: unknown) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? null : v);



const personSchema = z.object({
  forenames: z.string({ error: 'Enter first names' }).trim().min(1, 'Enter first names').max(100, 'First names must be 100 characters or fewer'),
  surname: z.string({ error: 'Enter a last name' }).trim().min(1, 'Enter a last name').max(100, 'Last name must be 100 characters or fewer'),
  dateOfBirth: z.preprocess(blankToNull, isoDate.nullable()).default(null),
  sex: z.preprocess((v) => (typeof v === 'string' ? blankToNull(v.trim().toUpperCase()) : blankToNull(v)), z.enum(['M', 'F', 'U'], { error: 'Sex must be M, F or U' }).nullable()).default(null),
  localId: z.preprocess(blankToNull, z.string().trim().max(40, 'Police person reference must be 40 characters or fewer').nullable()).default(null),
});

const adultSchema = personSchema.extend({
  role: z.preprocess(blankToNull, z.enum(ADULT_ROLES, { error: `Role must be one of ${ADULT_ROLES.join(', ')}` }).nullable()).default(null),
});

const isoInstant = z
  .string({ error: 'Enter when the incident happened' })
  .trim()
  .min(1, 'Enter when the incident happened')
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/, 'Enter when the incident happened as a date and time with a time zone, like 2026-11-01T22:15:00Z')
  .refine((v) => !Number.isNaN(new Date(v).getTime()), 'Enter a real date and time for the incident')
  .transform((v) => new Date(v).toISOString());

const CODE_LIKE = /^[a-z0-9-]{1,40}$/;

/** One police notification, as the API, JSON files and CSV rows give it. Transforms are idempotent. */
export const notificationInputSchema = z.object({
  policeReference: z
    .string({ error: 'Enter the police reference' })
    .trim()
    .min(1, 'Enter the police reference')
    .max(40, 'Police reference must be 40 characters or fewer')
    .regex(/^[A-Za-z0-9][A-Za-z0-9/ -]*$/, 'Police reference must contain only letters, numbers, hyphens, slashes and spaces')
    .transform((v) => v.toUpperCase().replace(/ +/g, ' ')),
  occurredAt: isoInstant,
  laCode: z.string({ error: 'Enter the local authority code' }).trim().min(1, 'Enter the local authority code').max(3, 'Local authority code must be 3 digits'),
  incidentType: z.enum(INCIDENT_TYPES, { error: `Incident type must be one of ${INCIDENT_TYPES.join(', ')}` }),
  factors: z
    .array(z.string().trim().toLowerCase())
    .max(30, 'Give 30 risk factors or fewer')
    .default([])
    .superRefine((codes, ctx) => {
      const unknown = codes.filter((c) => !isReportableFactor(c));
      if (unknown.length) {
        const shown = unknown.filter((c) => CODE_LIKE.test(c));
        ctx.addIssue({ code: 'custom', message: shown.length ? `Risk factor not recognised: ${shown.join(', ')}` : 'A risk factor is not a recognised code' });
      }
    })
    .transform((codes) => [...new Set(codes)].sort()),
  summary: z.string({ error: 'Enter a summary of the incident' }).trim().min(1, 'Enter a summary of the incident').max(4000, 'Summary must be 4000 characters or fewer'),
  children: z.array(personSchema, { error: 'Name at least one child' }).min(1, 'Name at least one child').max(MAX_CHILDREN, `Name ${MAX_CHILDREN} children or fewer`),
  adults: z.array(adultSchema).max(MAX_ADULTS, `Name ${MAX_ADULTS} adults or fewer`).default([]),
});
export type NotificationInput = z.infer<typeof notificationInputSchema>;

export interface ValidationContext {
  now: Date;
  laCodes: ReadonlySet<string>;
}

/** The full check: the schema, then what needs the clock and the reference data. */
export function parseNotification(raw: unknown, ctx: ValidationContext): NotificationInput {
  let input: NotificationInput;
  const fields: FieldErrors = {};
  try {
    input = parseOrThrow(notificationInputSchema, raw);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    Object.assign(fields, error.fields);
    // Report the context errors of the fields that did parse too, so a row is fixed in one go.
    const r = raw as Partial<Record<string, unknown>> | null;
    if (r && typeof r.laCode === 'string' && r.laCode.trim() && !fields.laCode && !ctx.laCodes.has(r.laCode.trim())) fields.laCode = 'Local authority code is not a London authority';
    if (r && typeof r.occurredAt === 'string' && !fields.occurredAt && new Date(r.occurredAt).getTime() > ctx.now.getTime()) fields.occurredAt = 'The incident date and time must be in the past';
    throw new ValidationError(fields);
  }
  if (!ctx.laCodes.has(input.laCode)) fields.laCode = 'Local authority code is not a London authority';
  if (new Date(input.occurredAt).getTime() > ctx.now.getTime()) fields.occurredAt = 'The incident date and time must be in the past';
  const today = ctx.now.toISOString().slice(0, 10);
  for (const [list, people] of [['children', input.children], ['adults', input.adults]] as const) {
    people.forEach((p, i) => {
      if (p.dateOfBirth && p.dateOfBirth > today) fields[`${list}.${i}.dateOfBirth`] = 'Date of birth must be in the past';
    });
  }
  if (Object.keys(fields).length) throw new ValidationError(fields);
  return input;
}

// Desk forms ---------------------------------------------------------------------------------------------------

const version = z.coerce.number({ error: 'Reload the page and try again' }).int().min(1, 'Reload the page and try again');

export const versionSchema = z.object({ version });

export const closeSchema = z
  .object({
    version,
    reason: z.enum(CLOSE_REASONS, { error: 'Select why you are closing this notification' }),
    detail: z.string().trim().max(1000, 'Reason must be 1000 characters or fewer').optional().default(''),
  })
  .superRefine((v, ctx) => {
    if (v.reason === 'other' && !v.detail) ctx.addIssue({ code: 'custom', path: ['detail'], message: 'Give the reason for closing this notification' });
  });
export type CloseInput = z.infer<typeof closeSchema>;

export const factorUpdateSchema = z.object({
  weight: z.coerce.number({ error: 'Enter a weight from 0 to 100' }).int('Weight must be a whole number').min(0, 'Enter a weight from 0 to 100').max(100, 'Enter a weight from 0 to 100'),
  isActive: z.preprocess((v) => v === true || v === 'true' || v === 'yes' || v === 'on', z.boolean()),
  version,
});

const listOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(
    // Unknown codes in a (bookmarked or edited) URL are ignored rather than refused.
    (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : String(v).split(',')).map(String).filter((x: string) => (values as readonly string[]).includes(x)),
    z.array(z.enum(values)),
  );

/** The queue's filters: codes only, so a bookmarked queue URL holds no personal data. */
export const queueFiltersSchema = z.object({
  brag: listOf(BRAGS).default([]),
  status: listOf(NOTIFICATION_STATUSES).default([]),
  due: z.enum(['', 'overdue', 'within-4h', 'within-24h']).catch('').default(''),
  assigned: z.enum(['', 'me', 'unassigned']).catch('').default(''),
  sort: z.enum(['priority', 'due', 'received']).catch('priority').default('priority'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type QueueFilters = z.infer<typeof queueFiltersSchema>;

export const importFormSchema = z.object({
  format: z.enum(['csv', 'json'], { error: 'Select the format: CSV or JSON' }),
  fileName: z.preprocess(blankToNull, z.string().trim().max(200, 'File name must be 200 characters or fewer').nullable()).default(null),
  content: z.string({ error: 'Choose a file of notifications, or paste them' }).min(1, 'Choose a file of notifications, or paste them'),
});
export type ImportInput = z.infer<typeof importFormSchema>;
