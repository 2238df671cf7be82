// What every request carries: who is acting and the correlation id tying logs, audit and errors together.
import type { Actor } from '../../kernel/actor.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    correlationId: string;
    /** Why a session cookie stopped working on this request (shown on the sign-in page). */
    sessionEndReason?: string;
  }
  interface FastifyReply {
    view(template: string, locals?: Record<string, unknown>): Promise<FastifyReply>;
  }
  interface FastifyContextConfig {
    /** Route open to anyone (sign-in, health, public pages). Everything else needs a signed-in actor. */
    isPublic?: boolean;
    /** Route usable before a role is chosen (role selection, sign-out). */
    allowWithoutRole?: boolean;
  }
}

export const SESSION_COOKIE = 'safehub_session';
export const OIDC_COOKIE = 'safehub_oidc';
