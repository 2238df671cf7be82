// A local authority's casework settings: the rulebook it works to and its local rules, each with a source. Only its own
// team managers may change them; every change is versioned and audited; the rulebook applies to episodes opened later.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor, type UserActor } from '../../src/kernel/actor.ts';
import { ConflictError, ForbiddenError, ValidationError } from '../../src/kernel/errors.ts';
import { SETTINGS_MESSAGES } from '../../src/modules/casework/settings.service.ts';
import { DEMO_PASSWORD, createHarness, type Agent, type Harness } from '../support/app.ts';

const MANAGER = 'team.manager@camden.example';
const CASEWORKER = 'caseworker@camden.example';
const HUB_MANAGER = 'hub.manager@camden.example';
const GREENWICH_MANAGER = 'settings.manager@greenwich.example';

const SEVEN = { step: 'initial-assessment', amount: 7, unit: 'working-days', source: 'Camden LSCB procedures 2010, 3.2' };

describe('casework settings', () => {
  let h: Harness;
  const agents = new Map<string, Agent>();
  const agent = async (email: string, role?: string) => {
    const key = `${email}:${role ?? ''}`;
    if (!agents.has(key)) agents.set(key, await h.signIn(email, role));
    return agents.get(key)!;
  };
  const actor = async (email: string, role?: string): Promise<UserActor> => h.actorOf(await agent(email, role));
  const service = () => h.container.casework.settings;
  const versionNow = async () => (await service().get(await actor(MANAGER, 'team-manager'), '202')).version;

  /** Runs a service call expected to fail validation and returns its field errors. */
  async function fieldErrors(run: Promise<unknown>): Promise<Record<string, string>> {
    try {
      await run;
    } catch (error) {
      if (error instanceof ValidationError) return error.fields;
      throw error;
    }
    assert.fail('expected a validation error');
  }

  before(async () => {
    h = await createHarness();
    const greenwich = await h.container.database.db.selectFrom('agencies').select('id').where('code', '=', 'la-203').executeTakeFirstOrThrow();
    await h.container.users.create(systemActor('test'), { email: GREENWICH_MANAGER, displayName: 'Ingrid Lavelle', agencyId: greenwich.id, teamIds: [], password: DEMO_PASSWORD }, [{ roleCode: 'team-manager', scopeCode: '203' }]);
  });
  after(() => h.close());

  it('starts with the seed rulebook, no local rules and version 0', async () => {
    const settings = await service().get(await actor(MANAGER, 'team-manager'), '202');
    assert.equal(settings.rulebook, 'wt2010');
    assert.deepEqual(settings.overrides, []);
    assert.equal(settings.version, 0);
    assert.equal(settings.laName, 'Camden');
  });

  it('saves a local rule with its source, audited, and bumps the version', async () => {
    const manager = await actor(MANAGER, 'team-manager');
    const saved = await service().update(manager, '202', 0, { rulebook: 'wt2010', overrides: [{ ...SEVEN, source: '  Camden LSCB procedures 2010, 3.2  ' }] });
    assert.equal(saved.version, 1);
    assert.deepEqual(saved.overrides, [SEVEN]);
    const events = await h.container.database.db.selectFrom('auditEvents').selectAll().where('action', '=', 'casework.settings.update').execute();
    assert.equal(events.length, 1);
    assert.deepEqual(events[0]!.details, { laCode: '202', rulebook: 'wt2010', previousRulebook: null, overrideSteps: ['initial-assessment'], version: 1 });
    assert.equal(events[0]!.actorUserId, manager.userId);

    // The context's rulebook for an episode now carries the local rule, with its source.
    const ctx = h.container.casework.context;
    const book = await ctx.rulebookFor(ctx.db, { laCode: '202', rulebook: 'wt2010' });
    assert.deepEqual(book.overrides, [SEVEN]);
  });

  it('refuses a stale version', async () => {
    const manager = await actor(MANAGER, 'team-manager');
    await assert.rejects(service().update(manager, '202', 0, { rulebook: 'wt2010', overrides: [] }), ConflictError);
    await assert.rejects(service().update(manager, '202', 7, { rulebook: 'wt2010', overrides: [] }), ConflictError);
    assert.equal(await versionNow(), 1);
  });

  it('explains each mistake in a local rule, field by field', async () => {
    const manager = await actor(MANAGER, 'team-manager');
    const v = await versionNow();
    const cases: [string, Record<string, unknown>, string, string][] = [
      ['an unknown step', { ...SEVEN, step: 'home-visit' }, 'overrides.0.step', SETTINGS_MESSAGES.step],
      ['a zero amount', { ...SEVEN, amount: 0 }, 'overrides.0.amount', SETTINGS_MESSAGES.amountRange],
      ['a negative amount', { ...SEVEN, amount: -3 }, 'overrides.0.amount', SETTINGS_MESSAGES.amountRange],
      ['more than 365', { ...SEVEN, amount: 366 }, 'overrides.0.amount', SETTINGS_MESSAGES.amountRange],
      ['a fraction', { ...SEVEN, amount: 7.5 }, 'overrides.0.amount', SETTINGS_MESSAGES.amount],
      ['words for a number', { ...SEVEN, amount: 'seven' }, 'overrides.0.amount', SETTINGS_MESSAGES.amount],
      ['an unknown unit', { ...SEVEN, unit: 'weeks' }, 'overrides.0.unit', SETTINGS_MESSAGES.unit],
      ['no source', { ...SEVEN, source: '   ' }, 'overrides.0.source', SETTINGS_MESSAGES.source],
      ['a very long source', { ...SEVEN, source: 'x'.repeat(301) }, 'overrides.0.source', SETTINGS_MESSAGES.sourceLength],
    ];
    for (const [name, override, field, message] of cases) {
      const errors = await fieldErrors(service().update(manager, '202', v, { rulebook: 'wt2010', overrides: [override as typeof SEVEN] }));
      assert.equal(errors[field], message, name);
    }
    assert.deepEqual(await fieldErrors(service().update(manager, '202', v, { rulebook: 'wt2030', overrides: [] })), { rulebook: SETTINGS_MESSAGES.rulebook });
    assert.deepEqual(await fieldErrors(service().update(manager, '202', v, { rulebook: 'wt2010', overrides: [SEVEN, { ...SEVEN, amount: 8 }] })), { 'overrides.1.step': SETTINGS_MESSAGES.duplicate });
    assert.deepEqual(await fieldErrors(service().update(manager, '202', v, { rulebook: 'wt2023', overrides: [SEVEN] })), {
      'overrides.0.step': 'Working Together 2018/2023 has no initial assessment: remove this rule or choose another step',
    });
    // A form's text "7" is a whole number.
    const saved = await service().update(manager, '202', v, { rulebook: 'wt2010', overrides: [{ ...SEVEN, amount: '7' }] });
    assert.equal(saved.overrides[0]?.amount, 7);
  });

  it('applies a change of rulebook to episodes opened from then on, and local rules only under the chosen rulebook', async () => {
    const manager = await actor(MANAGER, 'team-manager');
    const ctx = h.container.casework.context;
    // A stuck-case setting saved by someone else in the same row survives a rulebook change.
    await ctx.db.updateTable('caseworkSettings').set({ stuckRules: JSON.stringify([{ code: 'repeat-plans', enabled: true, params: { count: 3 } }]) }).where('laCode', '=', '202').execute();
    const singleLocal = { step: 'strategy-discussion', amount: 1, unit: 'working-days', source: 'Camden local procedures 2024, 5.1' };
    const saved = await service().update(manager, '202', await versionNow(), { rulebook: 'wt2023', overrides: [singleLocal] });
    assert.equal(saved.rulebook, 'wt2023');
    assert.deepEqual(saved.stuckRules, [{ code: 'repeat-plans', enabled: true, params: { count: 3 } }]);
    // An episode opened under WT2010 keeps WT2010, now without the board's local rules; a new one gets them.
    const old = await ctx.rulebookFor(ctx.db, { laCode: '202', rulebook: 'wt2010' });
    assert.equal(old.code, 'wt2010');
    assert.deepEqual(old.overrides, []);
    const fresh = await ctx.rulebookFor(ctx.db, { laCode: '202', rulebook: 'wt2023' });
    assert.deepEqual(fresh.overrides, [singleLocal]);
    const events = await h.container.database.db.selectFrom('auditEvents').selectAll().where('action', '=', 'casework.settings.update').orderBy('seq').execute();
    assert.equal((events.at(-1)!.details as Record<string, unknown>).previousRulebook, 'wt2010');
  });

  it('lets only the authority’s own team managers see or change its settings', async () => {
    await assert.rejects(service().get(await actor(CASEWORKER, 'caseworker'), '202'), ForbiddenError);
    await assert.rejects(service().get(await actor(HUB_MANAGER, 'hub-manager'), '202'), ForbiddenError);
    await assert.rejects(service().update(await actor(CASEWORKER, 'caseworker'), '202', 0, { rulebook: 'wt2010', overrides: [] }), ForbiddenError);
    const greenwich = await actor(GREENWICH_MANAGER, 'team-manager');
    await assert.rejects(service().get(greenwich, '202'), ForbiddenError);
    await assert.rejects(service().update(greenwich, '202', await versionNow(), { rulebook: 'wt2010', overrides: [] }), ForbiddenError);
    // Greenwich's own settings are its own, starting from the seed rulebook.
    assert.equal((await service().get(greenwich, '203')).version, 0);
    const denied = await h.container.database.db.selectFrom('auditEvents').select('details').where('action', '=', 'casework.settings.update').where('outcome', '=', 'denied').execute();
    assert.ok(denied.some((d) => (d.details as Record<string, unknown>).reason === 'out-of-scope'));
  });

  describe('the settings page', () => {
    it('lists each rulebook’s figures with their sources, the local rules, and what a change applies to', async () => {
      const res = await (await agent(MANAGER, 'team-manager')).get('/casework/settings');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<h1 class="govuk-heading-l">Casework rulebook and local rules<\/h1>/);
      assert.match(res.body, /Working Together 2010/);
      assert.match(res.body, /Working Together 2018\/2023 \(yours\)/);
      assert.match(res.body, /45 working days from the referral/);
      assert.match(res.body, /London Child Protection Procedures 4\.1\.22/);
      assert.match(res.body, /A change applies to cases opened from now on\. A case keeps the rulebook it was opened with/);
      assert.match(res.body, /value="Camden local procedures 2024, 5\.1"/);
      assert.match(res.body, /<strong class="govuk-tag govuk-tag--blue">Local rule<\/strong> 1 working day from the decision to hold a strategy discussion/);
      assert.match(res.body, /name="rulebook" type="radio" value="wt2023" checked/);
    });

    it('saves the form, with blank rows ignored and a row removed', async () => {
      const manager = await agent(MANAGER, 'team-manager');
      const version = String(await versionNow());
      const res = await manager.submit('/casework/settings', '/casework/settings', {
        version,
        rows: '4',
        rulebook: 'wt2010',
        'step-0': 'strategy-discussion', 'amount-0': '1', 'unit-0': 'working-days', 'source-0': 'Camden local procedures 2024, 5.1', 'remove-0': 'yes',
        'step-1': 'initial-assessment', 'amount-1': '7', 'unit-1': 'working-days', 'source-1': 'Camden LSCB procedures 2010, 3.2',
        'step-2': '', 'amount-2': '', 'unit-2': '', 'source-2': '',
        'step-3': '', 'amount-3': '', 'unit-3': '', 'source-3': '',
      });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/casework/settings?saved=1');
      const page = await manager.get('/casework/settings?saved=1');
      assert.match(page.body, /Casework settings saved/);
      const settings = await service().get(await actor(MANAGER, 'team-manager'), '202');
      assert.equal(settings.rulebook, 'wt2010');
      assert.deepEqual(settings.overrides, [SEVEN]);
    });

    it('shows each mistake beside its field and in the error summary', async () => {
      const manager = await agent(MANAGER, 'team-manager');
      const res = await manager.submit('/casework/settings', '/casework/settings', {
        version: String(await versionNow()),
        rows: '2',
        rulebook: 'wt2010',
        'step-0': 'core-assessment', 'amount-0': '0', 'unit-0': 'working-days', 'source-0': '',
        'step-1': 'first-review', 'amount-1': '2', 'unit-1': '', 'source-1': 'Camden local procedures 2024, 6.3',
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /There is a problem/);
      assert.match(res.body, /href="#amount-0">The number of days or months must be between 1 and 365/);
      assert.match(res.body, /href="#source-0">Enter where the local rule comes from/);
      assert.match(res.body, /href="#unit-1">Select working days, days or months/);
      assert.match(res.body, /id="amount-0-error"/);
      // What was typed is kept.
      assert.match(res.body, /value="Camden local procedures 2024, 6\.3"/);
    });

    it('says when someone else saved first', async () => {
      const manager = await agent(MANAGER, 'team-manager');
      const res = await manager.submit('/casework/settings', '/casework/settings', { version: '0', rows: '0', rulebook: 'wt2010' });
      assert.equal(res.statusCode, 409);
      assert.match(res.body, /changed by someone else/);
    });

    it('is not for caseworkers', async () => {
      assert.equal((await (await agent(CASEWORKER, 'caseworker')).get('/casework/settings')).statusCode, 403);
    });
  });
});
