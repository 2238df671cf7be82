// Loading Synthetic London's practice history into the front door and casework: contacts name resolved people,
// decisions use the front door's outcomes, the history is shifted to end at `now` with some contacts still open,
// every referral that has happened becomes a case episode with its steps, deadlines and case history, a second
// load adds nothing, and the audit chain still verifies.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FixedClock } from '../../kernel/clock.ts';
import { systemActor } from '../../kernel/actor.ts';
import { loadSynthetic } from '../../main/container.ts';
import { createHarness, type Harness } from '../../../test/support/app.ts';
import type { IdentityTables } from '../identity/index.ts';
import { OUTCOMES, type FrontDoorTables } from '../front-door/index.ts';
import { CATEGORIES, CLOSURE_REASONS } from '../casework/casework.domain.ts';
import type { CaseworkTables } from '../casework/index.ts';
import { londonDateOf } from '../../platform/calendar/index.ts';
import { historyShift, loadSyntheticHistory, syntheticUuid, type HistoryLoadResult } from './history.load.ts';
import { resolveSynthesis, synthesiseLondon } from './synthesise.ts';

/** The generator's events of the seed that have happened by `now` once shifted: how many of each type, and the strategy discussions' referrals. */
function happenedEvents(seed: number, scale: number, now: Date) {
  const { shiftMs, cutoff } = historyShift('2025-03-31', now);
  const byType: Record<string, number> = {};
  let strategyReferrals = 0;
  for (const bundle of synthesiseLondon(resolveSynthesis({ seed, scale, history: true }))) {
    for (const { fields: f } of bundle.events) {
      if (Date.parse(String(f.at)) + shiftMs > cutoff.getTime()) continue;
      const type = String(f.type);
      byType[type] = (byType[type] ?? 0) + 1;
      if (type === 'strategy-discussion') strategyReferrals += (f.referrals as string[]).length;
    }
  }
  return { byType, strategyReferrals };
}

const SEED = 2009;
const SCALE = 0.0004;
// A Monday lunchtime: the morning's contacts are in, most not yet decided.
const NOW = new Date('2026-11-02T12:00:00Z');

describe('loading the practice history into the front door', () => {
  let h: Harness;
  let first: HistoryLoadResult;
  const db = () => h.container.database.db.withTables<FrontDoorTables & IdentityTables>();
  const cw = () => h.container.database.db.withTables<CaseworkTables>();
  const count = async (table: keyof CaseworkTables) => Number((await cw().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
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

  it('loads the casework of every referral that has happened: episodes, steps and plans', async () => {
    const { byType, strategyReferrals } = happenedEvents(SEED, SCALE, NOW);
    const c = first.casework;
    assert.ok(c.episodes > 50, `${c.episodes} episodes`);
    assert.deepEqual(Object.keys(c.skipped).filter((k) => k !== 'early-help-not-agreed'), [], 'every child resolved, every step found its episode');
    assert.equal(c.episodes, byType.referral);
    assert.equal(c.assessments, byType['assessment-started']);
    assert.equal(c.strategyDiscussions, strategyReferrals, 'one strategy discussion row per child discussed');
    assert.equal(c.s47Enquiries, byType['s47-started']);
    assert.equal(c.conferences, (byType['initial-conference'] ?? 0) + (byType['cp-review'] ?? 0));
    assert.equal(c.cpPlans, byType['cp-plan-started']);
    assert.equal(c.cinPlans, byType['cin-plan-started']);
    assert.equal(c.earlyHelp + (c.skipped['early-help-not-agreed'] ?? 0), byType['early-help-started']);
    assert.equal(first.deferred, 0, 'no event type is left unloaded');
    // The database holds what the result says.
    assert.equal(await count('caseEpisodes'), c.episodes);
    assert.equal(await count('caseAssessments'), c.assessments);
    assert.equal(await count('strategyDiscussions'), c.strategyDiscussions);
    assert.equal(await count('s47Enquiries'), c.s47Enquiries);
    assert.equal(await count('conferences'), c.conferences);
    assert.equal(await count('cpPlans'), c.cpPlans);
    assert.equal(await count('cinPlans'), c.cinPlans);
    assert.equal(await count('earlyHelpEpisodes'), c.earlyHelp);
    assert.equal(await count('caseDeadlines'), c.deadlines);
    assert.equal(await count('caseEvents'), c.caseEvents);
    const closed = await cw().selectFrom('caseEpisodes').select(['closureReason', 'closedOn', 'referralOn']).where('status', '=', 'closed').execute();
    assert.equal(closed.length, byType['episode-closed']);
    assert.equal(c.openEpisodes, c.episodes - closed.length);
    for (const e of closed) {
      assert.ok(e.closureReason && e.closureReason in CLOSURE_REASONS);
      assert.ok(e.closedOn! >= e.referralOn);
    }
  });

  it('links each episode to the contact it came from, and each child protection plan to the conference that made it', async () => {
    const episodes = await cw().selectFrom('caseEpisodes').select(['contactId', 'personId', 'externalReference', 'rulebook']).execute();
    assert.ok(episodes.every((e) => e.contactId && e.externalReference?.startsWith('REF') && e.rulebook === 'wt2010'));
    const named = await db().selectFrom('contactPersons').select(['contactId', 'personId']).where('contactId', 'in', episodes.map((e) => e.contactId!)).execute();
    const pairs = new Set(named.map((p) => `${p.contactId}|${p.personId}`));
    assert.ok(episodes.every((e) => pairs.has(`${e.contactId}|${e.personId}`)), 'the episode is about a child the contact named');
    const plans = await cw().selectFrom('cpPlans as p').innerJoin('conferences as c', 'c.id', 'p.icpcId').select(['p.startOn', 'c.heldOn', 'c.kind', 'c.outcome', 'p.initialCategory']).execute();
    assert.equal(plans.length, first.casework.cpPlans);
    for (const p of plans) {
      assert.equal(p.startOn, p.heldOn, 'a child protection plan starts on the date of its initial conference (CIN census)');
      assert.equal(p.kind, 'initial');
      assert.equal(p.outcome, 'cp-plan');
      assert.ok(p.initialCategory in CATEGORIES);
    }
  });

  it('writes each step’s deadline from the rulebook: met or missed from the real dates, open while work is in progress', async () => {
    const rows = await cw().selectFrom('caseDeadlines as d').innerJoin('caseEpisodes as e', 'e.id', 'd.episodeId').select(['d.episodeId', 'd.step', 'd.subjectId', 'd.status', 'd.dueOn', 'd.doneOn', 'd.rule', 'e.status as episodeStatus']).execute();
    const assessments = await cw().selectFrom('caseAssessments').select(['id', 'episodeId', 'kind', 'completedOn']).execute();
    assert.ok(rows.length > 0);
    const steps = new Set(rows.map((r) => r.step));
    for (const step of ['referral-decision', 'initial-assessment', 'core-assessment', 'icpc', 'first-review']) assert.ok(steps.has(step), `a ${step} deadline`);
    assert.equal(rows.filter((r) => r.step === 'referral-decision').length, first.casework.episodes, 'every referral has its decision deadline');
    for (const r of rows) {
      assert.equal(r.rule.rulebook, 'wt2010');
      assert.equal(r.rule.step, r.step);
      if (r.status === 'met') assert.ok(r.doneOn! <= r.dueOn);
      if (r.status === 'missed') assert.ok(r.doneOn! > r.dueOn);
      if (r.status === 'open' || r.status === 'cancelled') assert.equal(r.doneOn, null);
      if (r.status === 'open') assert.equal(r.episodeStatus, 'open', 'a closed case has no open deadline');
      if (r.step.endsWith('-assessment')) {
        // A core assessment's deadline names it; an initial assessment's is the case's (the pathway opens it with the case).
        const a = r.subjectId ? assessments.find((x) => x.id === r.subjectId) : assessments.find((x) => x.episodeId === r.episodeId && x.kind === 'initial');
        assert.ok(a, `the ${r.step} of its case`);
        assert.equal(r.step, `${a.kind}-assessment`);
        assert.equal(r.status === 'open', a.completedOn === null, 'an assessment’s deadline is open exactly while it is in progress');
        if (a.completedOn) assert.equal(r.doneOn, a.completedOn);
      }
    }
    assert.equal(rows.filter((r) => r.status === 'open').length, first.casework.openDeadlines);
  });

  it('writes the case history for the chronology, nothing after today, and one audit event per episode', async () => {
    const today = londonDateOf(NOW);
    const late = await cw().selectFrom('caseEvents').select('id').where('occurredOn', '>', today).execute();
    assert.deepEqual(late, []);
    const referrals = Number((await cw().selectFrom('caseEvents').select((eb) => eb.fn.countAll().as('n')).where('kind', '=', 'referral').executeTakeFirstOrThrow()).n);
    assert.equal(referrals, first.casework.episodes);
    const significant = await cw().selectFrom('caseEvents').select('kind').distinct().where('isSignificant', '=', true).execute();
    assert.ok(significant.some((k) => k.kind === 'strategy-discussion'));
    const audited = Number(
      (await h.container.database.db.selectFrom('auditEvents').select((eb) => eb.fn.countAll().as('n')).where('action', '=', 'case-episode.create').where('purpose', '=', 'synthetic-load').executeTakeFirstOrThrow()).n,
    );
    assert.equal(audited, first.casework.episodes);
  });

  it('adds nothing when loaded again', async () => {
    const before = { episodes: await count('caseEpisodes'), deadlines: await count('caseDeadlines'), events: await count('caseEvents'), earlyHelp: await count('earlyHelpEpisodes') };
    const again = await load();
    assert.equal(again.alreadyLoaded, true);
    assert.equal(again.contacts, 0);
    assert.equal(again.casework.episodes, 0);
    const contacts = Number((await db().selectFrom('contacts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    assert.equal(contacts, first.contacts);
    assert.deepEqual({ episodes: await count('caseEpisodes'), deadlines: await count('caseDeadlines'), events: await count('caseEvents'), earlyHelp: await count('earlyHelpEpisodes') }, before);
  });

  it('names rows by deterministic ids', () => {
    assert.equal(syntheticUuid(SEED, 'CON0000000001'), syntheticUuid(SEED, 'CON0000000001'));
    assert.notEqual(syntheticUuid(SEED, 'CON0000000001'), syntheticUuid(SEED + 1, 'CON0000000001'));
    assert.match(syntheticUuid(SEED, 'x'), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
