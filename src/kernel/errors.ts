// One error hierarchy with stable codes. Each edge (pages, API, CLI) maps these in one place.
// Messages never carry personal data: they name fields and record types, not values.

export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, message: string, status: number) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.status = status;
  }
}

/** Input failed validation; `fields` maps a field name to a GOV.UK-style message. */
export class ValidationError extends AppError {
  readonly fields: FieldErrors;
  constructor(fields: FieldErrors, message = 'There is a problem with the information you gave') {
    super('validation-failed', message, 400);
    this.fields = fields;
  }
}

/** The record does not exist, or the actor may not know it exists (default deny answers 404). */
export class NotFoundError extends AppError {
  constructor(message = 'Page not found') {
    super('not-found', message, 404);
  }
}

/** The actor is known but lacks the permission for this action. */
export class ForbiddenError extends AppError {
  constructor(message = 'You do not have access to this') {
    super('forbidden', message, 403);
  }
}

/** The actor is not signed in (or the session or key is no longer valid). */
export class UnauthenticatedError extends AppError {
  constructor(message = 'You need to sign in') {
    super('unauthenticated', message, 401);
  }
}

/** Someone else changed the record since it was read (optimistic locking), or a unique value is taken. */
export class ConflictError extends AppError {
  constructor(message = 'The record was changed by someone else. Reload it and try again.', code = 'conflict') {
    super(code, message, 409);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(message = 'Too many attempts. Wait a few minutes and try again.') {
    super('too-many-requests', message, 429);
  }
}
