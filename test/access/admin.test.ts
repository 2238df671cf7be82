// User and team administration through the pages and the API: validation with GOV.UK messages,
// concurrent edits detected, agency-scoped administrators kept to their own agency, every change audited.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/kernel/actor.ts';
import { createHarness, DEMO_PASSWORD, type Agent, type Harness } from '../support/app.ts';

describe('user administration', () => {
  let h: Harness;
  let admin: Agent;
  const db = () => h.container.database.db;
  const agencyId = async (code: string) => (await db().selectFrom('agencies').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

  before(async () => {
    h = await createHarness();
    admin = await h.signIn('admin@london-board.example');
  });
  after(() => h.close());

  it('shows each problem with the form beside its field and in the error summary, keeping what was typed', async () => {
    const res = await admin.submit('/admin/users/new', '/admin/users', { displayName: '', email: 'not an email', agencyId: '', password: 'short' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /govuk-error-summary/);
    for (const message of ['Enter a full name', 'Enter an email address in the correct format, like name@example.org', 'Select an agency', 'Password must be 12 characters or more']) {
      assert.ok(res.body.split(message).length >= 3, `"${message}" appears in the summary and by the field`);
    }
    assert.match(res.body, /value="not an email"/);
    assert.doesNotMatch(res.body, /value="short"/, 'a password is never sent back');
    assert.match(res.body, /<title>Error: Add a user/);
  });

  it('creates a user with a team and a role, who can then sign in', async () => {
    const camden = await agencyId('la-202');
    const mash = await db().selectFrom('teams').select('id').where('agencyId', '=', camden).where('code', '=', 'mash').executeTakeFirstOrThrow();
    const res = await admin.submit('/admin/users/new', '/admin/users', {
      displayName: 'Ada Newcombe',
      email: 'Ada.Newcombe@Camden.example',
      agencyId: camden,
      teamIds: mash.id,
      password: 'a-new-long-password',
      roleCode: 'hub-practitioner',
      'scope-hub-practitioner': '202',
    });
    assert.equal(res.statusCode, 303);
    const page = await admin.get(res.headers.location as string);
    assert.match(page.body, /User added/);
    assert.match(page.body, /ada.newcombe@camden.example/, 'email stored in lower case');
    assert.match(page.body, /MASH/);
    assert.match(page.body, /Hub practitioner/);
    const agent = h.agent();
    const signIn = await agent.submit('/sign-in', '/sign-in', { email: 'ada.newcombe@camden.example', password: 'a-new-long-password' });
    assert.equal(signIn.statusCode, 303);
    assert.match((await agent.get('/')).body, /Hub practitioner/);
    const id = /\/admin\/users\/([0-9a-f-]{36})/.exec(res.headers.location as string)![1]!;
    const events = await db().selectFrom('auditEvents').select(['action', 'fields']).where('recordType', '=', 'user').where('recordId', '=', id).orderBy('seq').execute();
    assert.deepEqual(events[0], { action: 'user.create', fields: ['displayName', 'email', 'agency', 'teams', 'password', 'roles'] });
  });

  it('refuses a second user with the same email address, whatever its case', async () => {
    const res = await admin.submit('/admin/users/new', '/admin/users', { displayName: 'Copy', email: 'CASEWORKER@camden.example', agencyId: await agencyId('la-202') });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /A user with this email address already exists/);
  });

  it('refuses teams of another agency and scopes that do not exist', async () => {
    const met = await agencyId('met-police');
    const camdenTeam = await db().selectFrom('teams').select('id').where('agencyId', '=', await agencyId('la-202')).executeTakeFirstOrThrow();
    const res = await admin.submit('/admin/users/new', '/admin/users', { displayName: 'Wrong Team', email: 'wrong.team@met.example', agencyId: met, teamIds: camdenTeam.id });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Select teams from the user&#39;s own agency/);
    const scope = await admin.submit('/admin/users/new', '/admin/users', { displayName: 'Wrong Scope', email: 'wrong.scope@met.example', agencyId: met, roleCode: 'hub-practitioner', 'scope-hub-practitioner': '999' });
    assert.equal(scope.statusCode, 400);
    assert.match(scope.body, /Select where the role applies/);
  });

  it('detects an edit made by someone else in the meantime and saves nothing', async () => {
    const user = await db().selectFrom('users').select(['id', 'version']).where('email', '=', 'desk.officer@met.example').executeTakeFirstOrThrow();
    const form = { displayName: 'Imran Chaudhry', email: 'desk.officer@met.example', version: String(user.version) };
    const first = await admin.submit(`/admin/users/${user.id}/edit`, `/admin/users/${user.id}/edit`, { ...form, displayName: 'Imran Chaudhry-Khan' });
    assert.equal(first.statusCode, 303);
    const stale = await admin.submit(`/admin/users/${user.id}/edit`, `/admin/users/${user.id}/edit`, { ...form, displayName: 'Stale Edit' });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /changed by someone else/);
    const now = await db().selectFrom('users').select('displayName').where('id', '=', user.id).executeTakeFirstOrThrow();
    assert.equal(now.displayName, 'Imran Chaudhry-Khan');
    const api = await admin.api('PUT', `/api/v1/users/${user.id}`, { ...form, version: user.version, teamIds: [] });
    assert.equal(api.statusCode, 409);
    assert.equal(api.json().code, 'conflict');
  });

  it('adds a team to an agency and refuses a duplicate name', async () => {
    const camden = await agencyId('la-202');
    const ok = await admin.submit('/admin/teams/new', '/admin/teams', { agencyId: camden, name: 'Edge of Care', localAuthorityCode: '202' });
    assert.equal(ok.statusCode, 303);
    assert.match((await admin.get(ok.headers.location as string)).body, /Edge of Care/);
    const again = await admin.submit('/admin/teams/new', '/admin/teams', { agencyId: camden, name: 'edge of care' });
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /already has a team with this name/);
  });

  it('keeps an administrator scoped to one agency to that agency’s users', async () => {
    const camden = await agencyId('la-202');
    const localAdmin = await h.container.users.create(
      systemActor('test'),
      { email: 'local.admin@camden.example', displayName: 'Local Admin', agencyId: camden, teamIds: [], password: DEMO_PASSWORD },
      [{ roleCode: 'system-admin', scopeCode: 'la-202' }],
    );
    const role = await db().selectFrom('roleAssignments').select(['scopeKind', 'scopeCode']).where('userId', '=', localAdmin).executeTakeFirstOrThrow();
    assert.deepEqual(role, { scopeKind: 'agency', scopeCode: 'la-202' });
    const agent = await h.signIn('local.admin@camden.example');
    const list = await agent.api('GET', '/api/v1/users');
    assert.equal(list.statusCode, 200);
    const emails: string[] = list.json().items.map((u: { email: string }) => u.email);
    assert.ok(emails.includes('caseworker@camden.example'));
    assert.ok(!emails.some((e) => e.endsWith('@met.example')), 'no Metropolitan Police users listed');
    const police = await db().selectFrom('users').select('id').where('email', '=', 'police.researcher@met.example').executeTakeFirstOrThrow();
    assert.equal((await agent.get(`/admin/users/${police.id}`)).statusCode, 404);
    assert.equal((await agent.api('GET', `/api/v1/users/${police.id}`)).statusCode, 404);

    // Teams and API keys of other agencies are out of reach too.
    const met = await agencyId('met-police');
    const team = await agent.submit('/admin/teams/new', '/admin/teams', { agencyId: met, name: 'Not ours' });
    assert.equal(team.statusCode, 400);
    assert.match(team.body, /Select your own agency/);
    const key = await agent.submit('/admin/api-keys/new', '/admin/api-keys', { name: 'Not ours', agencyId: met, scopes: 'reference.read' });
    assert.equal(key.statusCode, 400);
    assert.match(key.body, /Select your own agency/);

    // Roles only for its own agency, its authority (Camden, 202) and that authority's board.
    const worker = await db().selectFrom('users').select('id').where('email', '=', 'caseworker@camden.example').executeTakeFirstOrThrow();
    const croydon = await agent.api('POST', `/api/v1/users/${worker.id}/roles`, { roleCode: 'hub-practitioner', scopeCode: '306' });
    assert.equal(croydon.statusCode, 400);
    assert.equal((await agent.api('POST', `/api/v1/users/${worker.id}/roles`, { roleCode: 'hub-practitioner', scopeCode: '202' })).statusCode, 204);
    assert.equal((await agent.api('POST', `/api/v1/users/${worker.id}/roles`, { roleCode: 'board-manager', scopeCode: 'LSCB-306' })).statusCode, 400);
    assert.equal((await agent.api('POST', `/api/v1/users/${worker.id}/roles`, { roleCode: 'board-manager', scopeCode: 'LSCB-202' })).statusCode, 204);
    assert.equal((await agent.api('POST', `/api/v1/users/${worker.id}/roles`, { roleCode: 'regional-adviser', scopeCode: 'london' })).statusCode, 400);
  });

  it('disables, enables and gives roles through the API as well', async () => {
    const user = await db().selectFrom('users').select(['id', 'version']).where('email', '=', 'regional.adviser@london-board.example').executeTakeFirstOrThrow();
    assert.equal((await admin.api('POST', `/api/v1/users/${user.id}/status`, { version: user.version, isDisabled: true })).statusCode, 204);
    const disabled = await admin.api('GET', `/api/v1/users/${user.id}`);
    assert.equal(disabled.json().isDisabled, true);
    assert.equal((await admin.api('POST', `/api/v1/users/${user.id}/status`, { version: user.version + 1, isDisabled: false })).statusCode, 204);
    assert.equal((await admin.api('POST', `/api/v1/users/${user.id}/roles`, { roleCode: 'board-manager', scopeCode: 'LSCB-306' })).statusCode, 204);
    const roles = (await admin.api('GET', `/api/v1/users/${user.id}`)).json().roles as { id: string; roleCode: string }[];
    const added = roles.find((r) => r.roleCode === 'board-manager')!;
    assert.ok(added);
    assert.equal((await admin.api('DELETE', `/api/v1/users/${user.id}/roles/${added.id}`)).statusCode, 204);
    assert.equal((await admin.api('DELETE', `/api/v1/users/${user.id}/roles/${added.id}`)).statusCode, 404, 'a role is removed once');
  });

  it('searches users by name without putting the name in a URL', async () => {
    const res = await admin.submit('/admin/users', '/admin/users/search', { q: 'osei' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Daniel Osei/);
    assert.doesNotMatch(res.body, /Grace Adeyemi/);
    const api = await admin.api('POST', '/api/v1/users/search', { search: 'adeyemi' });
    assert.deepEqual(api.json().items.map((u: { displayName: string }) => u.displayName), ['Grace Adeyemi']);
  });
});

describe('access history for the privacy officer', () => {
  let h: Harness;
  const db = () => h.container.database.db;
  before(async () => {
    h = await createHarness();
  });
  after(() => h.close());

  it('lists who read and changed a staff record, and records the look-up itself', async () => {
    const admin = await h.signIn('admin@london-board.example');
    const caseworker = await db().selectFrom('users').select('id').where('email', '=', 'caseworker@camden.example').executeTakeFirstOrThrow();
    await admin.get(`/admin/users/${caseworker.id}`);
    const officer = await h.signIn('privacy.officer@camden.example');
    const found = await officer.submit('/audit/access-history', '/audit/access-history', { recordType: 'user', reference: 'caseworker@camden.example' });
    assert.equal(found.statusCode, 303);
    assert.equal(found.headers.location, `/audit/access-history/user/${caseworker.id}`);
    const page = await officer.get(found.headers.location as string);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /user\.read/);
    assert.match(page.body, /Jo Lindqvist/);
    assert.match(page.body, /administration/);
    const looked = await db().selectFrom('auditEvents').select('actorRole').where('action', '=', 'audit.history.read').where('recordId', '=', caseworker.id).execute();
    assert.deepEqual(looked.map((e) => e.actorRole), ['privacy-officer']);
  });

  it('keeps an agency’s privacy officer to that agency’s records, answering as if the record did not exist', async () => {
    const officer = await h.signIn('privacy.officer@camden.example');
    const police = await db().selectFrom('users').select('id').where('email', '=', 'police.researcher@met.example').executeTakeFirstOrThrow();
    assert.equal((await officer.get(`/audit/access-history/user/${police.id}`)).statusCode, 404);
    const byEmail = await officer.submit('/audit/access-history', '/audit/access-history', { recordType: 'user', reference: 'police.researcher@met.example' });
    assert.equal(byEmail.statusCode, 400);
    assert.match(byEmail.body, /No record in your area matches that reference/);
    const unknownType = await officer.get(`/audit/access-history/contact/${police.id}`);
    assert.equal(unknownType.statusCode, 404);
  });

  it('shows the chain check to the privacy officer', async () => {
    const officer = await h.signIn('privacy.officer@camden.example');
    const page = await officer.get('/audit/verify');
    assert.match(page.body, /The audit trail is intact/);
    const api = await officer.api('GET', '/api/v1/audit/verify');
    assert.equal(api.json().ok, true);
  });
});
