// Input schemas for the identity module, with GOV.UK-style messages.
import { z } from 'zod';
import { dateOfBirthSchema as isoDate, optionalText } from '../../platform/forms.ts';

export const personFieldsSchema = z.object({
  forenames: z.string({ error: 'Enter first names' }).trim().min(1, 'Enter first names').max(100, 'First names must be 100 characters or fewer'),
  surname: z.string({ error: 'Enter a last name' }).trim().min(1, 'Enter a last name').max(100, 'Last name must be 100 characters or fewer'),
  aliases: z.array(z.string().trim().min(1).max(200)).max(20, 'Give 20 other names or fewer').default([]),
  dateOfBirth: isoDate.optional().nullable().transform((v) => v ?? null),
  sex: z.enum(['M', 'F', 'U'], { error: 'Sex must be M, F or U' }).optional().nullable().transform((v) => v ?? null),
  nhsNumber: z
    .string()
    .trim()
    .transform((v) => v.replace(/[\s-]/g, ''))
    .pipe(z.string().regex(/^(\d{10})?$/, 'NHS number must be 10 digits'))
    .optional()
    .nullable()
    .transform((v) => (v ? v : null)),
  upn: z
    .string()
    .trim()
    .toUpperCase()
    .pipe(z.string().regex(/^([A-Z]\d{11}[0-9A-Z])?$/, 'UPN must be a letter, 11 digits and a check character'))
    .optional()
    .nullable()
    .transform((v) => (v ? v : null)),
  postcode: optionalText(10, 'Postcode must be 10 characters or fewer').transform((v) => (v ? v.toUpperCase().replace(/\s+/g, ' ') : null)),
  address: optionalText(300, 'Address must be 300 characters or fewer'),
  previousAddresses: z
    .array(z.object({ address: optionalText(300, 'Address must be 300 characters or fewer'), postcode: optionalText(10, 'Postcode must be 10 characters or fewer') }))
    .max(50, 'Give 50 previous addresses or fewer')
    .default([]),
});
export type PersonFields = z.infer<typeof personFieldsSchema>;

export const sourceRecordSchema = personFieldsSchema.extend({
  localId: z.string({ error: "Enter the agency's own reference" }).trim().min(1, "Enter the agency's own reference").max(100, 'Reference must be 100 characters or fewer'),
  recordKind: optionalText(50, 'Record kind must be 50 characters or fewer'),
  laCode: optionalText(3, 'Local authority code must be 3 digits'),
});
export type SourceRecordInput = z.infer<typeof sourceRecordSchema>;

export const matchRequestSchema = personFieldsSchema.extend({
  limit: z.coerce.number().int().min(1).max(25).default(10),
});

export const mergeSchema = z.object({
  survivorId: z.string().uuid('Select the person to keep'),
  mergedId: z.string().uuid('Select the person to merge'),
  reason: z.string({ error: 'Give the reason for the merge' }).trim().min(5, 'Give the reason for the merge').max(1000, 'Reason must be 1000 characters or fewer'),
});

export const unmergeSchema = z.object({
  reason: z.string({ error: 'Give the reason for undoing the merge' }).trim().min(5, 'Give the reason for undoing the merge').max(1000, 'Reason must be 1000 characters or fewer'),
});

export const reviewDecisionSchema = z.object({
  decision: z.enum(['linked', 'separate'], { error: 'Say whether these are the same person' }),
  reason: z.string().trim().max(1000, 'Reason must be 1000 characters or fewer').optional().default(''),
});

/** A source record's stored columns (everything but the keys and timestamps). */
export function sourceRecordColumns(input: SourceRecordInput) {
  return {
    recordKind: input.recordKind,
    forenames: input.forenames,
    surname: input.surname,
    aliases: input.aliases,
    dateOfBirth: input.dateOfBirth,
    sex: input.sex,
    nhsNumber: input.nhsNumber,
    upn: input.upn,
    postcode: input.postcode,
    address: input.address,
    previousAddresses: JSON.stringify(input.previousAddresses),
    laCode: input.laCode,
  };
}
