// Turns zod results into field errors with GOV.UK wording, for pages and the API alike.
import type { z } from 'zod';
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
