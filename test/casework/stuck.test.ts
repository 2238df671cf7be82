// Stuck cases: the rules as pure functions (table-driven, with the boundaries: exactly 18 months is not "longer
// than 18 months", a day more is), then the scan over a real database (idempotent, reasons shown, a dismissed flag
// not raised again until something new happens), the board's settings (shared row, optimistic locking) and who may
// see the flags.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { systemActor, type UserActor } from '../../src/kernel/actor.ts';
import { FixedClock } from '../../src/kernel/clock.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../src/kernel/errors.ts';
import type { CaseworkTables } from '../../src/modules/casework/casework.tables.ts';
import { configuredRules, evaluateAll, longDate, stuckRule, wholeMonthsBetween, type StuckFacts } from '../../src/modules/casework/stuck.rules.ts';
import type { FrontDoorTables } from '../../src/modules/front-door/front-door.tables.ts';
import type { IdentityTables } from '../../src/modules/identity/identity.tables.ts';
import { createHarness, type Harness } from '../support/app.ts';
import { actorFor, contactFactory, createUser } from '../front-door/factories.ts';

const facts = (f: Partial<StuckFacts> = {}): StuckFacts => ({ cpPlans: [], s47Enquiries: [], contacts: [], ...f });
const reasonsOf = (code: string, f: StuckFacts, today: string, params?: Record<string, number>) => {
  const rule = stuckRule(code)!;
  const p = params ?? Object.fromEntries(rule.params.map((x) => [x.name, x.default]));
  return rule.evaluate(f, p, today)?.reasons ?? null;
};

describe('stuck-case rules (pure)', () => {
  it('formats days and counts whole months', () => {
    assert.equal(longDate('2025-03-03'), '3 March 2025');
    const cases: [string, string, number][] = [
      ['2025-01-31', '2025-02-28', 1],
      ['2025-01-31', '2025-02-27', 0],
      ['2025-03-03', '2026-12-03', 21],
      ['2025-03-03', '2026-12-02', 20],
      ['2025-05-02', '2026-11-02', 18],
      ['2026-11-02', '2026-11-01', 0],
    ];
    for (const [from, to, months] of cases) assert.equal(wholeMonthsBetween(from, to), months, `${from} → ${to}`);
  });

  it('long-cp-plan: flags a plan open longer than 18 months, not one open exactly 18 months', () => {
    const today = '2026-11-02';
    const cases: { name: string; plans: StuckFacts['cpPlans']; today?: string; months?: number; expect: string | null }[] = [
      { name: 'exactly 18 months', plans: [{ startOn: '2025-05-02', endOn: null }], expect: null },
      { name: '18 months and a day', plans: [{ startOn: '2025-05-01', endOn: null }], expect: 'Child protection plan open for 18 months (since 1 May 2025); the rule flags plans open longer than 18 months' },
      { name: 'the example', plans: [{ startOn: '2025-03-03', endOn: null }], today: '2026-12-03', expect: 'Child protection plan open for 21 months (since 3 March 2025); the rule flags plans open longer than 18 months' },
      { name: 'an ended plan', plans: [{ startOn: '2023-01-01', endOn: '2026-01-01' }], expect: null },
      { name: 'a board figure of 12', plans: [{ startOn: '2025-10-01', endOn: null }], months: 12, expect: 'Child protection plan open for 13 months (since 1 October 2025); the rule flags plans open longer than 12 months' },
      { name: 'no plans', plans: [], expect: null },
    ];
    for (const c of cases) {
      const reasons = reasonsOf('long-cp-plan', facts({ cpPlans: c.plans }), c.today ?? today, c.months ? { months: c.months } : undefined);
      assert.deepEqual(reasons, c.expect === null ? null : [c.expect], c.name);
    }
  });

  it('repeat-cp-plan: flags a later plan starting within 2 years of the previous plan ending', () => {
    const today = '2026-11-02';
    const cases: { name: string; plans: StuckFacts['cpPlans']; expect: string | null }[] = [
      {
        name: 'exactly 2 years after',
        plans: [{ startOn: '2022-01-10', endOn: '2024-06-01' }, { startOn: '2026-06-01', endOn: null }],
        expect: "Child protection plan 2 started on 1 June 2026, 24 months after the previous plan ended (on 1 June 2024); the rule flags a plan starting within 2 years of the previous plan's end",
      },
      { name: '2 years and a day after', plans: [{ startOn: '2022-01-10', endOn: '2024-06-01' }, { startOn: '2026-06-02', endOn: null }], expect: null },
      {
        name: 'soon after, in any order',
        plans: [{ startOn: '2026-03-01', endOn: null }, { startOn: '2025-01-01', endOn: '2026-02-20' }],
        expect: "Child protection plan 2 started on 1 March 2026, less than a month after the previous plan ended (on 20 February 2026); the rule flags a plan starting within 2 years of the previous plan's end",
      },
      { name: 'one plan', plans: [{ startOn: '2026-03-01', endOn: null }], expect: null },
      { name: 'an old repeat, long ended', plans: [{ startOn: '2015-01-01', endOn: '2016-01-01' }, { startOn: '2016-06-01', endOn: '2017-06-01' }], expect: null },
    ];
    for (const c of cases) assert.deepEqual(reasonsOf('repeat-cp-plan', facts({ cpPlans: c.plans }), today), c.expect === null ? null : [c.expect], c.name);
  });

  it('repeat-s47-no-plan: 3 or more section 47 enquiries in 12 months with no plan started in that time', () => {
    const today = '2026-11-02';
    const three = [{ startedOn: '2025-11-03' }, { startedOn: '2026-03-01' }, { startedOn: '2026-10-01' }];
    const cases: { name: string; f: StuckFacts; expect: string | null }[] = [
      {
        name: 'three in the window (the first on its first day)',
        f: facts({ s47Enquiries: three }),
        expect: '3 section 47 enquiries in the 12 months to 2 November 2026 (the first on 3 November 2025, the latest on 1 October 2026) and no child protection plan started in that time; the rule flags 3 or more in 12 months',
      },
      { name: 'one falls outside the window', f: facts({ s47Enquiries: [{ startedOn: '2025-11-02' }, ...three.slice(1)] }), expect: null },
      { name: 'a plan started in the window', f: facts({ s47Enquiries: three, cpPlans: [{ startOn: '2026-10-20', endOn: null }] }), expect: null },
      {
        name: 'a plan started before the window',
        f: facts({ s47Enquiries: three, cpPlans: [{ startOn: '2024-01-01', endOn: '2025-01-01' }] }),
        expect: '3 section 47 enquiries in the 12 months to 2 November 2026 (the first on 3 November 2025, the latest on 1 October 2026) and no child protection plan started in that time; the rule flags 3 or more in 12 months',
      },
    ];
    for (const c of cases) assert.deepEqual(reasonsOf('repeat-s47-no-plan', c.f, today), c.expect === null ? null : [c.expect], c.name);
  });

  it('repeat-nfa-contacts: 3 or more decided contacts in 12 months, all no further action', () => {
    const today = '2026-11-02';
    const nfa = (receivedOn: string) => ({ receivedOn, status: 'decided', outcome: 'no-further-action' });
    const three = [nfa('2026-01-05'), nfa('2026-05-05'), nfa('2026-10-30')];
    const expected = '3 contacts to the front door in the 12 months to 2 November 2026 (the first on 5 January 2026, the latest on 30 October 2026), all decided with no further action; the rule flags 3 or more in 12 months';
    const cases: { name: string; contacts: StuckFacts['contacts']; expect: string | null }[] = [
      { name: 'three NFA', contacts: three, expect: expected },
      { name: 'two NFA', contacts: three.slice(1), expect: null },
      { name: 'one led to a referral', contacts: [...three, { receivedOn: '2026-10-31', status: 'decided', outcome: 'section-17-assessment' }], expect: null },
      { name: 'one still being screened', contacts: [...three, { receivedOn: '2026-11-01', status: 'screening', outcome: null }], expect: expected },
      { name: 'one outside the window', contacts: [nfa('2025-11-02'), ...three.slice(1)], expect: null },
    ];
    for (const c of cases) assert.deepEqual(reasonsOf('repeat-nfa-contacts', facts({ contacts: c.contacts }), today), c.expect === null ? null : [c.expect], c.name);
  });

  it('merges a board’s settings over the defaults, ignoring figures out of bounds and unknown rules', () => {
    const rules = configuredRules([
      { code: 'long-cp-plan', enabled: false, params: { months: 24 } },
      { code: 'repeat-s47-no-plan', enabled: true, params: { count: 99, months: 6 } },
      { code: 'made-up', enabled: true, params: {} },
    ]);
    assert.deepEqual(
      rules.map((r) => [r.rule.code, r.enabled, r.params]),
      [
        ['long-cp-plan', false, { months: 24 }],
        ['repeat-cp-plan', true, { years: 2 }],
        ['repeat-s47-no-plan', true, { count: 3, months: 6 }],
        ['repeat-nfa-contacts', true, { count: 3, months: 12 }],
      ],
    );
    // A disabled rule is not evaluated.
    const found = evaluateAll(rules, facts({ cpPlans: [{ startOn: '2020-01-01', endOn: null }] }), '2026-11-02');
    assert.deepEqual(found.map((f) => f.code), []);
  });
});

type Tables = CaseworkTables & FrontDoorTables & IdentityTables;

describe('stuck-case scan and flags', () => {
  let h: Harness;
  const clock = new FixedClock('2026-11-02T09:00:00Z');
  const db = () => h.container.database.db.withTables<Tables>();
  let manager: UserActor;
  const scan = () => h.container.casework.stuck.scan(systemActor('casework.scan-stuck'));

  /** A child named on a front-door contact, with a case episode in Camden opened from it. */
  async function child() {
    const contact = await contactFactory(h).awaitingScreening();
    const person = await db().selectFrom('contactPersons').select(['personId', 'forenames', 'surname']).where('contactId', '=', contact.id).where('role', '=', 'child').executeTakeFirstOrThrow();
    const episodeId = randomUUID();
    await db().insertInto('caseEpisodes').values({ id: episodeId, personId: person.personId, laCode: '202', contactId: contact.id, externalReference: null, rulebook: 'wt2010', referralOn: '2024-01-05', referralSource: '2A', primaryNeed: 'N1', isNfa: false, isUnborn: false, expectedBirthOn: null, workerUserId: null, teamId: null, status: 'open', closedOn: null, closureReason: null, createdBy: null }).execute();
    return { personId: person.personId, episodeId, name: `${person.forenames} ${person.surname}` };
  }

  async function plan(episodeId: string, personId: string, startOn: string, endOn: string | null = null) {
    await db().insertInto('cpPlans').values({ id: randomUUID(), episodeId, personId, icpcId: randomUUID(), startOn, initialCategory: 'NEG', latestCategory: 'NEG', previousPlans: 0, endOn, endReason: endOn ? 'no-longer-at-risk' : null, createdBy: null }).execute();
  }

  async function s47(episodeId: string, startedOn: string) {
    const sd = randomUUID();
    await db().insertInto('strategyDiscussions').values({ id: sd, episodeId, heldOn: startedOn, participants: '[]', initiatedS47: true, decisions: null, createdBy: null }).execute();
    await db().insertInto('s47Enquiries').values({ id: randomUUID(), episodeId, strategyDiscussionId: sd, startedOn, completedOn: null, outcome: null, icpcRequired: null, createdBy: null }).execute();
  }

  const flagsOf = (personId: string) => db().selectFrom('stuckCaseFlags').selectAll().where('personId', '=', personId).orderBy('raisedAt').execute();

  before(async () => {
    h = await createHarness({ clock });
    manager = await actorFor(h, 'team.manager@camden.example', 'team-manager');
  });
  after(() => h.close());

  it('raises a flag with its reasons once, however often the scan runs, and shows it to the team manager with the child’s name', async () => {
    const a = await child();
    await plan(a.episodeId, a.personId, '2025-03-03');
    const b = await child();
    for (const day of ['2026-01-10', '2026-04-10', '2026-09-10']) await s47(b.episodeId, day);

    const first = await scan();
    assert.ok(first.raised >= 2);
    const second = await scan();
    assert.equal(second.raised, 0);
    assert.equal(second.updated, 0);

    const aFlags = await flagsOf(a.personId);
    assert.equal(aFlags.length, 1);
    assert.equal(aFlags[0]!.rule, 'long-cp-plan');
    assert.deepEqual(aFlags[0]!.reasons, ['Child protection plan open for 19 months (since 3 March 2025); the rule flags plans open longer than 18 months']);
    assert.deepEqual((await flagsOf(b.personId)).map((f) => f.rule), ['repeat-s47-no-plan']);

    const list = await h.container.casework.stuck.flags(manager);
    const shown = list.find((f) => f.personId === a.personId)!;
    assert.equal(shown.childName, a.name);
    assert.equal(shown.ruleTitle, 'Long child protection plan');
    assert.equal(shown.status, 'open');

    // The scan's audit event holds counts, never names or reasons.
    const events = await h.container.database.db.selectFrom('auditEvents').select(['details']).where('action', '=', 'casework.stuck-scan').execute();
    assert.equal(events.length, 2);
    assert.ok(!JSON.stringify(events).includes('Child protection plan'));
  });

  it('updates the reasons of an open flag when the facts change', async () => {
    const c = await child();
    for (const day of ['2026-01-10', '2026-04-10', '2026-09-10']) await s47(c.episodeId, day);
    await scan();
    await s47(c.episodeId, '2026-10-20');
    const result = await scan();
    assert.ok(result.updated >= 1);
    const [flag] = await flagsOf(c.personId);
    assert.equal(flag!.version, 2);
    assert.match(flag!.reasons[0]!, /^4 section 47 enquiries .* the latest on 20 October 2026/);
  });

  it('does not raise a dismissed flag again until something new happens', async () => {
    const c = await child();
    for (const day of ['2026-02-10', '2026-05-10', '2026-08-10']) await s47(c.episodeId, day);
    await scan();
    const [flag] = await flagsOf(c.personId);
    await assert.rejects(h.container.casework.stuck.dismiss(manager, flag!.id, flag!.version, { reason: '' }), ValidationError);
    await assert.rejects(h.container.casework.stuck.dismiss(manager, flag!.id, flag!.version + 1, { reason: 'Plan agreed at the review' }), ConflictError);
    await h.container.casework.stuck.dismiss(manager, flag!.id, flag!.version, { reason: 'The family is engaging with a new support plan' });
    assert.equal((await scan()).raised, 0);
    assert.deepEqual((await flagsOf(c.personId)).map((f) => f.status), ['dismissed']);

    clock.set('2026-11-20T09:00:00Z');
    try {
      await s47(c.episodeId, '2026-11-18');
      await scan();
      assert.deepEqual((await flagsOf(c.personId)).map((f) => f.status), ['dismissed', 'open']);
    } finally {
      clock.set('2026-11-02T09:00:00Z');
    }
    // The dismissal's reason stays on the flag, not in the audit trail.
    const audit = await h.container.database.db.selectFrom('auditEvents').select('details').where('action', '=', 'stuck-case-flag.dismiss').execute();
    assert.ok(audit.length >= 1 && !JSON.stringify(audit).includes('engaging'));
  });

  it('raises repeat-nfa-contacts from the front door’s decided contacts about the same child', async () => {
    const contacts = contactFactory(h);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await contacts.awaitingScreening()).id);
    const persons = await db().selectFrom('contactPersons').select(['contactId', 'personId']).where('contactId', 'in', ids).where('role', '=', 'child').execute();
    const personId = persons[0]!.personId;
    const days = ['2026-02-01T10:00:00Z', '2026-06-01T10:00:00Z', '2026-10-01T10:00:00Z'];
    for (const [i, id] of ids.entries()) {
      await db().updateTable('contactPersons').set({ personId }).where('contactId', '=', id).execute();
      await db().updateTable('contacts').set({ status: 'decided', outcome: 'no-further-action', receivedAt: days[i]!, decidedAt: days[i]! }).where('id', '=', id).execute();
    }
    await scan();
    const flags = await flagsOf(personId);
    assert.deepEqual(flags.map((f) => f.rule), ['repeat-nfa-contacts']);
    assert.match(flags[0]!.reasons[0]!, /^3 contacts to the front door .*\(the first on 1 February 2026, the latest on 1 October 2026/);
    const shown = (await h.container.casework.stuck.flags(manager)).find((f) => f.personId === personId)!;
    assert.notEqual(shown.childName, 'Child (name not held by the authority)');
  });

  it('keeps the rulebook settings when saving the stuck rules, with optimistic locking, and the scan follows them', async () => {
    const service = h.container.casework.stuck;
    const before = await service.settings(manager);
    assert.equal(before.version, 0);
    assert.equal(before.rules.length, 4);
    const off = before.rules.map((r) => ({ code: r.rule.code, enabled: r.rule.code !== 'long-cp-plan', params: r.params }));
    await assert.rejects(service.updateRules(manager, '202', 0, [{ code: 'long-cp-plan', enabled: true, params: { months: 99 } }]), (e: unknown) => e instanceof ValidationError && 'long-cp-plan-months' in e.fields);
    await service.updateRules(manager, '202', 0, off);
    const row = await db().selectFrom('caseworkSettings').selectAll().where('laCode', '=', '202').executeTakeFirstOrThrow();
    assert.equal(row.rulebook, 'wt2010');
    assert.deepEqual(row.overrides, []);
    assert.equal(row.version, 1);
    await assert.rejects(service.updateRules(manager, '202', 0, off), ConflictError);
    await assert.rejects(service.updateRules(manager, '206', 1, off), ForbiddenError);

    // Another helper's rulebook choice on the same row is kept.
    await db().updateTable('caseworkSettings').set({ rulebook: 'wt2023', version: 2 }).where('laCode', '=', '202').execute();
    await service.updateRules(manager, '202', 2, off.map((r) => (r.code === 'repeat-cp-plan' ? { ...r, params: { years: 3 } } : r)));
    const after = await db().selectFrom('caseworkSettings').selectAll().where('laCode', '=', '202').executeTakeFirstOrThrow();
    assert.equal(after.rulebook, 'wt2023');
    assert.equal(after.version, 3);
    assert.deepEqual((await service.rulesFor(db(), '202')).rules.find((r) => r.rule.code === 'repeat-cp-plan')!.params, { years: 3 });

    const c = await child();
    await plan(c.episodeId, c.personId, '2023-01-01');
    await scan();
    assert.deepEqual(await flagsOf(c.personId), []);
    await service.updateRules(manager, '202', 3, off.map((r) => ({ ...r, enabled: true })));
  });

  it('shows flags only to the authority’s team managers, and runs the scan only as the system', async () => {
    const c = await child();
    await plan(c.episodeId, c.personId, '2024-01-01');
    await scan();
    const [flag] = await flagsOf(c.personId);
    const caseworker = await actorFor(h, 'caseworker@camden.example', 'caseworker');
    await assert.rejects(h.container.casework.stuck.flags(caseworker), ForbiddenError);
    await assert.rejects(h.container.casework.stuck.scan(manager), ForbiddenError);

    await createUser(h, 'team.manager@islington.example', 'Rosa Vantongeren', 'la-206', 'team-manager', '206');
    const islington = await actorFor(h, 'team.manager@islington.example', 'team-manager');
    assert.equal((await h.container.casework.stuck.flags(islington)).some((f) => f.id === flag!.id), false);
    await assert.rejects(h.container.casework.stuck.dismiss(islington, flag!.id, flag!.version, { reason: 'Not ours' }), NotFoundError);
    const denied = await h.container.database.db.selectFrom('auditEvents').select('outcome').where('action', '=', 'stuck-case-flag.dismiss').where('recordId', '=', flag!.id).execute();
    assert.deepEqual(denied.map((d) => d.outcome), ['denied']);
  });
});
