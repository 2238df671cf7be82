// Multi-agency consultations through the service over a real database: a stuck-case flag becomes a consultation,
// a panel with invited agencies records attendance, recommendations and actions, an agency closes its action, and
// the follow-up review resolves the flag. Also who sees what (the authority, the child's workers, invited agencies,
// the partner who asked, and nobody else), overdue actions, stale versions, and audit details without text.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { systemActor, type UserActor } from '../../src/kernel/actor.ts';
import { FixedClock } from '../../src/kernel/clock.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../src/kernel/errors.ts';
import type { CaseworkTables } from '../../src/modules/casework/casework.tables.ts';
import type { FrontDoorTables } from '../../src/modules/front-door/front-door.tables.ts';
import type { IdentityTables } from '../../src/modules/identity/identity.tables.ts';
import { createHarness, type Harness } from '../support/app.ts';
import { actorFor, agencyId, contactFactory, createUser } from '../front-door/factories.ts';

type Tables = CaseworkTables & FrontDoorTables & IdentityTables;

const DISCUSSION = 'Neglect has continued through two plans; school attendance is 61 per cent and the health visitor has not been let in since March.';
const RECOMMENDATIONS = 'Convene a family group conference; health to arrange a joint visit with the social worker.';
const REASON = 'Third plan in four years and nothing seems to change for the children.';

describe('consultations', () => {
  let h: Harness;
  const clock = new FixedClock('2026-11-02T09:00:00Z');
  const db = () => h.container.database.db.withTables<Tables>();
  const service = () => h.container.casework.consultations;
  let manager: UserActor;
  let caseworker: UserActor;
  let police: UserActor;
  let health: UserActor;
  let referrer: UserActor;
  let metId: string;
  let clchId: string;
  let hostId: string;

  async function child(options: { workerUserId?: string | null; referredBy?: UserActor } = {}) {
    const contact = await contactFactory(h).awaitingScreening({}, options.referredBy);
    const person = await db().selectFrom('contactPersons').select(['id', 'personId', 'forenames', 'surname']).where('contactId', '=', contact.id).where('role', '=', 'child').executeTakeFirstOrThrow();
    const episodeId = randomUUID();
    await db().insertInto('caseEpisodes').values({ id: episodeId, personId: person.personId, laCode: '202', contactId: contact.id, externalReference: null, rulebook: 'wt2010', referralOn: '2024-01-05', referralSource: '2A', primaryNeed: 'N1', isNfa: false, isUnborn: false, expectedBirthOn: null, workerUserId: options.workerUserId ?? null, teamId: null, status: 'open', closedOn: null, closureReason: null, createdBy: null }).execute();
    return { personId: person.personId, contactPersonId: person.id, contactId: contact.id, episodeId, name: `${person.forenames} ${person.surname}` };
  }

  async function flaggedChild() {
    const c = await child();
    await db().insertInto('cpPlans').values({ id: randomUUID(), episodeId: c.episodeId, personId: c.personId, icpcId: randomUUID(), startOn: '2024-06-01', initialCategory: 'NEG', latestCategory: 'NEG', previousPlans: 2, endOn: null, endReason: null, createdBy: null }).execute();
    await h.container.casework.stuck.scan(systemActor('casework.scan-stuck'));
    const flag = await db().selectFrom('stuckCaseFlags').selectAll().where('personId', '=', c.personId).executeTakeFirstOrThrow();
    return { ...c, flag };
  }

  const versionOf = async (id: string) => (await db().selectFrom('consultations').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

  /** Requested from a flag, scheduled for 10 November with the police invited, and held with two actions. */
  async function held(options: { agencies?: string[] } = {}) {
    const c = await flaggedChild();
    const { id } = await service().request(manager, { flagId: c.flag.id, reason: REASON });
    await service().schedule(manager, id, await versionOf(id), { panelOn: '2026-11-10', agencies: options.agencies ?? [metId] });
    clock.set('2026-11-12T09:00:00Z');
    await service().recordPanel(manager, id, await versionOf(id), {
      attendance: (options.agencies ?? [metId]).map((agencyId) => ({ agencyId, attended: true, representative: 'DS Harriet Penrose' })),
      discussion: DISCUSSION,
      recommendations: RECOMMENDATIONS,
      actions: [
        { description: 'Share the domestic abuse history with the social worker', ownerAgencyId: metId, ownerName: 'DS Harriet Penrose', dueOn: '2026-11-20' },
        { description: 'Convene a family group conference', ownerAgencyId: hostId, ownerName: 'Helen Achterberg', dueOn: '2026-12-15' },
      ],
      followUpOn: '2027-01-15',
    });
    return { ...c, id };
  }

  before(async () => {
    h = await createHarness({ clock });
    manager = await actorFor(h, 'team.manager@camden.example', 'team-manager');
    caseworker = await actorFor(h, 'caseworker@camden.example', 'caseworker');
    police = await actorFor(h, 'police.researcher@met.example', 'agency-researcher');
    health = await actorFor(h, 'health.researcher@clch.example', 'agency-researcher');
    referrer = await actorFor(h, 'referrer@camden-schools.example', 'referrer');
    metId = await agencyId(h, 'met-police');
    clchId = await agencyId(h, 'clch');
    hostId = await agencyId(h, 'la-202');
  });
  after(() => h.close());

  it('carries a stuck-case flag through a panel and its actions to a follow-up that resolves the flag', async () => {
    clock.set('2026-11-02T09:00:00Z');
    const c = await flaggedChild();
    assert.equal(c.flag.rule, 'long-cp-plan');
    const { id } = await service().request(manager, { flagId: c.flag.id, reason: REASON });
    assert.equal((await db().selectFrom('stuckCaseFlags').select('status').where('id', '=', c.flag.id).executeTakeFirstOrThrow()).status, 'consulted');

    await assert.rejects(service().schedule(manager, id, 1, { panelOn: '2026-10-01', agencies: [metId] }), (e: unknown) => e instanceof ValidationError && 'panelOn' in e.fields);
    await assert.rejects(service().schedule(manager, id, 1, { panelOn: '2026-11-10', agencies: [hostId] }), (e: unknown) => e instanceof ValidationError && 'agencies' in e.fields);
    await service().schedule(manager, id, 1, { panelOn: '2026-11-10', agencies: [metId, clchId] });
    // Moving the panel and dropping an agency.
    await service().schedule(manager, id, 2, { panelOn: '2026-11-10', agencies: [metId] });
    const invited = await db().selectFrom('consultationAgencies').select('agencyId').where('consultationId', '=', id).execute();
    assert.deepEqual(invited.map((i) => i.agencyId), [metId]);

    // The panel cannot be recorded before it meets.
    await assert.rejects(
      service().recordPanel(manager, id, 3, { attendance: [{ agencyId: metId, attended: true, representative: 'DS Harriet Penrose' }], discussion: DISCUSSION, recommendations: RECOMMENDATIONS, actions: [], followUpOn: '2027-01-15' }),
      (e: unknown) => e instanceof ValidationError && '_form' in e.fields,
    );
    clock.set('2026-11-12T09:00:00Z');
    await assert.rejects(
      service().recordPanel(manager, id, 3, { attendance: [], discussion: DISCUSSION, recommendations: RECOMMENDATIONS, actions: [{ description: 'Visit', ownerAgencyId: clchId, ownerName: 'Nurse', dueOn: '2026-11-01' }], followUpOn: '2026-11-10' }),
      (e: unknown) => e instanceof ValidationError && [`attended-${metId}`, 'action-1-ownerAgencyId', 'action-1-dueOn', 'followUpOn'].every((k) => k in e.fields),
    );
    await service().recordPanel(manager, id, 3, {
      attendance: [{ agencyId: metId, attended: true, representative: 'DS Harriet Penrose' }],
      discussion: DISCUSSION,
      recommendations: RECOMMENDATIONS,
      actions: [
        { description: 'Share the domestic abuse history with the social worker', ownerAgencyId: metId, ownerName: 'DS Harriet Penrose', dueOn: '2026-11-20' },
        { description: 'Convene a family group conference', ownerAgencyId: hostId, ownerName: 'Helen Achterberg', dueOn: '2026-12-15' },
      ],
      followUpOn: '2027-01-15',
    });

    let view = await service().view(manager, id);
    assert.equal(view.consultation.status, 'held');
    assert.equal(view.childName, c.name);
    assert.equal(view.full!.discussion, DISCUSSION);
    assert.equal(view.actions.length, 2);
    assert.equal(view.flag!.status, 'consulted');

    // The police close their own action; they cannot touch the authority's.
    const policeAction = view.actions.find((a) => a.ownerAgencyId === metId)!;
    const laAction = view.actions.find((a) => a.ownerAgencyId === hostId)!;
    await assert.rejects(service().updateAction(police, policeAction.id, policeAction.version, { status: 'done', completedOn: null, notes: null }), (e: unknown) => e instanceof ValidationError && 'completedOn' in e.fields);
    await service().updateAction(police, policeAction.id, policeAction.version, { status: 'done', completedOn: '2026-11-12', notes: 'Sent to the allocated worker' });
    await assert.rejects(service().updateAction(police, laAction.id, laAction.version, { status: 'done', completedOn: '2026-11-12', notes: null }), NotFoundError);
    await assert.rejects(service().updateAction(manager, policeAction.id, policeAction.version, { status: 'open', completedOn: null, notes: null }), ConflictError);

    // The family group conference is overdue a month later.
    clock.set('2027-01-16T09:00:00Z');
    view = await service().view(manager, id);
    assert.deepEqual(view.actions.map((a) => [a.status, a.isOverdue]), [['done', false], ['open', true]]);
    assert.equal((await service().list(manager)).find((i) => i.id === id)!.overdueActions, 1);

    const result = await service().recordFollowUp(manager, id, view.consultation.version, { caseMoved: true, notes: 'Plan ended at the review conference' });
    assert.deepEqual(result, { flagResolved: true, flagStillConsulted: false });
    assert.equal((await db().selectFrom('stuckCaseFlags').select('status').where('id', '=', c.flag.id).executeTakeFirstOrThrow()).status, 'resolved');
    assert.equal((await service().view(manager, id)).consultation.status, 'reviewed');
    clock.set('2026-11-02T09:00:00Z');
  });

  it('keeps the flag consulted when the case has not moved', async () => {
    const c = await held();
    const result = await service().recordFollowUp(manager, c.id, await versionOf(c.id), { caseMoved: false, notes: null });
    assert.deepEqual(result, { flagResolved: false, flagStillConsulted: true });
    assert.equal((await db().selectFrom('stuckCaseFlags').select('status').where('id', '=', c.flag.id).executeTakeFirstOrThrow()).status, 'consulted');
    await assert.rejects(service().recordFollowUp(manager, c.id, await versionOf(c.id), { caseMoved: true, notes: null }), ValidationError);
    clock.set('2026-11-02T09:00:00Z');
  });

  it('shows an invited agency the consultation without the discussion, and hides it from agencies not invited and other authorities', async () => {
    const c = await held();
    const seen = await service().view(police, c.id);
    assert.equal(seen.level, 'agency');
    assert.equal(seen.full!.reason, REASON);
    assert.equal(seen.full!.panelOn, '2026-11-10');
    assert.equal(seen.full!.discussion, null);
    assert.equal(seen.consultation.recommendations, RECOMMENDATIONS);
    assert.equal(seen.flag, null);
    assert.equal(seen.agencies[0]!.representative, 'DS Harriet Penrose');
    assert.deepEqual(seen.actions.map((a) => a.canUpdate), [true, false]);
    assert.equal(seen.can.schedule || seen.can.recordPanel || seen.can.followUp, false);
    assert.ok((await service().list(police)).some((i) => i.id === c.id));

    await assert.rejects(service().view(health, c.id), NotFoundError);
    assert.equal((await service().list(health)).some((i) => i.id === c.id), false);

    await createUser(h, 'team.manager@islington.example', 'Rosa Vantongeren', 'la-206', 'team-manager', '206');
    const islington = await actorFor(h, 'team.manager@islington.example', 'team-manager');
    await assert.rejects(service().view(islington, c.id), NotFoundError);
    await assert.rejects(service().schedule(islington, c.id, await versionOf(c.id), { panelOn: '2026-12-01', agencies: [metId] }), NotFoundError);
    assert.equal((await service().list(islington)).some((i) => i.id === c.id), false);

    // The caseworker sees it all only when they can see the child's case; running the panel is the manager's.
    await assert.rejects(service().view(caseworker, c.id), NotFoundError);
    await db().updateTable('caseEpisodes').set({ workerUserId: caseworker.userId }).where('id', '=', c.episodeId).execute();
    const mine = await service().view(caseworker, c.id);
    assert.equal(mine.level, 'case');
    assert.equal(mine.full!.discussion, DISCUSSION);
    assert.equal(mine.can.followUp, false);
    await assert.rejects(service().recordFollowUp(caseworker, c.id, await versionOf(c.id), { caseMoved: true, notes: null }));

    const denied = await h.container.database.db.selectFrom('auditEvents').select(['outcome', 'details']).where('action', '=', 'consultation.read').where('recordId', '=', c.id).where('outcome', '=', 'denied').execute();
    assert.ok(denied.length >= 3);
    clock.set('2026-11-02T09:00:00Z');
  });

  it('lets a referrer ask about a child on their own contact, and shows them only the status and recommendations', async () => {
    const c = await child({ referredBy: referrer });
    const other = await child({ referredBy: await actorFor(h, 'hub.manager@camden.example', 'hub-manager') });
    await assert.rejects(service().request(referrer, { contactId: other.contactId, contactPersonId: other.contactPersonId, reason: REASON }), NotFoundError);
    await assert.rejects(service().request(referrer, { contactId: c.contactId, contactPersonId: other.contactPersonId, reason: REASON }), (e: unknown) => e instanceof ValidationError && 'contactPersonId' in e.fields);
    await assert.rejects(service().request(referrer, { episodeId: c.episodeId, reason: REASON }), NotFoundError);

    const context = await service().requestContext(referrer, { contactId: c.contactId });
    assert.deepEqual(context.children.map((x) => x.name), [c.name]);
    const { id } = await service().request(referrer, { contactId: c.contactId, contactPersonId: c.contactPersonId, reason: REASON });

    let seen = await service().view(referrer, id);
    assert.equal(seen.level, 'requester');
    assert.equal(seen.consultation.status, 'requested');
    assert.equal(seen.full, null);
    assert.equal(seen.childName, c.name);

    // The hub manager may ask from any contact of the authority.
    const hubManager = await actorFor(h, 'hub.manager@camden.example', 'hub-manager');
    const fromHub = await service().request(hubManager, { contactId: c.contactId, contactPersonId: c.contactPersonId, reason: 'Fourth contact this year' });
    await assert.rejects(service().view(referrer, fromHub.id), NotFoundError);

    await service().schedule(manager, id, 1, { panelOn: '2026-11-10', agencies: [clchId] });
    clock.set('2026-11-12T09:00:00Z');
    await service().recordPanel(manager, id, 2, { attendance: [{ agencyId: clchId, attended: false, representative: null }], discussion: DISCUSSION, recommendations: RECOMMENDATIONS, actions: [], followUpOn: '2027-02-01' });
    seen = await service().view(referrer, id);
    assert.equal(seen.consultation.recommendations, RECOMMENDATIONS);
    assert.deepEqual(seen.actions, []);
    assert.deepEqual(seen.agencies, []);

    const list = await service().list(referrer);
    assert.deepEqual(list.map((i) => [i.id, i.level, i.panelOn]), [[id, 'requester', null]]);
    clock.set('2026-11-02T09:00:00Z');
  });

  it('asks from a case the worker can see, and refuses a case they cannot', async () => {
    const mine = await child({ workerUserId: caseworker.userId });
    const notMine = await child();
    const { id } = await service().request(caseworker, { episodeId: mine.episodeId, reason: REASON });
    assert.equal((await service().view(caseworker, id)).level, 'case');
    await assert.rejects(service().request(caseworker, { episodeId: notMine.episodeId, reason: REASON }), NotFoundError);
    await assert.rejects(service().request(caseworker, { episodeId: mine.episodeId, reason: '   ' }), ValidationError);
    // A caseworker cannot raise one from a flag, or run the panel.
    const flagged = await flaggedChild();
    await assert.rejects(service().request(caseworker, { flagId: flagged.flag.id, reason: REASON }));
    await assert.rejects(service().schedule(caseworker, id, 1, { panelOn: '2026-11-10', agencies: [metId] }));
  });

  it('refuses a stale version, and writes audit events without any of the text', async () => {
    const c = await flaggedChild();
    const { id } = await service().request(manager, { flagId: c.flag.id, reason: REASON });
    await service().schedule(manager, id, 1, { panelOn: '2026-11-10', agencies: [metId] });
    await assert.rejects(service().schedule(manager, id, 1, { panelOn: '2026-11-11', agencies: [metId] }), ConflictError);
    const events = await h.container.database.db.selectFrom('auditEvents').select(['action', 'details']).where('recordType', 'in', ['consultation', 'consultation-action']).execute();
    assert.ok(events.some((e) => e.action === 'consultation.request'));
    const text = JSON.stringify(events);
    for (const phrase of [REASON, DISCUSSION, RECOMMENDATIONS, 'Sent to the allocated worker', 'Plan ended']) assert.ok(!text.includes(phrase), phrase);
  });
});
