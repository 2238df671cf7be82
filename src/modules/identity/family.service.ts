// Think Family use cases: the family view of a person (access check, one audited read in one transaction),
// a practitioner adding or ending a relationship, and recording the relationships another module learns
// (the front door, when a contact names children and adults together) inside that module's transaction.
import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../../kernel/actor.ts';
import type { Clock } from '../../kernel/clock.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../kernel/errors.ts';
import { isUuid } from '../../kernel/ids.ts';
import type { AccessControl } from '../../platform/access/access-control.ts';
import type { AuditEntry, AuditTrail } from '../../platform/audit/audit-trail.ts';
import { parseOrThrow } from '../../platform/forms.ts';
import { canonicalFact, contactHouseholdFacts, factKey, RELATIONSHIP_KINDS, RELATIONSHIP_SOURCES, type RelationshipFact } from './family.domain.ts';
import { endRelationshipSchema, relationshipSchema } from './family.forms.ts';
import { asFamilyDb, type FamilyExecutor, factsAmong, householdOf, resolvePersons, rowsOfFact, thinkFamilyPrompts, type FamilyTables, type FamilyView, type ThinkFamilyPrompt } from './family.repository.ts';
import type { RelationshipKind } from './identity.tables.ts';

const PURPOSE = 'think-family';
const FAMILY_FIELDS = ['relationships', 'household', 'known-to'];

export interface RecordedRelationship {
  id: string;
  personId: string;
  relatedPersonId: string;
  kind: RelationshipKind;
}

export interface RecordRelationshipsResult {
  /** Facts new to Safehub (one audit event each). */
  created: RecordedRelationship[];
  /** Facts already held (through merges too), or naming one person twice: nothing written. */
  unchanged: number;
  /** With `deferAudit`: the audit entries for the caller to write with its own, last in its transaction. */
  auditEntries: AuditEntry[];
}

export interface PersonFamily extends FamilyView {
  /** The person asked about, and the active person their family is read for (they differ after a merge). */
  person: { id: string; status: 'active' | 'merged'; mergedIntoId: string | null };
  subjectId: string;
}

interface PersonRow {
  id: string;
  isRestricted: boolean;
  restrictedTeamId: string | null;
}

/** A restricted person is visible only to the named team (and to the system). */
function canSee(actor: Actor, person: PersonRow): boolean {
  if (!person.isRestricted) return true;
  if (actor.kind === 'system') return true;
  return actor.kind === 'user' && person.restrictedTeamId !== null && actor.teamIds.includes(person.restrictedTeamId);
}

function viewerAgency(actor: Actor): string | null {
  return actor.kind === 'user' || actor.kind === 'api-client' ? actor.agencyId : null;
}

function viewerTeams(actor: Actor): string[] {
  return actor.kind === 'user' ? actor.teamIds : [];
}

/** The audit event of one relationship recorded: ids and codes only. */
function recordedEvent(r: { id: string; personId: string; relatedPersonId: string; kind: string; source: string }): AuditEntry {
  return { action: 'relationship.record', recordType: 'person', recordId: r.personId, purpose: PURPOSE, fields: ['relationships'], details: { relationshipId: r.id, relatedPersonId: r.relatedPersonId, kind: r.kind, source: r.source } };
}

export class FamilyService {
  constructor(
    private readonly db: Kysely<FamilyTables>,
    private readonly access: AccessControl,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  /**
   * The family view of one person: household members, how they are related, who knows them (agency types),
   * and Think Family flags. Unknown and restricted people are "not found"; each read is one audit event.
   */
  async family(actor: Actor, personId: string): Promise<PersonFamily> {
    await this.access.require(actor, 'family.read', { recordType: 'person', recordId: isUuid(personId) ? personId : undefined });
    const { person, subject } = await this.visiblePerson(actor, personId, 'person.family.read');
    return this.db.transaction().execute(async (trx) => {
      const view = await householdOf(trx, [subject.id], viewerAgency(actor), { now: this.clock.now(), viewerTeamIds: viewerTeams(actor) });
      await this.audit.record(trx, actor, {
        action: 'person.family.read',
        recordType: 'person',
        recordId: subject.id,
        purpose: PURPOSE,
        fields: FAMILY_FIELDS,
        details: { members: view.members.length },
      });
      return { ...view, person: { id: person.id, status: person.status, mergedIntoId: person.mergedIntoId }, subjectId: subject.id };
    });
  }

  /** A practitioner records a relationship from the family page. Recording a fact already held changes nothing. */
  async recordRelationship(actor: Actor, raw: unknown): Promise<{ relationshipId: string | null; isNew: boolean }> {
    await this.access.require(actor, 'family.read', { recordType: 'person' });
    const input = parseOrThrow(relationshipSchema, raw);
    const personId = await this.chosenPerson(actor, input.personId, 'personId');
    const relatedPersonId = await this.chosenPerson(actor, input.relatedPersonId, 'relatedPersonId');
    if (personId === relatedPersonId) throw new ValidationError({ relatedPersonId: 'Choose someone other than this person' });
    return this.db.transaction().execute(async (trx) => {
      const result = await this.recordRelationships(trx, actor, [{ personId, relatedPersonId, kind: input.kind, source: 'practitioner' }]);
      const created = result.created[0];
      return { relationshipId: created?.id ?? null, isNew: Boolean(created) };
    });
  }

  /** Ends a relationship (with the reason), refusing a stale version. Rows a merge left for the same fact end with it. */
  async endRelationship(actor: Actor, raw: unknown): Promise<void> {
    await this.access.require(actor, 'family.read', { recordType: 'person' });
    const input = parseOrThrow(endRelationshipSchema, raw);
    const row = await this.db.selectFrom('relationships').selectAll().where('id', '=', input.relationshipId).executeTakeFirst();
    if (!row) throw new NotFoundError();
    const { subject } = await this.visiblePerson(actor, row.personId, 'relationship.end');
    const { subject: related } = await this.visiblePerson(actor, row.relatedPersonId, 'relationship.end');
    if (row.endedAt || row.version !== input.version) throw new ConflictError('This relationship was changed by someone else. Reload the page and try again.');
    const by = actor.kind === 'user' ? actor.userId : null;
    await this.db.transaction().execute(async (trx) => {
      const now = this.clock.now();
      const ended = await trx
        .updateTable('relationships')
        .set({ endedAt: now, endedReason: input.reason, endedBy: by, version: row.version + 1 })
        .where('id', '=', row.id)
        .where('version', '=', input.version)
        .where('endedAt', 'is', null)
        .returning(['id', 'personId', 'kind'])
        .executeTakeFirst();
      if (!ended) throw new ConflictError('This relationship was changed by someone else. Reload the page and try again.');
      // A merge can leave two rows for one fact; ending the fact ends them all.
      const others = (await rowsOfFact(trx, { personId: subject.id, relatedPersonId: related.id, kind: row.kind })).filter((id) => id !== row.id);
      if (others.length) {
        await trx.updateTable('relationships').set((eb) => ({ endedAt: now, endedReason: input.reason, endedBy: by, version: eb('version', '+', 1) })).where('id', 'in', others).where('endedAt', 'is', null).execute();
      }
      const entries: AuditEntry[] = [row.id, ...others].map((id) => ({
        action: 'relationship.end',
        recordType: 'person',
        recordId: subject.id,
        purpose: PURPOSE,
        fields: ['relationships'],
        details: { relationshipId: id, relatedPersonId: related.id, kind: row.kind },
      }));
      await this.audit.recordMany(trx, actor, entries);
    });
  }

  /**
   * Records facts another module has learnt, inside that module's transaction (or its own when given the database):
   * merged people are resolved to the person they now belong to, symmetric facts are stored once, and a fact
   * already held is left alone. One audit event per fact created, in the same transaction. The caller's own
   * permission covers the write (a contact that names a family records how they are related); unknown people
   * are a validation error.
   */
  /**
   * The contact path: facts between people the caller has just resolved to active people (a registration's links
   * always point at active people), written in one statement; a fact already held is left alone by the unique
   * index. Returns the audit entries of the facts created, for the caller to write with its own.
   */
  async recordActiveFacts<DB extends FamilyTables>(executor: FamilyExecutor<DB>, actor: Actor, facts: readonly RelationshipFact[]): Promise<AuditEntry[]> {
    const wanted = new Map<string, RelationshipFact>();
    for (const f of facts) {
      const fact = canonicalFact(f);
      if (fact.personId !== fact.relatedPersonId) wanted.set(factKey(fact), fact);
    }
    if (!wanted.size) return [];
    const by = actor.kind === 'user' ? actor.userId : null;
    const now = this.clock.now();
    const created = await asFamilyDb(executor)
      .insertInto('relationships')
      .values([...wanted.values()].map((f) => ({ personId: f.personId, relatedPersonId: f.relatedPersonId, kind: f.kind, source: f.source, sourceRef: f.sourceRef ?? null, recordedAt: now, recordedBy: by })))
      .onConflict((oc) => oc.columns(['personId', 'relatedPersonId', 'kind']).where('endedAt', 'is', null).doNothing())
      .returning(['id', 'personId', 'relatedPersonId', 'kind', 'source'])
      .execute();
    return created.map(recordedEvent);
  }

  async recordRelationships<DB extends FamilyTables>(executor: FamilyExecutor<DB>, actor: Actor, facts: readonly RelationshipFact[], options: { deferAudit?: boolean } = {}): Promise<RecordRelationshipsResult> {
    const db = asFamilyDb(executor);
    if (!db.isTransaction) return db.transaction().execute((trx) => this.recordRelationships(trx, actor, facts, options));
    const trx = db as Transaction<FamilyTables>;
    if (!facts.length) return { created: [], unchanged: 0, auditEntries: [] };
    const problems: Record<string, string> = {};
    facts.forEach((f, i) => {
      if (!isUuid(f.personId)) problems[`facts.${i}.personId`] = 'Choose a person Safehub holds';
      if (!isUuid(f.relatedPersonId)) problems[`facts.${i}.relatedPersonId`] = 'Choose a person Safehub holds';
      if (!(RELATIONSHIP_KINDS as readonly string[]).includes(f.kind)) problems[`facts.${i}.kind`] = 'Choose how they are related';
      if (!(RELATIONSHIP_SOURCES as readonly string[]).includes(f.source)) problems[`facts.${i}.source`] = 'Say where the relationship was learnt';
      if (f.sourceRef && f.sourceRef.length > 200) problems[`facts.${i}.sourceRef`] = 'Source reference must be 200 characters or fewer';
    });
    if (Object.keys(problems).length) throw new ValidationError(problems);
    const resolved = await resolvePersons(
      trx,
      facts.flatMap((f) => [f.personId, f.relatedPersonId]),
    );
    facts.forEach((f, i) => {
      if (!resolved.has(f.personId)) problems[`facts.${i}.personId`] = 'Choose a person Safehub holds';
      if (!resolved.has(f.relatedPersonId)) problems[`facts.${i}.relatedPersonId`] = 'Choose a person Safehub holds';
    });
    if (Object.keys(problems).length) throw new ValidationError(problems);

    const wanted = new Map<string, RelationshipFact>();
    for (const f of facts) {
      const fact = canonicalFact({ ...f, personId: resolved.get(f.personId)!, relatedPersonId: resolved.get(f.relatedPersonId)! });
      if (fact.personId === fact.relatedPersonId) continue;
      const key = factKey(fact);
      if (!wanted.has(key)) wanted.set(key, fact);
    }
    const people = [...new Set([...wanted.values()].flatMap((f) => [f.personId, f.relatedPersonId]))];
    const held = new Set((await factsAmong(trx, people)).map(factKey));
    const fresh = [...wanted.entries()].filter(([key]) => !held.has(key)).map(([, f]) => f);
    const by = actor.kind === 'user' ? actor.userId : null;
    const now = this.clock.now();
    const created = fresh.length
      ? await trx
          .insertInto('relationships')
          .values(fresh.map((f) => ({ personId: f.personId, relatedPersonId: f.relatedPersonId, kind: f.kind, source: f.source, sourceRef: f.sourceRef ?? null, recordedAt: now, recordedBy: by })))
          .onConflict((oc) => oc.columns(['personId', 'relatedPersonId', 'kind']).where('endedAt', 'is', null).doNothing())
          .returning(['id', 'personId', 'relatedPersonId', 'kind', 'source'])
          .execute()
      : [];
    const entries: AuditEntry[] = created.map(recordedEvent);
    if (!options.deferAudit) await this.audit.recordMany(trx, actor, entries);
    return {
      created: created.map(({ id, personId, relatedPersonId, kind }) => ({ id, personId, relatedPersonId, kind })),
      unchanged: facts.length - created.length,
      auditEntries: options.deferAudit ? entries : [],
    };
  }

  /**
   * The relationships a contact establishes (see `contactHouseholdFacts`), recorded in the front door's transaction:
   * household members between each adult in the household and each child, parent/step-parent/carer where the
   * referrer said so, and siblings between the children.
   */
  async recordContactHousehold<DB extends FamilyTables>(
    db: FamilyExecutor<DB>,
    actor: Actor,
    contactId: string,
    childIds: readonly string[],
    adults: readonly { personId: string; relationship?: string | null }[],
    options: { deferAudit?: boolean } = {},
  ): Promise<RecordRelationshipsResult> {
    return this.recordRelationships(db, actor, contactHouseholdFacts(contactId, childIds, adults), options);
  }

  /** `thinkFamilyPrompts` at this service's clock: the prompt the front door shows about unnamed children. */
  async prompts<DB extends FamilyTables>(db: FamilyExecutor<DB>, adultPersonIds: readonly string[], namedChildPersonIds: readonly string[]): Promise<ThinkFamilyPrompt[]> {
    return thinkFamilyPrompts(db, adultPersonIds, namedChildPersonIds, { now: this.clock.now() });
  }

  /**
   * The person asked about and the active person they now are, if the actor may see both; otherwise the
   * attempt is audited and answered as "not found".
   */
  private async visiblePerson(actor: Actor, personId: string, action: string) {
    const target = { recordType: 'person', recordId: isUuid(personId) ? personId : undefined };
    const person = isUuid(personId) ? await this.db.selectFrom('persons').selectAll().where('id', '=', personId).executeTakeFirst() : undefined;
    if (!person) return this.notFound(actor, action, target, 'not-found');
    const subjectId = (await resolvePersons(this.db, [person.id])).get(person.id) ?? person.id;
    const subject = subjectId === person.id ? person : await this.db.selectFrom('persons').selectAll().where('id', '=', subjectId).executeTakeFirstOrThrow();
    if (!canSee(actor, person) || !canSee(actor, subject)) return this.notFound(actor, action, target, 'restricted');
    return { person, subject };
  }

  /** One side of a new relationship: a person the actor may see, as the active person they now are. */
  private async chosenPerson(actor: Actor, personId: string, field: 'personId' | 'relatedPersonId'): Promise<string> {
    const person = await this.db.selectFrom('persons').select(['id', 'isRestricted', 'restrictedTeamId']).where('id', '=', personId).executeTakeFirst();
    const id = person && canSee(actor, person) ? (await resolvePersons(this.db, [person.id])).get(person.id) : undefined;
    const current = id ? await this.db.selectFrom('persons').select(['id', 'isRestricted', 'restrictedTeamId']).where('id', '=', id).executeTakeFirst() : undefined;
    // Unknown and restricted people get the same answer, so the form reveals nothing about who exists.
    if (!current || !canSee(actor, current)) throw new ValidationError({ [field]: 'Enter the Safehub reference of a person Safehub holds' });
    return current.id;
  }

  private async notFound(actor: Actor, action: string, target: { recordType: string; recordId?: string }, reason: string): Promise<never> {
    await this.access.deny(actor, action, target, reason).catch(() => undefined);
    throw new NotFoundError();
  }
}
