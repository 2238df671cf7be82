// Input schemas for the front door, with GOV.UK-style messages. The same schemas serve the question pages, the
// API and the bulk upload, so a contact is judged the same way whichever way it arrives.
import { z } from 'zod';
import { optionalText } from '../../platform/forms.ts';
import { personFieldsSchema } from '../identity/index.ts';
import {
  CONSENT_EXCEPTIONS,
  CONSENT_POSITIONS,
  INDICATORS,
  LAWFUL_BASES,
  OUTCOMES,
  RAGS,
  RAG_PRESETS,
  REFERRAL_SOURCES,
  RELATIONSHIPS_TO_CHILD,
  type ConsentException,
  type ConsentPosition,
  type Indicator,
  type LawfulBasis,
  type Outcome,
  type ReferralSource,
  type RelationshipToChild,
} from './front-door.domain.ts';

const keys = <T extends object>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

const requiredText = (min: number, max: number, missing: string, tooLong: string) => z.string({ error: missing }).trim().min(min, missing).max(max, tooLong);

const person = personFieldsSchema.pick({ forenames: true, surname: true, dateOfBirth: true, sex: true, nhsNumber: true, postcode: true, address: true });

export const childSchema = person.extend({
  /** An unborn child (a pre-birth concern): names may be the mother's surname and 'Unborn'. */
  isUnborn: z.boolean().default(false),
});

export const adultSchema = person.extend({
  relationship: z.enum(keys(RELATIONSHIPS_TO_CHILD), { error: "Select the adult's relationship to the child" }),
});

export const consentSchema = z
  .object({
    position: z.enum(keys(CONSENT_POSITIONS), { error: 'Select the consent position' }),
    isChildsOwn: z.boolean().default(false),
    exception: z.preprocess((v) => (v === '' ? null : v), z.enum(keys(CONSENT_EXCEPTIONS), { error: 'Select why consent was not sought or was overridden' }).optional().nullable()).transform((v) => v ?? null),
    reason: optionalText(2000, 'Reason must be 2000 characters or fewer'),
    authorisedBy: optionalText(200, 'Name must be 200 characters or fewer'),
  })
  .superRefine((c, ctx) => {
    if (c.position === 'not-sought' && !c.exception && !c.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Say why consent was not sought' });
    if (c.position === 'overridden') {
      if (!c.exception) ctx.addIssue({ code: 'custom', path: ['exception'], message: 'Select why consent was overridden' });
      if (!c.authorisedBy) ctx.addIssue({ code: 'custom', path: ['authorisedBy'], message: 'Enter the name of the manager who authorised overriding consent' });
    }
    if (c.exception === 'other' && !c.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Give the reason' });
  });
export type ConsentInput = z.infer<typeof consentSchema>;

export const referrerSchema = z.object({
  name: requiredText(1, 200, 'Enter the name of the person making the referral', 'Name must be 200 characters or fewer'),
  role: optionalText(200, 'Role must be 200 characters or fewer'),
  phone: optionalText(40, 'Phone number must be 40 characters or fewer').refine((v) => v === null || /^[+\d][\d\s()-]{5,}$/.test(v), 'Enter a phone number, like 020 7946 0000'),
  email: optionalText(254, 'Email address must be 254 characters or fewer').refine((v) => v === null || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), 'Enter an email address in the correct format, like name@example.org'),
});

export const contactInputSchema = z.object({
  laCode: z.string({ error: 'Select the local authority where the child lives' }).trim().regex(/^\d{3}$/, 'Select the local authority where the child lives'),
  source: z.enum(keys(REFERRAL_SOURCES), { error: 'Select who the concern comes from' }),
  referrer: referrerSchema,
  children: z.array(childSchema).min(1, 'Name at least one child').max(10, 'Name 10 children or fewer'),
  adults: z.array(adultSchema).max(10, 'Name 10 adults or fewer').default([]),
  concern: requiredText(10, 8000, 'Describe the concern in your own words (at least 10 characters)', 'The concern must be 8000 characters or fewer'),
  indicators: z.array(z.enum(keys(INDICATORS), { error: 'Select what the concern is about' })).min(1, 'Select at least one thing the concern is about').max(17),
  consent: consentSchema,
  /** The partner system's own reference: resending the same reference returns the contact already made. */
  externalReference: optionalText(100, 'Reference must be 100 characters or fewer'),
});
export type ContactInput = z.infer<typeof contactInputSchema>;

export const screeningSchema = z.object({
  rag: z.enum(RAGS, { error: 'Select a RAG rating' }),
  thresholdLevel: z.coerce.number({ error: 'Select a threshold level' }).int().min(1, 'Select a threshold level').max(4, 'Select a threshold level'),
  reason: requiredText(3, 2000, 'Give the reason for the rating', 'Reason must be 2000 characters or fewer'),
});

export const strategyTrackSchema = z.object({
  reason: requiredText(5, 2000, 'Record the strategy decision: who decided and why', 'Reason must be 2000 characters or fewer'),
});

export const checkRequestSchema = z.object({
  agencyIds: z.array(z.string().uuid('Select the agencies to ask')).min(1, 'Select at least one agency to ask').max(12),
  question: requiredText(5, 2000, 'Say what you are asking the agencies', 'The question must be 2000 characters or fewer'),
});

export const checkResponseSchema = z
  .object({
    kind: z.enum(['disclosed', 'no-information', 'declined'], { error: 'Select how you are answering' }),
    disclosure: optionalText(8000, 'The summary must be 8000 characters or fewer'),
    sharingWhat: optionalText(1000, 'Must be 1000 characters or fewer'),
    sharingWhy: optionalText(2000, 'Must be 2000 characters or fewer'),
    lawfulBasis: z.preprocess((v) => (v === '' ? null : v), z.enum(keys(LAWFUL_BASES), { error: 'Select the lawful basis' }).optional().nullable()).transform((v) => v ?? null),
    decidedByName: requiredText(2, 200, 'Enter the name of the person who decided', 'Name must be 200 characters or fewer'),
    declineReason: optionalText(2000, 'Reason must be 2000 characters or fewer'),
  })
  .superRefine((r, ctx) => {
    if (r.kind === 'disclosed') {
      if (!r.disclosure) ctx.addIssue({ code: 'custom', path: ['disclosure'], message: 'Enter a summary of what your agency holds' });
      if (!r.sharingWhat) ctx.addIssue({ code: 'custom', path: ['sharingWhat'], message: 'Say what you are sharing' });
      if (!r.sharingWhy) ctx.addIssue({ code: 'custom', path: ['sharingWhy'], message: 'Say why sharing is necessary and proportionate' });
      if (!r.lawfulBasis) ctx.addIssue({ code: 'custom', path: ['lawfulBasis'], message: 'Select the lawful basis for sharing' });
    }
    if (r.kind === 'declined' && !r.declineReason) ctx.addIssue({ code: 'custom', path: ['declineReason'], message: 'Give the reason for not sharing' });
  });
export type CheckResponse = z.infer<typeof checkResponseSchema>;

export const decisionSchema = z.object({
  outcome: z.enum(keys(OUTCOMES), { error: 'Select the outcome' }),
  thresholdLevel: z.coerce.number({ error: 'Select a threshold level' }).int().min(1, 'Select a threshold level').max(4, 'Select a threshold level'),
  rationale: requiredText(10, 4000, 'Give the rationale for the decision (at least 10 characters)', 'Rationale must be 4000 characters or fewer'),
});

export const signOffSchema = z
  .object({
    approve: z.enum(['yes', 'no'], { error: 'Select whether you agree with the decision' }),
    note: optionalText(2000, 'Note must be 2000 characters or fewer'),
  })
  .superRefine((s, ctx) => {
    if (s.approve === 'no' && !s.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'Say what needs to change' });
  });

export const transferSchema = z.object({
  toLaCode: z.string({ error: 'Select the local authority to transfer to' }).trim().regex(/^\d{3}$/, 'Select the local authority to transfer to'),
  reason: requiredText(5, 2000, 'Give the reason for the transfer', 'Reason must be 2000 characters or fewer'),
});

export const addPersonSchema = z.object({
  personId: z.string().uuid('Choose someone to add'),
  role: z.enum(['child', 'adult'], { error: 'Say whether they are a child or an adult' }),
  relationship: z.preprocess((v) => (v === '' ? null : v), z.enum(keys(RELATIONSHIPS_TO_CHILD)).nullable().optional()).transform((v) => v ?? null),
});

export const allocateSchema = z.object({ workerUserId: z.string().uuid('Select a worker') });

export const settingsSchema = z
  .object({
    presetCode: z.enum(Object.keys(RAG_PRESETS) as [string, ...string[]], { error: 'Select a RAG preset' }),
    opensAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter an opening time like 09:00'),
    closesAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter a closing time like 17:00'),
    signOffOutcomes: z.array(z.enum(keys(OUTCOMES))).default([]),
    lowLevelThreshold: z.coerce.number().int().min(2, 'Enter a number from 2 to 20').max(20, 'Enter a number from 2 to 20'),
  })
  .refine((s) => s.opensAt < s.closesAt, { path: ['closesAt'], message: 'Closing time must be after opening time' });

export const versionSchema = z.coerce.number({ error: 'The page is out of date: reload it and try again' }).int().min(1);

export type { ConsentException, ConsentPosition, Indicator, LawfulBasis, Outcome, ReferralSource, RelationshipToChild };
