// Input schemas for user administration, with GOV.UK-style error messages.
import { z } from 'zod';
import { ROLE_CODES } from '../../kernel/actor.ts';
import { MIN_PASSWORD_LENGTH } from './passwords.ts';

const email = z
  .string({ error: 'Enter an email address' })
  .trim()
  .min(1, 'Enter an email address')
  .max(254, 'Email address must be 254 characters or fewer')
  .email('Enter an email address in the correct format, like name@example.org')
  .transform((v) => v.toLowerCase());

const displayName = z
  .string({ error: 'Enter a full name' })
  .trim()
  .min(1, 'Enter a full name')
  .max(120, 'Full name must be 120 characters or fewer');

const password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Password must be ${MIN_PASSWORD_LENGTH} characters or more`)
  .max(200, 'Password must be 200 characters or fewer');

const uuid = z.string().uuid('Select a valid option');

export const createUserSchema = z.object({
  email,
  displayName,
  agencyId: uuid.or(z.literal('').transform(() => undefined)).pipe(z.string({ error: 'Select an agency' }).uuid('Select an agency')),
  teamIds: z.array(uuid).default([]),
  password: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(password.optional()),
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = z.object({
  email,
  displayName,
  teamIds: z.array(uuid).default([]),
  version: z.coerce.number({ error: 'The form is out of date. Reload the page.' }).int().positive(),
});
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const assignRoleSchema = z.object({
  roleCode: z.enum(ROLE_CODES, { error: 'Select a role' }),
  scopeCode: z.string({ error: 'Select where the role applies' }).trim().min(1, 'Select where the role applies'),
});
export type AssignRoleInput = z.infer<typeof assignRoleSchema>;

export const setPasswordSchema = z.object({ password });

export const versionSchema = z.object({
  version: z.coerce.number({ error: 'The form is out of date. Reload the page.' }).int().positive(),
});
