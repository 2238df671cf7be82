// Sign-in (password and OpenID Connect), role selection and sign-out pages.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Container } from '../../main/container.ts';
import { UnauthenticatedError } from '../../kernel/errors.ts';
import { parseOrThrow } from '../forms.ts';
import { withFormErrors } from '../web/form-errors.ts';
import { paths } from '../web/paths.ts';
import { OIDC_COOKIE, SESSION_COOKIE } from '../web/request-context.ts';
import type { OidcPending } from './oidc.service.ts';
import { SIGN_IN_FAILED } from './sessions.service.ts';

const signInSchema = z.object({
  email: z.string({ error: 'Enter your email address' }).trim().min(1, 'Enter your email address').max(254, SIGN_IN_FAILED),
  password: z.string({ error: 'Enter your password' }).min(1, 'Enter your password').max(200, SIGN_IN_FAILED),
});

const END_REASONS: Record<string, string> = {
  'idle-timeout': 'You were signed out because you had not done anything for a while. Nothing you saved has been lost.',
  'absolute-timeout': 'You were signed out because your session reached its time limit. Sign in again to continue.',
  'user-disabled': 'Your account has been disabled. Contact your Safehub administrator.',
  'role-revoked': 'The role you were using has been removed. Sign in again to choose another role.',
  'signed-out': 'You have signed out.',
};

export function setSessionCookie(reply: FastifyReply, token: string, container: Container): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: container.config.secureCookies,
    signed: true,
    maxAge: container.config.sessionAbsoluteHours * 3600,
  });
}

export async function authRoutes(app: FastifyInstance, container: Container): Promise<void> {
  const { sessions, oidc, config } = container;

  const showSignIn = (req: FastifyRequest, reply: FastifyReply, locals: Record<string, unknown> = {}) =>
    reply.view('auth/sign-in.njk', {
      pageTitle: 'Sign in',
      notice: END_REASONS[(req.query as { ended?: string }).ended ?? ''] ?? (req.sessionEndReason ? END_REASONS[req.sessionEndReason] : undefined),
      ...locals,
    });

  app.get(paths.signIn, { config: { isPublic: true } }, async (req, reply) => {
    if (req.actor.kind === 'user') return reply.redirect(paths.home, 303);
    return showSignIn(req, reply);
  });

  app.post(
    paths.signIn,
    { config: { isPublic: true, rateLimit: { max: config.signInRateLimitPerMinute, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const result = await withFormErrors(async () => {
        const input = parseOrThrow(signInSchema, body);
        return sessions.signInWithPassword(input.email, input.password, { correlationId: req.id });
      });
      if (!result.ok) {
        reply.code(400);
        return showSignIn(req, reply, { ...result.locals, values: { email: typeof body.email === 'string' ? body.email : '' } });
      }
      setSessionCookie(reply, result.value.token, container);
      return reply.redirect(paths.selectRole + '?next=home', 303);
    },
  );

  app.get(paths.signInOidc, { config: { isPublic: true, rateLimit: { max: config.signInRateLimitPerMinute * 3, timeWindow: '1 minute' } } }, async (req, reply) => {
    if (req.actor.kind === 'user') return reply.redirect(paths.home, 303);
    if (!oidc) return reply.redirect(paths.signIn, 303);
    const { url, pending } = await oidc.begin();
    reply.setCookie(OIDC_COOKIE, JSON.stringify(pending), { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies, signed: true, maxAge: 600 });
    return reply.redirect(url, 303);
  });

  app.get(paths.signInOidcCallback, { config: { isPublic: true } }, async (req, reply) => {
    if (!oidc) return reply.redirect(paths.signIn, 303);
    const raw = req.cookies[OIDC_COOKIE];
    const unsigned = raw ? req.unsignCookie(raw) : undefined;
    let pending: OidcPending | undefined;
    try {
      pending = unsigned?.valid && unsigned.value ? (JSON.parse(unsigned.value) as OidcPending) : undefined;
    } catch {
      pending = undefined;
    }
    reply.clearCookie(OIDC_COOKIE, { path: '/' });
    const callbackUrl = new URL(req.url, config.oidc!.redirectUri);
    try {
      const { token } = await oidc.complete(callbackUrl, pending, { correlationId: req.id });
      setSessionCookie(reply, token, container);
      return reply.redirect(paths.selectRole + '?next=home', 303);
    } catch (error) {
      if (!(error instanceof UnauthenticatedError)) throw error;
      reply.code(401);
      return showSignIn(req, reply, { errors: { oidc: error.message }, errorList: [{ text: error.message, href: '#oidc' }] });
    }
  });

  // After sign-in: a user with one role goes straight home; with several, chooses one. Also used to switch.
  app.get(paths.selectRole, { config: { allowWithoutRole: true } }, async (req, reply) => {
    const actor = container.access.requireUser(req.actor);
    const roles = await sessions.rolesFor(actor.userId);
    const next = (req.query as { next?: string }).next;
    if (next === 'home' && actor.role) return reply.redirect(paths.home, 303);
    return reply.view('auth/select-role.njk', { pageTitle: actor.role ? 'Switch role' : 'Choose your role', roles });
  });

  app.post(paths.selectRole, { config: { allowWithoutRole: true } }, async (req, reply) => {
    const actor = container.access.requireUser(req.actor);
    const body = (req.body ?? {}) as { roleAssignmentId?: string };
    const result = await withFormErrors(() => sessions.selectRole(actor, String(body.roleAssignmentId ?? '')));
    if (!result.ok) {
      reply.code(400);
      return reply.view('auth/select-role.njk', { pageTitle: 'Choose your role', roles: await sessions.rolesFor(actor.userId), ...result.locals });
    }
    return reply.redirect(paths.home, 303);
  });

  app.post(paths.signOut, { config: { allowWithoutRole: true } }, async (req, reply) => {
    const actor = container.access.requireUser(req.actor);
    await sessions.signOut(actor);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect(`${paths.signIn}?ended=signed-out`, 303);
  });
}
