// OpenID Connect sign-in (authorisation code flow with PKCE, state and nonce), via openid-client.
// Users are provisioned by an administrator: an identity is linked to a Safehub user by its
// (issuer, subject), or the first time by a verified email address. Unknown identities are refused.
import type { Kysely } from 'kysely';
import * as client from 'openid-client';
import type { OidcConfig } from '../../config/config.ts';
import { UnauthenticatedError } from '../../kernel/errors.ts';
import type { AuditTrail } from '../audit/audit-trail.ts';
import type { PlatformTables } from '../db/schema.ts';
import type { RequestInfo, SessionsService } from './sessions.service.ts';

/** Kept in a signed, short-lived cookie between the redirect and the callback. */
export interface OidcPending {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export const OIDC_NOT_LINKED = 'Your organisation account is not linked to a Safehub user. Ask your administrator to add you.';

export class OidcService {
  private configuration: Promise<client.Configuration> | undefined;

  constructor(
    private readonly db: Kysely<PlatformTables>,
    private readonly sessions: SessionsService,
    private readonly audit: AuditTrail,
    private readonly settings: OidcConfig,
    private readonly allowHttp: boolean,
  ) {}

  get label(): string {
    return this.settings.label;
  }

  private config(): Promise<client.Configuration> {
    this.configuration ??= client
      .discovery(
        new URL(this.settings.issuer),
        this.settings.clientId,
        this.settings.clientSecret,
        undefined,
        this.allowHttp && this.settings.issuer.startsWith('http:') ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        this.configuration = undefined;
        throw error;
      });
    return this.configuration;
  }

  async begin(): Promise<{ url: string; pending: OidcPending }> {
    const config = await this.config();
    const pending: OidcPending = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri,
      scope: 'openid email profile',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, pending };
  }

  /** Completes the flow and starts a Safehub session. `currentUrl` is the callback URL with its query. */
  async complete(currentUrl: URL, pending: OidcPending | undefined, request: RequestInfo): Promise<{ token: string; userId: string }> {
    const anonymous = { kind: 'anonymous' as const, correlationId: request.correlationId };
    const fail = async (reason: string, message = 'Sign-in with your organisation account did not complete. Try again.', userId?: string) => {
      await this.audit.record(this.db, anonymous, {
        action: 'auth.sign-in',
        recordType: userId ? 'user' : undefined,
        recordId: userId,
        outcome: 'failure',
        details: { method: 'oidc', reason },
      });
      throw new UnauthenticatedError(message);
    };
    if (!pending) return fail('no-pending-state');
    const config = await this.config();
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch {
      return fail('token-exchange-failed');
    }
    const claims = tokens.claims();
    if (!claims) return fail('no-id-token');
    const issuer = claims.iss;
    const subject = claims.sub;
    let user: { id: string; isDisabled: boolean } | undefined = await this.db
      .selectFrom('users')
      .select(['id', 'isDisabled'])
      .where('oidcIssuer', '=', issuer)
      .where('oidcSubject', '=', subject)
      .executeTakeFirst();
    if (!user) {
      // First sign-in: link by a verified email. With the code flow a conforming provider may release the
      // email claims only at the UserInfo endpoint (OIDC Core 5.4), so ask there when the ID token lacks them.
      let email: unknown = claims.email;
      let emailVerified: unknown = claims.email_verified;
      if (typeof email !== 'string' && config.serverMetadata().userinfo_endpoint) {
        try {
          const info = await client.fetchUserInfo(config, tokens.access_token, subject);
          email = info.email;
          emailVerified = info.email_verified;
        } catch {
          return fail('userinfo-failed');
        }
      }
      if (typeof email === 'string' && emailVerified === true) {
        const address = email.toLowerCase();
        const byEmail = await this.db
          .selectFrom('users')
          .select(['id', 'isDisabled', 'oidcSubject'])
          .where((eb) => eb(eb.fn('lower', ['email']), '=', address))
          .executeTakeFirst();
        // An account already linked to another identity is not re-linked; a disabled one is refused before linking.
        if (byEmail && !byEmail.oidcSubject) {
          if (byEmail.isDisabled) return fail('user-disabled', OIDC_NOT_LINKED, byEmail.id);
          const linked = await this.db.transaction().execute(async (trx) => {
            const result = await trx
              .updateTable('users')
              .set({ oidcIssuer: issuer, oidcSubject: subject })
              .where('id', '=', byEmail.id)
              .where('oidcSubject', 'is', null)
              .executeTakeFirst();
            if (Number(result.numUpdatedRows) !== 1) return false;
            await this.audit.record(trx, anonymous, { action: 'user.oidc-link', recordType: 'user', recordId: byEmail.id, fields: ['oidcSubject'], details: { method: 'verified-email' } });
            return true;
          });
          if (linked) user = byEmail;
        }
      }
    }
    if (!user) return fail('not-linked', OIDC_NOT_LINKED);
    if (user.isDisabled) return fail('user-disabled', OIDC_NOT_LINKED, user.id);
    return this.sessions.startSession(user.id, 'oidc', request);
  }
}
