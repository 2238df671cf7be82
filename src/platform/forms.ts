// Turns zod results into field errors with GOV.UK wording, for pages and the API alike.
import { z } from 'zod';
import { ValidationError, type FieldErrors } from '../kernel/errors.ts';

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : '_form';
    fields[key] ??= issue.message;
  }
  throw new ValidationError(fields);
}

/** HTML checkboxes send one value as a string and several as an array; none sends nothing. */
export function asArray(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

/** An optional text field: trimmed, at most `max` characters, and null when left blank. */
export const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .nullable()
    .transform((v) => (v ? v : null));

/** A date of birth as 'YYYY-MM-DD': a real calendar date after 1900. */
export const dateOfBirthSchema = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date of birth in the format YYYY-MM-DD')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v) && d.getUTCFullYear() >= 1900;
  }, 'Date of birth must be a real date after 1900');

/** A GOV.UK date input (day, month, year) → 'YYYY-MM-DD', or null when left blank; a field error when half filled. */
export function dateFromParts(body: Record<string, unknown>, name: string): string | null {
  const [d, m, y] = ['day', 'month', 'year'].map((p) => String(body[`${name}-${p}`] ?? '').trim());
  if (!d && !m && !y) return null;
  if (!d || !m || !y || !/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) {
    throw new ValidationError({ [name]: 'Date of birth must include a day, month and year, like 27 3 2015' });
  }
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}
