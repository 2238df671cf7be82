// Loading Synthetic London's practice history into the front door: contacts name resolved people, decisions use
// the front door's outcomes, the history is shifted to end at `now` with some contacts still open, a second load
// adds nothing, and the audit chain still verifies.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FixedClock } from '../../kernel/clock.ts';
import { systemActor } from '../../kernel/actor.ts';
import { loadSynthetic } from '../../main/container.ts';
import { createHarness, type Harness } from '../../../test/support/app.ts';
import type { IdentityTables } from '../identity/index.ts';
import { OUTCOMES, type FrontDoorTables } from '../front-door/index.ts';
import { historyShift, loadSyntheticHistory, syntheticUuid, type HistoryLoadResult } from './history.load.ts';

const SEED = 2009;
const SCALE = 0.0004;
// A Monday lunchtime: the morning's contacts are in, most not yet decided.
const NOW = new Date('2026-11-02T12:00:00Z');

describe('loading the practice history into the front door', () => {
  let h: Harness;
  let first: HistoryLoadResult;
  const db = () => h.container.database.db.withTables<FrontDoorTables & IdentityTables>();
  const load = () => loadSyntheticHistory(db(), h.container.audit, systemActor('synthetic-load'), { seed: SEED, scale: SCALE, now: NOW });

  before(async () => {
    h = await createHarness({ clock: new FixedClock(NOW) });
    await loadSynthetic(h.container, SEED, SCALE);
    first = await load();
  });
  after(() => h.close());

  it('creates contacts whose children are all resolved to people', async () => {
    assert.ok(first.contacts > 100, `loaded ${first.contacts} contacts`);
    assert.equal(first.unresolved, 0);
    assert.equal(first.unresolvedPeople, 0);
    const contacts = Number((await db().selectFrom('contacts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    assert.equal(contacts, first.contacts);
    const withoutChild = await db()
      .selectFrom('contacts as c')
      .select('c.id')
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('contactPersons as p').select('p.id').whereRef('p.contactId', '=', 'c.id').where('p.role', '=', 'child'))))
      .execute();
    assert.deepEqual(withoutChild, []);
    // Every person named is the person the agency's record is linked to.
    const mislinked = await db()
      .selectFrom('contactPersons as p')
      .innerJoin('personLinks as l', (j) => j.onRef('l.sourceRecordId', '=', 'p.sourceRecordId').on('l.endedAt', 'is', null))
      .select('p.id')
      .whereRef('l.personId', '<>', 'p.personId')
      .execute();
    assert.deepEqual(mislinked, []);
  });

  it('gives decided contacts an outcome from the front door list', async () => {
    const decided = await db().selectFrom('contacts').select(['outcome', 'thresholdLevel', 'decidedAt', 'isReferral']).where('status', 'in', ['decided', 'awaiting-sign-off']).execute();
    assert.ok(decided.length > 100);
    for (const c of decided) {
      assert.ok(c.outcome && c.outcome in OUTCOMES, `outcome ${c.outcome}`);
      assert.ok(c.decidedAt);
      assert.equal(c.isReferral, OUTCOMES[c.outcome as keyof typeof OUTCOMES].isReferral);
    }
  });

  it('leaves contacts with no decision yet open, with due times, for the hub queue', async () => {
    const open = await db().selectFrom('contacts').select(['status', 'screeningDueAt', 'decisionDueAt', 'receivedAt', 'laCode']).where('status', 'in', ['screening', 'awaiting-checks', 'awaiting-decision']).execute();
    assert.ok(open.length >= 1, 'some contacts are still open');
    assert.equal(open.length + first.decided, first.contacts);
    for (const c of open) {
      assert.ok(c.screeningDueAt && c.decisionDueAt, 'an open contact has due times');
      assert.ok(new Date(c.receivedAt) <= NOW);
    }
  });

  it('shifts the history by whole weeks so the latest contact falls in the 7 days before now', async () => {
    assert.equal(first.shiftDays % 7, 0);
    const latest = await db().selectFrom('contacts').select('receivedAt').orderBy('receivedAt', 'desc').limit(1).executeTakeFirstOrThrow();
    const age = NOW.getTime() - new Date(latest.receivedAt).getTime();
    assert.ok(age >= 0 && age <= 7 * 86_400_000, `latest contact ${new Date(latest.receivedAt).toISOString()}`);
    const future = await db().selectFrom('contactEvents').select('id').where('occurredAt', '>', NOW).execute();
    assert.deepEqual(future, [], 'nothing is recorded after now');
    const { cutoff } = historyShift('2025-03-31', NOW);
    assert.ok(cutoff <= NOW);
  });

  it('writes one audit event per contact, and the chain still verifies', async () => {
    const audited = Number(
      (await h.container.database.db.selectFrom('auditEvents').select((eb) => eb.fn.countAll().as('n')).where('action', '=', 'contact.create').where('purpose', '=', 'synthetic-load').executeTakeFirstOrThrow()).n,
    );
    assert.equal(audited, first.contacts);
    const verified = await h.container.audit.verify(h.container.database.db);
    assert.equal(verified.ok, true);
  });

  it('adds nothing when loaded again', async () => {
    const again = await load();
    assert.equal(again.alreadyLoaded, true);
    assert.equal(again.contacts, 0);
    const contacts = Number((await db().selectFrom('contacts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    assert.equal(contacts, first.contacts);
  });

  it('names rows by deterministic ids', () => {
    assert.equal(syntheticUuid(SEED, 'CON0000000001'), syntheticUuid(SEED, 'CON0000000001'));
    assert.notEqual(syntheticUuid(SEED, 'CON0000000001'), syntheticUuid(SEED + 1, 'CON0000000001'));
    assert.match(syntheticUuid(SEED, 'x'), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
