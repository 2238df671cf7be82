// Referral drafts over a real database: only the owner may open, change, send or delete a draft; each page's
// answers are merged under a version check and audited by field name, never value; sending checks the whole draft,
// makes one contact and deletes the draft; drafts untouched for 30 days are purged by the scheduled job.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor, type UserActor } from '../../src/kernel/actor.ts';
import { FixedClock } from '../../src/kernel/clock.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../src/kernel/errors.ts';
import { DRAFT_RETENTION_DAYS, suggestedSource, type DraftPatch, type DraftsService } from '../../src/modules/front-door/drafts.service.ts';
import type { FrontDoorTables } from '../../src/modules/front-door/front-door.tables.ts';
import { createHarness, type Harness } from '../support/app.ts';
import { StubMatcher } from '../support/stub-matcher.ts';

const CHILD = { forenames: 'Nia', surname: 'Okonkwo-Hart', dateOfBirth: '2015-06-01', sex: 'F' as const, nhsNumber: null, postcode: 'nw5 1zz', address: null, isUnborn: false };
const COMPLETE: DraftPatch = {
  laCode: '202',
  source: '2A',
  children: [CHILD],
  concern: 'Nia has bruising on both arms and would not say how it happened.',
  indicators: ['physical-abuse'],
  consent: { position: 'given', isChildsOwn: false, exception: null, reason: null, authorisedBy: null },
};

describe('referral drafts', () => {
  let h: Harness;
  let drafts: DraftsService;
  const clock = new FixedClock('2026-11-02T09:00:00Z');
  const db = () => h.container.database.db.withTables<FrontDoorTables>();
  const cache = new Map<string, UserActor>();

  async function actorFor(email: string, role?: string): Promise<UserActor> {
    if (!cache.has(email)) {
      const agent = await h.signIn(email, role);
      const cookie = decodeURIComponent(agent.sessionCookie!);
      const lookup = await h.container.sessions.resolve(cookie.slice(0, cookie.lastIndexOf('.')), { correlationId: 'test' });
      cache.set(email, (lookup as { actor: UserActor }).actor);
    }
    return cache.get(email)!;
  }
  const teacher = () => actorFor('referrer@camden-schools.example');
  const police = () => actorFor('police.researcher@met.example');
  const admin = () => actorFor('admin@london-board.example');
  const events = (action: string, recordId?: string) => {
    let q = db().selectFrom('auditEvents').select(['fields', 'details', 'outcome', 'actorRole']).where('action', '=', action);
    if (recordId) q = q.where('recordId', '=', recordId);
    return q.orderBy('seq').execute();
  };

  before(async () => {
    h = await createHarness({ clock, personMatcher: new StubMatcher() });
    drafts = h.container.drafts;
  });
  after(() => h.close());

  it('suggests the referral source from the agency type', () => {
    const table: [string | null, string][] = [
      ['education', '2A'],
      ['health', '3F'],
      ['police', '6'],
      ['housing', '4'],
      ['childrens-social-care', '5A'],
      ['probation', '7'],
      ['voluntary-sector', '8'],
      [null, '8'],
    ];
    for (const [type, source] of table) assert.equal(suggestedSource(type), source, String(type));
  });

  it("merges each page's answers under a version check, auditing the fields saved but not their values", async () => {
    const me = await teacher();
    assert.equal(await drafts.suggestedSourceFor(me), '2A');
    const id = await drafts.start(me);
    const fresh = await drafts.get(me, id);
    assert.deepEqual([fresh.version, fresh.data], [1, {}]);
    const v2 = await drafts.save(me, id, 1, { laCode: '202', source: '2A' });
    const v3 = await drafts.save(me, id, v2, { children: [CHILD] });
    assert.equal(v3, 3);
    const draft = await drafts.get(me, id);
    assert.equal(draft.data.laCode, '202');
    assert.equal(draft.data.children![0]!.postcode, 'NW5 1ZZ');

    await assert.rejects(drafts.save(me, id, v2, { concern: 'Saved from a page that is out of date.' }), (e) => e instanceof ConflictError && /another tab or window/.test(e.message));
    assert.equal((await drafts.get(me, id)).data.concern, undefined);
    await assert.rejects(drafts.save(me, id, v3, { laCode: '999' }), ValidationError);
    await assert.rejects(drafts.save(me, id, v3, { concern: 'short' }), (e) => e instanceof ValidationError && e.fields.concern === 'Describe the concern in your own words (at least 10 characters)');
    await assert.rejects(drafts.save(me, id, v3, { role: 'x' } as unknown as DraftPatch), ValidationError, 'only known answers are stored');

    const updates = await events('contact-draft.update', id);
    assert.deepEqual(updates.map((e) => e.fields), [['laCode', 'source'], ['children']]);
    const trail = JSON.stringify(await db().selectFrom('auditEvents').select(['fields', 'details']).where('recordId', '=', id).execute());
    assert.doesNotMatch(trail, /Okonkwo|Nia|NW5/, 'no values in the audit trail');
    assert.ok((await events('contact-draft.read', id)).length >= 2);
  });

  it("answers not found for someone else's draft, whatever they try, and audits the attempt", async () => {
    const id = await drafts.start(await teacher());
    const other = await police();
    await assert.rejects(drafts.get(other, id), NotFoundError);
    await assert.rejects(drafts.save(other, id, 1, { laCode: '202' }), NotFoundError);
    await assert.rejects(drafts.submit(other, id, 1), NotFoundError);
    await assert.rejects(drafts.discard(other, id), NotFoundError);
    await assert.rejects(drafts.get(other, 'not-a-uuid'), NotFoundError);
    assert.ok(!(await drafts.list(other)).some((d) => d.id === id));
    const denied = await db().selectFrom('auditEvents').select('action').where('recordId', '=', id).where('outcome', '=', 'denied').execute();
    assert.deepEqual(denied.map((d) => d.action).sort(), ['contact-draft.delete', 'contact-draft.read', 'contact-draft.submit', 'contact-draft.update']);
    assert.equal((await drafts.get(await teacher(), id)).version, 1, 'untouched');
    await assert.rejects(drafts.start(await admin()), ForbiddenError, 'a system administrator may not refer');
  });

  it('lists the owner’s drafts, most recently changed first, with their progress', async () => {
    const me = await actorFor('hub.practitioner@camden.example');
    const first = await drafts.start(me);
    clock.advance(60_000);
    const second = await drafts.start(me);
    clock.advance(60_000);
    await drafts.save(me, first, 1, { laCode: '202', source: '5A', children: [CHILD] });
    const list = await drafts.list(me);
    assert.deepEqual(list.map((d) => d.id), [first, second]);
    assert.deepEqual(list[0]!.children, ['Nia Okonkwo-Hart']);
    assert.equal(list[0]!.sectionsAnswered, 2);
    assert.equal(list[0]!.deletedAfter.getTime() - list[0]!.updatedAt.getTime(), DRAFT_RETENTION_DAYS * 86_400_000);
    await drafts.discard(me, second);
    assert.deepEqual((await drafts.list(me)).map((d) => d.id), [first]);
    assert.equal((await events('contact-draft.delete', second)).length, 1);
    await drafts.discard(me, first);
  });

  it('sends a whole draft as one contact in the referrer’s name, then deletes the draft', async () => {
    const me = await teacher();
    const id = await drafts.start(me);
    await drafts.save(me, id, 1, { laCode: '202' });
    await assert.rejects(drafts.submit(me, id, 2), (e) => {
      assert.ok(e instanceof ValidationError);
      assert.equal(e.fields.source, 'Select who the concern comes from');
      assert.equal(e.fields.children, 'Name at least one child');
      assert.equal(e.fields.concern, 'Describe the concern in your own words (at least 10 characters)');
      assert.equal(e.fields['consent.position'], 'Select the consent position');
      return true;
    });
    assert.equal((await drafts.get(me, id)).version, 2, 'an incomplete draft is not claimed');
    const v = await drafts.save(me, id, 2, COMPLETE);
    await assert.rejects(drafts.submit(me, id, v - 1), ConflictError);

    // Two presses of the button at once make one contact.
    const results = await Promise.allSettled([drafts.submit(me, id, v), drafts.submit(me, id, v)]);
    const sent = results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<DraftsService['submit']>>>).value);
    assert.equal(sent.length, 1);
    for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof ConflictError || r.reason instanceof NotFoundError, String(r.reason));
    const { contactId, reference, draftDeleted } = sent[0]!;
    assert.ok(draftDeleted);
    const contact = await db().selectFrom('contacts').selectAll().where('id', '=', contactId).executeTakeFirstOrThrow();
    assert.equal(contact.reference, reference);
    assert.equal(contact.referrerName, 'Grace Adeyemi');
    assert.equal(contact.referrerEmail, 'referrer@camden-schools.example', "the account's email when the referrer gave none");
    assert.equal(contact.referrerUserId, me.userId);
    assert.equal((await db().selectFrom('contacts').select('id').where('referrerUserId', '=', me.userId).where('concern', '=', COMPLETE.concern!).execute()).length, 1);
    await assert.rejects(drafts.get(me, id), NotFoundError);
    const submitted = await events('contact-draft.submit', id);
    assert.deepEqual(submitted.map((e) => (e.details as { contactId: string }).contactId), [contactId]);
    const mine = await h.container.frontDoor.myContacts(me);
    assert.ok(mine.items.some((c) => c.id === contactId && c.status === 'in-progress'));
  });

  it('purges drafts untouched for 30 days in the scheduled job, audited as a count', async () => {
    const me = await teacher();
    const untouched = await drafts.start(me);
    const touched = await drafts.start(me);
    clock.advance((DRAFT_RETENTION_DAYS - 1) * 86_400_000);
    await drafts.save(me, touched, 1, { laCode: '202' });
    clock.advance(2 * 86_400_000);
    await assert.rejects(drafts.purgeOld({ kind: 'anonymous', correlationId: 't' }));
    const job = (h.container.scheduler as unknown as { jobs: { name: string; everySeconds: number; run(): Promise<void> }[] }).jobs.find((j) => j.name === 'front-door.purge-old-drafts');
    assert.equal(job?.everySeconds, 3600);
    assert.ok(await h.container.scheduler.runIfDue(job!));
    const left = (await db().selectFrom('contactDrafts').select('id').where('id', 'in', [untouched, touched]).execute()).map((r) => r.id);
    assert.deepEqual(left, [touched], 'a draft changed within 30 days is kept');
    const purge = await events('contact-draft.purge');
    assert.ok(purge.length >= 1);
    assert.equal(purge.at(-1)!.actorRole, 'system:purge-old-drafts');
    assert.ok((purge.at(-1)!.details as { count: number }).count >= 1);
    assert.equal(await drafts.purgeOld(systemActor('test')), 0);
  });
});
