// Input schemas of the pathway core's forms, with GOV.UK wording. A page posts day/month/year fields and rows of
// participants; `read*` turns a posted body into the typed input the service takes, collecting every field error
// (dates included) into one ValidationError so the error summary lists them all at once.
import { z } from 'zod';
import { ValidationError, type FieldErrors } from '../../kernel/errors.ts';
import { REFERRAL_SOURCES } from '../front-door/index.ts';
import { asArray, optionalText } from '../../platform/forms.ts';
import {
  ASSESSMENT_FACTORS,
  ASSESSMENT_KINDS,
  ASSESSMENT_OUTCOMES,
  CLOSURE_REASONS,
  EARLY_HELP_END_REASONS,
  NFA_REASONS,
  PRIMARY_NEEDS,
  S47_OUTCOMES,
} from './casework.domain.ts';

const keys = <T extends object>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
const uuid = (message: string) => z.string({ error: message }).trim().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, message);
const blankToNull = (v: unknown) => (v === '' || v === undefined ? null : v);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

type Body = Record<string, unknown>;

export const versionSchema = z.coerce.number({ error: 'Reload the page and try again' }).int().positive('Reload the page and try again');

// -- the forms ---------------------------------------------------------------------------------------------------

export const openEpisodeSchema = z
  .object({
    personId: uuid('Enter the Safehub ID of the child, like 3f2b0c1e-…'),
    referralOn: day,
    referralSource: z.enum(keys(REFERRAL_SOURCES), { error: 'Select where the referral came from' }),
    primaryNeed: z.preprocess(blankToNull, z.enum(keys(PRIMARY_NEEDS), { error: 'Select the primary need' }).nullable()),
    isUnborn: z.boolean().default(false),
    expectedBirthOn: day.nullable(),
  })
  .superRefine((v, ctx) => {
    if (v.isUnborn && !v.expectedBirthOn) ctx.addIssue({ code: 'custom', path: ['expectedBirthOn'], message: 'Enter the expected date of birth of the unborn child' });
  });
export type OpenEpisodeInput = z.infer<typeof openEpisodeSchema> & { laCode: string };

export const allocateSchema = z.object({
  workerUserId: uuid('Select the worker'),
  teamId: z.preprocess(blankToNull, uuid('Select the team').nullable()),
});
export type AllocateInput = z.infer<typeof allocateSchema>;

export const primaryNeedSchema = z.object({ primaryNeed: z.enum(keys(PRIMARY_NEEDS), { error: 'Select the primary need' }) });

export const nfaSchema = z.object({ reason: z.enum(keys(NFA_REASONS), { error: 'Select why the referral goes no further' }) });
export type NfaInput = z.infer<typeof nfaSchema>;

export const startAssessmentSchema = z.object({
  kind: z.enum(keys(ASSESSMENT_KINDS), { error: 'Select the kind of assessment' }),
  startedOn: day,
});
export type StartAssessmentInput = z.infer<typeof startAssessmentSchema>;

export const completeAssessmentSchema = z.object({
  completedOn: day,
  outcome: z.enum(keys(ASSESSMENT_OUTCOMES), { error: 'Select the outcome of the assessment' }),
  factors: z.array(z.enum(keys(ASSESSMENT_FACTORS), { error: 'Select factors from the list' })).min(1, 'Select at least one factor, or “No factors identified”'),
  summary: optionalText(8000, 'The summary must be 8000 characters or fewer'),
});
export type CompleteAssessmentInput = z.infer<typeof completeAssessmentSchema>;

export const participantSchema = z.object({
  agencyId: uuid('Select the agency'),
  name: z.string().trim().min(1, 'Enter the name of the person who took part').max(200, 'Name must be 200 characters or fewer'),
  role: z.string().trim().min(1, 'Enter their role').max(200, 'Role must be 200 characters or fewer'),
});
export type ParticipantInput = z.infer<typeof participantSchema>;

export const strategyDiscussionSchema = z.object({
  heldOn: day,
  participants: z.array(participantSchema).min(1, 'Enter at least one person who took part, with their agency'),
  initiatedS47: z.boolean({ error: 'Select whether the discussion decided to start a section 47 enquiry' }),
  decisions: optionalText(8000, 'The decisions must be 8000 characters or fewer'),
});
export type StrategyDiscussionInput = z.infer<typeof strategyDiscussionSchema>;

export const completeS47Schema = z.object({
  completedOn: day,
  outcome: z.enum(keys(S47_OUTCOMES), { error: 'Select the outcome of the enquiry' }),
  icpcRequired: z.boolean().optional(),
});
export type CompleteS47Input = z.infer<typeof completeS47Schema>;

export const cinPlanStartSchema = z.object({ startOn: day });
export const cinPlanEndSchema = z.object({ endOn: day });

export const earlyHelpStartSchema = z.object({
  startOn: day,
  cafOn: day.nullable(),
  leadProfessional: optionalText(200, 'Name must be 200 characters or fewer'),
  leadAgencyId: z.preprocess(blankToNull, uuid('Select the lead agency').nullable()),
});
export type EarlyHelpStartInput = z.infer<typeof earlyHelpStartSchema>;

export const earlyHelpEndSchema = z.object({
  endOn: day,
  endReason: z.enum(keys(EARLY_HELP_END_REASONS), { error: 'Select why early help ended' }),
});
export type EarlyHelpEndInput = z.infer<typeof earlyHelpEndSchema>;

export const closeSchema = z.object({
  closedOn: day,
  reason: z.enum(keys(CLOSURE_REASONS), { error: 'Select the reason for closure' }),
});
export type CloseInput = z.infer<typeof closeSchema>;

// -- reading a posted body ----------------------------------------------------------------------------------------

/** Number of participant rows the strategy discussion page offers (no JavaScript needed). */
export const PARTICIPANT_ROWS = 6;

/**
 * A GOV.UK date input (`name-day`, `name-month`, `name-year`) as 'YYYY-MM-DD'. Adds a field error (worded with
 * `label`, e.g. "the date the assessment started") when required and blank, half filled, or not a real date.
 */
export function readDay(body: Body, name: string, label: string, errors: FieldErrors, required = true): string | null {
  const [d, m, y] = ['day', 'month', 'year'].map((p) => String(body[`${name}-${p}`] ?? '').trim());
  if (!d && !m && !y) {
    if (required) errors[name] = `Enter ${label}`;
    return null;
  }
  if (!d || !m || !y) {
    errors[name] = `${capitalise(label)} must include a day, month and year`;
    return null;
  }
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) {
    errors[name] = `${capitalise(label)} must be a real date, like 27 3 2026`;
    return null;
  }
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || !parsed.toISOString().startsWith(iso) || parsed.getUTCFullYear() < 1990) {
    errors[name] = `${capitalise(label)} must be a real date, like 27 3 2026`;
    return null;
  }
  return iso;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Parses `input` with `schema`, adding its field errors to those already found; throws if there are any. */
function finish<S extends z.ZodType>(schema: S, input: unknown, errors: FieldErrors, rename: (key: string) => string = (k) => k): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = rename(issue.path.length ? issue.path.map(String).join('.') : '_form');
      // A date already reported by readDay keeps its own, clearer message.
      errors[key] ??= issue.message;
    }
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return (result as { data: z.infer<S> }).data;
}

const yes = (v: unknown) => v === 'yes' || v === 'true' || v === true;

export function readOpenEpisode(body: Body): z.infer<typeof openEpisodeSchema> {
  const errors: FieldErrors = {};
  const referralOn = readDay(body, 'referralOn', 'the date of the referral', errors);
  const isUnborn = yes(body.isUnborn);
  const expectedBirthOn = readDay(body, 'expectedBirthOn', 'the expected date of birth', errors, false);
  return finish(openEpisodeSchema, { personId: body.personId, referralOn, referralSource: body.referralSource, primaryNeed: body.primaryNeed, isUnborn, expectedBirthOn: isUnborn ? expectedBirthOn : null }, errors);
}

export function readStartAssessment(body: Body): StartAssessmentInput {
  const errors: FieldErrors = {};
  const startedOn = readDay(body, 'startedOn', 'the date the assessment started', errors);
  return finish(startAssessmentSchema, { kind: body.kind, startedOn }, errors);
}

export function readCompleteAssessment(body: Body): CompleteAssessmentInput {
  const errors: FieldErrors = {};
  const completedOn = readDay(body, 'completedOn', 'the date the assessment was completed', errors);
  return finish(completeAssessmentSchema, { completedOn, outcome: body.outcome, factors: asArray(body.factors), summary: body.summary }, errors, (k) => (k.startsWith('factors') ? 'factors' : k));
}

export function readStrategyDiscussion(body: Body): StrategyDiscussionInput {
  const errors: FieldErrors = {};
  const heldOn = readDay(body, 'heldOn', 'the date the strategy discussion was held', errors);
  // Rows left blank are ignored; a row partly filled is reported on the field that is missing.
  const rows: { row: number; agencyId: string; name: string; role: string }[] = [];
  for (let i = 1; i <= PARTICIPANT_ROWS; i++) {
    const field = (f: string) => String(body[`participant-${i}-${f}`] ?? '').trim();
    const row = { row: i, agencyId: field('agencyId'), name: field('name'), role: field('role') };
    if (row.agencyId || row.name || row.role) rows.push(row);
  }
  const rowOf = (index: number) => rows[index]?.row ?? 1;
  const initiated = body.initiatedS47 === 'yes' ? true : body.initiatedS47 === 'no' ? false : undefined;
  return finish(
    strategyDiscussionSchema,
    { heldOn, participants: rows.map(({ agencyId, name, role }) => ({ agencyId, name, role })), initiatedS47: initiated, decisions: body.decisions },
    errors,
    (k) => {
      const m = /^participants\.(\d+)\.(\w+)$/.exec(k);
      if (m) return `participant-${rowOf(Number(m[1]))}-${m[2]}`;
      return k === 'participants' ? 'participant-1-agencyId' : k;
    },
  );
}

export function readCompleteS47(body: Body): CompleteS47Input {
  const errors: FieldErrors = {};
  const completedOn = readDay(body, 'completedOn', 'the date the enquiry was completed', errors);
  return finish(completeS47Schema, { completedOn, outcome: body.outcome }, errors);
}

export function readCinPlanStart(body: Body): { startOn: string } {
  const errors: FieldErrors = {};
  return finish(cinPlanStartSchema, { startOn: readDay(body, 'startOn', 'the date the plan started', errors) }, errors);
}

export function readCinPlanEnd(body: Body): { endOn: string } {
  const errors: FieldErrors = {};
  return finish(cinPlanEndSchema, { endOn: readDay(body, 'endOn', 'the date the plan ended', errors) }, errors);
}

export function readEarlyHelpStart(body: Body): EarlyHelpStartInput {
  const errors: FieldErrors = {};
  const startOn = readDay(body, 'startOn', 'the date early help started', errors);
  const cafOn = readDay(body, 'cafOn', 'the date of the early help assessment', errors, false);
  return finish(earlyHelpStartSchema, { startOn, cafOn, leadProfessional: body.leadProfessional, leadAgencyId: body.leadAgencyId }, errors);
}

export function readEarlyHelpEnd(body: Body): EarlyHelpEndInput {
  const errors: FieldErrors = {};
  return finish(earlyHelpEndSchema, { endOn: readDay(body, 'endOn', 'the date early help ended', errors), endReason: body.endReason }, errors);
}

export function readClose(body: Body): CloseInput {
  const errors: FieldErrors = {};
  return finish(closeSchema, { closedOn: readDay(body, 'closedOn', 'the date the case closed', errors), reason: body.reason }, errors);
}

export function readAllocate(body: Body): AllocateInput {
  return finish(allocateSchema, { workerUserId: body.workerUserId, teamId: body.teamId }, {});
}

export function readPrimaryNeed(body: Body): z.infer<typeof primaryNeedSchema> {
  return finish(primaryNeedSchema, { primaryNeed: body.primaryNeed }, {});
}

export function readNfa(body: Body): NfaInput {
  return finish(nfaSchema, { reason: body.reason }, {});
}
