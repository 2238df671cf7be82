// Every page and API route, for every role and for someone not signed in: allowed or denied as designed.
// The expectations are written out here by hand, not derived from the role table, so a wrong
// permission in the code shows up as a failure.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHarness, type Agent, type Harness } from '../support/app.ts';

const USERS: Record<string, string> = {
  referrer: 'referrer@camden-schools.example',
  'hub-practitioner': 'hub.practitioner@camden.example',
  'hub-manager': 'hub.manager@camden.example',
  caseworker: 'caseworker@camden.example',
  'team-manager': 'team.manager@camden.example',
  'agency-researcher': 'police.researcher@met.example',
  'desk-officer': 'desk.officer@met.example',
  'board-manager': 'board.manager@camden.example',
  'regional-manager': 'regional.manager@london-board.example',
  'regional-adviser': 'regional.adviser@london-board.example',
  'elected-member': 'lead.member@camden.example',
  'privacy-officer': 'privacy.officer@camden.example',
  'system-admin': 'admin@london-board.example',
};
const ROLES = Object.keys(USERS);
const ALL = 'all';

// route → roles allowed ('all' = every signed-in role). Anything else must be refused.
const PAGES: Record<string, string[] | typeof ALL> = {
  '/': ALL,
  '/directory/boards': ALL,
  '/directory/agencies': ALL,
  '/select-role': ALL,
  '/admin/users': ['system-admin'],
  '/admin/users/new': ['system-admin'],
  '/admin/users/:caseworker': ['system-admin'],
  '/admin/users/:caseworker/edit': ['system-admin'],
  '/admin/teams': ['system-admin'],
  '/admin/teams/new': ['system-admin'],
  '/admin/api-keys': ['system-admin'],
  '/admin/api-keys/new': ['system-admin'],
  '/audit/access-history': ['privacy-officer'],
  '/audit/access-history/user/:caseworker': ['privacy-officer'],
  '/audit/verify': ['privacy-officer', 'system-admin'],
  '/people/find': ['hub-practitioner', 'hub-manager', 'caseworker', 'team-manager'],
  '/people/:person': ['hub-practitioner', 'hub-manager', 'caseworker', 'team-manager'],
  '/identity/reviews': ['hub-practitioner', 'hub-manager'],
  '/people/:person/family': ['hub-practitioner', 'hub-manager', 'caseworker', 'team-manager'],
  '/contacts/new': ['referrer', 'hub-practitioner', 'hub-manager', 'caseworker', 'team-manager', 'agency-researcher', 'desk-officer'],
  '/contacts/mine': ['referrer', 'hub-practitioner', 'hub-manager', 'caseworker', 'team-manager', 'agency-researcher', 'desk-officer'],
  '/contacts/allocated': ['caseworker'],
  '/hub': ['hub-practitioner', 'hub-manager'],
  '/hub/settings': ['hub-manager', 'board-manager'],
  '/checks': ['agency-researcher'],
  '/desk': ['desk-officer'],
  '/desk/import': ['desk-officer'],
  '/desk/settings': ['desk-officer'],
  '/cases': ['caseworker', 'team-manager'],
  '/cases/new': ['caseworker', 'team-manager'],
  '/casework/tray': ['caseworker', 'team-manager'],
  '/casework/team': ['team-manager'],
  '/casework/settings': ['team-manager'],
  '/casework/stuck': ['team-manager'],
  '/casework/stuck-rules': ['team-manager'],
  '/boards': ALL,
  '/pledge/manage': ['regional-manager'],
  '/advisers': ALL,
  '/support': ALL,
  '/support/new': ['hub-manager', 'team-manager', 'board-manager'],
  '/training': ALL,
  '/training/courses/new': ['board-manager', 'regional-manager'],
  '/training/sessions/new': ['board-manager', 'regional-manager'],
  '/training/coverage': ['board-manager', 'regional-manager'],
  '/consultations': ['referrer', 'hub-practitioner', 'hub-manager', 'caseworker', 'team-manager', 'agency-researcher', 'desk-officer'],
};
const API: Record<string, string[] | typeof ALL> = {
  '/api/v1/me': ALL,
  '/api/v1/boards': ALL,
  '/api/v1/local-authorities': ALL,
  '/api/v1/agencies': ALL,
  '/api/v1/users': ['system-admin'],
  '/api/v1/users/:caseworker': ['system-admin'],
  '/api/v1/audit/verify': ['privacy-officer', 'system-admin'],
  '/api/v1/audit/records/user/:caseworker': ['privacy-officer'],
  '/api/v1/persons/:person': ['hub-practitioner', 'hub-manager', 'caseworker', 'team-manager'],
  '/api/v1/match-reviews': ['hub-practitioner', 'hub-manager'],
  '/api/v1/match-reviews/decisions': ['hub-practitioner', 'hub-manager'],
  '/api/v1/contacts/mine': ['referrer', 'hub-practitioner', 'hub-manager', 'caseworker', 'team-manager', 'agency-researcher', 'desk-officer'],
  '/api/v1/hub/queue': ['hub-practitioner', 'hub-manager'],
  '/api/v1/checks': ['agency-researcher'],
  '/api/v1/police-notifications': ['desk-officer'],
  '/api/v1/cases': ['caseworker', 'team-manager'],
  '/api/v1/casework/tray': ['caseworker', 'team-manager'],
  '/api/v1/casework/team-tray': ['team-manager'],
  '/api/v1/casework/stuck-flags': ['team-manager'],
};

describe('role × route matrix', () => {
  let h: Harness;
  const agents = new Map<string, Agent>();
  let caseworkerId = '';
  let personId = '';
  const url = (route: string) => route.replace(':caseworker', caseworkerId).replace(':person', personId);
  const allowed = (rule: string[] | typeof ALL, role: string) => rule === ALL || rule.includes(role);

  before(async () => {
    h = await createHarness();
    for (const role of ROLES) agents.set(role, await h.signIn(USERS[role]!, role));
    caseworkerId = (await h.container.database.db.selectFrom('users').select('id').where('email', '=', USERS.caseworker!).executeTakeFirstOrThrow()).id;
    const registered = await agents.get('agency-researcher')!.api('POST', '/api/v1/source-records', { localId: 'MATRIX-1', forenames: 'Rosa', surname: 'Matrix', dateOfBirth: '2016-05-05' });
    assert.equal(registered.statusCode, 201);
    personId = registered.json().personId;
  });
  after(() => h.close());

  for (const role of ROLES) {
    it(`gives a ${role} exactly the pages and API routes of that role`, async () => {
      const agent = agents.get(role)!;
      for (const [route, rule] of Object.entries(PAGES)) {
        const res = await agent.get(url(route));
        const expected = allowed(rule, role) ? 200 : 403;
        assert.equal(res.statusCode, expected, `${role} GET ${route}: expected ${expected}, got ${res.statusCode}`);
        if (expected === 403) assert.match(res.body, /You do not have access/);
      }
      for (const [route, rule] of Object.entries(API)) {
        const res = await agent.api('GET', url(route));
        const expected = allowed(rule, role) ? 200 : 403;
        assert.equal(res.statusCode, expected, `${role} GET ${route}: expected ${expected}, got ${res.statusCode}`);
        if (expected === 403) {
          assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
          assert.equal(res.json().code, 'forbidden');
        }
      }
    });
  }

  // Every state-changing route, with the roles allowed to use it. The body is deliberately empty or
  // invalid: a refused role must get 403 (not a validation error), an allowed one anything but 403.
  const WRITES: [method: 'POST' | 'PUT' | 'DELETE', route: string, allowed: string[]][] = [
    ['POST', '/admin/users', ['system-admin']],
    ['POST', '/admin/users/search', ['system-admin']],
    ['POST', '/admin/users/:caseworker/edit', ['system-admin']],
    ['POST', '/admin/users/:caseworker/status', ['system-admin']],
    ['POST', '/admin/users/:caseworker/roles', ['system-admin']],
    ['POST', '/admin/users/:caseworker/roles/00000000-0000-4000-8000-000000000000/revoke', ['system-admin']],
    ['POST', '/admin/users/:caseworker/password', ['system-admin']],
    ['POST', '/admin/teams', ['system-admin']],
    ['POST', '/admin/api-keys', ['system-admin']],
    ['POST', '/admin/api-keys/00000000-0000-4000-8000-000000000000/revoke', ['system-admin']],
    ['POST', '/audit/access-history', ['privacy-officer']],
    ['POST', '/api/v1/users', ['system-admin']],
    ['POST', '/api/v1/users/search', ['system-admin']],
    ['PUT', '/api/v1/users/:caseworker', ['system-admin']],
    ['POST', '/api/v1/users/:caseworker/status', ['system-admin']],
    ['POST', '/api/v1/users/:caseworker/roles', ['system-admin']],
    ['DELETE', '/api/v1/users/:caseworker/roles/00000000-0000-4000-8000-000000000000', ['system-admin']],
    ['POST', '/people/find', ['hub-practitioner', 'hub-manager', 'caseworker', 'team-manager']],
    ['POST', '/people/:person/merge', ['hub-manager']],
    ['POST', '/people/:person/events/00000000-0000-4000-8000-000000000000/unmerge', ['hub-manager']],
    ['POST', '/identity/reviews/00000000-0000-4000-8000-000000000000', ['hub-practitioner', 'hub-manager']],
    ['POST', '/api/v1/persons/match', ['hub-practitioner', 'hub-manager', 'caseworker', 'team-manager']],
    ['POST', '/api/v1/persons/merge', ['hub-manager']],
    ['POST', '/api/v1/identity-events/00000000-0000-4000-8000-000000000000/unmerge', ['hub-manager']],
    ['POST', '/api/v1/match-reviews/00000000-0000-4000-8000-000000000000/decision', ['hub-practitioner', 'hub-manager']],
    ['POST', '/api/v1/source-records', ['agency-researcher', 'desk-officer']],
    ['POST', '/api/v1/source-records/batch', ['agency-researcher', 'desk-officer']],
    ['POST', '/casework/alerts/00000000-0000-4000-8000-000000000000/acknowledge', ['team-manager']],
    ['POST', '/casework/settings', ['team-manager']],
    ['POST', '/casework/stuck/00000000-0000-4000-8000-000000000000/dismiss', ['team-manager']],
    ['POST', '/casework/stuck-rules', ['team-manager']],
    ['POST', '/cases/new', ['caseworker', 'team-manager']],
    ['POST', '/pledge/manage/versions', ['regional-manager']],
    ['POST', '/advisers/leads', ['regional-manager']],
    ['POST', '/support/new', ['hub-manager', 'team-manager', 'board-manager']],
    ['POST', '/support/00000000-0000-4000-8000-000000000000/assign', ['regional-manager', 'regional-adviser']],
    ['POST', '/training/courses/new', ['board-manager', 'regional-manager']],
    ['POST', '/cases/00000000-0000-4000-8000-000000000000/allocate', ['team-manager']],
    ['POST', '/cases/00000000-0000-4000-8000-000000000000/strategy-discussions/new', ['caseworker', 'team-manager']],
    ['POST', '/contacts/00000000-0000-4000-8000-000000000000/open-case', ['caseworker', 'team-manager']],
    ['POST', '/consultations/00000000-0000-4000-8000-000000000000/schedule', ['team-manager']],
    ['POST', '/consultations/00000000-0000-4000-8000-000000000000/panel', ['team-manager']],
    ['POST', '/cases/00000000-0000-4000-8000-000000000000/conferences/new', ['caseworker', 'team-manager']],
    ['POST', '/cases/00000000-0000-4000-8000-000000000000/birth', ['caseworker', 'team-manager']],
    ['POST', '/cases/00000000-0000-4000-8000-000000000000/plans/00000000-0000-4000-8000-000000000000/reviews/new', ['caseworker', 'team-manager']],
  ];

  for (const role of ROLES) {
    it(`lets a ${role} make only the changes of that role, through pages and API`, async () => {
      const agent = agents.get(role)!;
      for (const [method, route, allowedRoles] of WRITES) {
        const res = route.startsWith('/api/') ? await agent.api(method, url(route), {}) : await agent.submit('/', url(route), {});
        if (allowedRoles.includes(role)) assert.notEqual(res.statusCode, 403, `${role} ${method} ${route} was refused`);
        else assert.equal(res.statusCode, 403, `${role} ${method} ${route}: expected 403, got ${res.statusCode}`);
      }
    });
  }

  it('leaves no trace of the refused writes', async () => {
    const created = await h.container.database.db.selectFrom('users').select('id').where('email', 'like', '%@example.org').execute();
    assert.equal(created.length, 0);
    const teams = await h.container.database.db.selectFrom('teams').select('id').where('createdBy', 'is not', null).execute();
    assert.equal(teams.length, 0);
  });

  it('records every refusal as a denied audit event for the user who tried', async () => {
    const db = h.container.database.db;
    const referrerId = (await db.selectFrom('users').select('id').where('email', '=', USERS.referrer!).executeTakeFirstOrThrow()).id;
    const before = await db.selectFrom('auditEvents').select('seq').where('actorUserId', '=', referrerId).where('outcome', '=', 'denied').execute();
    const res = await agents.get('referrer')!.get('/admin/users');
    assert.equal(res.statusCode, 403);
    const afterRows = await db.selectFrom('auditEvents').selectAll().where('actorUserId', '=', referrerId).where('outcome', '=', 'denied').orderBy('seq').execute();
    assert.equal(afterRows.length, before.length + 1);
    const last = afterRows.at(-1)!;
    assert.equal(last.action, 'admin.users.manage');
    assert.equal(last.actorRole, 'referrer');
  });

  it('sends someone not signed in to the sign-in page, and answers the API with 401', async () => {
    const anonymous = h.agent();
    for (const route of Object.keys(PAGES)) {
      const res = await anonymous.get(url(route));
      assert.equal(res.statusCode, 303, `anonymous GET ${route}`);
      assert.equal(res.headers.location, '/sign-in');
    }
    for (const route of Object.keys(API)) {
      const res = await anonymous.get(url(route));
      assert.equal(res.statusCode, 401, `anonymous GET ${route}`);
      assert.equal(res.json().code, 'unauthenticated');
    }
  });

  it('leaves the public routes open: sign-in, health, readiness and the API documentation', async () => {
    const anonymous = h.agent();
    for (const route of ['/sign-in', '/health', '/ready', '/api/docs/json']) {
      assert.equal((await anonymous.get(route)).statusCode, 200, route);
    }
  });
});
