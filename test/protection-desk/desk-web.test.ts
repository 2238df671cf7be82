// The protection desk through the real app, with CSRF on: loading a file on the page, the result page, the
// queue with its filters, a notification's page with assign, forward and close, the settings page, and the
// API with a police system's key and with a desk officer's session. All people named here are invented.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor, type Actor } from '../../src/kernel/actor.ts';
import type { FixedClock } from '../../src/kernel/clock.ts';
import type { DeskTables } from '../../src/modules/protection-desk/desk.tables.ts';
import { ProtectionDeskService, type ForwardedNotification } from '../../src/modules/protection-desk/notifications.service.ts';
import { apiWithKey, createHarness, DEMO_PASSWORD, type Agent, type Harness } from '../support/app.ts';

const HEADER = 'police_reference,occurred_at,la_code,incident_type,factors,summary,child_1_forenames,child_1_surname,child_1_dob,adult_1_forenames,adult_1_surname,adult_1_dob,adult_1_role';
const FILE = [
  HEADER,
  'MPS-W100,2026-10-30T21:40:00Z,202,domestic-abuse,child-present|weapon,"Officers attended; a child, aged 3, was in the room.",Rosalind,Pembertonn,2023-05-05,Carl,Pembertonn,1988-02-02,suspect',
  'MPS-W101,2026-10-31T09:00:00Z,202,child-missing,,Missing overnight.,Idris,Kettleworth,2012-07-07,,,,',
  'MPS-W102,2026-10-31T09:30:00Z,202,child-at-risk,,Summary,Ola,Brindle,2016-02-30,,,,',
].join('\n');

describe('protection desk pages and API', () => {
  let h: Harness;
  let officer: Agent;
  const forwarded: ForwardedNotification[] = [];
  const db = () => h.container.database.db.withTables<DeskTables>();
  const idOf = async (ref: string) => (await db().selectFrom('policeNotifications').select(['id', 'version']).where('policeReference', '=', ref).executeTakeFirstOrThrow());

  before(async () => {
    h = await createHarness();
    // The front door's forwarder is replaced by a fake hub that records what it was sent.
    const hub = {
      async contactFromNotification(_actor: Actor, n: ForwardedNotification) {
        forwarded.push(n);
        return { contactId: '11111111-1111-4111-8111-111111111111' };
      },
    };
    h.container.protectionDesk = new ProtectionDeskService(db(), h.container.access, h.container.audit, h.clock, hub);
    officer = await h.signIn('desk.officer@met.example');
  });
  after(() => h.close());

  it('shows the desk in the navigation of a desk officer only', async () => {
    const home = await officer.get('/');
    assert.match(home.body, /href="\/desk"[^>]*>\s*Protection desk|>Protection desk</);
    const practitioner = await h.signIn('hub.practitioner@camden.example');
    assert.doesNotMatch((await practitioner.get('/')).body, /Protection desk/);
    assert.equal((await practitioner.get('/desk')).statusCode, 403);
    assert.equal((await practitioner.get('/desk/import')).statusCode, 403);
  });

  it('refuses a load posted without the CSRF token', async () => {
    const res = await officer.postRaw('/desk/import', { format: 'csv', content: FILE });
    assert.equal(res.statusCode, 403);
    assert.equal(Number((await db().selectFrom('policeNotifications').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n), 0);
  });

  it('shows the error summary when nothing is pasted', async () => {
    const res = await officer.submit('/desk/import', '/desk/import', { format: 'csv', content: '' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /There is a problem/);
    assert.match(res.body, /href="#content">Choose a file of notifications, or paste them/);
  });

  it('loads a pasted file and shows each row that was not loaded, with its reason, at a URL without personal data', async () => {
    const res = await officer.submit('/desk/import', '/desk/import', { format: 'csv', fileName: 'october.csv', content: FILE });
    assert.equal(res.statusCode, 303);
    const location = String(res.headers.location);
    assert.match(location, /^\/desk\/imports\/[0-9a-f-]{36}$/);
    const page = await officer.get(location);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Not loaded\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*1\s*</);
    assert.match(page.body, /MPS-W102/);
    assert.match(page.body, /child_1_dob<\/span>: Date of birth must be a real date after 1900/);
    assert.doesNotMatch(page.body, /Pembertonn/, 'the result page names no one');
    const again = await officer.submit('/desk/import', '/desk/import', { format: 'csv', content: FILE });
    const second = await officer.get(String(again.headers.location));
    assert.match(second.body, /Already held, unchanged\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*2\s*</);
  });

  it('lists the queue by priority with BRAG as text, filters by codes in the URL, and highlights overdue work', async () => {
    const queue = await officer.get('/desk');
    assert.equal(queue.statusCode, 200);
    const w100 = queue.body.indexOf('MPS-W100');
    const w101 = queue.body.indexOf('MPS-W101');
    assert.ok(w100 > 0 && w101 > w100, 'the higher score comes first');
    assert.match(queue.body, /govuk-tag--red">Red</);
    assert.doesNotMatch(queue.body, /Overdue</);
    const red = await officer.get('/desk?brag=red');
    assert.match(red.body, /MPS-W100/);
    assert.doesNotMatch(red.body, /MPS-W101/);
    assert.equal((await officer.get('/desk?brag=purple&page=x&sort=nonsense')).statusCode, 200, 'unknown codes are ignored');
    // Five hours later the red notification (due in 4) is overdue. A fresh sign-in, as the officer's own
    // session would have timed out; the clock then goes back for the other tests.
    const clock = h.clock as FixedClock;
    clock.advance(5 * 3_600_000);
    try {
      const later = await (await h.signIn('desk.officer@met.example')).get('/desk?due=overdue');
      assert.match(later.body, /govuk-tag--red">Overdue</);
      assert.match(later.body, /MPS-W100/);
      assert.doesNotMatch(later.body, /MPS-W101/);
    } finally {
      clock.advance(-5 * 3_600_000);
    }
  });

  it('shows a notification with every factor and its weight, and lets the officer assign, then close with a reason', async () => {
    const { id, version } = await idOf('MPS-W101');
    const page = await officer.get(`/desk/notifications/${id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Kettleworth/);
    assert.match(page.body, /Child missing episode<\/td>\s*<td class="govuk-table__cell govuk-table__cell--numeric">20<\/td>\s*<td class="govuk-table__cell"><strong>Yes<\/strong>/);
    assert.match(page.body, /Weapon used or threatened<\/td>\s*<td class="govuk-table__cell govuk-table__cell--numeric">25<\/td>\s*<td class="govuk-table__cell">No/);

    const assigned = await officer.submit(`/desk/notifications/${id}`, `/desk/notifications/${id}/assign`, { version: String(version) });
    assert.equal(assigned.statusCode, 303);
    assert.match((await officer.get(String(assigned.headers.location))).body, /assigned to you/);

    const stale = await officer.submit(`/desk/notifications/${id}`, `/desk/notifications/${id}/close`, { version: String(version), reason: 'duplicate' });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /changed by someone else/);

    const missing = await officer.submit(`/desk/notifications/${id}`, `/desk/notifications/${id}/close`, { version: String(version + 1), reason: 'other', detail: '' });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /href="#detail">Give the reason for closing this notification/);

    const closed = await officer.submit(`/desk/notifications/${id}`, `/desk/notifications/${id}/close`, { version: String(version + 1), reason: 'already-known-open-case' });
    assert.equal(closed.statusCode, 303);
    const after = await officer.get(`/desk/notifications/${id}`);
    assert.match(after.body, /Closed on .*Already known: the child has an open case/);
    assert.doesNotMatch(after.body, /Forward to the hub/);
  });

  it('forwards a notification to the hub from its page', async () => {
    const { id, version } = await idOf('MPS-W100');
    const res = await officer.submit(`/desk/notifications/${id}`, `/desk/notifications/${id}/forward`, { version: String(version) });
    assert.equal(res.statusCode, 303);
    assert.equal(forwarded.length, 1);
    assert.equal(forwarded[0]!.notificationId, id);
    const page = await officer.get(`/desk/notifications/${id}`);
    assert.match(page.body, /Forwarded to the hub on/);
  });

  it('answers "not found" to another force\'s desk officer', async () => {
    const city = await db().selectFrom('agencies').select('id').where('code', '=', 'city-of-london-police').executeTakeFirstOrThrow();
    await h.container.users.create(systemActor('test'), { email: 'desk.web@city-police.example', displayName: 'Ruth Calloway', agencyId: city.id, teamIds: [], password: DEMO_PASSWORD }, [
      { roleCode: 'desk-officer', scopeCode: 'city-of-london-police' },
    ]);
    const other = await h.signIn('desk.web@city-police.example');
    const { id } = await idOf('MPS-W100');
    assert.equal((await other.get(`/desk/notifications/${id}`)).statusCode, 404);
    assert.equal((await other.api('GET', `/api/v1/police-notifications/${id}`)).statusCode, 404);
    const queue = await other.get('/desk');
    assert.doesNotMatch(queue.body, /MPS-W10/);
    assert.match(queue.body, /0 notifications/);
  });

  it('lets the desk change a factor weight on the settings page', async () => {
    const bad = await officer.submit('/desk/settings', '/desk/settings/factors/weapon', { weight: '500', version: '1', isActive: 'yes' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#weapon-weight">Enter a weight from 0 to 100/);
    const ok = await officer.submit('/desk/settings', '/desk/settings/factors/weapon', { weight: '35', version: '1', isActive: 'yes' });
    assert.equal(ok.statusCode, 303);
    const factor = await db().selectFrom('deskRiskFactors').select(['weight', 'version']).where('code', '=', 'weapon').executeTakeFirstOrThrow();
    assert.deepEqual(factor, { weight: 35, version: 2 });
  });

  describe('API', () => {
    let key = '';
    const notification = (ref: string, extra: Record<string, unknown> = {}) => ({
      policeReference: ref,
      occurredAt: '2026-11-01T20:00:00Z',
      laCode: '206',
      incidentType: 'domestic-abuse',
      factors: ['child-present'],
      summary: 'Verbal argument; children upstairs.',
      children: [{ forenames: 'Maisie', surname: 'Thornquist', dateOfBirth: '2014-09-09', localId: 'P-77' }],
      adults: [{ forenames: 'Gareth', surname: 'Thornquist', role: 'parent' }],
      ...extra,
    });

    before(async () => {
      const met = await db().selectFrom('agencies').select('id').where('code', '=', 'met-police').executeTakeFirstOrThrow();
      key = (await h.container.apiKeys.create(systemActor('test'), { name: 'Police system', agencyId: met.id, scopes: ['notification.load'] })).key;
    });

    it('takes one notification from a police system, idempotently', async () => {
      const first = await apiWithKey(h.app, key, 'POST', '/api/v1/police-notifications', notification('MPS-A1'));
      assert.equal(first.statusCode, 201);
      assert.deepEqual([first.json().outcome, first.json().score, first.json().brag], ['created', 30, 'amber']);
      const again = await apiWithKey(h.app, key, 'POST', '/api/v1/police-notifications', notification('MPS-A1'));
      assert.equal(again.statusCode, 200);
      assert.equal(again.json().outcome, 'unchanged');
      assert.equal(again.json().notificationId, first.json().notificationId);
      const bad = await apiWithKey(h.app, key, 'POST', '/api/v1/police-notifications', notification('MPS-A2', { children: [] }));
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.deepEqual(bad.json().errors, { children: 'Name at least one child' });
      const wrongLa = await apiWithKey(h.app, key, 'POST', '/api/v1/police-notifications', notification('MPS-A3', { laCode: '999' }));
      assert.equal(wrongLa.statusCode, 400);
      assert.deepEqual(wrongLa.json().errors, { laCode: 'Local authority code is not a London authority' });
    });

    it('takes a batch, reporting each row', async () => {
      const res = await apiWithKey(h.app, key, 'POST', '/api/v1/police-notifications/batch', [notification('MPS-A1'), notification('MPS-B1'), notification('MPS-B2', { factors: ['knife'] })]);
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.deepEqual([body.received, body.accepted, body.unchanged, body.rejected.length], [3, 1, 1, 1]);
      assert.deepEqual(body.rejected[0], { row: 3, policeReference: 'MPS-B2', errors: { factors: 'Risk factor not recognised: knife' } });
      assert.equal((await apiWithKey(h.app, key, 'POST', '/api/v1/police-notifications/batch', [])).statusCode, 400);
    });

    it('does not let a loading key read the queue, and refuses keys without the scope', async () => {
      assert.equal((await apiWithKey(h.app, key, 'GET', '/api/v1/police-notifications')).statusCode, 403);
      const met = await db().selectFrom('agencies').select('id').where('code', '=', 'met-police').executeTakeFirstOrThrow();
      const readOnly = (await h.container.apiKeys.create(systemActor('test'), { name: 'Read only', agencyId: met.id, scopes: ['reference.read'] })).key;
      assert.equal((await apiWithKey(h.app, readOnly, 'POST', '/api/v1/police-notifications', notification('MPS-A9'))).statusCode, 403);
    });

    it('gives a desk officer the queue, one notification, forward and close, with version checks', async () => {
      const queue = await officer.api('GET', '/api/v1/police-notifications?brag=amber');
      assert.equal(queue.statusCode, 200);
      assert.deepEqual(queue.json().items.map((i: { policeReference: string }) => i.policeReference).sort(), ['MPS-A1', 'MPS-B1']);
      const { id, version } = await idOf('MPS-A1');
      const one = await officer.api('GET', `/api/v1/police-notifications/${id}`);
      assert.equal(one.statusCode, 200);
      assert.equal(one.json().children[0].localId, 'P-77');
      const stale = await officer.api('POST', `/api/v1/police-notifications/${id}/forward`, { version: version + 1 });
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().code, 'conflict');
      const done = await officer.api('POST', `/api/v1/police-notifications/${id}/forward`, { version });
      assert.equal(done.statusCode, 200);
      assert.equal(done.json().contactId, '11111111-1111-4111-8111-111111111111');
      const b1 = await idOf('MPS-B1');
      const noText = await officer.api('POST', `/api/v1/police-notifications/${b1.id}/close`, { version: b1.version, reason: 'other' });
      assert.equal(noText.statusCode, 400);
      assert.deepEqual(noText.json().errors, { detail: 'Give the reason for closing this notification' });
      assert.equal((await officer.api('POST', `/api/v1/police-notifications/${b1.id}/close`, { version: b1.version, reason: 'duplicate' })).statusCode, 204);
    });
  });
});
