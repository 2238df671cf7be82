// The protection desk service over a real database: idempotent bulk intake with per-row reasons, scoring with
// repeat victims, the queue, forwarding (through a fake hub) and closing with version checks, agency walls,
// and an audit event for every read and write. All people named here are invented.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { systemActor, type Actor, type UserActor } from '../../src/kernel/actor.ts';
import type { FixedClock } from '../../src/kernel/clock.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../src/kernel/errors.ts';
import type { DeskTables } from '../../src/modules/protection-desk/desk.tables.ts';
import { queueFiltersSchema } from '../../src/modules/protection-desk/notifications.forms.ts';
import { ProtectionDeskService, type ForwardedNotification, type HubForwarder } from '../../src/modules/protection-desk/notifications.service.ts';
import type { PlatformTables } from '../../src/platform/db/schema.ts';
import { createHarness, DEMO_PASSWORD, type Harness } from '../support/app.ts';

class FakeHub implements HubForwarder {
  readonly calls: ForwardedNotification[] = [];
  failNext = false;
  async contactFromNotification(_actor: Actor, n: ForwardedNotification) {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('hub down');
    }
    this.calls.push(n);
    return { contactId: `00000000-0000-4000-8000-${String(this.calls.length).padStart(12, '0')}` };
  }
}

const HEADER =
  'police_reference,occurred_at,la_code,incident_type,factors,summary,child_1_forenames,child_1_surname,child_1_dob,child_2_forenames,child_2_surname,child_2_dob,adult_1_forenames,adult_1_surname,adult_1_dob,adult_1_role';

function csv(rows: string[]): string {
  return [HEADER, ...rows].join('\n');
}

describe('protection desk service', () => {
  let h: Harness;
  let desk: ProtectionDeskService;
  let hub: FakeHub;
  let db: Kysely<PlatformTables & DeskTables>;
  const actors = new Map<string, UserActor>();

  async function actorFor(email: string, role: string): Promise<UserActor> {
    const key = `${email}:${role}`;
    if (!actors.has(key)) {
      actors.set(key, await h.actorOf(await h.signIn(email, role)));
    }
    return actors.get(key)!;
  }
  const officer = () => actorFor('desk.officer@met.example', 'desk-officer');
  const cityOfficer = () => actorFor('desk.officer@city-police.example', 'desk-officer');
  const practitioner = () => actorFor('hub.practitioner@camden.example', 'hub-practitioner');
  const events = async (action: string, recordId?: string) => {
    let q = db.selectFrom('auditEvents').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', action).where('outcome', '=', 'success');
    if (recordId) q = q.where('recordId', '=', recordId);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };
  const byRef = (ref: string) => db.selectFrom('policeNotifications').selectAll().where('policeReference', '=', ref).executeTakeFirstOrThrow();
  const filters = (f: Record<string, unknown> = {}) => queueFiltersSchema.parse(f);

  before(async () => {
    h = await createHarness();
    db = h.container.database.db.withTables<DeskTables>();
    hub = new FakeHub();
    desk = new ProtectionDeskService(db, h.container.access, h.container.audit, h.clock, hub);
    const city = await db.selectFrom('agencies').select('id').where('code', '=', 'city-of-london-police').executeTakeFirstOrThrow();
    await h.container.users.create(systemActor('test'), { email: 'desk.officer@city-police.example', displayName: 'Morgan Ellery', agencyId: city.id, teamIds: [], password: DEMO_PASSWORD }, [
      { roleCode: 'desk-officer', scopeCode: 'city-of-london-police' },
    ]);
  });
  after(() => h.close());

  const FILE = csv([
    'MPS-1001,2026-10-30T21:40:00Z,202,domestic-abuse,child-present|weapon,"Called to a flat after neighbours heard shouting.\nTwo children in the next room.",Amara,Quellwood,2019-04-11,Tobi,Quellwood,2023-08-02,Dean,Quellwood,1990-01-01,suspect',
    'MPS-1002,2026-10-31T10:00:00Z,206,child-missing,,Reported missing from home overnight; found next morning.,Leila,Farrowby,2011-02-14,,,,,,,',
    'MPS-1003,2026-10-31T11:00:00Z,999,child-at-risk,knife,Summary,Ola,Brindle,2016-13-01,,,,,,,',
    'MPS-1004,2030-01-01T00:00:00Z,202,other,,Summary,,,,,,,,,,',
    'MPS-1005,2026-10-31T12:00:00Z,202,child-arrested,alcohol,Arrested for criminal damage; intoxicated.,Kyle,Marchetti,2010-06-30,,,,,,,',
  ]);

  it('loads the good rows of a file and reports every bad row with its reasons', async () => {
    const result = await desk.importBatch(await officer(), { format: 'csv', fileName: 'october.csv', content: FILE });
    assert.deepEqual([result.received, result.accepted, result.updated, result.unchanged, result.rejected.length], [5, 3, 0, 0, 2]);
    assert.deepEqual(result.rejected[0], {
      row: 3,
      policeReference: 'MPS-1003',
      errors: { factors: 'Risk factor not recognised: knife', child_1_dob: 'Date of birth must be a real date after 1900', la_code: 'Local authority code is not a London authority' },
    });
    assert.deepEqual(result.rejected[1], { row: 4, policeReference: 'MPS-1004', errors: { child_1_forenames: 'Name at least one child', occurred_at: 'The incident date and time must be in the past' } });
    const first = await byRef('MPS-1001');
    assert.equal(first.score, 30 + 25 + 15, 'domestic abuse with children present, weapon, child under 5');
    assert.equal(first.brag, 'red');
    assert.equal(first.dueAt.toISOString(), '2026-11-02T13:00:00.000Z', 'red: 4 hours from receipt');
    assert.equal(first.summary, 'Called to a flat after neighbours heard shouting.\nTwo children in the next room.');
    assert.deepEqual(first.adults, [{ forenames: 'Dean', surname: 'Quellwood', dateOfBirth: '1990-01-01', sex: null, localId: null, role: 'suspect' }]);
    assert.equal((await byRef('MPS-1002')).brag, 'green', 'a missing episode alone is green');
    const batch = await db.selectFrom('deskImportBatches').selectAll().where('id', '=', result.batchId!).executeTakeFirstOrThrow();
    assert.deepEqual([batch.received, batch.accepted, batch.rejected], [5, 3, 2]);
  });

  it('changes nothing when the same file is loaded again', async () => {
    const before = await db.selectFrom('policeNotifications').select(['id', 'version', 'updatedAt']).orderBy('id').execute();
    const writes = await events('police-notification.create');
    const again = await desk.importBatch(await officer(), { format: 'csv', fileName: 'october.csv', content: FILE });
    assert.deepEqual([again.accepted, again.updated, again.unchanged, again.rejected.length], [0, 0, 3, 2]);
    assert.deepEqual(await db.selectFrom('policeNotifications').select(['id', 'version', 'updatedAt']).orderBy('id').execute(), before);
    assert.equal(await events('police-notification.create'), writes, 'no new write events');
  });

  it('writes one audit event per notification, with counts and codes but no names or summary', async () => {
    const n = await byRef('MPS-1001');
    const [event] = await db.selectFrom('auditEvents').selectAll().where('action', '=', 'police-notification.create').where('recordId', '=', n.id).execute();
    assert.ok(event);
    assert.equal(event.details.children, 2);
    const text = JSON.stringify(event);
    for (const secret of ['Quellwood', 'Amara', 'neighbours', '2019-04-11']) assert.ok(!text.includes(secret), `audit event holds ${secret}`);
    assert.equal(await events('police-notification.create'), 3);
  });

  it('updates and re-scores a changed notification that is still new, and refuses one the desk has moved on', async () => {
    const me = await officer();
    const changed = await desk.submit(me, {
      policeReference: 'mps-1005',
      occurredAt: '2026-10-31T12:00:00Z',
      laCode: '202',
      incidentType: 'child-arrested',
      factors: ['alcohol', 'drugs'],
      summary: 'Arrested for criminal damage; intoxicated.',
      children: [{ forenames: 'Kyle', surname: 'Marchetti', dateOfBirth: '2010-06-30' }],
    });
    assert.deepEqual([changed.outcome, changed.score, changed.brag], ['updated', 20, 'green']);
    const stored = await byRef('MPS-1005');
    assert.equal(stored.version, 2);
    await desk.close(me, stored.id, { reason: 'information-only', detail: '', version: 2 });
    await assert.rejects(
      desk.submit(me, { policeReference: 'MPS-1005', occurredAt: '2026-10-31T12:00:00Z', laCode: '202', incidentType: 'other', summary: 'Changed again', children: [{ forenames: 'Kyle', surname: 'Marchetti' }] }),
      (e: Error) => e instanceof ConflictError && /already been closed/.test(e.message),
    );
  });

  it('finds a repeat victim from an earlier notification naming the same child', async () => {
    (h.clock as FixedClock).advance(60_000);
    const result = await desk.importBatch(await officer(), {
      format: 'json',
      fileName: null,
      content: JSON.stringify({
        notifications: [
          { policeReference: 'MPS-2001', occurredAt: '2026-11-01T08:00:00Z', laCode: '202', incidentType: 'child-at-risk', summary: 'Seen alone at night.', children: [{ forenames: 'Leila', surname: 'FARROWBY', dateOfBirth: '2011-02-14' }] },
          { policeReference: 'MPS-2002', occurredAt: '2026-11-01T08:00:00Z', laCode: '202', incidentType: 'child-at-risk', summary: 'Seen alone at night.', children: [{ forenames: 'Nia', surname: 'Tarrant', dateOfBirth: '2011-02-14' }] },
        ],
      }),
    });
    assert.equal(result.accepted, 2);
    const repeat = await byRef('MPS-2001');
    assert.equal(repeat.score, 15);
    assert.deepEqual(
      repeat.scoreBreakdown.filter((l) => l.applied).map((l) => [l.code, l.basis]),
      [['repeat-victim', 'earlier-notification']],
    );
    assert.equal((await byRef('MPS-2002')).score, 0);
  });

  it('refuses a file it cannot read, and a reference twice in one file', async () => {
    (h.clock as FixedClock).advance(60_000);
    await assert.rejects(desk.importBatch(await officer(), { format: 'csv', fileName: null, content: 'ref,name\nA,B' }), (e: Error) => e instanceof ValidationError && /column Safehub does not recognise/.test(e.fields.content!));
    await assert.rejects(desk.importBatch(await officer(), { format: 'json', fileName: null, content: '{"notifications": ' }), (e: Error) => e instanceof ValidationError && e.fields.content === 'The file is not valid JSON');
    const dup = await desk.importBatch(await officer(), {
      format: 'csv',
      fileName: null,
      content: csv(['MPS-3001,2026-11-01T08:00:00Z,202,other,,A,Ana,Vell,2014-01-01,,,,,,,', 'MPS-3001,2026-11-01T09:00:00Z,202,other,,B,Ana,Vell,2014-01-01,,,,,,,']),
    });
    assert.deepEqual([dup.accepted, dup.rejected.length], [1, 1]);
    assert.match(dup.rejected[0]!.errors.police_reference!, /also on row 1/);
  });

  it('orders the queue by priority then age, filters by codes, and counts by BRAG', async () => {
    const me = await officer();
    const queue = await desk.queue(me, filters());
    assert.deepEqual(
      queue.items.map((i) => i.policeReference),
      ['MPS-1001', 'MPS-1002', 'MPS-2001', 'MPS-2002', 'MPS-3001'],
    );
    assert.equal(queue.total, 5);
    assert.deepEqual(queue.counts.brag, { red: 1, amber: 0, green: 2, blue: 2 });
    assert.equal(queue.counts.status.closed, 1);
    assert.deepEqual((await desk.queue(me, filters({ brag: ['red', 'green'] }))).items.map((i) => i.policeReference), ['MPS-1001', 'MPS-1002', 'MPS-2001']);
    assert.deepEqual((await desk.queue(me, filters({ status: 'closed' }))).items.map((i) => i.policeReference), ['MPS-1005']);
    assert.deepEqual((await desk.queue(me, filters({ sort: 'due' }))).items[0]!.policeReference, 'MPS-1001');
    (h.clock as FixedClock).advance(5 * 3_600_000);
    const overdue = await desk.queue(me, filters({ due: 'overdue' }));
    assert.deepEqual(overdue.items.map((i) => [i.policeReference, i.isOverdue]), [['MPS-1001', true]]);
    assert.equal(overdue.counts.overdue, 1);
    (h.clock as FixedClock).advance(-5 * 3_600_000);
  });

  it('pages the queue 25 at a time', async () => {
    const me = await officer();
    const many = Array.from({ length: 30 }, (_, i) => ({ policeReference: `MPS-P${i}`, occurredAt: '2026-11-01T08:00:00Z', laCode: '206', incidentType: 'other', summary: 'Paging.', children: [{ forenames: 'Page', surname: `Child${'x'.repeat(i)}` }] }));
    assert.equal((await desk.importRows(me, many)).accepted, 30);
    const one = await desk.queue(me, filters({ brag: 'blue' }));
    const two = await desk.queue(me, filters({ brag: 'blue', page: 2 }));
    assert.deepEqual([one.items.length, two.items.length, one.pages, two.page], [25, 7, 2, 2]);
    assert.equal(new Set([...one.items, ...two.items].map((i) => i.id)).size, 32, 'no notification on two pages');
  });

  it('shows a notification only to its own force, and audits every read and every refusal', async () => {
    const n = await byRef('MPS-1001');
    const reads = await events('police-notification.read', n.id);
    const view = await desk.notification(await officer(), n.id);
    await desk.notification(await officer(), n.id);
    assert.equal(view.children.length, 2);
    assert.ok(view.history.some((e) => e.action === 'police-notification.create'));
    assert.equal(await events('police-notification.read', n.id), reads + 2, 'one event per read');

    const denied = await db.selectFrom('auditEvents').select('id').where('outcome', '=', 'denied').execute();
    await assert.rejects(desk.notification(await cityOfficer(), n.id), NotFoundError);
    await assert.rejects(desk.forward(await cityOfficer(), n.id, n.version), NotFoundError);
    const city = await desk.queue(await cityOfficer(), filters());
    assert.deepEqual([city.total, city.items.length, city.counts.open], [0, 0, 0]);
    await assert.rejects(desk.notification(await practitioner(), n.id), /do not have access/);
    await assert.rejects(desk.queue(await practitioner(), filters()), /do not have access/);
    const deniedNow = await db.selectFrom('auditEvents').select(['action', 'recordId']).where('outcome', '=', 'denied').execute();
    assert.equal(deniedNow.length, denied.length + 4, 'each refusal is audited');
    assert.equal(await events('police-notification.read', n.id), reads + 2, 'a refused read is not a read');
  });

  it('refuses loads for another force and from outside the police', async () => {
    const met = await db.selectFrom('agencies').select('id').where('code', '=', 'met-police').executeTakeFirstOrThrow();
    const camden = await db.selectFrom('agencies').select('id').where('code', '=', 'la-202').executeTakeFirstOrThrow();
    const councilKey = await h.container.apiKeys.create(systemActor('test'), { name: 'Council', agencyId: camden.id, scopes: ['notification.load'] });
    const council = await h.container.apiKeys.authenticate(councilKey.key, 't');
    await assert.rejects(desk.importRows(council, [{}]), /do not have access/);
    const metKey = await h.container.apiKeys.create(systemActor('test'), { name: 'Police system', agencyId: met.id, scopes: ['notification.load'] });
    const police = await h.container.apiKeys.authenticate(metKey.key, 't');
    const sent = await desk.submit(police, { policeReference: 'MPS-K1', occurredAt: '2026-11-01T08:00:00Z', laCode: '202', incidentType: 'other', summary: 'By key.', children: [{ forenames: 'Key', surname: 'Child' }] });
    assert.equal(sent.outcome, 'created');
    assert.equal((await byRef('MPS-K1')).agencyId, met.id);
    await assert.rejects(desk.queue(police, filters()), /do not have access/, 'a key may load, not read the queue');
  });

  it('assigns, then forwards to the hub once, with version checks', async () => {
    const me = await officer();
    const n = await byRef('MPS-1002');
    await desk.assign(me, n.id, n.version);
    const assigned = await byRef('MPS-1002');
    assert.deepEqual([assigned.status, assigned.assignedTo, assigned.version], ['in-review', me.userId, n.version + 1]);
    await assert.rejects(desk.forward(me, n.id, n.version), (e: Error) => e instanceof ConflictError && /changed by someone else/.test(e.message));
    assert.equal(hub.calls.length, 0, 'a stale version never reaches the hub');

    hub.failNext = true;
    await assert.rejects(desk.forward(me, n.id, assigned.version), /hub down/);
    assert.equal((await byRef('MPS-1002')).status, 'in-review', 'a failed forward leaves the notification on the desk');

    const { contactId } = await desk.forward(me, n.id, assigned.version);
    const forwarded = await byRef('MPS-1002');
    assert.deepEqual([forwarded.status, forwarded.contactId, forwarded.forwardedBy], ['forwarded', contactId, me.userId]);
    assert.equal(hub.calls.length, 1);
    assert.deepEqual([hub.calls[0]!.notificationId, hub.calls[0]!.laCode, hub.calls[0]!.children[0]!.surname, hub.calls[0]!.brag], [n.id, '206', 'Farrowby', 'green']);
    assert.ok(hub.calls[0]!.occurredAt instanceof Date);
    await assert.rejects(desk.forward(me, n.id, forwarded.version), (e: Error) => e instanceof ValidationError && /already been forwarded/.test(e.fields._form!));
    assert.equal(await events('police-notification.forward', n.id), 1);
  });

  it('closes with a reason, needing words for "other"', async () => {
    const me = await officer();
    const n = await byRef('MPS-2002');
    const { closeSchema } = await import('../../src/modules/protection-desk/notifications.forms.ts');
    assert.equal(closeSchema.safeParse({ version: n.version, reason: 'other', detail: '' }).success, false);
    await assert.rejects(desk.close(me, n.id, { version: n.version + 5, reason: 'duplicate', detail: '' }), ConflictError);
    await desk.close(me, n.id, { version: n.version, reason: 'other', detail: 'Child now living outside London' });
    const closed = await byRef('MPS-2002');
    assert.deepEqual([closed.status, closed.closedReason, closed.closedReasonDetail, closed.closedBy], ['closed', 'other', 'Child now living outside London', me.userId]);
    const [event] = await db.selectFrom('auditEvents').select('details').where('action', '=', 'police-notification.close').where('recordId', '=', n.id).execute();
    assert.deepEqual(event!.details, { reason: 'other' });
  });

  it('lets the desk change a factor weight, used for new notifications only', async () => {
    const me = await officer();
    const { factors } = await desk.settings(me);
    const weapon = factors.find((f) => f.code === 'weapon')!;
    assert.equal(weapon.weight, 25);
    await desk.updateFactor(me, 'weapon', { weight: 40, isActive: true, version: weapon.version });
    await assert.rejects(desk.updateFactor(me, 'weapon', { weight: 41, isActive: true, version: weapon.version }), ConflictError);
    await assert.rejects(desk.updateFactor(me, 'no-such-factor', { weight: 1, isActive: true, version: 1 }), NotFoundError);
    await desk.submit(me, { policeReference: 'MPS-W1', occurredAt: '2026-11-01T08:00:00Z', laCode: '202', incidentType: 'other', factors: ['weapon'], summary: 'Knife seen.', children: [{ forenames: 'Wes', surname: 'Lorne', dateOfBirth: '2012-01-01' }] });
    assert.equal((await byRef('MPS-W1')).score, 40);
    assert.equal((await byRef('MPS-1001')).score, 70, 'earlier notifications keep their score');
    assert.equal(await events('desk-factor.update'), 1);
    const cityFactors = await desk.settings(await cityOfficer());
    assert.equal(cityFactors.factors.find((f) => f.code === 'weapon')!.weight, 25, "each force has its own weights");
    await assert.rejects(desk.settings(await practitioner()), /do not have access/);
  });

  it('loads 10,000 notifications in one go, with one audit event each, and finds them unchanged the second time', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) =>
      [`BULK-${i}`, '2026-10-20T10:00:00Z', i % 2 ? '202' : '206', i % 3 ? 'domestic-abuse' : 'child-missing', i % 4 ? 'child-present' : 'weapon|alcohol', 'Synthetic bulk notification.', `Child${i}`, `Surname${i % 500}`, `2015-0${(i % 9) + 1}-1${i % 10}`, '', '', '', '', '', '', ''].join(','),
    );
    // How fast is for the benchmarks; here, that a big file loads whole and correctly.
    const result = await desk.importBatch(await officer(), { format: 'csv', fileName: 'bulk.csv', content: csv(rows) });
    assert.deepEqual([result.accepted, result.rejected.length], [10_000, 0]);
    assert.equal(await events('police-notification.create'), 3 + 2 + 1 + 30 + 1 + 1 + 10_000);
    const again = await desk.importBatch(await officer(), { format: 'csv', fileName: 'bulk.csv', content: csv(rows) });
    assert.equal(again.unchanged, 10_000);
    const intact = await h.container.audit.verify(h.container.database.db);
    assert.equal(intact.ok, true);
  });

  it('loads the example files in docs/examples without a problem', async () => {
    const { readFileSync } = await import('node:fs');
    const fromCsv = await desk.importBatch(await officer(), { format: 'csv', fileName: 'police-notifications.csv', content: readFileSync('docs/examples/police-notifications.csv', 'utf8') });
    assert.deepEqual([fromCsv.accepted, fromCsv.rejected], [4, []]);
    assert.equal((await byRef('CAD 4417/01NOV26')).brag, 'red');
    const fromJson = await desk.importBatch(await officer(), { format: 'json', fileName: 'police-notifications.json', content: readFileSync('docs/examples/police-notifications.json', 'utf8') });
    assert.deepEqual([fromJson.accepted, fromJson.updated, fromJson.unchanged, fromJson.rejected], [0, 3, 0, []], 'the JSON adds sex (and police person references) to all three');
  });
});
