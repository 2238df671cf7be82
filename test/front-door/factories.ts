// Test factories for the front door, named after the states a contact passes through
// (contactFactory.awaitingScreening(), .screened('red'), .awaitingChecks(), .awaitingSignOff(), …).
// Every person is invented; NHS numbers are drawn, in order, from a fixed sequence of valid test numbers, so runs
// are repeatable and each child is a different person unless a test names the same one again.
import assert from 'node:assert/strict';
import { systemActor, type Actor, type RoleCode, type UserActor } from '../../src/kernel/actor.ts';
import type { ContactsService } from '../../src/modules/front-door/contacts.service.ts';
import type { Rag } from '../../src/modules/front-door/front-door.domain.ts';
import { contactInputSchema, type ContactInput } from '../../src/modules/front-door/front-door.forms.ts';
import type { FrontDoorTables } from '../../src/modules/front-door/front-door.tables.ts';
import type { IdentityTables } from '../../src/modules/identity/identity.tables.ts';
import { DEMO_PASSWORD, type Harness } from '../support/app.ts';

export const EMAILS = {
  referrer: 'referrer@camden-schools.example',
  practitioner: 'hub.practitioner@camden.example',
  manager: 'hub.manager@camden.example',
  caseworker: 'caseworker@camden.example',
  policeResearcher: 'police.researcher@met.example',
  deskOfficer: 'desk.officer@met.example',
  admin: 'admin@london-board.example',
} as const;

export const db = (h: Harness) => h.container.database.db.withTables<FrontDoorTables & IdentityTables>();

const actorCache = new WeakMap<Harness, Map<string, UserActor>>();

/** Signs a user in through the pages (choosing `role`) and returns the acting user of that session. */
export async function actorFor(h: Harness, email: string, role: RoleCode): Promise<UserActor> {
  let cache = actorCache.get(h);
  if (!cache) actorCache.set(h, (cache = new Map()));
  const key = `${email}:${role}`;
  if (!cache.has(key)) {
    const agent = await h.signIn(email, role);
    const cookie = decodeURIComponent(agent.sessionCookie!);
    const lookup = await h.container.sessions.resolve(cookie.slice(0, cookie.lastIndexOf('.')), { correlationId: 'test' });
    assert.equal(lookup.status, 'active');
    cache.set(key, (lookup as { actor: UserActor }).actor);
  }
  return cache.get(key)!;
}

export const actors = (h: Harness) => ({
  referrer: () => actorFor(h, EMAILS.referrer, 'referrer'),
  practitioner: () => actorFor(h, EMAILS.practitioner, 'hub-practitioner'),
  manager: () => actorFor(h, EMAILS.manager, 'hub-manager'),
  caseworker: () => actorFor(h, EMAILS.caseworker, 'caseworker'),
  policeResearcher: () => actorFor(h, EMAILS.policeResearcher, 'agency-researcher'),
  admin: () => actorFor(h, EMAILS.admin, 'system-admin'),
});

export async function agencyId(h: Harness, code: string): Promise<string> {
  return (await db(h).selectFrom('agencies').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
}

/** Adds a user (password DEMO_PASSWORD) with one role; `scopeCode` is an agency code or a local authority code. */
export async function createUser(h: Harness, email: string, displayName: string, agencyCode: string, roleCode: RoleCode, scopeCode: string): Promise<string> {
  return h.container.users.create(systemActor('test'), { email, displayName, agencyId: await agencyId(h, agencyCode), teamIds: [], password: DEMO_PASSWORD }, [{ roleCode, scopeCode }]);
}

/** A partner system of the agency, with the scopes given, acting through its API key. */
export async function apiKeyFor(h: Harness, agencyCode: string, scopes: ('reference.read' | 'source-record.write' | 'contact.submit' | 'notification.load')[]) {
  const created = await h.container.apiKeys.create(systemActor('test'), { name: `${agencyCode} system`, agencyId: await agencyId(h, agencyCode), scopes });
  return { key: created.key, actor: await h.container.apiKeys.authenticate(created.key, 'test') };
}

// -- invented people ---------------------------------------------------------------------------------------------

const FORENAMES = ['Amara', 'Tobi', 'Leila', 'Kofi', 'Nia', 'Rafi', 'Esme', 'Idris', 'Maren', 'Ilse', 'Jory', 'Sefa'];
const SURNAMES = ['Quellwood', 'Farrowby', 'Brindle', 'Ashgrove', 'Penhallow', 'Oakhurst', 'Thistlecombe', 'Marrowdene', 'Kestlebury', 'Wyncliffe'];
let sequence = 0;

/** The next valid NHS number (modulus 11) of a fixed sequence in the 999 test range. */
export function nextNhsNumber(): string {
  for (;;) {
    const base = String(999_000_000 + 7 * ++sequence).padStart(9, '0');
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(base[i]) * (10 - i);
    const check = 11 - (sum % 11);
    if (check === 10) continue;
    return `${base}${check === 11 ? 0 : check}`;
  }
}

export interface ChildFields {
  forenames: string;
  surname: string;
  dateOfBirth: string | null;
  sex: 'M' | 'F' | 'U' | null;
  nhsNumber: string | null;
  postcode: string | null;
  address: string | null;
}

/** A new invented child (a different person each time). */
export function child(overrides: Partial<ChildFields> = {}): ChildFields {
  const n = sequence;
  const year = 2010 + (n % 12);
  return {
    forenames: FORENAMES[n % FORENAMES.length]!,
    surname: SURNAMES[(n * 7) % SURNAMES.length]!,
    dateOfBirth: `${year}-${String((n % 12) + 1).padStart(2, '0')}-${String((n % 27) + 1).padStart(2, '0')}`,
    sex: n % 2 ? 'F' : 'M',
    nhsNumber: nextNhsNumber(),
    postcode: null,
    address: null,
    ...overrides,
  };
}

type RawContact = Omit<Partial<Record<keyof ContactInput, unknown>>, 'consent'> & { consent?: Record<string, unknown> };

/** A valid contact about one new child (consent given), as the schema returns it. */
export function contactInput(overrides: RawContact = {}): ContactInput {
  return contactInputSchema.parse({
    laCode: '202',
    source: '2A',
    referrer: { name: 'Grace Adeyemi', role: 'Designated safeguarding lead', phone: '020 7946 0000', email: 'dsl@camden-schools.example' },
    children: [child()],
    adults: [],
    concern: 'Arrived at school with bruising to the upper arm and would not say how it happened.',
    indicators: ['physical-abuse'],
    externalReference: null,
    ...overrides,
    consent: { position: 'given', ...overrides.consent },
  });
}

// -- contacts in named states ------------------------------------------------------------------------------------

export type ContactRow = Awaited<ReturnType<ReturnType<typeof contactFactory>['get']>>;

export function contactFactory(h: Harness, service: ContactsService = h.container.frontDoor) {
  const who = actors(h);
  const get = (id: string) => db(h).selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const factory = {
    get,
    /** Just received: no rating yet. */
    async awaitingScreening(overrides: RawContact = {}, by?: Actor) {
      const sent = await service.submit(by ?? (await who.referrer()), contactInput(overrides));
      return get(sent.contactId);
    },
    /** Rated by the hub practitioner. */
    async screened(rag: Rag = 'amber', overrides: RawContact = {}, by?: Actor) {
      const c = await factory.awaitingScreening(overrides, by);
      await service.screen(await who.practitioner(), c.id, c.version, { rag, thresholdLevel: rag === 'red' ? 4 : 3, reason: 'Initial screening of the information received' });
      return get(c.id);
    },
    /** Rated, with consent given, and checks asked of the agencies given (the Metropolitan Police by default). */
    async awaitingChecks(agencyCodes: string[] = ['met-police'], rag: Rag = 'amber', overrides: RawContact = {}, by?: Actor) {
      const c = await factory.screened(rag, overrides, by);
      const agencyIds = await Promise.all(agencyCodes.map((code) => agencyId(h, code)));
      await service.requestChecks(await who.practitioner(), c.id, c.version, { agencyIds, question: 'What does your agency know about this family?' });
      return get(c.id);
    },
    /** Checks asked of the police, and answered 'no information'. */
    async awaitingDecision(overrides: RawContact = {}, by?: Actor) {
      const c = await factory.awaitingChecks(['met-police'], 'amber', overrides, by);
      const check = await db(h).selectFrom('agencyChecks').select(['id', 'version']).where('contactId', '=', c.id).executeTakeFirstOrThrow();
      await service.respondToCheck(await who.policeResearcher(), check.id, check.version, {
        kind: 'no-information',
        disclosure: null,
        sharingWhat: null,
        sharingWhy: null,
        lawfulBasis: null,
        decidedByName: 'Sarah Whitfield',
        declineReason: null,
      });
      return get(c.id);
    },
    /** Decided by the hub manager with an outcome the board requires to be signed off (no further action). */
    async awaitingSignOff(overrides: RawContact = {}, by?: Actor) {
      const c = await factory.screened('green', overrides, by);
      await service.decide(await who.manager(), c.id, c.version, { outcome: 'no-further-action', thresholdLevel: 1, rationale: 'No role for children’s social care: the school is supporting the family' });
      return get(c.id);
    },
    /** Decided as a referral (a section 17 assessment), which needs no sign-off. */
    async decidedReferral(overrides: RawContact = {}, by?: Actor) {
      const c = await factory.screened('amber', overrides, by);
      await service.decide(await who.practitioner(), c.id, c.version, { outcome: 'section-17-assessment', thresholdLevel: 3, rationale: 'Complex needs: a child in need assessment is needed' });
      return get(c.id);
    },
  };
  return factory;
}
