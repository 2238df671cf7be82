// A real OpenID Connect provider (panva's oidc-provider) on 127.0.0.1 for sign-in tests, with one confidential
// client and an in-memory account list. Its login and consent "screens" are done programmatically: a test says
// which account signs in, and `authorize` walks the provider side (authorisation endpoint, interaction, resume)
// with a cookie jar and manual redirects, returning the URL the provider sends the browser back to.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The claims an account releases (beyond `sub`). */
export interface TestAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Adds or replaces the account with this subject. */
  setAccount(subject: string, claims: TestAccount): void;
  /**
   * Follows `authorizationUrl` through the provider, signing in as `subject` (with a fresh browser, so a new login),
   * and returns the redirect back to the client (the callback URL with code, state and iss).
   */
  authorize(authorizationUrl: string, subject: string): Promise<URL>;
  close(): Promise<void>;
}

// The parts of oidc-provider's API used here (the package ships no type declarations).
interface Interaction {
  uid: string;
  prompt: { name: string; details: { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> } };
  params: Record<string, unknown>;
  session?: { accountId?: string };
  grantId?: string;
}
interface Grant {
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: string[]): void;
  addResourceScope(indicator: string, scope: string): void;
  save(): Promise<string>;
}
interface Provider {
  Grant: { new (init: { accountId: string; clientId: string }): Grant; find(id: string): Promise<Grant | undefined> };
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
  interactionResult(req: IncomingMessage, res: ServerResponse, result: Record<string, unknown>, options?: { mergeWithLastSubmission?: boolean }): Promise<string>;
}
type ProviderConstructor = new (issuer: string, configuration: Record<string, unknown>) => Provider;

export async function startOidcProvider(options: { redirectUri: string; clientId?: string; clientSecret?: string }): Promise<TestOidcProvider> {
  const clientId = options.clientId ?? 'safehub-test';
  const clientSecret = options.clientSecret ?? randomBytes(24).toString('base64url');
  const accounts = new Map<string, TestAccount>();

  // Listen first, so the issuer (which carries the port) is known before the provider is built.
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const specifier: string = 'oidc-provider';
  const { default: OidcProvider } = (await import(specifier)) as { default: ProviderConstructor };
  const signingKey = { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'test-signing-key', use: 'sig', alg: 'RS256' };

  const provider = new OidcProvider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        // openid-client v6 sends the secret in the body when given a client secret and no other method.
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // Every client must use PKCE, so a missing or wrong code_verifier fails the token exchange.
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    ttl: { AuthorizationCode: 60, Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600 },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx: unknown, id: string) {
      const account = accounts.get(id);
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
  });
  const providerCallback = provider.callback();

  // The login and consent "screens": /interaction/:uid?account=SUBJECT signs in; a consent prompt is granted as asked.
  async function interaction(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    let result: Record<string, unknown>;
    if (details.prompt.name === 'login') {
      const account = new URL(req.url ?? '/', issuer).searchParams.get('account');
      if (!account || !accounts.has(account)) {
        result = { error: 'access_denied', error_description: 'unknown test account' };
      } else {
        result = { login: { accountId: account } };
      }
    } else if (details.prompt.name === 'consent') {
      const accountId = details.session?.accountId;
      if (!accountId) throw new Error('consent prompt without a signed-in account');
      const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId, clientId: String(details.params.client_id) });
      if (!grant) throw new Error('grant not found');
      const missing = details.prompt.details;
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
      result = { consent: { grantId: await grant.save() } };
    } else {
      throw new Error(`unexpected prompt ${details.prompt.name}`);
    }
    const returnTo = await provider.interactionResult(req, res, result, { mergeWithLastSubmission: true });
    res.writeHead(303, { location: returnTo, 'content-length': '0' });
    res.end();
  }

  handler = (req, res) => {
    if (req.method === 'GET' && req.url?.startsWith('/interaction/')) {
      interaction(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(error instanceof Error ? error.message : String(error));
      });
      return;
    }
    providerCallback(req, res);
  };

  return {
    issuer,
    clientId,
    clientSecret,
    redirectUri: options.redirectUri,
    setAccount(subject, claims) {
      accounts.set(subject, claims);
    },
    async authorize(authorizationUrl, subject) {
      const jar = new CookieJar();
      const redirectOrigin = new URL(options.redirectUri).origin;
      let url = new URL(authorizationUrl);
      for (let hop = 0; hop < 10; hop += 1) {
        if (url.origin === redirectOrigin && url.pathname === new URL(options.redirectUri).pathname) return url;
        if (url.origin !== issuer) throw new Error(`provider redirected to an unexpected place: ${url.origin}${url.pathname}`);
        if (url.pathname.startsWith('/interaction/')) url.searchParams.set('account', subject);
        const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
        jar.keep(res);
        const location = res.headers.get('location');
        if (res.status < 300 || res.status >= 400 || !location) {
          throw new Error(`provider answered ${res.status} at ${url.pathname}: ${(await res.text()).slice(0, 500)}`);
        }
        await res.body?.cancel();
        url = new URL(location, url);
      }
      throw new Error('too many redirects at the provider');
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** Enough of a browser's cookie jar for one host: names only (the provider's cookies have distinct names). */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  keep(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq < 1) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => {
        const [key = '', val = ''] = a.split('=');
        const k = key.trim().toLowerCase();
        return (k === 'expires' && Date.parse(val) <= Date.now()) || (k === 'max-age' && Number(val) <= 0);
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}
