// The one place where errors become responses: GOV.UK error pages for people, problem+json for the API.
// Messages name what went wrong, never the personal data involved; 5xx details stay in the log.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { AppError, ValidationError } from '../../kernel/errors.ts';
import { paths } from './paths.ts';

interface Mapped {
  status: number;
  code: string;
  title: string;
  fields?: Record<string, string>;
}

const TITLES: Record<number, string> = {
  400: 'There is a problem with the request',
  401: 'You need to sign in',
  403: 'You do not have access',
  404: 'Page not found',
  409: 'The record was changed by someone else',
  413: 'The request is too large',
  415: 'The request format is not supported',
  429: 'Too many requests',
  500: 'Sorry, there is a problem with the service',
};

function map(error: unknown): Mapped {
  if (error instanceof ValidationError) return { status: 400, code: error.code, title: error.message, fields: error.fields };
  if (error instanceof AppError) return { status: error.status, code: error.code, title: error.message };
  // A unique constraint hit by two requests at once (the check-then-insert race): the loser is told to retry.
  if ((error as { code?: unknown })?.code === '23505') {
    return { status: 409, code: 'conflict', title: 'Someone else saved the same record at the same moment. Try again.' };
  }
  const fe = error as FastifyError;
  if (fe?.code === 'FST_CSRF_INVALID_TOKEN' || fe?.code === 'FST_CSRF_MISSING_SECRET') {
    return { status: 403, code: 'csrf-invalid', title: 'The form has expired. Go back, reload the page and try again.' };
  }
  const status = typeof fe?.statusCode === 'number' ? fe.statusCode : 500;
  if (status === 429) return { status, code: 'too-many-requests', title: 'Too many attempts. Wait a minute and try again.' };
  if (status >= 400 && status < 500) return { status, code: 'bad-request', title: TITLES[status] ?? TITLES[400]! };
  return { status: 500, code: 'internal-error', title: TITLES[500]! };
}

export async function errorResponse(error: unknown, req: FastifyRequest, reply: FastifyReply, log: Logger): Promise<FastifyReply> {
  const mapped = map(error);
  if (mapped.status >= 500) {
    const e = error as Error;
    log.error({ correlationId: req.id, route: req.routeOptions?.url, err: { type: e?.name, message: e?.message, stack: e?.stack } }, 'request failed');
  }
  if (req.url.startsWith('/api/')) {
    return reply
      .code(mapped.status)
      .type('application/problem+json')
      .send({
        type: `https://safehub.invalid/problems/${mapped.code}`,
        title: mapped.status >= 500 ? TITLES[500] : mapped.title,
        status: mapped.status,
        code: mapped.code,
        ...(mapped.fields ? { errors: mapped.fields } : {}),
        correlationId: req.id,
      });
  }
  if (mapped.status === 401) {
    // The reason is a code ('idle-timeout'), never personal data; the sign-in page explains it.
    return reply.redirect(req.sessionEndReason ? `${paths.signIn}?ended=${encodeURIComponent(req.sessionEndReason)}` : paths.signIn, 303);
  }
  const template = mapped.status === 403 ? 'errors/403.njk' : mapped.status === 404 ? 'errors/404.njk' : mapped.status >= 500 ? 'errors/500.njk' : 'errors/400.njk';
  reply.code(mapped.status);
  try {
    return await reply.view(template, { error: mapped, correlationId: req.id });
  } catch (renderError) {
    log.error({ correlationId: req.id, err: { message: (renderError as Error).message } }, 'error page failed to render');
    return reply.type('text/plain; charset=utf-8').send(`${mapped.title} (reference ${req.id})`);
  }
}
