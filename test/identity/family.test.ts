// Think Family: relationships recorded once and read both ways and through merges, the household view, flags
// from the four adult services on adults only, the prompt about unnamed children, agency walls on names,
// restricted people, access and the audit of every read. The matcher is the deterministic test matcher.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { systemActor, type ApiClientActor, type UserActor } from '../../src/kernel/actor.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../src/kernel/errors.ts';
import { contactHouseholdFacts, thinkFamilyPromptText } from '../../src/modules/identity/family.domain.ts';
import { householdOf, thinkFamilyPrompts, type FamilyView } from '../../src/modules/identity/family.repository.ts';
import type { FamilyService } from '../../src/modules/identity/family.service.ts';
import { sourceRecordSchema } from '../../src/modules/identity/identity.forms.ts';
import type { IdentityTables } from '../../src/modules/identity/identity.tables.ts';
import type { PlatformTables } from '../../src/platform/db/schema.ts';
import { createHarness, type Harness } from '../support/app.ts';
import { StubMatcher } from '../support/stub-matcher.ts';

/** A valid NHS number from nine digits (modulus 11 check digit); seeds whose check digit would be 10 are skipped. */
function nhsNumber(seed: number): string {
  for (let n = seed; ; n++) {
    const nine = String(n).padStart(9, '0');
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i);
    const check = 11 - (sum % 11);
    if (check === 10) continue;
    return `${nine}${check === 11 ? 0 : check}`;
  }
}

describe('Think Family: relationships, households and the family view', () => {
  let h: Harness;
  let db: Kysely<PlatformTables & IdentityTables>;
  let family: FamilyService;
  const now = new Date('2026-11-02T09:00:00Z');
  const system = systemActor('test');
  const writers = new Map<string, ApiClientActor>();
  const users = new Map<string, UserActor>();
  const people: Record<string, string> = {};

  async function writer(agencyCode: string): Promise<ApiClientActor> {
    if (!writers.has(agencyCode)) {
      const agency = await db.selectFrom('agencies').select('id').where('code', '=', agencyCode).executeTakeFirstOrThrow();
      const created = await h.container.apiKeys.create(system, { name: `${agencyCode} records`, agencyId: agency.id, scopes: ['source-record.write'] });
      writers.set(agencyCode, await h.container.apiKeys.authenticate(created.key, 'test'));
    }
    return writers.get(agencyCode)!;
  }

  async function user(email: string, role: string): Promise<UserActor> {
    const key = `${email}:${role}`;
    if (!users.has(key)) {
      const agent = await h.signIn(email, role);
      const cookie = decodeURIComponent(agent.sessionCookie!);
      const lookup = await h.container.sessions.resolve(cookie.slice(0, cookie.lastIndexOf('.')), { correlationId: 'test' });
      users.set(key, (lookup as { actor: UserActor }).actor);
    }
    return users.get(key)!;
  }
  const hub = () => user('hub.practitioner@camden.example', 'hub-practitioner');
  const manager = () => user('hub.manager@camden.example', 'hub-manager');

  /** Registers a record for an agency and returns the person it landed on. */
  async function held(agencyCode: string, fields: Record<string, unknown>): Promise<string> {
    const result = await h.container.identity.register(await writer(agencyCode), sourceRecordSchema.parse(fields));
    return result.personId;
  }

  const member = (view: FamilyView, personId: string) => view.members.find((m) => m.personId === personId);
  const ids = (view: FamilyView) => view.members.map((m) => m.personId).sort();
  const count = async (action: string) => Number((await db.selectFrom('auditEvents').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', action).executeTakeFirstOrThrow()).n);

  before(async () => {
    h = await createHarness({ personMatcher: new StubMatcher() });
    db = h.container.database.db.withTables<IdentityTables>();
    family = h.container.family;
    const home = { postcode: 'NW1 1AA', address: '1 Pratt Street, London' };
    // The Okafor household, as each agency records it.
    people.mother = await held('la-202', { localId: 'CSC-1', forenames: 'Grace', surname: 'Okafor', dateOfBirth: '1990-04-10', nhsNumber: nhsNumber(100000001), ...home });
    assert.equal(await held('slam', { localId: 'SLAM-1', forenames: 'Grace', surname: 'Okafor', dateOfBirth: '1990-04-10', nhsNumber: nhsNumber(100000001) }), people.mother);
    people.ada = await held('la-202', { localId: 'CSC-2', forenames: 'Ada', surname: 'Okafor', dateOfBirth: '2018-06-01', ...home });
    people.tobi = await held('met-police', { localId: 'MPS-2', forenames: 'Tobi', surname: 'Okafor-Bell', dateOfBirth: '2021-02-02' });
    people.teen = await held('change-grow-live', { localId: 'CGL-1', forenames: 'Kemi', surname: 'Okafor', dateOfBirth: '2010-03-03' });
    people.stepfather = await held('london-probation-trust', { localId: 'LPT-1', forenames: 'Marcus', surname: 'Bell', dateOfBirth: '1985-01-01' });
    // Recorded at the same address (different spacing and case), and a refuge record at it that must not count.
    people.lodger = await held('peabody', { localId: 'PEA-1', forenames: 'Sam', surname: 'Reid', dateOfBirth: '1970-07-07', postcode: 'nw11aa', address: '1, PRATT STREET' });
    people.refugeResident = await held('refuge', { localId: 'REF-1', forenames: 'Lena', surname: 'Moss', dateOfBirth: '1992-09-09', postcode: 'NW1 1AA', address: '1 Pratt Street' });
    people.neighbour = await held('peabody', { localId: 'PEA-2', forenames: 'Jo', surname: 'Hart', dateOfBirth: '1980-08-08', postcode: 'NW1 1AA', address: '3 Pratt Street' });
  });
  after(() => h.close());

  it('records a fact once: again, or the other way round for a symmetric kind, changes nothing', async () => {
    const before = await count('relationship.record');
    const first = await family.recordRelationships(db, system, [
      { personId: people.mother!, relatedPersonId: people.ada!, kind: 'parent-of', source: 'agency-record' },
      { personId: people.ada!, relatedPersonId: people.tobi!, kind: 'sibling-of', source: 'contact', sourceRef: 'contact-1' },
      { personId: people.teen!, relatedPersonId: people.ada!, kind: 'sibling-of', source: 'contact', sourceRef: 'contact-1' },
      { personId: people.stepfather!, relatedPersonId: people.tobi!, kind: 'step-parent-of', source: 'agency-record' },
    ]);
    assert.equal(first.created.length, 4);
    assert.equal((await count('relationship.record')) - before, 4, 'one audit event per fact created');
    const again = await db.transaction().execute((trx) =>
      family.recordRelationships(trx, system, [
        { personId: people.mother!, relatedPersonId: people.ada!, kind: 'parent-of', source: 'practitioner' },
        { personId: people.tobi!, relatedPersonId: people.ada!, kind: 'sibling-of', source: 'contact' },
        { personId: people.ada!, relatedPersonId: people.ada!, kind: 'sibling-of', source: 'contact' },
      ]),
    );
    assert.deepEqual([again.created.length, again.unchanged], [0, 3]);
    assert.equal((await count('relationship.record')) - before, 4, 'nothing new, nothing audited');
    const rows = await db.selectFrom('relationships').select('id').where('endedAt', 'is', null).execute();
    assert.equal(rows.length, 4);
    // A parent-of fact is directional: the child is not the parent's parent.
    const reverse = await family.recordRelationships(db, system, [{ personId: people.ada!, relatedPersonId: people.mother!, kind: 'parent-of', source: 'contact' }]);
    assert.equal(reverse.created.length, 1);
    await db.updateTable('relationships').set({ endedAt: now, endedReason: 'test: keyed the wrong way round' }).where('id', '=', reverse.created[0]!.id).execute();
  });

  it('refuses facts about people Safehub does not hold, naming the fact', async () => {
    await assert.rejects(
      family.recordRelationships(db, system, [{ personId: people.ada!, relatedPersonId: '00000000-0000-4000-8000-000000000000', kind: 'sibling-of', source: 'contact' }]),
      (e: unknown) => e instanceof ValidationError && e.fields['facts.0.relatedPersonId'] === 'Choose a person Safehub holds',
    );
  });

  it('reads symmetric facts from both sides, and brings in a sibling’s step-parent', async () => {
    const fromTobi = await householdOf(db, [people.tobi!], null, { now });
    assert.equal(member(fromTobi, people.ada!)?.relationshipTo.find((r) => r.personId === people.tobi)?.kind, 'sibling-of');
    const fromAda = await householdOf(db, [people.ada!], null, { now });
    assert.deepEqual(
      member(fromAda, people.tobi!)?.relationshipTo.filter((r) => r.personId === people.ada).map((r) => [r.kind, r.inverse]),
      [['sibling-of', false]],
    );
    assert.ok(member(fromAda, people.stepfather!), 'the step-parent of a sibling is in the household');
    const adaToMother = member(fromAda, people.ada!)?.relationshipTo.find((r) => r.personId === people.mother);
    assert.deepEqual([adaToMother?.kind, adaToMother?.inverse], ['parent-of', true], 'Ada is the child: the fact reads the other way');
  });

  it('finds people recorded at the same address, but not from a refuge’s records and not from the postcode alone', async () => {
    const view = await householdOf(db, [people.ada!], null, { now });
    const lodger = view.sharedAddress.find((s) => s.personId === people.lodger);
    assert.ok(lodger, 'the lodger is recorded at the same address');
    assert.deepEqual(lodger.recordedBy, [{ agencyTypeCode: 'housing', agencyTypeName: 'Housing' }]);
    assert.ok(member(view, people.lodger!));
    assert.ok(!member(view, people.refugeResident!), 'refuge records are not co-residence evidence');
    assert.ok(!member(view, people.neighbour!), 'the same postcode at another door is a neighbour');
    assert.ok(!member(view, people.mother!)?.relationshipTo.some((r) => r.personId === people.lodger), 'co-residence is not a relationship');
  });

  it('flags adults known to the four adult services, and never children', async () => {
    const view = await householdOf(db, [people.ada!], null, { now });
    assert.deepEqual(member(view, people.mother!)?.flags, ['adult-mental-health']);
    assert.deepEqual(member(view, people.stepfather!)?.flags, ['probation']);
    assert.deepEqual(member(view, people.teen!)?.flags, [], 'a 16-year-old known to substance misuse services is a child, not a flagged adult');
    assert.deepEqual(member(view, people.teen!)?.knownTo.map((k) => k.agencyTypeCode), ['substance-misuse']);
    assert.deepEqual(member(view, people.lodger!)?.flags, [], 'housing is not a Think Family service');
    assert.deepEqual([member(view, people.ada!)?.isChild, member(view, people.ada!)?.ageYears], [true, 8]);
    assert.deepEqual([member(view, people.mother!)?.isChild, member(view, people.mother!)?.ageYears], [false, 36]);
    // A refuge is a domestic abuse service: its client is flagged once related to the household.
    await family.recordRelationships(db, system, [{ personId: people.refugeResident!, relatedPersonId: people.ada!, kind: 'carer-of', source: 'practitioner' }]);
    const withCarer = await householdOf(db, [people.ada!], null, { now });
    assert.deepEqual(member(withCarer, people.refugeResident!)?.flags, ['domestic-abuse-services']);
    await db.updateTable('relationships').set({ endedAt: now, endedReason: 'test' }).where('personId', '=', people.refugeResident!).execute();
  });

  it('takes a child’s age from the earliest date of birth any agency records', async () => {
    const twice = await held('la-202', { localId: 'CSC-9', forenames: 'Noor', surname: 'Ali', dateOfBirth: '2009-01-01', nhsNumber: nhsNumber(200000001) });
    await held('barts-health', { localId: 'BH-9', forenames: 'Noor', surname: 'Ali', dateOfBirth: '2007-11-01', nhsNumber: nhsNumber(200000001) });
    const view = await householdOf(db, [twice], null, { now });
    assert.deepEqual([member(view, twice)?.ageYears, member(view, twice)?.isChild], [19, false]);
  });

  it('prompts about the children in a flagged adult’s household who were not named', async () => {
    await family.recordRelationships(db, system, [{ personId: people.mother!, relatedPersonId: people.tobi!, kind: 'parent-of', source: 'contact' }]);
    const prompts = await thinkFamilyPrompts(db, [people.mother!, people.stepfather!, people.lodger!], [people.ada!], { now });
    const byAdult = Object.fromEntries(prompts.map((p) => [p.adultPersonId, p]));
    assert.deepEqual(Object.keys(byAdult).sort(), [people.mother!, people.stepfather!].sort(), 'the lodger is not flagged');
    assert.deepEqual(byAdult[people.mother!]!.children, [{ personId: people.tobi!, ageYears: 5 }], 'Ada was named; Tobi was not');
    assert.deepEqual(byAdult[people.stepfather!]!.flags, ['probation']);
    assert.equal(thinkFamilyPromptText(byAdult[people.mother!]!), 'Consider the children: 1 child lives with an adult known to adult mental health services');
    assert.deepEqual(await thinkFamilyPrompts(db, [people.mother!], [people.ada!, people.tobi!], { now }), [], 'every child named: no prompt');
    assert.deepEqual(await family.prompts(db, [people.teen!], []), [], 'a child is never the adult of a prompt');
  });

  it('follows merges when reading, folds duplicate facts, and an unmerge restores the view', async () => {
    // The mother, recorded again by a hospital without an NHS number: a second person until the hub merges them.
    const duplicate = await held('kings-college-hospital', { localId: 'KCH-1', forenames: 'Grace', surname: 'Okafor', dateOfBirth: '1990-10-04' });
    assert.notEqual(duplicate, people.mother);
    await family.recordRelationships(db, system, [
      { personId: duplicate, relatedPersonId: people.ada!, kind: 'parent-of', source: 'agency-record' },
      { personId: duplicate, relatedPersonId: people.lodger!, kind: 'partner-of', source: 'agency-record' },
    ]);
    const eventId = await h.container.identity.merge(await manager(), people.mother!, duplicate, 'Same woman: date of birth keyed day-first');
    const view = await householdOf(db, [people.ada!], null, { now });
    assert.ok(!member(view, duplicate), 'the merged person is read as the person kept');
    const mother = member(view, people.mother!)!;
    assert.equal(mother.relationshipTo.filter((r) => r.personId === people.ada && r.kind === 'parent-of').length, 1, 'two rows, one fact');
    assert.ok(mother.relationshipTo.some((r) => r.personId === people.lodger && r.kind === 'partner-of'));
    assert.deepEqual(mother.knownTo.map((k) => k.agencyTypeCode).sort(), ['adult-mental-health', 'childrens-social-care', 'health']);
    const viaMerged = await householdOf(db, [duplicate], null, { now });
    assert.deepEqual(viaMerged.subjectIds, [people.mother!]);
    const again = await family.recordRelationships(db, system, [{ personId: people.mother!, relatedPersonId: people.lodger!, kind: 'partner-of', source: 'practitioner' }]);
    assert.equal(again.created.length, 0, 'a fact held through a merge is not recorded twice');
    await h.container.identity.unmerge(await manager(), eventId, 'Different women after all');
    const undone = await householdOf(db, [people.ada!], null, { now });
    assert.ok(member(undone, duplicate), 'after the unmerge the two are separate again');
    assert.ok(!member(undone, people.mother!)!.relationshipTo.some((r) => r.personId === people.lodger), 'the partner fact went back with its person');
  });

  it('ends every row a merge left for one fact', async () => {
    const father = await held('la-202', { localId: 'CSC-20', forenames: 'Femi', surname: 'Adu', dateOfBirth: '1988-02-02' });
    const again = await held('whittington-health', { localId: 'WH-20', forenames: 'Femi', surname: 'Adu', dateOfBirth: '1988-02-20' });
    const son = await held('la-202', { localId: 'CSC-21', forenames: 'Dayo', surname: 'Adu', dateOfBirth: '2016-02-02' });
    await family.recordRelationships(db, system, [
      { personId: father, relatedPersonId: son, kind: 'parent-of', source: 'agency-record' },
      { personId: again, relatedPersonId: son, kind: 'parent-of', source: 'agency-record' },
    ]);
    await h.container.identity.merge(await manager(), father, again, 'Same man');
    const fact = member(await householdOf(db, [son], null, { now }), father)!.relationshipTo.find((r) => r.personId === son)!;
    await family.endRelationship(await hub(), { relationshipId: fact.relationshipId, version: fact.version, reason: 'Not his father: recorded in error' });
    const active = await db.selectFrom('relationships').select('id').where('relatedPersonId', '=', son).where('endedAt', 'is', null).execute();
    assert.deepEqual(active, []);
    assert.equal(member(await householdOf(db, [son], null, { now }), father), undefined);
  });

  it('shows the viewer agency’s own names only, and agency types rather than agencies', async () => {
    const view = await family.family(await hub(), people.ada!);
    assert.equal(member(view, people.ada!)?.displayName, 'Ada Okafor');
    assert.equal(member(view, people.mother!)?.displayName, 'Grace Okafor');
    assert.equal(member(view, people.tobi!)?.displayName, null, 'only the police hold Tobi: Camden sees no name');
    assert.equal(member(view, people.stepfather!)?.displayName, null);
    const json = JSON.stringify(view);
    for (const value of ['Okafor-Bell', 'Marcus', 'Bell', 'Kemi', 'Reid', 'MPS-2', 'LPT-1', 'Metropolitan Police Service', 'South London and Maudsley', 'Change Grow Live', 'Peabody', 'PRATT', 'NW1']) {
      assert.ok(!json.includes(value), `the family view reveals ${value}`);
    }
    assert.deepEqual(member(view, people.tobi!)?.knownTo, [{ agencyTypeCode: 'police', agencyTypeName: 'Police' }]);
  });

  it('writes exactly one audit event for each family read, in the read’s transaction', async () => {
    const actor = await hub();
    const before = await db.selectFrom('auditEvents').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow();
    const view = await family.family(actor, people.ada!);
    const events = await db.selectFrom('auditEvents').selectAll().where('seq', '>', Number(before.seq)).execute();
    assert.equal(events.length, 1);
    const [event] = events;
    assert.deepEqual(
      { action: event!.action, recordType: event!.recordType, recordId: event!.recordId, fields: event!.fields, details: event!.details, outcome: event!.outcome },
      { action: 'person.family.read', recordType: 'person', recordId: people.ada, fields: ['relationships', 'household', 'known-to'], details: { members: view.members.length }, outcome: 'success' },
    );
  });

  it('refuses the family view to roles without family.read, and answers unknown people as not found', async () => {
    await assert.rejects(family.family(await user('referrer@camden-schools.example', 'referrer'), people.ada!), ForbiddenError);
    await assert.rejects(family.family(await user('desk.officer@met.example', 'desk-officer'), people.ada!), ForbiddenError);
    await assert.rejects(family.family(await hub(), '00000000-0000-4000-8000-000000000000'), NotFoundError);
    await assert.rejects(family.family(await hub(), 'not-a-uuid'), NotFoundError);
    const caseworker = await user('caseworker@camden.example', 'caseworker');
    assert.ok((await family.family(caseworker, people.ada!)).members.length > 1);
  });

  it('hides a restricted person outside their named team, as a subject and as a household member', async () => {
    const actor = await hub();
    const otherTeam = await db.selectFrom('teams').select('id').where('id', 'not in', actor.teamIds).executeTakeFirstOrThrow();
    await db.updateTable('persons').set({ isRestricted: true, restrictedTeamId: otherTeam.id }).where('id', '=', people.tobi!).execute();
    const denied = await count('person.family.read');
    await assert.rejects(family.family(actor, people.tobi!), NotFoundError);
    assert.equal(await count('person.family.read'), denied + 1, 'the refusal is audited');
    const ada = await family.family(actor, people.ada!);
    assert.ok(!member(ada, people.tobi!), 'a restricted sibling is not shown');
    await db.updateTable('persons').set({ restrictedTeamId: actor.teamIds[0]! }).where('id', '=', people.tobi!).execute();
    assert.ok(member(await family.family(actor, people.tobi!), people.tobi!), 'the named team sees them');
    assert.ok(member(await family.family(actor, people.ada!), people.tobi!));
    await db.updateTable('persons').set({ isRestricted: false, restrictedTeamId: null }).where('id', '=', people.tobi!).execute();
  });

  it('lets a practitioner add a relationship, once, and end it with a reason, refusing a stale version', async () => {
    const actor = await hub();
    const added = await family.recordRelationship(actor, { personId: people.lodger!, relatedPersonId: people.ada!, kind: 'household-member' });
    assert.equal(added.isNew, true);
    const row = await db.selectFrom('relationships').selectAll().where('id', '=', added.relationshipId!).executeTakeFirstOrThrow();
    assert.deepEqual([row.source, row.recordedBy], ['practitioner', actor.userId]);
    assert.equal((await family.recordRelationship(actor, { personId: people.ada!, relatedPersonId: people.lodger!, kind: 'household-member' })).isNew, false);
    await assert.rejects(family.recordRelationship(actor, { personId: people.ada!, relatedPersonId: people.ada!, kind: 'sibling-of' }), (e: unknown) => e instanceof ValidationError && /someone other/.test(e.fields.relatedPersonId ?? ''));
    await assert.rejects(family.recordRelationship(actor, { personId: people.ada!, relatedPersonId: people.lodger!, kind: 'cousin-of' }), (e: unknown) => e instanceof ValidationError && e.fields.kind === 'Choose how they are related');
    await assert.rejects(
      family.recordRelationship(actor, { personId: people.ada!, relatedPersonId: '00000000-0000-4000-8000-000000000000', kind: 'sibling-of' }),
      (e: unknown) => e instanceof ValidationError && Boolean(e.fields.relatedPersonId),
    );
    await assert.rejects(family.endRelationship(actor, { relationshipId: row.id, version: row.version, reason: '' }), (e: unknown) => e instanceof ValidationError && e.fields.reason === 'Give the reason for ending the relationship');
    await assert.rejects(family.endRelationship(actor, { relationshipId: row.id, version: row.version + 1, reason: 'Moved out in October' }), ConflictError);
    await family.endRelationship(actor, { relationshipId: row.id, version: row.version, reason: 'Moved out in October' });
    const ended = await db.selectFrom('relationships').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    assert.deepEqual([Boolean(ended.endedAt), ended.endedReason, ended.endedBy, ended.version], [true, 'Moved out in October', actor.userId, row.version + 1]);
    await assert.rejects(family.endRelationship(actor, { relationshipId: row.id, version: row.version, reason: 'Moved out in October' }), ConflictError, 'ending twice is a stale version');
    await assert.rejects(family.recordRelationship(await user('referrer@camden-schools.example', 'referrer'), { personId: people.ada!, relatedPersonId: people.lodger!, kind: 'sibling-of' }), ForbiddenError);
  });

  it('records a contact’s household: adults with the children, parents where said, children as siblings', async () => {
    const facts = contactHouseholdFacts('contact-9', ['c1', 'c2'], [
      { personId: 'a1', relationship: 'mother' },
      { personId: 'a2', relationship: 'not-in-household' },
      { personId: 'a3', relationship: 'grandparent' },
    ]);
    assert.deepEqual(
      facts.map((f) => `${f.personId} ${f.kind} ${f.relatedPersonId}`),
      ['a1 household-member c1', 'a1 parent-of c1', 'a1 household-member c2', 'a1 parent-of c2', 'a3 household-member c1', 'a3 household-member c2', 'c1 sibling-of c2'],
    );
    assert.ok(facts.every((f) => f.source === 'contact' && f.sourceRef === 'contact-9'));
  });

  it('accepts another module’s transaction over a wider set of tables, and can leave the audit to it', async () => {
    const wider = h.container.database.db.withTables<IdentityTables & { contacts: { id: string } }>();
    const result = await wider.transaction().execute((trx) => family.recordContactHousehold(trx, system, 'contact-10', [people.teen!], [{ personId: people.stepfather!, relationship: 'step-parent' }], { deferAudit: true }));
    assert.deepEqual(result.created.map((c) => c.kind).sort(), ['household-member', 'step-parent-of']);
    assert.equal(result.auditEntries.length, 2);
    assert.ok(result.auditEntries.every((e) => e.action === 'relationship.record' && e.recordType === 'person'));
  });

  it('stops at 30 people and says so', async () => {
    const hubPerson = await held('la-202', { localId: 'CSC-HOSTEL', forenames: 'Big', surname: 'Household', dateOfBirth: '2015-05-05' });
    const others = await db
      .insertInto('persons')
      .values(Array.from({ length: 34 }, () => ({ createdBy: null })))
      .returning('id')
      .execute();
    await family.recordRelationships(
      db,
      system,
      others.map((o) => ({ personId: o.id, relatedPersonId: hubPerson, kind: 'household-member' as const, source: 'agency-record' as const })),
    );
    const view = await householdOf(db, [hubPerson], null, { now });
    assert.deepEqual([view.members.length, view.isTruncated, view.members[0]!.personId], [30, true, hubPerson]);
    assert.ok(ids(view).includes(hubPerson));
  });
});
