// Cross-cutting protections: CSRF on every cookie-authenticated write, security headers, no caching of
// authenticated responses, problem+json errors, API keys, and logs free of personal data.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../src/platform/logging/logger.ts';
import { apiWithKey, createHarness, type Harness } from '../support/app.ts';

describe('security', () => {
  let h: Harness;
  const logLines: string[] = [];

  before(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    h = await createHarness({ log: createLogger('info', sink) });
  });
  after(() => h.close());

  it('refuses a form post without a CSRF token, or with a token from another browser', async () => {
    const admin = await h.signIn('admin@london-board.example');
    const missing = await admin.postRaw('/sign-out', {});
    assert.equal(missing.statusCode, 403);
    assert.match(missing.body, /form has expired/);
    const stranger = h.agent();
    const page = await stranger.get('/sign-in');
    const foreignToken = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const forged = await admin.postRaw('/admin/teams', { _csrf: foreignToken, agencyId: '', name: 'Forged team' });
    assert.equal(forged.statusCode, 403);
    assert.equal((await admin.get('/')).statusCode, 200, 'still signed in: the refused sign-out did nothing');
    const teams = await h.container.database.db.selectFrom('teams').select('id').where('name', '=', 'Forged team').execute();
    assert.equal(teams.length, 0);
  });

  it('refuses a cookie-authenticated API write without the CSRF header, with problem+json', async () => {
    const admin = await h.signIn('admin@london-board.example');
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: `safehub_session=${admin.sessionCookie}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'csrf.victim@example.org', displayName: 'Victim', agencyId: '00000000-0000-4000-8000-000000000000' }),
    });
    assert.equal(res.statusCode, 403);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(res.json().code, 'csrf-invalid');
  });

  it('sends a strict CSP with no inline script, and the other security headers', async () => {
    const res = await h.agent().get('/sign-in');
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.ok(res.headers['referrer-policy']);
    assert.doesNotMatch(res.body, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline <script> on the page');
  });

  it('never lets an authenticated page or API answer be cached', async () => {
    const agent = await h.signIn('caseworker@camden.example');
    for (const url of ['/', '/directory/boards']) assert.equal((await agent.get(url)).headers['cache-control'], 'no-store', url);
    assert.equal((await agent.api('GET', '/api/v1/me')).headers['cache-control'], 'no-store');
  });

  it('describes bad API input as problem+json with field errors and a correlation id', async () => {
    const admin = await h.signIn('admin@london-board.example');
    const res = await admin.api('POST', '/api/v1/users', { email: 'not-an-email', displayName: '' });
    assert.equal(res.statusCode, 400);
    const body = res.json();
    assert.equal(body.code, 'validation-failed');
    assert.equal(body.errors.email, 'Enter an email address in the correct format, like name@example.org');
    assert.equal(body.errors.displayName, 'Enter a full name');
    assert.equal(body.correlationId, res.headers['x-correlation-id']);
    assert.ok(!JSON.stringify(body).includes('not-an-email'), 'the error does not echo the input');
  });

  it('authenticates partner systems by API key: scoped, without CSRF, revocable', async () => {
    const admin = await h.signIn('admin@london-board.example');
    const met = await h.container.database.db.selectFrom('agencies').select('id').where('code', '=', 'met-police').executeTakeFirstOrThrow();
    const created = await admin.submit('/admin/api-keys/new', '/admin/api-keys', { name: 'Police feed', agencyId: met.id, scopes: 'reference.read' });
    assert.equal(created.statusCode, 200);
    const key = /id="api-key">([^<]+)</.exec(created.body)![1]!;
    assert.match(key, /^shk_[a-z0-9]{12}_/);
    const stored = await h.container.database.db.selectFrom('apiKeys').selectAll().where('name', '=', 'Police feed').executeTakeFirstOrThrow();
    const secret = key.slice('shk_'.length + 12 + 1);
    assert.equal(secret.length, 43);
    assert.equal(stored.keyHash, createHash('sha256').update(secret).digest('hex'), 'only the SHA-256 of the secret is stored');

    const me = await apiWithKey(h.app, key, 'GET', '/api/v1/me');
    assert.equal(me.statusCode, 200);
    assert.deepEqual([me.json().kind, me.json().agencyCode], ['api-client', 'met-police']);
    assert.equal((await apiWithKey(h.app, key, 'GET', '/api/v1/boards')).statusCode, 200);
    // Scoped: this key may read reference data, not administer users.
    assert.equal((await apiWithKey(h.app, key, 'GET', '/api/v1/users')).statusCode, 403);
    // A key is not a way into the pages.
    assert.equal((await h.app.inject({ method: 'GET', url: '/admin/users', headers: { authorization: `Bearer ${key}` } })).statusCode, 303);

    const wrong = key.slice(0, -4) + 'AAAA';
    assert.equal((await apiWithKey(h.app, wrong, 'GET', '/api/v1/me')).statusCode, 401);
    assert.equal((await apiWithKey(h.app, 'not-a-key', 'GET', '/api/v1/me')).statusCode, 401);

    assert.equal((await admin.submit('/admin/api-keys', `/admin/api-keys/${stored.id}/revoke`, {})).statusCode, 303);
    const revoked = await apiWithKey(h.app, key, 'GET', '/api/v1/me');
    assert.equal(revoked.statusCode, 401);
    assert.equal(revoked.json().code, 'unauthenticated');
  });

  it('writes no names, email addresses or passwords to the log', async () => {
    const admin = await h.signIn('admin@london-board.example');
    const agency = await h.container.database.db.selectFrom('agencies').select('id').where('code', '=', 'la-202').executeTakeFirstOrThrow();
    await admin.api('POST', '/api/v1/users', { email: 'zebedee.quill@camden.example', displayName: 'Zebedee Quillfeather', agencyId: agency.id, password: 'a-long-secret-password' });
    await h.agent().submit('/sign-in', '/sign-in', { email: 'zebedee.quill@camden.example', password: 'wrong-password-456' });
    const search = await admin.submit('/admin/users', '/admin/users/search', { q: 'Quillfeather' });
    assert.match(search.body, /Zebedee Quillfeather/);
    const log = logLines.join('');
    assert.ok(logLines.length > 3, 'requests were logged');
    for (const secret of ['Zebedee', 'Quillfeather', 'zebedee.quill', 'a-long-secret-password', 'wrong-password-456', 'Jo Lindqvist', 'admin@london-board.example']) {
      assert.ok(!log.includes(secret), `log contains ${secret}`);
    }
  });
});
