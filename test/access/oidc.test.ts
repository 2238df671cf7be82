// OpenID Connect sign-in end to end: the real app (through inject) against a real provider (oidc-provider on
// 127.0.0.1). Covers the redirect (PKCE S256, state, nonce), linking by verified email then by subject, refusals
// (unknown identity, unverified email, disabled user, tampered or missing state) and the audit trail.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { OIDC_NOT_LINKED } from '../../src/platform/access/oidc.service.ts';
import { createHarness, type Agent, type Harness } from '../support/app.ts';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.ts';

const REDIRECT_URI = 'http://localhost:3000/sign-in/oidc/callback';
const LABEL = 'Sign in with your organisation account';

let provider: TestOidcProvider;
let harness: Harness;

before(async () => {
  provider = await startOidcProvider({ redirectUri: REDIRECT_URI });
  harness = await createHarness({
    config: { oidc: { issuer: provider.issuer, clientId: provider.clientId, clientSecret: provider.clientSecret, redirectUri: REDIRECT_URI, label: LABEL } },
  });
});

after(async () => {
  await harness?.close();
  await provider?.close();
});

function cookieNamed(res: LightMyRequestResponse, name: string) {
  return (res.cookies as { name: string; value: string; maxAge?: number; expires?: Date; httpOnly?: boolean }[]).find((c) => c.name === name);
}

/** A session cookie that is actually set (not one being cleared). */
function setsSession(res: LightMyRequestResponse): boolean {
  const c = cookieNamed(res, 'safehub_session');
  return Boolean(c && c.value !== '' && c.maxAge !== 0 && !(c.expires && c.expires.getTime() < Date.now()));
}

interface Attempt {
  agent: Agent;
  /** The app's redirect to the provider. */
  start: LightMyRequestResponse;
  authorizationUrl: URL;
  /** Where the provider sent the browser back to (the callback with code, state and iss). */
  returned: URL;
  /** The app's answer to that callback. */
  callback: LightMyRequestResponse;
}

/** Starts at the app, signs in at the provider as `subject`, and returns to the app's callback (unless `tamper` changes it). */
async function signInWithOidc(subject: string, tamper?: (returned: URL) => URL): Promise<Attempt> {
  const agent = harness.agent();
  const start = await agent.get('/sign-in/oidc');
  assert.equal(start.statusCode, 303, 'GET /sign-in/oidc redirects to the provider');
  const authorizationUrl = new URL(String(start.headers.location));
  const returned = await provider.authorize(authorizationUrl.href, subject);
  const target = tamper ? tamper(new URL(returned)) : returned;
  const callback = await agent.get(target.pathname + target.search);
  return { agent, start, authorizationUrl, returned, callback };
}

async function userByEmail(email: string) {
  return harness.container.database.db
    .selectFrom('users')
    .select(['id', 'email', 'oidcIssuer', 'oidcSubject', 'isDisabled'])
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
}

async function signInEvents() {
  const rows = await harness.container.database.db
    .selectFrom('auditEvents')
    .select(['seq', 'actorUserId', 'sessionId', 'outcome', 'details', 'recordId'])
    .where('action', '=', 'auth.sign-in')
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq), details: r.details as Record<string, unknown> }));
}

async function latestSeq(): Promise<number> {
  const row = await harness.container.database.db.selectFrom('auditEvents').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  return Number(row?.seq ?? 0);
}

async function failuresSince(seq: number) {
  return (await signInEvents()).filter((e) => e.seq > seq && e.outcome === 'failure');
}

async function sessionCount(): Promise<number> {
  const row = await harness.container.database.db.selectFrom('sessions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The refusal page: 401, the GOV.UK sign-in page with the OIDC error, and no session. */
function assertRefused(res: LightMyRequestResponse, message: string) {
  assert.equal(res.statusCode, 401);
  assert.match(res.headers['content-type'] as string, /text\/html/);
  assert.match(res.body, /Sign in to Safehub/);
  assert.ok(res.body.includes(message), `page shows: ${message}`);
  assert.match(res.body, /govuk-error-message/);
  assert.match(res.body, /govuk-error-summary/);
  assert.equal(setsSession(res), false, 'no session cookie is set');
}

const TRY_AGAIN = 'Sign-in with your organisation account did not complete. Try again.';

describe('OpenID Connect sign-in', () => {
  test('a demo user signs in through the provider: PKCE, state and nonce; linked by verified email; audited', async () => {
    const admin = await userByEmail('admin@london-board.example');
    assert.equal(admin.oidcSubject, null, 'not linked before the first sign-in');
    provider.setAccount('jo-lindqvist-0001', { email: 'Admin@London-Board.example', email_verified: true, name: 'Jo Lindqvist' });
    const sessionsBefore = await sessionCount();

    const signInPage = await harness.agent().get('/sign-in');
    assert.ok(signInPage.body.includes(LABEL), 'the sign-in page offers the organisation account');
    assert.ok(signInPage.body.includes('href="/sign-in/oidc"'));

    const { agent, start, authorizationUrl, returned, callback } = await signInWithOidc('jo-lindqvist-0001');

    // The redirect to the provider: authorisation code flow with PKCE S256, state and nonce.
    assert.equal(authorizationUrl.origin, provider.issuer);
    assert.equal(authorizationUrl.pathname, '/auth');
    const q = authorizationUrl.searchParams;
    assert.equal(q.get('response_type'), 'code');
    assert.equal(q.get('client_id'), provider.clientId);
    assert.equal(q.get('redirect_uri'), REDIRECT_URI);
    assert.deepEqual(new Set(q.get('scope')?.split(' ')), new Set(['openid', 'email', 'profile']));
    assert.equal(q.get('code_challenge_method'), 'S256');
    assert.match(q.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.ok((q.get('state') ?? '').length >= 20, 'a random state');
    assert.ok((q.get('nonce') ?? '').length >= 20, 'a random nonce');
    assert.notEqual(q.get('state'), q.get('nonce'));
    const pendingCookie = cookieNamed(start, 'safehub_oidc');
    assert.ok(pendingCookie?.value, 'the pending state travels in a cookie');
    assert.equal(pendingCookie.httpOnly, true);
    assert.ok(!pendingCookie.value.includes(q.get('code_challenge')!), 'the cookie holds the verifier, not the challenge');
    assert.equal(returned.searchParams.get('state'), q.get('state'), 'the provider returns the same state');
    assert.ok(returned.searchParams.get('code'));

    // The callback starts a session and goes to role selection, which goes straight home for a single role.
    assert.equal(callback.statusCode, 303, callback.body);
    assert.equal(callback.headers.location, '/select-role?next=home');
    assert.ok(setsSession(callback), 'a session cookie is set');
    const cleared = cookieNamed(callback, 'safehub_oidc');
    assert.ok(cleared && (cleared.value === '' || cleared.maxAge === 0 || (cleared.expires?.getTime() ?? Infinity) < Date.now()), 'the pending cookie is cleared');
    const select = await agent.get('/select-role?next=home');
    assert.equal(select.statusCode, 303);
    assert.equal(select.headers.location, '/');
    const home = await agent.get('/');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /Your Safehub home/);
    assert.match(home.body, /Jo Lindqvist/);

    // Linked by (issuer, subject) for next time.
    const linked = await userByEmail('admin@london-board.example');
    assert.equal(linked.oidcIssuer, provider.issuer);
    assert.equal(linked.oidcSubject, 'jo-lindqvist-0001');

    // One new session, made by OIDC, for this user.
    assert.equal(await sessionCount(), sessionsBefore + 1);
    const session = await harness.container.database.db
      .selectFrom('sessions')
      .select(['id', 'userId', 'authMethod', 'roleAssignmentId'])
      .where('userId', '=', admin.id)
      .executeTakeFirstOrThrow();
    assert.equal(session.authMethod, 'oidc');
    assert.ok(session.roleAssignmentId, 'the only role is chosen');

    const events = (await signInEvents()).filter((e) => e.actorUserId === admin.id);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.outcome, 'success');
    assert.equal(events[0]!.details.method, 'oidc');
    assert.equal(events[0]!.details.roleCode, 'system-admin');
    assert.equal(events[0]!.sessionId, session.id);
    assert.equal(events[0]!.recordId, admin.id);
  });

  test('the next sign-in finds the user by subject, even when the email claim has changed', async () => {
    const admin = await userByEmail('admin@london-board.example');
    // The provider now says a different (verified) email: another demo user's. The subject wins.
    provider.setAccount('jo-lindqvist-0001', { email: 'regional.adviser@london-board.example', email_verified: true });
    const { agent, callback } = await signInWithOidc('jo-lindqvist-0001');
    assert.equal(callback.statusCode, 303, callback.body);
    assert.equal(callback.headers.location, '/select-role?next=home');
    assert.ok(setsSession(callback));
    const home = await agent.get('/');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /Your Safehub home/);
    assert.match(home.body, /Jo Lindqvist/);
    assert.doesNotMatch(home.body, /Catherine Doyle/);

    const adviser = await userByEmail('regional.adviser@london-board.example');
    assert.equal(adviser.oidcSubject, null, 'the user who owns the new email is not linked');
    const stillLinked = await userByEmail('admin@london-board.example');
    assert.equal(stillLinked.oidcSubject, 'jo-lindqvist-0001');
    const events = (await signInEvents()).filter((e) => e.actorUserId === admin.id && e.outcome === 'success');
    assert.equal(events.length, 2);
    assert.equal(events[1]!.details.method, 'oidc');
    const adviserEvents = (await signInEvents()).filter((e) => e.actorUserId === adviser.id);
    assert.equal(adviserEvents.length, 0);
  });

  test('an identity whose email matches no Safehub user is refused with the not-linked message', async () => {
    provider.setAccount('stranger-0001', { email: 'someone@elsewhere.example', email_verified: true });
    const seq = await latestSeq();
    const sessionsBefore = await sessionCount();
    const { agent, callback } = await signInWithOidc('stranger-0001');
    assertRefused(callback, OIDC_NOT_LINKED);
    assert.equal(await sessionCount(), sessionsBefore);
    const home = await agent.get('/');
    assert.notEqual(home.statusCode, 200, 'still not signed in');
    assert.doesNotMatch(home.body, /Your Safehub home/);

    const failures = await failuresSince(seq);
    assert.equal(failures.length, 1);
    assert.equal(failures[0]!.actorUserId, null);
    assert.equal(failures[0]!.details.method, 'oidc');
    assert.equal(failures[0]!.details.reason, 'not-linked');
    const linked = await harness.container.database.db.selectFrom('users').select('id').where('oidcSubject', '=', 'stranger-0001').execute();
    assert.equal(linked.length, 0);
  });

  test('a tampered state, a missing pending cookie or an unsigned one is refused without a session', async () => {
    provider.setAccount('hub-practitioner-0001', { email: 'hub.practitioner@camden.example', email_verified: true });
    const sessionsBefore = await sessionCount();

    // 1. The state in the callback is not the one the app sent (and kept in its cookie).
    let seq = await latestSeq();
    const tampered = await signInWithOidc('hub-practitioner-0001', (url) => {
      url.searchParams.set('state', 'an-attackers-state-value-0000000000');
      return url;
    });
    assertRefused(tampered.callback, TRY_AGAIN);
    assert.deepEqual(
      (await failuresSince(seq)).map((e) => e.details.reason),
      ['token-exchange-failed'],
    );
    // The pending cookie was used up: replaying the genuine response in that browser fails too.
    seq = await latestSeq();
    const replay = await tampered.agent.get(tampered.returned.pathname + tampered.returned.search);
    assertRefused(replay, TRY_AGAIN);
    assert.deepEqual(
      (await failuresSince(seq)).map((e) => e.details.reason),
      ['no-pending-state'],
    );

    // 2. A genuine provider response delivered to a browser that never started the sign-in (no cookie).
    const genuine = await harness.agent().get('/sign-in/oidc');
    const authorizationUrl = new URL(String(genuine.headers.location));
    const returned = await provider.authorize(authorizationUrl.href, 'hub-practitioner-0001');
    seq = await latestSeq();
    const noCookie = await harness.app.inject({ method: 'GET', url: returned.pathname + returned.search });
    assertRefused(noCookie, TRY_AGAIN);
    assert.deepEqual(
      (await failuresSince(seq)).map((e) => e.details.reason),
      ['no-pending-state'],
    );

    // 3. A cookie with the right state, nonce and verifier values but not signed by the app is ignored.
    const pending = cookieNamed(genuine, 'safehub_oidc')!.value;
    const unsignedValue = decodeURIComponent(pending).replace(/\.[^.]+$/, '');
    assert.doesNotThrow(() => JSON.parse(unsignedValue), 'the cookie value is JSON plus a signature');
    seq = await latestSeq();
    const unsigned = await harness.app.inject({
      method: 'GET',
      url: returned.pathname + returned.search,
      headers: { cookie: `safehub_oidc=${encodeURIComponent(unsignedValue)}` },
    });
    assertRefused(unsigned, TRY_AGAIN);
    // A forged signature is no better.
    const forged = await harness.app.inject({
      method: 'GET',
      url: returned.pathname + returned.search,
      headers: { cookie: `safehub_oidc=${encodeURIComponent(unsignedValue + '.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')}` },
    });
    assertRefused(forged, TRY_AGAIN);
    assert.deepEqual(
      (await failuresSince(seq)).map((e) => e.details.reason),
      ['no-pending-state', 'no-pending-state'],
    );

    // 4. Control: the genuine cookie with its own provider response completes (once).
    const completed = await harness.app.inject({ method: 'GET', url: returned.pathname + returned.search, headers: { cookie: `safehub_oidc=${pending}` } });
    assert.equal(completed.statusCode, 303, completed.body);
    assert.ok(setsSession(completed));

    // 5. The pending cookie of one sign-in does not complete another sign-in's provider response.
    const firstStart = await harness.agent().get('/sign-in/oidc');
    const firstReturned = await provider.authorize(String(firstStart.headers.location), 'hub-practitioner-0001');
    const secondStart = await harness.agent().get('/sign-in/oidc');
    seq = await latestSeq();
    const mixed = await harness.app.inject({
      method: 'GET',
      url: firstReturned.pathname + firstReturned.search,
      headers: { cookie: `safehub_oidc=${cookieNamed(secondStart, 'safehub_oidc')!.value}` },
    });
    assertRefused(mixed, TRY_AGAIN);
    assert.deepEqual(
      (await failuresSince(seq)).map((e) => e.details.reason),
      ['token-exchange-failed'],
    );

    // 6. A cookie signed by the app with the right state but another PKCE verifier or nonce fails the exchange:
    //    the provider checks the verifier against the challenge, and the app checks the ID token's nonce.
    for (const [field, value] of [
      ['codeVerifier', 'a-different-code-verifier-of-enough-length-000000'],
      ['nonce', 'a-different-nonce-value-000000000000000'],
    ] as const) {
      const started = await harness.agent().get('/sign-in/oidc');
      const back = await provider.authorize(String(started.headers.location), 'hub-practitioner-0001');
      const raw = decodeURIComponent(cookieNamed(started, 'safehub_oidc')!.value).replace(/\.[^.]+$/, '');
      const altered = harness.app.signCookie(JSON.stringify({ ...(JSON.parse(raw) as Record<string, string>), [field]: value }));
      seq = await latestSeq();
      const res = await harness.app.inject({ method: 'GET', url: back.pathname + back.search, headers: { cookie: `safehub_oidc=${encodeURIComponent(altered)}` } });
      assertRefused(res, TRY_AGAIN);
      assert.deepEqual(
        (await failuresSince(seq)).map((e) => e.details.reason),
        ['token-exchange-failed'],
        `a wrong ${field} is refused`,
      );
    }

    // Only the untampered sign-in made a session.
    assert.equal(await sessionCount(), sessionsBefore + 1);
  });

  test('an error from the provider (the person cancels or is refused there) is a failed sign-in', async () => {
    const seq = await latestSeq();
    // The test provider refuses an account it does not know, answering the client with error=access_denied.
    const { returned, callback } = await signInWithOidc('nobody-at-the-provider');
    assert.equal(returned.searchParams.get('error'), 'access_denied');
    assert.equal(returned.searchParams.get('code'), null);
    assertRefused(callback, TRY_AGAIN);
    assert.deepEqual(
      (await failuresSince(seq)).map((e) => e.details.reason),
      ['token-exchange-failed'],
    );
  });

  test('an unverified email does not link to the user with that email', async () => {
    provider.setAccount('unverified-0001', { email: 'caseworker@camden.example', email_verified: false });
    provider.setAccount('no-claim-0001', { email: 'caseworker@camden.example' });
    const sessionsBefore = await sessionCount();
    for (const subject of ['unverified-0001', 'no-claim-0001']) {
      const seq = await latestSeq();
      const { callback } = await signInWithOidc(subject);
      assertRefused(callback, OIDC_NOT_LINKED);
      assert.deepEqual(
        (await failuresSince(seq)).map((e) => e.details.reason),
        ['not-linked'],
      );
    }
    const caseworker = await userByEmail('caseworker@camden.example');
    assert.equal(caseworker.oidcIssuer, null);
    assert.equal(caseworker.oidcSubject, null);
    assert.equal(await sessionCount(), sessionsBefore);
    const events = (await signInEvents()).filter((e) => e.actorUserId === caseworker.id);
    assert.equal(events.length, 0);
  });

  test('a disabled user cannot sign in, whether linked already or by email', async () => {
    const db = harness.container.database.db;
    // Linked already (by the earlier test): disable, then try again.
    const practitioner = await userByEmail('hub.practitioner@camden.example');
    assert.equal(practitioner.oidcSubject, 'hub-practitioner-0001');
    await db.updateTable('users').set({ isDisabled: true, disabledAt: new Date() }).where('id', '=', practitioner.id).execute();
    // Not linked yet, disabled, with a verified email at the provider.
    const officer = await userByEmail('privacy.officer@camden.example');
    await db.updateTable('users').set({ isDisabled: true, disabledAt: new Date() }).where('id', '=', officer.id).execute();
    provider.setAccount('privacy-officer-0001', { email: 'privacy.officer@camden.example', email_verified: true });

    const sessionsBefore = await sessionCount();
    for (const [subject, user] of [
      ['hub-practitioner-0001', practitioner],
      ['privacy-officer-0001', officer],
    ] as const) {
      const seq = await latestSeq();
      const { agent, callback } = await signInWithOidc(subject);
      assertRefused(callback, OIDC_NOT_LINKED);
      const failures = await failuresSince(seq);
      assert.deepEqual(
        failures.map((e) => [e.details.method, e.details.reason, e.recordId]),
        [['oidc', 'user-disabled', user.id]],
      );
      const home = await agent.get('/');
      assert.doesNotMatch(home.body, /Your Safehub home/);
    }
    assert.equal(await sessionCount(), sessionsBefore);
    const successes = (await signInEvents()).filter((e) => e.actorUserId === officer.id);
    assert.equal(successes.length, 0);
    // A refused sign-in changes nothing: the disabled account is not linked to the identity.
    const officerAfter = await userByEmail('privacy.officer@camden.example');
    assert.equal(officerAfter.oidcIssuer, null);
    assert.equal(officerAfter.oidcSubject, null);

    // Enabled again, the linked user signs in as before.
    await db.updateTable('users').set({ isDisabled: false, disabledAt: null }).where('id', '=', practitioner.id).execute();
    const again = await signInWithOidc('hub-practitioner-0001');
    assert.equal(again.callback.statusCode, 303, again.callback.body);
    assert.equal((await again.agent.get('/')).statusCode, 200);
  });
});
