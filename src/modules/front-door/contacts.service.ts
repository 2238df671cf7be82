// The front door's use cases: contacts in (pages, API, bulk, forwarded police notifications), screening with RAG,
// consent, agency checks and sharing decisions, decisions with sign-off, transfers, allocation, and what each
// viewer may see. Every method checks access first and writes its audit event in the transaction of its change.
//
// Need-to-know (DESIGN section 5): the hub of the contact's local authority sees it whole (the hub it was
// transferred from, read-only); the referrer sees the status and outcome of their own contacts; a partner agency
// sees only the checks asked of it; an allocated worker sees contacts routed to them. Everyone else: not found.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Actor, UserActor } from '../../kernel/actor.ts';
import type { Clock } from '../../kernel/clock.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../kernel/errors.ts';
import { isUuid } from '../../kernel/ids.ts';
import type { AccessControl } from '../../platform/access/access-control.ts';
import type { AuditEntry, AuditTrail } from '../../platform/audit/audit-trail.ts';
import type { PlatformTables } from '../../platform/db/schema.ts';
import type { IdentityTables, RegistryService, SourceRecordInput } from '../identity/index.ts';
import {
  alertsFor,
  checkBasis,
  checkDueAt,
  decisionDueAt,
  DEFAULT_SETTINGS,
  levelForRag,
  NO_CHECK_BASIS_MESSAGE,
  OUTCOMES,
  RAG_PRESETS,
  screeningDueAt,
  type AlertKind,
  type FrontDoorSettings,
  type Outcome,
  type Rag,
} from './front-door.domain.ts';
import type { CheckResponse, ContactInput } from './front-door.forms.ts';
import type { ContactStatus, FrontDoorTables } from './front-door.tables.ts';

export type Tables = PlatformTables & IdentityTables & FrontDoorTables;
type Db = Kysely<Tables>;
type Trx = Transaction<Tables>;

/** What a viewer may do with a contact. */
export type ContactAccess = 'hub' | 'hub-read-only' | 'referrer' | 'worker';

/** Optional Think Family hooks from the identity module (relationships and the prompt about children). */
export interface FamilyHooks {
  /** Records who lives with whom, as the contact tells it; returns the audit entries for the caller to write. */
  recordHousehold(trx: Trx, actor: Actor, contactId: string, childIds: string[], adults: { personId: string; relationship: string }[]): Promise<AuditEntry[]>;
  prompts(db: Db | Trx, adultPersonIds: string[], namedChildIds: string[]): Promise<{ adultPersonId: string; flags: string[]; children: { personId: string }[] }[]>;
  /** The people Safehub knows in these children's households, with the name only where the viewer's agency holds one. */
  household(db: Db | Trx, childIds: string[], viewerAgencyId: string): Promise<HouseholdMember[]>;
}

export interface HouseholdMember {
  personId: string;
  isChild: boolean;
  ageYears: number | null;
  displayName: string | null;
  knownTo: string[];
  flags: string[];
}

export interface ForwardedNotificationInput {
  notificationId: string;
  agencyId: string;
  policeReference: string;
  laCode: string;
  occurredAt: Date;
  incidentType: string;
  summary: string;
  children: { forenames: string; surname: string; dateOfBirth: string | null; sex?: string | null }[];
  adults: { forenames: string; surname: string; dateOfBirth: string | null; sex?: string | null; role?: string | null }[];
  factors: string[];
  score: number;
  brag: string;
}

export interface QueueFilters {
  rag?: Rag[];
  status?: ContactStatus[];
  due?: 'overdue' | 'today' | undefined;
  assignee?: 'me' | 'unassigned' | undefined;
  sort?: 'due' | 'received' | 'rag';
  page?: number;
}

export const QUEUE_PAGE_SIZE = 25;
const OPEN_STATUSES: ContactStatus[] = ['screening', 'awaiting-checks', 'awaiting-decision', 'awaiting-sign-off', 'with-allocated-worker'];
const HUB_ROLES = new Set(['hub-practitioner', 'hub-manager']);

const INCIDENT_INDICATORS: Record<string, ContactInput['indicators'][number][]> = {
  'domestic-abuse': ['domestic-abuse'],
  'child-missing': ['missing'],
  'child-arrested': ['child-criminal-exploitation'],
  'exploitation-concern': ['child-sexual-exploitation'],
  'child-at-risk': ['other'],
  other: ['other'],
};

function userOf(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.userId : null;
}

function hubLaOf(actor: Actor): string | null {
  return actor.kind === 'user' && actor.role && HUB_ROLES.has(actor.role) && actor.scopeKind === 'local-authority' ? actor.scopeCode : null;
}

/** An authority's front-door settings from its row, or the defaults when it has none. */
function settingsOf(row: { presetCode: string; opensAt: string; closesAt: string; signOffOutcomes: string[]; lowLevelThreshold: number; version: number } | undefined): FrontDoorSettings & { version: number | null } {
  if (!row) return { ...DEFAULT_SETTINGS, version: null };
  return {
    presetCode: row.presetCode,
    workingHours: { opensAt: row.opensAt, closesAt: row.closesAt },
    signOffOutcomes: row.signOffOutcomes as Outcome[],
    lowLevelThreshold: row.lowLevelThreshold,
    version: row.version,
  };
}

export class ContactsService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessControl,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly identity: RegistryService,
    private readonly family?: FamilyHooks,
  ) {}

  // -- settings --------------------------------------------------------------------------------------------------

  async settingsFor(executor: Db | Trx, laCode: string): Promise<FrontDoorSettings & { version: number | null }> {
    return settingsOf(await executor.selectFrom('frontDoorSettings').selectAll().where('laCode', '=', laCode).executeTakeFirst());
  }

  /**
   * What intake reads before its transaction, in one statement: the authority's settings and, for a partner's own
   * reference, the contact it already sent under it (the idempotency check).
   */
  private async intakeReads(laCode: string, referrerAgencyId: string | null, externalReference: string | null) {
    const rows = await this.db
      .selectFrom(sql<{ one: number }>`(select 1 as one)`.as('one'))
      .leftJoin('frontDoorSettings as s', (join) => join.on('s.laCode', '=', laCode))
      .leftJoin('contacts as c', (join) =>
        join.on((eb) => (referrerAgencyId && externalReference ? eb.and([eb('c.referrerAgencyId', '=', referrerAgencyId), eb('c.externalReference', '=', externalReference)]) : eb.val(false))),
      )
      .select(['s.laCode', 's.presetCode', 's.opensAt', 's.closesAt', 's.signOffOutcomes', 's.lowLevelThreshold', 's.version', 'c.id as seenId', 'c.reference as seenReference', 'c.status as seenStatus'])
      .execute();
    const row = rows[0]!;
    const settings = settingsOf(row.laCode ? (row as Parameters<typeof settingsOf>[0]) : undefined);
    const seen = row.seenId ? { id: row.seenId, reference: row.seenReference!, status: row.seenStatus! } : undefined;
    return { settings, seen };
  }


  /** The settings of the actor's own authority (hub manager) or of any authority of the board (board manager). */
  async updateSettings(actor: Actor, laCode: string, input: FrontDoorSettings, version: number | null): Promise<void> {
    await this.access.require(actor, 'front-door.configure', { recordType: 'front-door-settings' });
    const user = this.access.requireUser(actor);
    if (!(await this.canConfigure(user, laCode))) await this.access.deny(user, 'front-door.configure', { recordType: 'front-door-settings' }, 'out-of-scope');
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('frontDoorSettings').select('version').where('laCode', '=', laCode).forUpdate().executeTakeFirst();
      if ((current?.version ?? null) !== version) throw new ConflictError('These settings were changed by someone else. Reload the page and try again.');
      const values = {
        presetCode: input.presetCode,
        opensAt: input.workingHours.opensAt,
        closesAt: input.workingHours.closesAt,
        signOffOutcomes: input.signOffOutcomes,
        lowLevelThreshold: input.lowLevelThreshold,
        updatedAt: now,
        updatedBy: user.userId,
      };
      if (current) await trx.updateTable('frontDoorSettings').set({ ...values, version: current.version + 1 }).where('laCode', '=', laCode).execute();
      else await trx.insertInto('frontDoorSettings').values({ laCode, ...values }).execute();
      await this.audit.record(trx, user, { action: 'front-door.settings.update', recordType: 'front-door-settings', recordId: undefined, details: { laCode, preset: input.presetCode } });
    });
  }

  async canConfigure(user: UserActor, laCode: string): Promise<boolean> {
    if (user.scopeKind === 'local-authority') return user.scopeCode === laCode;
    if (user.scopeKind === 'board') {
      const la = await this.db.selectFrom('localAuthorities').select('boardCode').where('code', '=', laCode).executeTakeFirst();
      return la?.boardCode === user.scopeCode;
    }
    return false;
  }

  // -- contacts in -----------------------------------------------------------------------------------------------

  /**
   * Records a contact: each person named is matched with the identity engine and held as a record of the receiving
   * hub; alerts are raised from the children's earlier contacts; a child with an allocated worker goes straight to
   * that worker. Idempotent by a partner system's own reference and by police notification.
   */
  async submit(actor: Actor, input: ContactInput, options: { policeNotificationId?: string; initialRating?: { rag: Rag; reason: string } } = {}) {
    await this.access.require(actor, 'contact.submit', { recordType: 'contact' });
    const referrerAgencyId = actor.kind === 'user' || actor.kind === 'api-client' ? actor.agencyId : null;
    const hub = await this.hubAgency(input.laCode);
    const { settings, seen: sent } = await this.intakeReads(input.laCode, referrerAgencyId, input.externalReference ?? null);
    if (sent) return { contactId: sent.id, reference: sent.reference, status: sent.status as ContactStatus, created: false };
    if (options.policeNotificationId) {
      const seen = await this.db.selectFrom('contacts').select(['id', 'reference', 'status']).where('policeNotificationId', '=', options.policeNotificationId).executeTakeFirst();
      if (seen) return { contactId: seen.id, reference: seen.reference, status: seen.status, created: false };
    }

    const contactId = randomUUID();
    const people = [...input.children.map((c) => ({ ...c, role: 'child' as const, relationship: null })), ...input.adults.map((a) => ({ ...a, role: 'adult' as const, isUnborn: false }))];
    const records: SourceRecordInput[] = people.map((p, i) => ({
      localId: `contact/${contactId}/${i + 1}`,
      recordKind: p.role === 'child' ? 'contact-child' : 'contact-adult',
      forenames: p.forenames,
      surname: p.surname,
      aliases: [],
      dateOfBirth: p.dateOfBirth,
      sex: p.sex,
      nhsNumber: p.nhsNumber,
      upn: null,
      postcode: p.postcode,
      address: p.address,
      previousAddresses: [],
      laCode: input.laCode,
    }));
    const registration = await this.identity.prepareRegistrations(hub, records);
    const preset = RAG_PRESETS[settings.presetCode] ?? RAG_PRESETS['london-brag']!;
    const now = this.clock.now();
    const decisionDue = decisionDueAt(now, settings.workingHours);
    const by = userOf(actor);

    const { created, results } = await this.db.transaction().execute(async (trx) => {
      const { results, auditEntries } = await registration.write(trx, actor);
      const childIds = results.filter((_, i) => people[i]!.role === 'child').map((r) => r.personId);
      const adultIds = results.filter((_, i) => people[i]!.role === 'adult').map((r) => r.personId);

      // One read for the children's open allocations and their contacts of the last year.
      const { allocation, alerts } = await this.childrenHistory(trx, input.laCode, childIds, now, settings.lowLevelThreshold);
      // Only an adult Safehub already knew can be known to adult services: a new person has no other records.
      const knownAdults = adultIds.filter((_, i) => results[input.children.length + i]!.outcome === 'linked-automatically');
      if (this.family && knownAdults.length) {
        for (const prompt of await this.family.prompts(trx, knownAdults, childIds)) {
          if (prompt.children.length) alerts.push({ kind: 'think-family', personId: prompt.adultPersonId, details: { flags: prompt.flags, children: prompt.children.length } });
        }
      }
      const familyAudit = this.family
        ? await this.family.recordHousehold(
            trx,
            actor,
            contactId,
            childIds,
            adultIds.map((personId, i) => ({ personId, relationship: input.adults[i]!.relationship })),
          )
        : [];

      // A child with an open case and an allocated worker bypasses triage (London BRAG; Merton).
      const rating = options.initialRating;
      const status: ContactStatus = allocation ? 'with-allocated-worker' : 'screening';
      const actorAgencyId = actor.kind === 'user' || actor.kind === 'api-client' ? actor.agencyId : null;
      const events = [
        { contactId, kind: 'received', occurredAt: now, actorUserId: by, actorAgencyId, isSignificant: rating?.rag === 'red', details: JSON.stringify({ source: input.source, indicators: input.indicators, rag: rating?.rag ?? null, policeNotification: Boolean(options.policeNotificationId) }) },
        ...(allocation ? [{ contactId, kind: 'routed-to-allocated-worker', occurredAt: now, actorUserId: by, actorAgencyId, isSignificant: false, details: JSON.stringify({}) }] : []),
      ];
      // One statement writes the contact, the people it names and its first events (foreign keys are checked
      // at the end of the statement, so the rows may refer to each other).
      const { reference } = await trx
        .with('c', (db) =>
          db
            .insertInto('contacts')
            .values({
          id: contactId,
          // The authority, the year and a number from one sequence, made by the insert itself.
          reference: sql<string>`${`${input.laCode}-${now.getUTCFullYear()}-`} || lpad(nextval('contact_reference_seq')::text, 6, '0')`,
          laCode: input.laCode,
          transferredFromLaCode: null,
          status,
          source: input.source,
          referrerUserId: by,
          referrerAgencyId,
          referrerName: input.referrer.name,
          referrerRole: input.referrer.role,
          referrerPhone: input.referrer.phone,
          referrerEmail: input.referrer.email,
          apiKeyId: actor.kind === 'api-client' ? actor.apiKeyId : null,
          externalReference: input.externalReference,
          policeNotificationId: options.policeNotificationId ?? null,
          concern: input.concern,
          indicators: input.indicators,
          consent: input.consent.position,
          consentIsChildsOwn: input.consent.isChildsOwn,
          consentException: input.consent.exception,
          consentReason: input.consent.reason,
          consentAuthorisedBy: input.consent.authorisedBy,
          onStrategyTrack: false,
          strategyRecordedAt: null,
          strategyRecordedBy: null,
          receivedAt: now,
          rag: rating?.rag ?? null,
          thresholdLevel: rating ? (levelForRag(preset, rating.rag) ?? null) : null,
          screeningDueAt: rating ? screeningDueAt(preset, rating.rag, now, settings.workingHours) : decisionDue,
          decisionDueAt: decisionDue,
          assignedTo: allocation?.workerUserId ?? null,
          outcome: allocation ? 'open-case' : null,
          rationale: null,
          decidedAt: allocation ? now : null,
          decidedBy: null,
          isReferral: allocation ? false : null,
          signOffRequired: false,
          signedOffAt: null,
          signedOffBy: null,
          referrerToldAt: allocation ? now : null,
          createdBy: by,
          updatedAt: now,
        })
            .returning(['id', 'reference']),
        )
        .with('p', (db) =>
          db
            .insertInto('contactPersons')
            .values(
          people.map((p, i) => ({
            contactId,
            position: i + 1,
            role: p.role,
            relationship: p.relationship ?? null,
            personId: results[i]!.personId,
            sourceRecordId: results[i]!.sourceRecordId,
            matchOutcome: results[i]!.outcome,
            matchProbability: results[i]!.probability,
            forenames: p.forenames,
            surname: p.surname,
            dateOfBirth: p.dateOfBirth,
            isUnborn: p.role === 'child' ? Boolean(p.isUnborn) : false,
            sex: p.sex,
            nhsNumber: p.nhsNumber,
            postcode: p.postcode,
            address: p.address,
          })),
            )
            .returning('id'),
        )
        .with('e', (db) => db.insertInto('contactEvents').values(events).returning('id'))
        .selectFrom('c')
        .select('reference')
        .executeTakeFirstOrThrow();
      if (rating) {
        await trx.insertInto('screenings').values({ contactId, rag: rating.rag, thresholdLevel: levelForRag(preset, rating.rag) ?? null, reason: rating.reason, dueAt: screeningDueAt(preset, rating.rag, now, settings.workingHours), ratedAt: now, ratedBy: by }).execute();
      }
      if (alerts.length) await trx.insertInto('contactAlerts').values(alerts.map((a) => ({ contactId, personId: a.personId, kind: a.kind, details: JSON.stringify(a.details), raisedAt: now }))).execute();
      await this.audit.recordMany(trx, actor, [
        ...auditEntries,
        ...familyAudit,
        {
          action: 'contact.create',
          recordType: 'contact',
          recordId: contactId,
          purpose: 'safeguarding',
          fields: ['people', 'concern', 'indicators', 'consent', 'referrer'],
          details: { laCode: input.laCode, people: people.length, alerts: alerts.map((a) => a.kind), routedToWorker: Boolean(allocation) },
        },
      ]);
      return { created: { contactId, reference, status, created: true }, results };
    });
    registration.indexed(results);
    return created;
  }

  /** Reference data, read once: the children's social care agency (the hub) of each authority. */
  private hubs: Map<string, string> | undefined;

  /** The hub agency of a local authority, or a field error if it is not a London authority with a front door. */
  private async hubAgency(laCode: string, executor: Db | Trx = this.db): Promise<string> {
    if (!this.hubs) {
      // Inside a transaction the caller passes it: PGlite's one connection is held by the transaction.
      const rows = await executor.selectFrom('agencies').select(['id', 'localAuthorityCode']).where('typeCode', '=', 'childrens-social-care').where('localAuthorityCode', 'is not', null).execute();
      this.hubs = new Map(rows.map((r) => [r.localAuthorityCode!, r.id]));
    }
    const hub = this.hubs.get(laCode);
    if (!hub) throw new ValidationError({ laCode: 'Select a London local authority' });
    return hub;
  }

  /** The port the protection desk forwards through: a contact with the notification attached, once per notification. */
  async contactFromNotification(actor: Actor, n: ForwardedNotificationInput): Promise<{ contactId: string }> {
    const user = this.access.requireUser(actor);
    const agency = await this.db.selectFrom('agencies').select('name').where('id', '=', n.agencyId).executeTakeFirstOrThrow();
    const rag = (['red', 'amber', 'green', 'blue'] as const).find((r) => r === n.brag) ?? 'amber';
    const result = await this.submit(
      actor,
      {
        laCode: n.laCode,
        source: '6',
        referrer: { name: user.displayName, role: `Public protection desk, ${agency.name}`, phone: null, email: null },
        children: n.children.map((c) => ({ forenames: c.forenames, surname: c.surname, dateOfBirth: c.dateOfBirth, sex: (c.sex as 'M' | 'F' | 'U' | null) ?? null, nhsNumber: null, postcode: null, address: null, isUnborn: false })),
        adults: n.adults.map((a) => ({ forenames: a.forenames, surname: a.surname, dateOfBirth: a.dateOfBirth, sex: (a.sex as 'M' | 'F' | 'U' | null) ?? null, nhsNumber: null, postcode: null, address: null, relationship: 'household-member' as const })),
        concern: `Police notification ${n.policeReference} (${n.incidentType}, risk score ${n.score}). ${n.summary}`.slice(0, 8000),
        indicators: INCIDENT_INDICATORS[n.incidentType] ?? ['other'],
        consent: { position: 'not-sought', isChildsOwn: false, exception: null, reason: 'Police notification: consent is for the hub to consider', authorisedBy: null },
        externalReference: null,
      },
      { policeNotificationId: n.notificationId, initialRating: { rag, reason: `Protection desk risk score ${n.score} (${n.brag})` } },
    );
    return { contactId: result.contactId };
  }

  /**
   * The children's open allocations in the authority and their contacts of the last year, in one read, before
   * this contact is written: who the contact goes to, and the alerts its history raises.
   */
  private async childrenHistory(trx: Trx, laCode: string, childIds: string[], now: Date, lowLevelThreshold: number) {
    const alerts: { kind: AlertKind; personId: string | null; details: Record<string, string | number | boolean | null | string[]> }[] = [];
    if (!childIds.length) return { allocation: undefined, alerts };
    const yearAgo = new Date(now.getTime() - 366 * 86_400_000);
    const ids = sql.join(childIds);
    const rows = (
      await sql<{ kind: 'allocation' | 'contact'; personId: string; workerUserId: string | null; receivedAt: Date | null; isReferral: boolean | null; contactId: string | null }>`
        select 'allocation' as kind, person_id, worker_user_id, null::timestamptz as received_at, null::boolean as is_referral, null::uuid as contact_id
          from child_allocations where person_id in (${ids}) and la_code = ${laCode} and ended_at is null
        union all
        select 'contact', p.person_id, null, c.received_at, c.is_referral, c.id
          from contact_persons p join contacts c on c.id = p.contact_id
         where p.person_id in (${ids}) and c.received_at >= ${yearAgo}`.execute(trx)
    ).rows;
    const allocation = rows.find((r) => r.kind === 'allocation');
    const prior = rows.filter((r) => r.kind === 'contact');
    for (const child of childIds) {
      const mine = [...new Map(prior.filter((p) => p.personId === child).map((p) => [p.contactId, p])).values()];
      for (const kind of alertsFor(now, mine.map((p) => ({ receivedAt: new Date(p.receivedAt!), isReferral: Boolean(p.isReferral) })), lowLevelThreshold)) {
        alerts.push({ kind, personId: child, details: { earlierContacts: mine.length } });
      }
    }
    return { allocation: allocation ? { workerUserId: allocation.workerUserId!, personId: allocation.personId } : undefined, alerts };
  }

  private async event(trx: Trx, actor: Actor, contactId: string, kind: string, details: Record<string, string | number | boolean | null | string[]>, isSignificant: boolean) {
    await trx
      .insertInto('contactEvents')
      .values({ contactId, kind, occurredAt: this.clock.now(), actorUserId: userOf(actor), actorAgencyId: actor.kind === 'user' || actor.kind === 'api-client' ? actor.agencyId : null, details: JSON.stringify(details), isSignificant })
      .execute();
  }

  // -- who may see what -------------------------------------------------------------------------------------------

  /** How the actor may see a contact, or null (default deny). */
  accessTo(actor: Actor, contact: { laCode: string; transferredFromLaCode: string | null; referrerUserId: string | null; apiKeyId: string | null; assignedTo: string | null }): ContactAccess | null {
    const hubLa = hubLaOf(actor);
    if (hubLa && contact.laCode === hubLa) return 'hub';
    if (hubLa && contact.transferredFromLaCode === hubLa) return 'hub-read-only';
    if (actor.kind === 'user' && actor.role === 'caseworker' && contact.assignedTo === actor.userId) return 'worker';
    if (actor.kind === 'user' && contact.referrerUserId === actor.userId && actor.role && actor.role !== 'system-admin') return 'referrer';
    if (actor.kind === 'api-client' && contact.apiKeyId === actor.apiKeyId) return 'referrer';
    return null;
  }

  private async load(executor: Db | Trx, actor: Actor, id: string, action: string, forUpdate = false) {
    let row;
    if (isUuid(id)) {
      let q = executor.selectFrom('contacts').selectAll().where('id', '=', id);
      if (forUpdate) q = q.forUpdate();
      row = await q.executeTakeFirst();
    }
    const level = row ? this.accessTo(actor, row) : null;
    if (!row || !level) {
      await this.access.deny(actor, action, { recordType: 'contact', recordId: isUuid(id) ? id : undefined }, row ? 'not-in-scope' : 'not-found').catch(() => undefined);
      throw new NotFoundError();
    }
    return { contact: row, level };
  }

  /** A contact as the viewer may see it: whole for the hub, status and outcome for the referrer. Audited. */
  async contact(actor: Actor, id: string) {
    const { contact, level } = await this.load(this.db, actor, id, 'contact.read');
    return this.db.transaction().execute(async (trx) => {
      const people = await trx.selectFrom('contactPersons').selectAll().where('contactId', '=', contact.id).orderBy('position').execute();
      if (level === 'referrer') {
        await this.audit.record(trx, actor, { action: 'contact.read', recordType: 'contact', recordId: contact.id, purpose: 'referrer-feedback', fields: ['status', 'outcome'] });
        // Status and outcome only (as audited): the people rows carry match outcomes that reveal who else knows the child.
        return { level, contact: this.referrerView(contact), people: [] as typeof people, screenings: [], checks: [], alerts: [], events: [], household: [] as HouseholdMember[], settings: null };
      }
      const screenings = await trx.selectFrom('screenings as s').leftJoin('users as u', 'u.id', 's.ratedBy').select(['s.rag', 's.thresholdLevel', 's.reason', 's.dueAt', 's.ratedAt', 'u.displayName as ratedByName']).where('s.contactId', '=', contact.id).orderBy('s.ratedAt').execute();
      const checks = await trx
        .selectFrom('agencyChecks as k')
        .innerJoin('agencies as a', 'a.id', 'k.agencyId')
        .leftJoin('users as u', 'u.id', 'k.respondedBy')
        .select(['k.id', 'k.agencyId', 'a.name as agencyName', 'a.typeCode', 'k.basis', 'k.question', 'k.requestedAt', 'k.dueAt', 'k.status', 'k.escalatedAt', 'k.respondedAt', 'u.displayName as respondedByName', 'k.disclosure', 'k.sharingWhat', 'k.sharingWhy', 'k.lawfulBasis', 'k.decidedByName', 'k.declineReason', 'k.version'])
        .where('k.contactId', '=', contact.id)
        .orderBy('a.name')
        .execute();
      const alerts = await trx.selectFrom('contactAlerts').selectAll().where('contactId', '=', contact.id).orderBy('raisedAt').execute();
      const events = await trx.selectFrom('contactEvents as e').leftJoin('users as u', 'u.id', 'e.actorUserId').select(['e.id', 'e.kind', 'e.occurredAt', 'e.details', 'e.isSignificant', 'u.displayName as actorName']).where('e.contactId', '=', contact.id).orderBy('e.occurredAt').execute();
      await this.audit.record(trx, actor, {
        action: 'contact.read',
        recordType: 'contact',
        recordId: contact.id,
        purpose: 'safeguarding',
        fields: ['people', 'concern', 'indicators', 'consent', 'referrer', 'screenings', 'checks', 'alerts'],
        details: { access: level },
      });
      // Siblings and household members Safehub knows, offered to the hub (names only from its own records).
      const named = new Set(people.map((p) => p.personId));
      const childIds = people.filter((p) => p.role === 'child').map((p) => p.personId);
      const household = level === 'hub' && this.family && childIds.length ? (await this.family.household(trx, childIds, await this.hubAgency(contact.laCode, trx))).filter((m) => !named.has(m.personId)) : [];
      return { level, contact, people, screenings, checks, alerts, events, household, settings: await this.settingsFor(trx, contact.laCode) };
    });
  }

  private referrerView(c: { id: string; reference: string; status: ContactStatus; receivedAt: Date; outcome: string | null; referrerToldAt: Date | null; laCode: string }) {
    // The referrer learns the outcome only once it is final (signed off where the board requires it).
    const told = c.referrerToldAt !== null;
    return { id: c.id, reference: c.reference, status: told ? 'decided' : 'in-progress', receivedAt: c.receivedAt, outcome: told ? c.outcome : null, toldAt: c.referrerToldAt, laCode: c.laCode };
  }

  /** The referrer's own contacts (or a partner system's), newest first, with status and outcome only. */
  async myContacts(actor: Actor, page = 1) {
    await this.access.require(actor, 'contact.submit', { recordType: 'contact' });
    let q = this.db.selectFrom('contacts').select(['id', 'reference', 'status', 'receivedAt', 'outcome', 'referrerToldAt', 'laCode']);
    if (actor.kind === 'user') q = q.where('referrerUserId', '=', actor.userId);
    else if (actor.kind === 'api-client') q = q.where('apiKeyId', '=', actor.apiKeyId);
    else throw new ForbiddenError();
    const rows = await q.orderBy('receivedAt', 'desc').limit(QUEUE_PAGE_SIZE + 1).offset((page - 1) * QUEUE_PAGE_SIZE).execute();
    const items = rows.slice(0, QUEUE_PAGE_SIZE).map((r) => this.referrerView(r));
    await this.audit.record(this.db, actor, { action: 'contact.list-own', recordType: 'contact', purpose: 'referrer-feedback', details: { contactIds: items.map((i) => i.id) } });
    return { items, hasMore: rows.length > QUEUE_PAGE_SIZE, page };
  }

  // -- the hub queue ----------------------------------------------------------------------------------------------

  async queue(actor: Actor, filters: QueueFilters = {}) {
    await this.access.require(actor, 'contact.screen', { recordType: 'contact' });
    const user = this.access.requireUser(actor);
    const la = hubLaOf(user);
    if (!la) throw new ForbiddenError();
    const now = this.clock.now();
    const page = Math.max(1, filters.page ?? 1);
    const statuses = filters.status?.length ? filters.status : OPEN_STATUSES.filter((s) => s !== 'with-allocated-worker');
    let q = this.db.selectFrom('contacts as c').where('c.laCode', '=', la).where('c.status', 'in', statuses);
    if (filters.rag?.length) q = q.where('c.rag', 'in', filters.rag);
    if (filters.due === 'overdue') q = q.where('c.screeningDueAt', '<', now);
    if (filters.due === 'today') q = q.where('c.screeningDueAt', '<', new Date(now.getTime() + 86_400_000));
    if (filters.assignee === 'me') q = q.where('c.assignedTo', '=', user.userId);
    if (filters.assignee === 'unassigned') q = q.where('c.assignedTo', 'is', null);

    const sort = filters.sort ?? 'due';
    let listQ = q
      .leftJoin('users as u', 'u.id', 'c.assignedTo')
      .select(['c.id', 'c.reference', 'c.status', 'c.rag', 'c.receivedAt', 'c.screeningDueAt', 'c.decisionDueAt', 'c.source', 'c.indicators', 'c.assignedTo', 'u.displayName as assigneeName', 'c.transferredFromLaCode']);
    if (sort === 'due') listQ = listQ.orderBy('c.screeningDueAt', 'asc').orderBy('c.receivedAt', 'asc');
    else if (sort === 'received') listQ = listQ.orderBy('c.receivedAt', 'desc');
    else listQ = listQ.orderBy(sql`case c.rag when 'red' then 0 when 'amber' then 1 when 'green' then 2 when 'blue' then 3 else -1 end`).orderBy('c.screeningDueAt', 'asc');
    const rows = await listQ.orderBy('c.id').limit(QUEUE_PAGE_SIZE).offset((page - 1) * QUEUE_PAGE_SIZE).execute();
    const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

    const base = this.db.selectFrom('contacts').where('laCode', '=', la).where('status', 'in', OPEN_STATUSES.filter((s) => s !== 'with-allocated-worker'));
    // The filter panel's counts by rating and by status, and the overdue count, in one read.
    const groups = await base
      .select(['rag', 'status', (eb) => eb.fn.countAll<number>().as('n'), sql<number>`count(*) filter (where screening_due_at < ${now})`.as('overdue')])
      .groupBy(['rag', 'status'])
      .execute();
    const tally = (key: (g: (typeof groups)[number]) => string) => {
      const out: Record<string, number> = {};
      for (const g of groups) out[key(g)] = (out[key(g)] ?? 0) + Number(g.n);
      return out;
    };
    const overdue = groups.reduce((sum, g) => sum + Number(g.overdue), 0);

    const ids = rows.map((r) => r.id);
    const children = ids.length
      ? await this.db.selectFrom('contactPersons').select(['contactId', 'forenames', 'surname', 'dateOfBirth', 'isUnborn']).where('contactId', 'in', ids).where('role', '=', 'child').orderBy('position').execute()
      : [];
    const alerts = ids.length ? await this.db.selectFrom('contactAlerts').select(['contactId', 'kind']).where('contactId', 'in', ids).execute() : [];
    const items = rows.map((r) => ({
      ...r,
      isOverdue: r.screeningDueAt !== null && new Date(r.screeningDueAt) < now,
      children: children.filter((c) => c.contactId === r.id),
      alerts: [...new Set(alerts.filter((a) => a.contactId === r.id).map((a) => a.kind))],
    }));
    await this.audit.record(this.db, user, { action: 'contact.queue.read', recordType: 'contact', purpose: 'safeguarding', fields: ['children', 'rag', 'status'], details: { laCode: la, contactIds: ids } });
    return {
      items,
      total,
      page,
      pages: Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE)),
      counts: {
        rag: tally((g) => g.rag ?? 'unrated'),
        status: tally((g) => g.status),
        overdue,
      },
    };
  }

  /** Contacts routed to a caseworker because a child named has them as allocated worker. */
  async myAllocatedContacts(actor: Actor) {
    const user = this.access.requireUser(actor);
    if (user.role !== 'caseworker') throw new ForbiddenError();
    const rows = await this.db.selectFrom('contacts').select(['id', 'reference', 'status', 'receivedAt', 'rag', 'laCode']).where('assignedTo', '=', user.userId).orderBy('receivedAt', 'desc').limit(100).execute();
    await this.audit.record(this.db, user, { action: 'contact.list-allocated', recordType: 'contact', purpose: 'safeguarding', details: { contactIds: rows.map((r) => r.id) } });
    return rows;
  }

  // -- screening, consent, the strategy track ----------------------------------------------------------------------

  private async change<T>(actor: Actor, id: string, version: number, action: string, permission: Parameters<AccessControl['require']>[1], run: (trx: Trx, contact: Tables['contacts'] extends infer _ ? Awaited<ReturnType<ContactsService['load']>>['contact'] : never, user: UserActor) => Promise<T>): Promise<T> {
    await this.access.require(actor, permission, { recordType: 'contact', recordId: isUuid(id) ? id : undefined });
    const user = this.access.requireUser(actor);
    const { contact, level } = await this.load(this.db, actor, id, action);
    if (level !== 'hub') {
      await this.access.deny(actor, action, { recordType: 'contact', recordId: contact.id }, 'read-only');
    }
    return this.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('contacts').selectAll().where('id', '=', contact.id).forUpdate().executeTakeFirstOrThrow();
      if (current.version !== version) throw new ConflictError('This contact was changed by someone else while you were working on it. Reload it to see the changes, then try again.');
      const result = await run(trx, current, user);
      await trx.updateTable('contacts').set({ version: current.version + 1, updatedAt: this.clock.now() }).where('id', '=', contact.id).execute();
      return result;
    });
  }

  async screen(actor: Actor, id: string, version: number, input: { rag: Rag; thresholdLevel: number; reason: string }) {
    return this.change(actor, id, version, 'contact.screen', 'contact.screen', async (trx, c, user) => {
      if (c.status === 'decided' || c.status === 'transferred') throw new ValidationError({ rag: 'This contact has been decided: its rating can no longer change' });
      const settings = await this.settingsFor(trx, c.laCode);
      const preset = RAG_PRESETS[settings.presetCode] ?? RAG_PRESETS['london-brag']!;
      const now = this.clock.now();
      const due = screeningDueAt(preset, input.rag, new Date(c.receivedAt), settings.workingHours);
      await trx.insertInto('screenings').values({ contactId: c.id, rag: input.rag, thresholdLevel: input.thresholdLevel, reason: input.reason, dueAt: due, ratedAt: now, ratedBy: user.userId }).execute();
      await trx.updateTable('contacts').set({ rag: input.rag, thresholdLevel: input.thresholdLevel, screeningDueAt: due ?? c.decisionDueAt, assignedTo: c.assignedTo ?? user.userId }).where('id', '=', c.id).execute();
      await this.event(trx, user, c.id, c.rag ? 'rating-changed' : 'rated', { rag: input.rag, from: c.rag, level: input.thresholdLevel }, input.rag === 'red');
      await this.audit.record(trx, user, { action: 'contact.screen', recordType: 'contact', recordId: c.id, purpose: 'safeguarding', fields: ['rag', 'thresholdLevel', 'reason'], details: { rag: input.rag, from: c.rag } });
    });
  }

  async assignToMe(actor: Actor, id: string, version: number) {
    return this.change(actor, id, version, 'contact.assign', 'contact.screen', async (trx, c, user) => {
      await trx.updateTable('contacts').set({ assignedTo: user.userId }).where('id', '=', c.id).execute();
      await this.event(trx, user, c.id, 'assigned', {}, false);
      await this.audit.record(trx, user, { action: 'contact.assign', recordType: 'contact', recordId: c.id, purpose: 'safeguarding', fields: ['assignedTo'] });
    });
  }

  async recordConsent(actor: Actor, id: string, version: number, input: { position: string; isChildsOwn: boolean; exception: string | null; reason: string | null; authorisedBy: string | null }) {
    return this.change(actor, id, version, 'contact.consent', 'contact.screen', async (trx, c, user) => {
      await trx
        .updateTable('contacts')
        .set({ consent: input.position, consentIsChildsOwn: input.isChildsOwn, consentException: input.exception, consentReason: input.reason, consentAuthorisedBy: input.authorisedBy })
        .where('id', '=', c.id)
        .execute();
      await this.event(trx, user, c.id, 'consent-recorded', { position: input.position, from: c.consent, exception: input.exception }, false);
      await this.audit.record(trx, user, { action: 'contact.consent', recordType: 'contact', recordId: c.id, purpose: 'safeguarding', fields: ['consent'], details: { position: input.position, from: c.consent } });
    });
  }

  /** Records the strategy decision that puts the contact on the section 47 track (checks may then go without consent). */
  async recordStrategyTrack(actor: Actor, id: string, version: number, reason: string) {
    return this.change(actor, id, version, 'contact.strategy-track', 'contact.decide', async (trx, c, user) => {
      if (c.onStrategyTrack) throw new ValidationError({ reason: 'This contact is already on the section 47 track' });
      await trx.updateTable('contacts').set({ onStrategyTrack: true, strategyRecordedAt: this.clock.now(), strategyRecordedBy: user.userId, rationale: c.rationale }).where('id', '=', c.id).execute();
      await this.event(trx, user, c.id, 'section-47-track', {}, true);
      await this.audit.record(trx, user, { action: 'contact.strategy-track', recordType: 'contact', recordId: c.id, purpose: 'safeguarding', fields: ['onStrategyTrack'], details: { reasonLength: reason.length } });
    });
  }

  /**
   * Adds to the contact someone the hub already holds a record of: a brother, sister or adult of the household
   * that Safehub offered on the contact page. The hub's own record supplies the details.
   */
  async addKnownPerson(actor: Actor, id: string, version: number, input: { personId: string; role: 'child' | 'adult'; relationship: string | null }) {
    return this.change(actor, id, version, 'contact.add-person', 'contact.screen', async (trx, c, user) => {
      if (c.status === 'decided' || c.status === 'transferred') throw new ValidationError({ personId: 'This contact has been decided: nobody can be added' });
      const hub = await this.hubAgency(c.laCode, trx);
      const record = isUuid(input.personId)
        ? await trx
            .selectFrom('personLinks as l')
            .innerJoin('sourceRecords as r', 'r.id', 'l.sourceRecordId')
            .select(['r.id', 'r.forenames', 'r.surname', 'r.dateOfBirth', 'r.sex', 'r.nhsNumber', 'r.postcode', 'r.address'])
            .where('l.personId', '=', input.personId)
            .where('l.endedAt', 'is', null)
            .where('r.agencyId', '=', hub)
            .orderBy('r.updatedAt', 'desc')
            .limit(1)
            .executeTakeFirst()
        : undefined;
      if (!record) throw new ValidationError({ personId: 'Choose someone your hub holds a record of' });
      const people = await trx.selectFrom('contactPersons').select(['personId', 'position', 'role']).where('contactId', '=', c.id).execute();
      if (people.some((p) => p.personId === input.personId)) throw new ValidationError({ personId: 'That person is already named in this contact' });
      await trx
        .insertInto('contactPersons')
        .values({
          contactId: c.id,
          position: Math.max(0, ...people.map((p) => p.position)) + 1,
          role: input.role,
          relationship: input.role === 'adult' ? (input.relationship ?? 'household-member') : null,
          personId: input.personId,
          sourceRecordId: record.id,
          matchOutcome: 'added-from-household',
          matchProbability: null,
          forenames: record.forenames,
          surname: record.surname,
          dateOfBirth: record.dateOfBirth,
          isUnborn: false,
          sex: record.sex,
          nhsNumber: record.nhsNumber,
          postcode: record.postcode,
          address: record.address,
        })
        .execute();
      const childIds = [...people.filter((p) => p.role === 'child').map((p) => p.personId), ...(input.role === 'child' ? [input.personId] : [])];
      const adults = input.role === 'adult' ? [{ personId: input.personId, relationship: input.relationship ?? 'household-member' }] : [];
      const familyAudit = this.family ? await this.family.recordHousehold(trx, user, c.id, childIds, adults) : [];
      await this.event(trx, user, c.id, 'person-added', { role: input.role }, false);
      await this.audit.recordMany(trx, user, [
        ...familyAudit,
        { action: 'contact.add-person', recordType: 'contact', recordId: c.id, purpose: 'safeguarding', fields: ['people'], details: { personId: input.personId, role: input.role } },
      ]);
    });
  }

  // -- agency checks ----------------------------------------------------------------------------------------------

  /** Asks partner agencies what they hold. Refused without a lawful basis (Haringey): see `checkBasis`. */
  async requestChecks(actor: Actor, id: string, version: number, input: { agencyIds: string[]; question: string }) {
    // A refusal is audited once the change's transaction has rolled back: written inside it, it would roll back too.
    const refusal: { user?: UserActor; contactId?: string } = {};
    return this.change(actor, id, version, 'contact.request-checks', 'contact.screen', async (trx, c, user) => {
      if (!c.rag) throw new ValidationError({ agencyIds: 'Give the contact a RAG rating before asking for checks: the rating sets when answers are due' });
      if (c.status === 'decided' || c.status === 'transferred') throw new ValidationError({ agencyIds: 'This contact has been decided' });
      const basis = checkBasis({
        position: c.consent as 'given',
        isChildsOwn: c.consentIsChildsOwn,
        exception: c.consentException as 'increased-risk' | null,
        authorisedBy: c.consentAuthorisedBy,
        onSection47Track: c.onStrategyTrack,
      });
      if (!basis) {
        Object.assign(refusal, { user, contactId: c.id });
        throw new ValidationError({ agencyIds: NO_CHECK_BASIS_MESSAGE });
      }
      const agencies = await trx.selectFrom('agencies').select(['id', 'typeCode']).where('id', 'in', input.agencyIds).execute();
      if (agencies.length !== new Set(input.agencyIds).size) throw new ValidationError({ agencyIds: 'Select agencies from the list' });
      const existing = await trx.selectFrom('agencyChecks').select('agencyId').where('contactId', '=', c.id).execute();
      const fresh = agencies.filter((a) => !existing.some((e) => e.agencyId === a.id));
      if (!fresh.length) throw new ValidationError({ agencyIds: 'Those agencies have already been asked' });
      const settings = await this.settingsFor(trx, c.laCode);
      const preset = RAG_PRESETS[settings.presetCode] ?? RAG_PRESETS['london-brag']!;
      const now = this.clock.now();
      const due = checkDueAt(preset, c.rag as Rag, now, settings.workingHours);
      await trx
        .insertInto('agencyChecks')
        .values(fresh.map((a) => ({ contactId: c.id, agencyId: a.id, basis, question: input.question, requestedAt: now, requestedBy: user.userId, dueAt: due, status: 'requested' as const })))
        .execute();
      await trx.updateTable('contacts').set({ status: 'awaiting-checks' }).where('id', '=', c.id).execute();
      await this.event(trx, user, c.id, 'checks-requested', { agencies: fresh.map((a) => a.id), basis }, false);
      await this.audit.record(trx, user, { action: 'contact.request-checks', recordType: 'contact', recordId: c.id, purpose: 'safeguarding', details: { agencies: fresh.map((a) => a.id), basis } });
      return { requested: fresh.length, dueAt: due };
    }).catch(async (error: unknown) => {
      if (refusal.user) await this.audit.record(this.db, refusal.user, { action: 'contact.request-checks', recordType: 'contact', recordId: refusal.contactId, outcome: 'denied', details: { reason: 'no-lawful-basis' } });
      throw error;
    });
  }

  private requireResearcher(actor: Actor): UserActor {
    const user = this.access.requireUser(actor);
    if (user.role !== 'agency-researcher') throw new ForbiddenError();
    return user;
  }

  /** The checks asked of the researcher's own agency. */
  async checkQueue(actor: Actor, filters: { status?: string; overdue?: boolean; page?: number } = {}) {
    await this.access.require(actor, 'check.respond', { recordType: 'agency-check' });
    const user = this.requireResearcher(actor);
    const now = this.clock.now();
    const page = Math.max(1, filters.page ?? 1);
    let q = this.db.selectFrom('agencyChecks as k').innerJoin('contacts as c', 'c.id', 'k.contactId').innerJoin('localAuthorities as l', 'l.code', 'c.laCode').where('k.agencyId', '=', user.agencyId);
    q = filters.status === 'answered' ? q.where('k.status', '<>', 'requested') : q.where('k.status', '=', 'requested');
    if (filters.overdue) q = q.where('k.dueAt', '<', now);
    const rows = await q
      .select(['k.id', 'k.status', 'k.requestedAt', 'k.dueAt', 'k.respondedAt', 'c.reference', 'c.rag', 'l.name as laName'])
      .orderBy('k.dueAt', 'asc')
      .limit(QUEUE_PAGE_SIZE)
      .offset((page - 1) * QUEUE_PAGE_SIZE)
      .execute();
    const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const overdue = Number(
      (await this.db.selectFrom('agencyChecks').select((eb) => eb.fn.countAll<number>().as('n')).where('agencyId', '=', user.agencyId).where('status', '=', 'requested').where('dueAt', '<', now).executeTakeFirstOrThrow()).n,
    );
    await this.audit.record(this.db, user, { action: 'agency-check.queue.read', recordType: 'agency-check', purpose: 'information-sharing', details: { checkIds: rows.map((r) => r.id) } });
    return { items: rows.map((r) => ({ ...r, isOverdue: r.status === 'requested' && new Date(r.dueAt) < now })), total, page, pages: Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE)), overdue };
  }

  /**
   * One check as the asked agency sees it: the hub's question, the people named, and the agency's OWN records of
   * those people (never another agency's). Audited.
   */
  async check(actor: Actor, checkId: string) {
    await this.access.require(actor, 'check.respond', { recordType: 'agency-check' });
    const user = this.requireResearcher(actor);
    const check = isUuid(checkId) ? await this.db.selectFrom('agencyChecks').selectAll().where('id', '=', checkId).executeTakeFirst() : undefined;
    if (!check || check.agencyId !== user.agencyId) {
      await this.access.deny(user, 'agency-check.read', { recordType: 'agency-check', recordId: isUuid(checkId) ? checkId : undefined }, check ? 'other-agency' : 'not-found').catch(() => undefined);
      throw new NotFoundError();
    }
    return this.db.transaction().execute(async (trx) => {
      const contact = await trx.selectFrom('contacts as c').innerJoin('localAuthorities as l', 'l.code', 'c.laCode').select(['c.reference', 'c.rag', 'c.indicators', 'c.receivedAt', 'l.name as laName']).where('c.id', '=', check.contactId).executeTakeFirstOrThrow();
      const people = await trx.selectFrom('contactPersons').select(['personId', 'role', 'relationship', 'forenames', 'surname', 'dateOfBirth', 'isUnborn', 'postcode', 'address', 'nhsNumber']).where('contactId', '=', check.contactId).orderBy('position').execute();
      const ownRecords = people.length
        ? await trx
            .selectFrom('personLinks as pl')
            .innerJoin('sourceRecords as r', 'r.id', 'pl.sourceRecordId')
            .select(['pl.personId', 'r.id', 'r.localId', 'r.forenames', 'r.surname', 'r.dateOfBirth', 'r.postcode', 'r.recordKind'])
            .where('pl.personId', 'in', people.map((p) => p.personId))
            .where('pl.endedAt', 'is', null)
            .where('r.agencyId', '=', user.agencyId)
            .execute()
        : [];
      await this.audit.record(trx, user, {
        action: 'agency-check.read',
        recordType: 'agency-check',
        recordId: check.id,
        purpose: 'information-sharing',
        fields: ['question', 'people', 'ownAgencyRecords'],
        details: { contactId: check.contactId, ownRecords: ownRecords.length },
      });
      return { check, contact, people: people.map((p) => ({ ...p, ownRecords: ownRecords.filter((r) => r.personId === p.personId) })) };
    });
  }

  /** The asked agency's answer: a disclosure with its sharing decision, no information held, or a reasoned refusal. */
  async respondToCheck(actor: Actor, checkId: string, version: number, input: CheckResponse) {
    await this.access.require(actor, 'check.respond', { recordType: 'agency-check' });
    const user = this.requireResearcher(actor);
    const found = isUuid(checkId) ? await this.db.selectFrom('agencyChecks').select(['id', 'agencyId']).where('id', '=', checkId).executeTakeFirst() : undefined;
    if (!found || found.agencyId !== user.agencyId) {
      await this.access.deny(user, 'agency-check.respond', { recordType: 'agency-check', recordId: isUuid(checkId) ? checkId : undefined }, found ? 'other-agency' : 'not-found').catch(() => undefined);
      throw new NotFoundError();
    }
    return this.db.transaction().execute(async (trx) => {
      const check = await trx.selectFrom('agencyChecks').selectAll().where('id', '=', checkId).forUpdate().executeTakeFirstOrThrow();
      if (check.version !== version) throw new ConflictError('This check was answered or changed by someone else. Reload it to see the answer.');
      if (check.status !== 'requested') throw new ValidationError({ kind: 'This check has already been answered' });
      const now = this.clock.now();
      const status = input.kind === 'disclosed' ? 'responded' : input.kind;
      await trx
        .updateTable('agencyChecks')
        .set({
          status,
          respondedAt: now,
          respondedBy: user.userId,
          disclosure: input.kind === 'disclosed' ? input.disclosure : null,
          sharingWhat: input.kind === 'disclosed' ? input.sharingWhat : null,
          sharingWhy: input.kind === 'disclosed' ? input.sharingWhy : input.kind === 'declined' ? input.sharingWhy : null,
          lawfulBasis: input.lawfulBasis,
          decidedByName: input.decidedByName,
          declineReason: input.kind === 'declined' ? input.declineReason : null,
          version: check.version + 1,
        })
        .where('id', '=', check.id)
        .execute();
      const open = await trx.selectFrom('agencyChecks').select('id').where('contactId', '=', check.contactId).where('status', '=', 'requested').executeTakeFirst();
      if (!open) await trx.updateTable('contacts').set({ status: 'awaiting-decision', updatedAt: now }).where('id', '=', check.contactId).where('status', '=', 'awaiting-checks').execute();
      await this.event(trx, user, check.contactId, `check-${status}`, { agencyId: user.agencyId, checkId: check.id, lawfulBasis: input.lawfulBasis, late: now > new Date(check.dueAt) }, false);
      await this.audit.record(trx, user, {
        action: 'agency-check.respond',
        recordType: 'agency-check',
        recordId: check.id,
        purpose: 'information-sharing',
        fields: input.kind === 'disclosed' ? ['disclosure', 'sharingDecision'] : ['sharingDecision'],
        details: { contactId: check.contactId, answer: input.kind, lawfulBasis: input.lawfulBasis },
      });
    });
  }

  /** Marks overdue checks as escalated, once each, and raises them to the hub manager (a scheduled job). */
  async escalateOverdueChecks(actor: Actor): Promise<number> {
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const overdue = await trx.selectFrom('agencyChecks').select(['id', 'contactId', 'agencyId']).where('status', '=', 'requested').where('escalatedAt', 'is', null).where('dueAt', '<', now).limit(1000).forUpdate().skipLocked().execute();
      if (!overdue.length) return 0;
      await trx.updateTable('agencyChecks').set({ escalatedAt: now }).where('id', 'in', overdue.map((o) => o.id)).execute();
      await trx.insertInto('contactAlerts').values(overdue.map((o) => ({ contactId: o.contactId, personId: null, kind: 'check-overdue', details: JSON.stringify({ agencyId: o.agencyId, checkId: o.id }), raisedAt: now }))).execute();
      for (const o of overdue) await this.event(trx, actor, o.contactId, 'check-escalated', { agencyId: o.agencyId, checkId: o.id }, false);
      await this.audit.recordMany(trx, actor, overdue.map((o) => ({ action: 'agency-check.escalate', recordType: 'agency-check', recordId: o.id, details: { contactId: o.contactId } })));
      return overdue.length;
    });
  }

  // -- decisions ---------------------------------------------------------------------------------------------------

  async decide(actor: Actor, id: string, version: number, input: { outcome: Outcome; thresholdLevel: number; rationale: string }) {
    return this.change(actor, id, version, 'contact.decide', 'contact.decide', async (trx, c, user) => {
      if (c.status === 'decided' || c.status === 'awaiting-sign-off') throw new ValidationError({ outcome: 'This contact already has a decision' });
      if (c.status === 'transferred') throw new ValidationError({ outcome: 'This contact was transferred to another authority' });
      if (!c.rag) throw new ValidationError({ outcome: 'Screen the contact (give it a RAG rating) before deciding' });
      if (input.outcome === 'early-help' && c.consent !== 'given') {
        // Early help is voluntary: without consent a request that is not a safeguarding concern goes back (section 6).
        throw new ValidationError({ outcome: 'Early help needs consent. Record consent, or return the request to the referrer, or choose a safeguarding outcome' });
      }
      const settings = await this.settingsFor(trx, c.laCode);
      const needsSignOff = settings.signOffOutcomes.includes(input.outcome);
      const now = this.clock.now();
      const isReferral = OUTCOMES[input.outcome].isReferral;
      await trx
        .updateTable('contacts')
        .set({
          outcome: input.outcome,
          thresholdLevel: input.thresholdLevel,
          rationale: input.rationale,
          decidedAt: now,
          decidedBy: user.userId,
          isReferral,
          signOffRequired: needsSignOff,
          status: needsSignOff ? 'awaiting-sign-off' : 'decided',
          referrerToldAt: needsSignOff ? null : now,
          onStrategyTrack: c.onStrategyTrack || input.outcome === 'section-47-strategy-discussion' || input.outcome === 'immediate-protection',
        })
        .where('id', '=', c.id)
        .execute();
      const significant = isReferral || input.outcome === 'immediate-protection';
      await this.event(trx, user, c.id, 'decided', { outcome: input.outcome, level: input.thresholdLevel, isReferral, late: now > new Date(c.decisionDueAt), signOff: needsSignOff }, significant);
      if (!needsSignOff) await this.event(trx, user, c.id, 'referrer-told', { outcome: input.outcome }, false);
      await this.audit.record(trx, user, { action: 'contact.decide', recordType: 'contact', recordId: c.id, purpose: 'safeguarding', fields: ['outcome', 'thresholdLevel', 'rationale'], details: { outcome: input.outcome, signOff: needsSignOff } });
      return { needsSignOff };
    });
  }

  async signOff(actor: Actor, id: string, version: number, input: { approve: 'yes' | 'no'; note: string | null }) {
    return this.change(actor, id, version, 'contact.sign-off', 'contact.sign-off', async (trx, c, user) => {
      if (c.status !== 'awaiting-sign-off') throw new ValidationError({ approve: 'This decision is not waiting for sign-off' });
      if (c.decidedBy === user.userId) throw new ValidationError({ approve: 'A decision must be signed off by a different manager from the one who made it' });
      const now = this.clock.now();
      if (input.approve === 'yes') {
        await trx.updateTable('contacts').set({ status: 'decided', signedOffAt: now, signedOffBy: user.userId, referrerToldAt: now }).where('id', '=', c.id).execute();
        await this.event(trx, user, c.id, 'signed-off', { outcome: c.outcome }, false);
        await this.event(trx, user, c.id, 'referrer-told', { outcome: c.outcome }, false);
      } else {
        await trx.updateTable('contacts').set({ status: 'awaiting-decision', outcome: null, decidedAt: null, decidedBy: null, isReferral: null, signOffRequired: false }).where('id', '=', c.id).execute();
        await this.event(trx, user, c.id, 'sign-off-returned', { outcome: c.outcome }, false);
      }
      await this.audit.record(trx, user, { action: 'contact.sign-off', recordType: 'contact', recordId: c.id, purpose: 'safeguarding', fields: ['signOff'], details: { approved: input.approve === 'yes' } });
    });
  }

  /** Transfers a contact about a child living in another authority to that authority's hub; both still see it. */
  async transfer(actor: Actor, id: string, version: number, input: { toLaCode: string; reason: string }) {
    return this.change(actor, id, version, 'contact.transfer', 'contact.screen', async (trx, c, user) => {
      if (input.toLaCode === c.laCode) throw new ValidationError({ toLaCode: 'Choose a different local authority from this one' });
      if (c.status === 'decided') throw new ValidationError({ toLaCode: 'A decided contact cannot be transferred' });
      const la = await trx.selectFrom('localAuthorities').select('code').where('code', '=', input.toLaCode).executeTakeFirst();
      if (!la) throw new ValidationError({ toLaCode: 'Select a London local authority' });
      const settings = await this.settingsFor(trx, input.toLaCode);
      await trx
        .updateTable('contacts')
        .set({ laCode: input.toLaCode, transferredFromLaCode: c.laCode, status: 'screening', assignedTo: null, decisionDueAt: decisionDueAt(this.clock.now(), settings.workingHours) })
        .where('id', '=', c.id)
        .execute();
      await this.event(trx, user, c.id, 'transferred', { from: c.laCode, to: input.toLaCode }, true);
      await this.audit.record(trx, user, { action: 'contact.transfer', recordType: 'contact', recordId: c.id, purpose: 'safeguarding', details: { from: c.laCode, to: input.toLaCode } });
    });
  }

  /** Allocates the children of a decided referral to a worker, so later contacts go straight to them. */
  async allocate(actor: Actor, id: string, version: number, workerUserId: string) {
    return this.change(actor, id, version, 'contact.allocate', 'contact.allocate', async (trx, c, user) => {
      if (c.status !== 'decided' || !c.isReferral) throw new ValidationError({ workerUserId: 'Only a decided referral can be allocated to a worker' });
      const worker = await trx
        .selectFrom('users as u')
        .innerJoin('roleAssignments as r', 'r.userId', 'u.id')
        .select('u.id')
        .where('u.id', '=', workerUserId)
        .where('r.roleCode', '=', 'caseworker')
        .where('r.scopeCode', '=', c.laCode)
        .where('r.revokedAt', 'is', null)
        .where('u.isDisabled', '=', false)
        .executeTakeFirst();
      if (!worker) throw new ValidationError({ workerUserId: 'Select a caseworker in this local authority' });
      const children = await trx.selectFrom('contactPersons').select('personId').where('contactId', '=', c.id).where('role', '=', 'child').execute();
      const now = this.clock.now();
      for (const child of children) {
        await trx.updateTable('childAllocations').set({ endedAt: now }).where('personId', '=', child.personId).where('laCode', '=', c.laCode).where('endedAt', 'is', null).execute();
        await trx.insertInto('childAllocations').values({ personId: child.personId, laCode: c.laCode, workerUserId, contactId: c.id, allocatedAt: now, allocatedBy: user.userId }).execute();
      }
      await trx.updateTable('contacts').set({ assignedTo: workerUserId }).where('id', '=', c.id).execute();
      await this.event(trx, user, c.id, 'allocated', { workerUserId }, false);
      await this.audit.record(trx, user, { action: 'contact.allocate', recordType: 'contact', recordId: c.id, purpose: 'safeguarding', details: { workerUserId, children: children.length } });
    });
  }

  /** Caseworkers of the authority, for the allocation list. */
  async caseworkers(laCode: string) {
    return this.db
      .selectFrom('users as u')
      .innerJoin('roleAssignments as r', 'r.userId', 'u.id')
      .select(['u.id', 'u.displayName'])
      .where('r.roleCode', '=', 'caseworker')
      .where('r.scopeCode', '=', laCode)
      .where('r.revokedAt', 'is', null)
      .where('u.isDisabled', '=', false)
      .orderBy('u.displayName')
      .execute();
  }

  /** Partner agencies a hub may ask: every agency with a researcher role, or of the kinds the hub works with. */
  async checkableAgencies(laCode: string) {
    return this.db
      .selectFrom('agencies')
      .select(['id', 'name', 'typeCode'])
      .where((eb) => eb.or([eb('localAuthorityCode', '=', laCode), eb('localAuthorityCode', 'is', null)]))
      .where('typeCode', 'in', ['police', 'health', 'education', 'probation', 'adult-mental-health', 'substance-misuse', 'housing', 'domestic-abuse-services', 'voluntary-sector'])
      .orderBy('name')
      .execute();
  }

  /** Flags or unflags a contact's event as significant in the chronology. */
  async flagEvent(actor: Actor, contactId: string, eventId: string, isSignificant: boolean) {
    await this.access.require(actor, 'chronology.read', { recordType: 'contact' });
    const { contact, level } = await this.load(this.db, actor, contactId, 'contact.flag-event');
    if (level !== 'hub' && level !== 'worker') await this.access.deny(actor, 'contact.flag-event', { recordType: 'contact', recordId: contact.id }, 'read-only');
    if (!isUuid(eventId)) throw new NotFoundError();
    await this.db.transaction().execute(async (trx) => {
      const updated = await trx.updateTable('contactEvents').set({ isSignificant }).where('id', '=', eventId).where('contactId', '=', contact.id).executeTakeFirst();
      if (!updated.numUpdatedRows) throw new NotFoundError();
      await this.audit.record(trx, actor, { action: 'contact.flag-event', recordType: 'contact', recordId: contact.id, details: { eventId, isSignificant } });
    });
  }
}

export type { AuditEntry };
