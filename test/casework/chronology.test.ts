// Casework in the merged chronology: a child with casework in Camden and in Islington, seen by a Camden hub
// practitioner, shows Camden's steps in full (built from codes, never free text) and Islington's as what happened
// and when, with Islington named; the family chronology includes a brother's casework; the "Casework" filter works.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { UserActor } from '../../src/kernel/actor.ts';
import { CaseworkChronologySource, caseworkDetail, caseworkInstant, caseworkTitle, genericTitle } from '../../src/modules/casework/casework.chronology.ts';
import type { CaseworkTables } from '../../src/modules/casework/index.ts';
import { contactInputSchema } from '../../src/modules/front-door/front-door.forms.ts';
import { OUTCOMES, type FrontDoorTables } from '../../src/modules/front-door/index.ts';
import type { IdentityTables } from '../../src/modules/identity/index.ts';
import { createHarness, type Agent, type Harness } from '../support/app.ts';
import { StubMatcher } from '../support/stub-matcher.ts';

const NHS = '9434765919';
const SECRET = 'Mother said the flat was cold and the boiler broken';

describe('casework in the merged chronology', () => {
  let h: Harness;
  let hub: Agent;
  let childId: string;
  let brotherId: string;

  const db = () => h.container.database.db.withTables<CaseworkTables & FrontDoorTables & IdentityTables>();

  /** An episode and its history, written as the casework services write them (details are codes). */
  async function casework(personId: string, laCode: string, events: { kind: string; on: string; details?: Record<string, unknown>; significant?: boolean }[]) {
    const episodeId = randomUUID();
    await db()
      .insertInto('caseEpisodes')
      .values({ id: episodeId, personId, laCode, contactId: null, externalReference: null, rulebook: 'wt2010', referralOn: events[0]!.on, referralSource: '2A', primaryNeed: 'N1', isNfa: false, isUnborn: false, expectedBirthOn: null, workerUserId: null, teamId: null, status: 'open', closedOn: null, closureReason: null, createdBy: null })
      .execute();
    for (const e of events) {
      await db()
        .insertInto('caseEvents')
        .values({ episodeId, personId, laCode, kind: e.kind, occurredOn: e.on, recordedAt: new Date(`${e.on}T15:30:00Z`), actorUserId: null, subjectId: null, details: JSON.stringify(e.details ?? {}), isSignificant: e.significant ?? false })
        .execute();
    }
    return episodeId;
  }

  before(async () => {
    h = await createHarness({ personMatcher: new StubMatcher() });
    const teacher = await h.actorOf(await h.signIn('referrer@camden-schools.example'));
    const contact = await h.container.frontDoor.submit(
      teacher,
      contactInputSchema.parse({
        laCode: '202',
        source: '2A',
        referrer: { name: 'Grace Adeyemi' },
        children: [
          { forenames: 'Nia', surname: 'Castellanos', dateOfBirth: '2014-09-09', nhsNumber: NHS },
          { forenames: 'Tobias', surname: 'Castellanos', dateOfBirth: '2011-02-17' },
        ],
        concern: 'The children are often hungry at school.',
        indicators: ['neglect'],
        consent: { position: 'given' },
      }),
    );
    const people = await db().selectFrom('contactPersons').select(['personId', 'forenames']).where('contactId', '=', contact.contactId).execute();
    childId = people.find((p) => p.forenames === 'Nia')!.personId!;
    brotherId = people.find((p) => p.forenames === 'Tobias')!.personId!;

    // Islington first (the family lived there), then Camden.
    await casework(childId, '206', [
      { kind: 'referral', on: '2025-06-02', details: { source: '3B', primaryNeed: 'N1' } },
      { kind: 'strategy-discussion', on: '2025-06-04', details: { initiatedS47: true }, significant: true },
      { kind: 'cp-plan-started', on: '2025-06-20', details: { category: 'EMO' }, significant: true },
    ]);
    await casework(childId, '202', [
      { kind: 'referral', on: '2026-10-01', details: { source: '2A', primaryNeed: 'N1' } },
      { kind: 'assessment-completed', on: '2026-10-12', details: { assessmentKind: 'initial', outcome: 'child-in-need', summary: SECRET, factors: ['16A'] } },
      { kind: 'cp-plan-started', on: '2026-10-20', details: { category: 'NEG', decisions: SECRET }, significant: true },
      { kind: 'case-transferred-in', on: '2026-10-21' },
    ]);
    await casework(brotherId, '202', [{ kind: 'cin-plan-started', on: '2026-10-15' }]);
    hub = await h.signIn('hub.practitioner@camden.example');
  });
  after(() => h.close());

  it("shows a Camden hub practitioner Camden's casework in full and Islington's as codes only", async () => {
    const res = await hub.get(`/people/${childId}/chronology`);
    assert.equal(res.statusCode, 200);
    // Camden's own: title and a detail built from codes.
    assert.match(res.body, /Initial assessment completed/);
    assert.match(res.body, /Outcome: Child in need: services to be provided/);
    assert.match(res.body, /Category: Neglect/);
    assert.doesNotMatch(res.body, new RegExp(SECRET), 'free text held on the case is never shown in the chronology');
    // Islington's: what happened and when, the authority named, no detail.
    assert.match(res.body, /Child protection plan started/);
    assert.match(res.body, /Held by Islington: ask that hub for the detail/);
    assert.doesNotMatch(res.body, /Emotional abuse/, "another authority's codes-level detail is not shown");
    assert.doesNotMatch(res.body, /Decided to start a section 47 enquiry/);
  });

  it('cuts entries by the viewer’s authority, and names unknown kinds from the kind', async () => {
    const viewer = await h.actorOf(hub);
    const source = new CaseworkChronologySource(h.container.casework.context);
    const entries = await source.entries(db(), viewer, [childId]);
    assert.equal(entries.length, 7);
    for (const e of entries) {
      assert.equal(e.kind, 'casework');
      assert.equal(e.isFull, e.laName === 'Camden', `${e.title} in ${e.laName}`);
      if (!e.isFull) assert.equal(e.detail, null);
    }
    assert.ok(entries.some((e) => e.title === 'Case transferred in'));
    assert.ok(entries.filter((e) => e.isSignificant).length === 3);
    const islington: UserActor = { ...viewer, scopeCode: '206' };
    const seenFromIslington = await source.entries(db(), islington, [childId]);
    assert.deepEqual(
      seenFromIslington.filter((e) => e.isFull).map((e) => e.laName),
      ['Islington', 'Islington', 'Islington'],
    );
    const plan = seenFromIslington.find((e) => e.isFull && e.title === 'Child protection plan started');
    assert.equal(plan?.detail, 'Category: Emotional abuse.');
  });

  it('includes casework in the family chronology', async () => {
    const family = await hub.get(`/people/${childId}/family-chronology`);
    assert.equal(family.statusCode, 200);
    assert.match(family.body, /Child in need plan started/, "the brother's casework is in the family's chronology");
    const own = await hub.get(`/people/${childId}/chronology`);
    assert.doesNotMatch(own.body, /Child in need plan started/, "and not in the child's own");
  });

  it('filters by the Casework type and by significance', async () => {
    const only = await hub.get(`/people/${childId}/chronology?kind=casework`);
    assert.match(only.body, /Showing 7 of/);
    assert.doesNotMatch(only.body, /Contact to .* hub: Neglect/);
    const significant = await h.container.chronology.forChild(await h.actorOf(hub), childId, { kind: 'casework', significantOnly: true });
    assert.deepEqual(significant.entries.map((e) => e.title).sort(), ['Child protection plan started', 'Child protection plan started', 'Strategy discussion']);
  });

  it('puts the entries in date order, at the recording time when recorded that day and otherwise at noon', async () => {
    const { entries } = await h.container.chronology.forChild(await h.actorOf(hub), childId, { kind: 'casework' });
    const times = entries.map((e) => e.at.getTime());
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
    assert.equal(caseworkInstant('2026-10-12', new Date('2026-10-12T15:30:00Z')).toISOString(), '2026-10-12T15:30:00.000Z');
    assert.equal(caseworkInstant('2026-07-01', new Date('2026-07-09T10:00:00Z')).toISOString(), '2026-07-01T11:00:00.000Z', 'noon in London (BST)');
    assert.equal(caseworkInstant('2026-12-01', new Date('2026-12-09T10:00:00Z')).toISOString(), '2026-12-01T12:00:00.000Z', 'noon in London (GMT)');
  });

  it('lets a caseworker with the child allocated read the casework in full', async () => {
    const worker = await h.signIn('caseworker@camden.example');
    const workerActor = await h.actorOf(worker);
    await db().insertInto('childAllocations').values({ personId: childId, laCode: '202', workerUserId: workerActor.userId, contactId: null, allocatedAt: h.clock.now(), allocatedBy: null }).execute();
    const res = await worker.get(`/people/${childId}/chronology?kind=casework`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Outcome: Child in need: services to be provided/);
    assert.match(res.body, /Held by Islington/);
  });

  it('titles and details every kind from codes', () => {
    assert.equal(caseworkTitle('icpc', {}), 'Initial child protection conference');
    assert.equal(caseworkTitle('referral', { isNfa: true }), 'Referral to children’s social care: no further action');
    assert.equal(genericTitle('s47_paused'), 'S47 paused');
    assert.equal(caseworkDetail('icpc', { outcome: 'cp-plan', category: 'MUL' }), 'Outcome: Child protection plan. Category: Multiple categories.');
    assert.equal(caseworkDetail('s47-completed', { outcome: 'no-further-action' }), 'Outcome: No further action.');
    assert.equal(caseworkDetail('episode-closed', { closureReason: 'RC8', note: 'free text' }), 'Reason for closure: RC8 Case closed after assessment, no further action.');
    assert.equal(caseworkDetail('cp-plan-ended', { initialCategory: 'NEG', latestCategory: 'EMO', endReason: 'no-longer-at-risk' }), 'Category: Neglect. Latest category: Emotional abuse. Reason the plan ended: No longer at continuing risk of significant harm.');
    assert.equal(caseworkDetail('core-group', { notes: 'free text' }), null);
    assert.equal(caseworkTitle('core-group', { isFirst: true }), 'First core group meeting');
    assert.equal(caseworkDetail('referral-nfa', { reason: 'The family moved away', closureReason: 'RC8' }), 'Reason for closure: RC8 Case closed after assessment, no further action.');
    assert.equal(caseworkDetail('further-referral', { source: '6', outcome: 'section-17-assessment' }), `Front door decision: ${OUTCOMES['section-17-assessment'].label}. Referral source: 6.`);
    assert.equal(caseworkDetail('cp-category-changed', { from: 'NEG', to: 'EMO' }), 'From Neglect to Emotional abuse.');
    assert.equal(caseworkDetail('review-conference', { outcome: 'no-further-action', continuePlan: true }), 'The plan continues.', 'an outcome code is read only at its own step');
  });
});
