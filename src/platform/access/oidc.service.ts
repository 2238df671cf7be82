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
    const fail = async (reason: string, message = 'Sign-in with your organisation account did not complete. Try again.') => {
      await this.audit.record(this.db, anonymous, { action: 'auth.sign-in', outcome: 'failure', details: { method: 'oidc', reason } });
      throw new UnauthenticatedError(message);
    };
    if (!pending) return fail('no-pending-state');
    const config = await this.config();
    let claims: client.IDToken | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch {
      return fail('token-exchange-failed');
    }
    if (!claims) return fail('no-id-token');
    const issuer = claims.iss;
    const subject = claims.sub;
    let user = await this.db.selectFrom('users').select(['id', 'isDisabled']).where('oidcIssuer', '=', issuer).where('oidcSubject', '=', subject).executeTakeFirst();
    if (!user && typeof claims.email === 'string' && claims.email_verified === true) {
      const byEmail = await this.db
        .selectFrom('users')
        .select(['id', 'isDisabled', 'oidcSubject'])
        .where((eb) => eb(eb.fn('lower', ['email']), '=', String(claims.email).toLowerCase()))
        .executeTakeFirst();
      if (byEmail && !byEmail.oidcSubject) {
        await this.db.updateTable('users').set({ oidcIssuer: issuer, oidcSubject: subject }).where('id', '=', byEmail.id).execute();
        user = byEmail;
      }
    }
    if (!user) return fail('not-linked', OIDC_NOT_LINKED);
    if (user.isDisabled) return fail('user-disabled', OIDC_NOT_LINKED);
    return this.sessions.startSession(user.id, 'oidc', request);
  }
}
