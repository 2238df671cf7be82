// Field errors → the locals the layout's GOV.UK error summary and each field's error message need.
import { ValidationError, type FieldErrors } from '../../kernel/errors.ts';

export type FormErrorLocals = {
  errors: FieldErrors;
  errorList: { text: string; href: string }[];
};

export function formErrors(fields: FieldErrors): FormErrorLocals {
  return {
    errors: fields,
    errorList: Object.entries(fields).map(([field, text]) => ({ text, href: `#${field === '_form' ? 'main-content' : field.split('.')[0]}` })),
  };
}

/** Runs a page action; on a validation error returns its field errors for the page to redisplay. */
export async function withFormErrors<T>(action: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; locals: FormErrorLocals }> {
  try {
    return { ok: true, value: await action() };
  } catch (error) {
    if (error instanceof ValidationError) return { ok: false, locals: formErrors(error.fields) };
    throw error;
  }
}
