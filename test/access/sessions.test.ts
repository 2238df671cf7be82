// Sessions: idle and absolute timeouts, revocation by disabling a user or removing a role, sign-out,
// role switching, and sign-in that gives nothing away about which accounts exist.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FixedClock } from '../../src/kernel/clock.ts';
import { SIGN_IN_FAILED } from '../../src/platform/access/sessions.service.ts';
import { createHarness, DEMO_PASSWORD, type Harness } from '../support/app.ts';

const CASEWORKER = 'caseworker@camden.example';
const MINUTE = 60_000;

describe('sessions', () => {
  let h: Harness;
  let clock: FixedClock;
  const db = () => h.container.database.db;
  const userId = async (email: string) => (await db().selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

  before(async () => {
    clock = new FixedClock('2026-11-02T09:00:00Z');
    h = await createHarness({ clock });
  });
  after(() => h.close());

  it('keeps only a hash of the session token in the database', async () => {
    const agent = await h.signIn(CASEWORKER);
    const cookie = decodeURIComponent(agent.sessionCookie!);
    const token = cookie.slice(0, cookie.lastIndexOf('.'));
    const rows = await db().selectFrom('sessions').select('tokenHash').execute();
    assert.ok(rows.length > 0);
    assert.ok(rows.every((r) => r.tokenHash !== token && !r.tokenHash.includes(token)));
  });

  it('stays signed in while active, and signs out after 30 idle minutes', async () => {
    const agent = await h.signIn(CASEWORKER);
    for (let i = 0; i < 4; i++) {
      clock.advance(20 * MINUTE);
      assert.equal((await agent.get('/')).statusCode, 200, `still active after ${(i + 1) * 20} minutes of use`);
    }
    clock.advance(31 * MINUTE);
    const res = await agent.get('/');
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/sign-in?ended=idle-timeout');
    const page = await agent.get(res.headers.location as string);
    assert.match(page.body, /signed out because you had not done anything for a while/);
    const ended = await db().selectFrom('auditEvents').select('details').where('action', '=', 'auth.session-end').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    assert.deepEqual(ended.details, { reason: 'idle-timeout' });
  });

  it('ends even an active session at its absolute limit of 10 hours', async () => {
    const agent = await h.signIn(CASEWORKER);
    let minutes = 0;
    while (minutes < 10 * 60 - 25) {
      clock.advance(25 * MINUTE);
      minutes += 25;
      assert.equal((await agent.get('/')).statusCode, 200);
    }
    clock.advance(30 * MINUTE);
    const res = await agent.get('/');
    assert.equal(res.headers.location, '/sign-in?ended=absolute-timeout');
  });

  it('ends every session of a user on their next request once an administrator disables them', async () => {
    const worker = await h.signIn(CASEWORKER);
    const second = await h.signIn(CASEWORKER);
    const admin = await h.signIn('admin@london-board.example');
    const id = await userId(CASEWORKER);
    const { version } = await db().selectFrom('users').select('version').where('id', '=', id).executeTakeFirstOrThrow();
    const res = await admin.submit(`/admin/users/${id}`, `/admin/users/${id}/status`, { action: 'disable', version: String(version) });
    assert.equal(res.statusCode, 303);
    for (const agent of [worker, second]) {
      const next = await agent.get('/');
      assert.equal(next.statusCode, 303);
      assert.equal(next.headers.location, '/sign-in?ended=user-disabled');
    }
    // A disabled user cannot sign in again, and is told nothing different from a wrong password.
    const again = await h.agent().submit('/sign-in', '/sign-in', { email: CASEWORKER, password: DEMO_PASSWORD });
    assert.equal(again.statusCode, 400);
    assert.match(again.body, new RegExp(SIGN_IN_FAILED));
    const { version: v2 } = await db().selectFrom('users').select('version').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal((await admin.submit(`/admin/users/${id}`, `/admin/users/${id}/status`, { action: 'enable', version: String(v2) })).statusCode, 303);
    assert.equal((await h.signIn(CASEWORKER)).sessionCookie !== undefined, true);
  });

  it('ends the sessions using a role when that role is removed, on their next request', async () => {
    const manager = await h.signIn('hub.manager@camden.example', 'hub-manager');
    assert.equal((await manager.get('/')).statusCode, 200);
    const admin = await h.signIn('admin@london-board.example');
    const id = await userId('hub.manager@camden.example');
    const role = await db().selectFrom('roleAssignments').select('id').where('userId', '=', id).where('roleCode', '=', 'hub-manager').executeTakeFirstOrThrow();
    assert.equal((await admin.submit(`/admin/users/${id}`, `/admin/users/${id}/roles/${role.id}/revoke`, {})).statusCode, 303);
    const next = await manager.get('/');
    assert.equal(next.headers.location, '/sign-in?ended=role-revoked');
    // Signing in again, only the remaining role is offered and chosen automatically.
    const again = await h.signIn('hub.manager@camden.example');
    const home = await again.get('/');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /Hub practitioner/);
  });

  it('asks a user with several roles to choose one, and records each switch', async () => {
    const admin = await h.signIn('admin@london-board.example');
    const id = await userId('board.manager@camden.example');
    assert.equal((await admin.submit(`/admin/users/${id}`, `/admin/users/${id}/roles`, { roleCode: 'referrer', 'scope-referrer': 'la-202' })).statusCode, 303);
    const agent = await h.signIn('board.manager@camden.example');
    const home = await agent.get('/');
    assert.equal(home.statusCode, 303);
    assert.equal(home.headers.location, '/select-role');
    const roles = await h.container.sessions.rolesFor(id);
    const board = roles.find((r) => r.roleCode === 'board-manager')!;
    const referrer = roles.find((r) => r.roleCode === 'referrer')!;
    assert.equal((await agent.submit('/select-role', '/select-role', { roleAssignmentId: board.id })).statusCode, 303);
    assert.match((await agent.get('/')).body, /LSCB business manager/);
    assert.equal((await agent.submit('/select-role', '/select-role', { roleAssignmentId: referrer.id })).statusCode, 303);
    assert.match((await agent.get('/')).body, /<span class="govuk-caption-l">Referrer<\/span>/);
    const events = await db().selectFrom('auditEvents').select(['action', 'details']).where('actorUserId', '=', id).where('action', 'in', ['auth.role-select', 'auth.role-switch']).orderBy('seq').execute();
    assert.deepEqual(
      events.map((e) => [e.action, (e.details as { toRole: string }).toRole]),
      [
        ['auth.role-select', 'board-manager'],
        ['auth.role-switch', 'referrer'],
      ],
    );
    // A role that is not the user's own cannot be chosen.
    const other = await db().selectFrom('roleAssignments').select('id').where('userId', '!=', id).executeTakeFirstOrThrow();
    const refused = await agent.submit('/select-role', '/select-role', { roleAssignmentId: other.id });
    assert.equal(refused.statusCode, 400);
  });

  it('ends idle sessions in the scheduled sweep, auditing each one', async () => {
    const agent = await h.signIn('regional.adviser@london-board.example');
    assert.equal((await agent.get('/')).statusCode, 200);
    clock.advance(45 * MINUTE);
    const ended = await h.container.sessions.sweepExpired();
    assert.ok(ended >= 1);
    const id = await userId('regional.adviser@london-board.example');
    const events = await db().selectFrom('auditEvents').select(['actorRole', 'details']).where('action', '=', 'auth.session-end').where('recordId', '=', id).execute();
    assert.ok(events.some((e) => e.actorRole === 'system:sessions.sweep-expired' && (e.details as { reason: string }).reason === 'expired'));
    assert.equal((await agent.get('/')).statusCode, 303);
    assert.equal(await h.container.sessions.sweepExpired(), 0, 'nothing left to end');
  });

  it('signs out: the old cookie no longer works', async () => {
    const agent = await h.signIn(CASEWORKER);
    const cookie = agent.sessionCookie!;
    const out = await agent.submit('/', '/sign-out', {});
    assert.equal(out.headers.location, '/sign-in?ended=signed-out');
    const replay = await h.app.inject({ method: 'GET', url: '/', headers: { cookie: `safehub_session=${cookie}` } });
    assert.equal(replay.statusCode, 303);
    assert.match(String(replay.headers.location), /^\/sign-in/);
  });

  it('gives the same answer for an unknown email, a wrong password and a blank form field', async () => {
    const unknown = await h.agent().submit('/sign-in', '/sign-in', { email: 'nobody@camden.example', password: 'whatever-password' });
    const wrong = await h.agent().submit('/sign-in', '/sign-in', { email: CASEWORKER, password: 'wrong-password-123' });
    assert.equal(unknown.statusCode, 400);
    assert.equal(wrong.statusCode, 400);
    const message = (body: string) => /govuk-error-summary__list[\s\S]*?<a[^>]*>([^<]+)<\/a>/.exec(body)?.[1]?.trim();
    assert.equal(message(unknown.body), SIGN_IN_FAILED);
    assert.equal(message(wrong.body), SIGN_IN_FAILED);
    const blank = await h.agent().submit('/sign-in', '/sign-in', { email: '', password: '' });
    assert.match(blank.body, /Enter your email address/);
    assert.match(blank.body, /Enter your password/);
  });

  it('spends the same password-hashing work on an unknown email as on a wrong password', async () => {
    // CPU time of this process (argon2 runs on its worker threads, which count), not wall time: other processes
    // sharing the machine in CI do not move it.
    const time = async (email: string) => {
      const start = process.cpuUsage();
      await h.container.sessions.signInWithPassword(email, 'wrong-password-123', { correlationId: 't' }).catch(() => undefined);
      const used = process.cpuUsage(start);
      return (used.user + used.system) / 1000;
    };
    await time('warm-up@camden.example');
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const unknown: number[] = [];
    const known: number[] = [];
    for (let i = 0; i < 7; i++) {
      unknown.push(await time(`nobody${i}@camden.example`));
      known.push(await time(CASEWORKER));
    }
    const ratio = median(unknown) / median(known);
    assert.ok(ratio > 0.5 && ratio < 2, `unknown-user sign-in used ${median(unknown).toFixed(1)} ms of CPU, wrong password ${median(known).toFixed(1)} ms`);
  });

  it('audits failed sign-ins without storing what was typed', async () => {
    await h.agent().submit('/sign-in', '/sign-in', { email: 'typed.address@camden.example', password: 'typed-secret-123' });
    const event = await db().selectFrom('auditEvents').selectAll().where('action', '=', 'auth.sign-in').where('outcome', '=', 'failure').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    assert.deepEqual(event.details, { method: 'password', reason: 'unknown-user' });
    assert.ok(!JSON.stringify(event).includes('typed.address'));
    assert.ok(!JSON.stringify(event).includes('typed-secret'));
  });
});

describe('sign-in rate limit', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness({ config: { signInRateLimitPerMinute: 3 } });
  });
  after(() => h.close());

  it('refuses further attempts from the same address after the limit, with a GOV.UK page', async () => {
    const agent = h.agent();
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await agent.submit('/sign-in', '/sign-in', { email: CASEWORKER, password: `wrong-password-${i}` })).statusCode);
    assert.deepEqual(codes, [400, 400, 400, 429]);
    const limited = await agent.submit('/sign-in', '/sign-in', { email: CASEWORKER, password: DEMO_PASSWORD });
    assert.equal(limited.statusCode, 429);
    assert.match(limited.body, /Too many attempts/);
  });
});
