// The person registry: each agency's source records, Safehub's people, and the links between them.
//
// A record arriving from an agency is matched against every record held: at or above the automatic
// band it joins that person; in the uncertain band it gets a provisional person of its own and a
// clerical review; below, a new person. Merges and unmerges are events, never destructive updates:
// links are ended and created, so an unmerge restores exactly what the merge moved.
//
// Agency walls: a search shows a candidate's score, the per-field evidence and which agencies know the
// person — never another agency's values. An agency sees the values of its own records only.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Actor } from '../../kernel/actor.ts';
import type { Clock } from '../../kernel/clock.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../kernel/errors.ts';
import { isUuid } from '../../kernel/ids.ts';
import type { AccessControl } from '../../platform/access/access-control.ts';
import type { AuditEntry, AuditTrail } from '../../platform/audit/audit-trail.ts';
import type { PlatformTables } from '../../platform/db/schema.ts';
import { matchQueryOf, type MatchBand, type MatchQuery, type PersonMatcher } from './identity.matcher.ts';
import type { FieldEvidence, IdentityTables } from './identity.tables.ts';
import { sourceRecordColumns, type PersonFields, type SourceRecordInput } from './identity.forms.ts';

type Tables = PlatformTables & IdentityTables;

/** How stale (ms) the match index may be on the contact intake path before it looks for other nodes' records. */
const INDEX_REFRESH_MS = 250;

/** Candidates less likely than this are not shown: a list of near-certain strangers helps nobody. */
export const MIN_SHOWN_PROBABILITY = 0.01;
type Db = Kysely<Tables>;
type Trx = Transaction<Tables>;
type PersonScore = { personId: string; probability: number; evidence: FieldEvidence[]; band?: MatchBand };

export type RegistrationOutcome = 'linked-automatically' | 'sent-to-review' | 'new-person' | 'unchanged' | 'updated';

export interface RegistrationResult {
  sourceRecordId: string;
  personId: string;
  outcome: RegistrationOutcome;
  probability: number | null;
}

export interface PersonCandidate {
  personId: string;
  probability: number;
  evidence: FieldEvidence[];
  /** Agencies holding a record of this person: names only, never what they hold. */
  knownTo: { agencyId: string; agencyName: string; agencyType: string }[];
  /** The searcher's own agency's records of this person, with their values. */
  ownRecords: OwnRecord[];
}

export interface OwnRecord {
  id: string;
  localId: string;
  forenames: string;
  surname: string;
  dateOfBirth: string | null;
  postcode: string | null;
}

/** The agency an actor writes records for: staff for their own agency, a partner system for its key's. */
function actingAgency(actor: Actor): string {
  if (actor.kind === 'user' || actor.kind === 'api-client') return actor.agencyId;
  throw new ForbiddenError();
}


const IDENTITY_FIELDS = ['forenames', 'surname', 'aliases', 'dateOfBirth', 'sex', 'nhsNumber', 'upn', 'postcode', 'address', 'previousAddresses'] as const;

export class RegistryService {
  private loaded = false;

  /** The probabilities bounding the automatic, review and new-person bands. */
  get bands() {
    return this.matcher.bands;
  }

  constructor(
    private readonly db: Db,
    private readonly access: AccessControl,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly matcher: PersonMatcher,
  ) {}

  /** Records changed at or after this instant have not been read into the index yet. */
  private watermark: { at: Date; id: string } | undefined;
  /** When the index last looked for changed records (process time, ms). */
  private lastLook = 0;

  /**
   * Keeps the in-memory index in step with the database: every record on first use, then only the records
   * changed since the last look (by this node or any other). Re-reading a record already indexed is harmless.
   */
  private async ensureIndex(maxAgeMs = 0): Promise<void> {
    if (this.loaded && maxAgeMs > 0 && Date.now() - this.lastLook < maxAgeMs) return;
    this.lastLook = Date.now();
    if (!this.loaded) {
      const batch = 10_000;
      let after = '00000000-0000-0000-0000-000000000000';
      let newest = new Date(0);
      let newestId = '00000000-0000-0000-0000-000000000000';
      const all: { id: string; query: MatchQuery }[] = [];
      for (;;) {
        const rows = await this.db.selectFrom('sourceRecords').selectAll().where('id', '>', after).orderBy('id').limit(batch).execute();
        for (const r of rows) {
          all.push({ id: r.id, query: matchQueryOf({ ...r, previousAddresses: r.previousAddresses ?? [] }) });
          const at = new Date(r.updatedAt);
          if (at > newest || (at.getTime() === newest.getTime() && r.id > newestId)) [newest, newestId] = [at, r.id];
        }
        if (rows.length < batch) break;
        after = rows[rows.length - 1]!.id;
      }
      // One bulk build where the matcher offers it (the engine's index builds far faster than it adds).
      if (this.matcher.load) this.matcher.load(all);
      else for (const r of all) this.matcher.upsert(r.id, r.query);
      this.loaded = true;
      this.watermark = { at: newest, id: newestId };
      return;
    }
    // Keyset on (updated_at, id): a bulk load stamps thousands of records with one instant, and they must not be
    // read again on every look.
    const w = this.watermark!;
    const changed = await this.db
      .selectFrom('sourceRecords')
      .selectAll()
      .where(sql<boolean>`(updated_at, id) > (${w.at}, ${w.id})`)
      .orderBy('updatedAt')
      .orderBy('id')
      .execute();
    for (const r of changed) this.matcher.upsert(r.id, matchQueryOf({ ...r, previousAddresses: r.previousAddresses ?? [] }));
    const last = changed.at(-1);
    if (last) this.watermark = { at: new Date(last.updatedAt), id: last.id };
  }

  /**
   * Registers (or updates) one agency record, idempotently by (agency, local id), and links it.
   * Returns what happened; re-sending the same record changes nothing.
   */
  async register(actor: Actor, input: SourceRecordInput): Promise<RegistrationResult> {
    await this.access.require(actor, 'source-record.write', { recordType: 'source-record' });
    const agencyId = actingAgency(actor);
    await this.ensureIndex();
    const now = this.clock.now();
    const by = actor.kind === 'user' ? actor.userId : null;
    const existing = await this.db.selectFrom('sourceRecords').selectAll().where('agencyId', '=', agencyId).where('localId', '=', input.localId).executeTakeFirst();
    if (input.laCode) {
      const la = await this.db.selectFrom('localAuthorities').select('code').where('code', '=', input.laCode).executeTakeFirst();
      if (!la) throw new ValidationError({ laCode: 'Local authority code is not a London authority' });
    }
    const values = sourceRecordColumns(input);

    if (existing) {
      const same = IDENTITY_FIELDS.every((f) => JSON.stringify(existing[f] ?? null) === JSON.stringify(input[f] ?? null)) && existing.recordKind === input.recordKind && existing.laCode === input.laCode;
      const link = await this.db.selectFrom('personLinks').select(['personId', 'matchProbability']).where('sourceRecordId', '=', existing.id).where('endedAt', 'is', null).executeTakeFirstOrThrow();
      if (same) return { sourceRecordId: existing.id, personId: link.personId, outcome: 'unchanged', probability: link.matchProbability };
      // A corrected record keeps its person; if the correction makes it look like someone else, the
      // hub merges them (identity decisions are not silently reversed by an update).
      await this.db.transaction().execute(async (trx) => {
        await trx.updateTable('sourceRecords').set({ ...values, updatedAt: now, version: existing.version + 1 }).where('id', '=', existing.id).execute();
        await this.audit.record(trx, actor, { action: 'source-record.update', recordType: 'source-record', recordId: existing.id, purpose: 'record-keeping', fields: IDENTITY_FIELDS.filter((f) => JSON.stringify(existing[f] ?? null) !== JSON.stringify(input[f] ?? null)) });
      });
      this.matcher.upsert(existing.id, matchQueryOf(input));
      return { sourceRecordId: existing.id, personId: link.personId, outcome: 'updated', probability: link.matchProbability };
    }

    const best = await this.bestPerson(matchQueryOf(input));
    const band = best ? (best.band ?? (best.probability >= this.matcher.bands.autoLink ? 'link' : best.probability >= this.matcher.bands.review ? 'review' : 'reject')) : 'reject';
    const result = await this.db.transaction().execute(async (trx) => {
      const record = await trx
        .insertInto('sourceRecords')
        .values({ agencyId, localId: input.localId, ...values, updatedAt: now, createdBy: by })
        .returning('id')
        .executeTakeFirstOrThrow();
      let personId: string;
      let outcome: RegistrationOutcome;
      if (best && band === 'link') {
        personId = best.personId;
        outcome = 'linked-automatically';
        await trx.insertInto('personLinks').values({ sourceRecordId: record.id, personId, matchProbability: best.probability, evidence: JSON.stringify(best.evidence), method: 'automatic' }).execute();
      } else {
        personId = (await trx.insertInto('persons').values({ createdBy: by }).returning('id').executeTakeFirstOrThrow()).id;
        await trx.insertInto('personLinks').values({ sourceRecordId: record.id, personId, matchProbability: best?.probability ?? null, evidence: JSON.stringify(best?.evidence ?? []), method: 'new-person' }).execute();
        outcome = 'new-person';
        if (best && band === 'review') {
          outcome = 'sent-to-review';
          await trx
            .insertInto('matchReviews')
            .values({ sourceRecordId: record.id, provisionalPersonId: personId, candidatePersonId: best.personId, probability: best.probability, evidence: JSON.stringify(best.evidence), laCode: input.laCode ?? (await this.laOf(trx, best.personId)) })
            .execute();
        }
      }
      await this.audit.record(trx, actor, {
        action: 'source-record.create',
        recordType: 'source-record',
        recordId: record.id,
        purpose: 'record-keeping',
        fields: [...IDENTITY_FIELDS],
        details: { personId, outcome, probability: best ? Math.round(best.probability * 1e6) / 1e6 : null },
      });
      return { sourceRecordId: record.id, personId, outcome, probability: best?.probability ?? null };
    });
    this.matcher.upsert(result.sourceRecordId, matchQueryOf(input));
    return result;
  }

  /**
   * Registers new records for an agency as part of another module's change (a contact naming people), in two
   * steps so the match runs before the caller's transaction opens: `prepareRegistrations` matches each record,
   * then the returned `write(trx)` inserts the records and links inside the caller's transaction and returns an
   * audit entry for each (the caller writes them last, with its own, so the audit chain lock is held briefly),
   * and `indexed()` adds them to the match index once that transaction has committed.
   */
  async prepareRegistrations(agencyId: string, inputs: SourceRecordInput[]) {
    // A contact arriving within a moment of the last look at the database may miss a record another node
    // registered in that moment; this node's own records are indexed as soon as they commit.
    await this.ensureIndex(INDEX_REFRESH_MS);
    const bests = (await this.personCandidatesMany(inputs.map(matchQueryOf), 1)).map((c) => c[0]);
    return {
      write: async (trx: Transaction<Tables>, actor: Actor): Promise<{ results: RegistrationResult[]; auditEntries: AuditEntry[] }> => {
        const now = this.clock.now();
        const by = actor.kind === 'user' ? actor.userId : null;
        const results: RegistrationResult[] = inputs.map((input, i) => {
          const best = bests[i];
          const band = best ? (best.band ?? (best.probability >= this.matcher.bands.autoLink ? 'link' : best.probability >= this.matcher.bands.review ? 'review' : 'reject')) : 'reject';
          const linked = Boolean(best && band === 'link');
          return {
            sourceRecordId: randomUUID(),
            personId: linked ? best!.personId : randomUUID(),
            outcome: linked ? 'linked-automatically' : best && band === 'review' ? 'sent-to-review' : 'new-person',
            probability: best?.probability ?? null,
          };
        });
        if (!inputs.length) return { results, auditEntries: [] };
        // One statement, whatever the number of people: new people, the records and their links (foreign keys
        // are checked at the end of the statement).
        const fresh = results.filter((r) => r.outcome !== 'linked-automatically');
        const withRecords = trx.with('r', (db) =>
          db
            .insertInto('sourceRecords')
            .values(inputs.map((input, i) => ({ id: results[i]!.sourceRecordId, agencyId, localId: input.localId, ...sourceRecordColumns(input), updatedAt: now, createdBy: by })))
            .returning('id'),
        );
        await (fresh.length ? withRecords.with('n', (db) => db.insertInto('persons').values(fresh.map((r) => ({ id: r.personId, createdBy: by }))).returning('id')) : withRecords)
          .insertInto('personLinks')
          .values(
            results.map((r, i) => ({
              sourceRecordId: r.sourceRecordId,
              personId: r.personId,
              matchProbability: r.probability,
              evidence: JSON.stringify(bests[i]?.evidence ?? []),
              method: r.outcome === 'linked-automatically' ? 'automatic' : 'new-person',
            })),
          )
          .execute();
        for (const [i, r] of results.entries()) {
          if (r.outcome !== 'sent-to-review') continue;
          const best = bests[i]!;
          await trx
            .insertInto('matchReviews')
            .values({ sourceRecordId: r.sourceRecordId, provisionalPersonId: r.personId, candidatePersonId: best.personId, probability: best.probability, evidence: JSON.stringify(best.evidence), laCode: inputs[i]!.laCode ?? (await this.laOf(trx, best.personId)) })
            .execute();
        }
        const auditEntries: AuditEntry[] = results.map((r) => ({
          action: 'source-record.create',
          recordType: 'source-record',
          recordId: r.sourceRecordId,
          purpose: 'record-keeping',
          fields: [...IDENTITY_FIELDS],
          details: { personId: r.personId, outcome: r.outcome, probability: r.probability === null ? null : Math.round(r.probability * 1e6) / 1e6 },
        }));
        return { results, auditEntries };
      },
      indexed: (results: RegistrationResult[]) => {
        for (const [i, r] of results.entries()) this.matcher.upsert(r.sourceRecordId, matchQueryOf(inputs[i]!));
      },
    };
  }

  /** The local authority of a person's records, to route a review to the right hub. */
  private async laOf(trx: Trx, personId: string): Promise<string | null> {
    const row = await trx
      .selectFrom('personLinks as l')
      .innerJoin('sourceRecords as r', 'r.id', 'l.sourceRecordId')
      .select('r.laCode')
      .where('l.personId', '=', personId)
      .where('l.endedAt', 'is', null)
      .where('r.laCode', 'is not', null)
      .orderBy('r.updatedAt', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.laCode ?? null;
  }

  /** The record candidates folded into people (a person scores as their best-matching record). */
  private async personCandidates(query: MatchQuery, limit: number): Promise<PersonScore[]> {
    return (await this.personCandidatesMany([query], limit))[0]!;
  }

  /** `personCandidates` for several queries with one database read (a contact naming several people). */
  private async personCandidatesMany(queries: MatchQuery[], limit: number): Promise<PersonScore[][]> {
    const perQuery = queries.map((q) => this.matcher.candidates(q, limit * 4));
    const recordIds = [...new Set(perQuery.flatMap((records) => records.map((r) => r.sourceRecordId)))];
    if (!recordIds.length) return queries.map(() => []);
    const links = await this.db
      .selectFrom('personLinks as l')
      .innerJoin('persons as p', 'p.id', 'l.personId')
      .select(['l.sourceRecordId', 'l.personId', 'p.isRestricted'])
      .where('l.sourceRecordId', 'in', recordIds)
      .where('l.endedAt', 'is', null)
      .execute();
    const personOf = new Map(links.filter((l) => !l.isRestricted).map((l) => [l.sourceRecordId, l.personId]));
    return perQuery.map((records) => {
      const best = new Map<string, PersonScore>();
      for (const r of records) {
        const personId = personOf.get(r.sourceRecordId);
        if (!personId) continue;
        const seen = best.get(personId);
        if (!seen || r.probability > seen.probability) best.set(personId, { personId, probability: r.probability, evidence: r.evidence, band: r.band });
      }
      return [...best.values()].sort((a, b) => b.probability - a.probability).slice(0, limit);
    });
  }

  private async bestPerson(query: MatchQuery) {
    return (await this.personCandidates(query, 1))[0];
  }

  /**
   * Online match for the hub: ranked people with the evidence per field, the agencies that know each,
   * and the searcher's own agency's records. Each person shown is an audited read.
   */
  async match(actor: Actor, fields: PersonFields, limit = 10): Promise<PersonCandidate[]> {
    await this.access.require(actor, 'person.search', { recordType: 'person' });
    const own = actingAgency(actor);
    await this.ensureIndex();
    const people = (await this.personCandidates(matchQueryOf(fields), limit)).filter((p) => p.probability >= MIN_SHOWN_PROBABILITY);
    if (!people.length) {
      await this.audit.record(this.db, actor, { action: 'person.search', recordType: 'person', purpose: 'identify-person', details: { results: 0 } });
      return [];
    }
    const ids = people.map((p) => p.personId);
    return this.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('personLinks as l')
        .innerJoin('sourceRecords as r', 'r.id', 'l.sourceRecordId')
        .innerJoin('agencies as a', 'a.id', 'r.agencyId')
        .innerJoin('agencyTypes as t', 't.code', 'a.typeCode')
        .select(['l.personId', 'r.id', 'r.agencyId', 'a.name as agencyName', 't.name as typeName', 'r.localId', 'r.forenames', 'r.surname', 'r.dateOfBirth', 'r.postcode'])
        .where('l.personId', 'in', ids)
        .where('l.endedAt', 'is', null)
        .orderBy('a.name')
        .execute();
      const result = people.map((p) => {
        const mine = rows.filter((r) => r.personId === p.personId);
        const knownTo = [...new Map(mine.map((r) => [r.agencyId, { agencyId: r.agencyId, agencyName: r.agencyName, agencyType: r.typeName }])).values()];
        const ownRecords = mine.filter((r) => r.agencyId === own).map((r) => ({ id: r.id, localId: r.localId, forenames: r.forenames, surname: r.surname, dateOfBirth: r.dateOfBirth, postcode: r.postcode }));
        return { ...p, knownTo, ownRecords };
      });
      for (const p of result) {
        await this.audit.record(trx, actor, {
          action: 'person.match-result',
          recordType: 'person',
          recordId: p.personId,
          purpose: 'identify-person',
          fields: ['knownTo', ...(p.ownRecords.length ? ['ownAgencyRecords'] : [])],
          details: { probability: Math.round(p.probability * 1e6) / 1e6 },
        });
      }
      return result;
    });
  }

  /** One person: the agencies that know them, the viewer's own agency's records, and identity history. */
  async person(actor: Actor, personId: string) {
    await this.access.require(actor, 'person.search', { recordType: 'person', recordId: isUuid(personId) ? personId : undefined });
    const own = actingAgency(actor);
    const person = isUuid(personId) ? await this.db.selectFrom('persons').selectAll().where('id', '=', personId).executeTakeFirst() : undefined;
    if (!person || person.isRestricted) {
      await this.access.deny(actor, 'person.read', { recordType: 'person', recordId: isUuid(personId) ? personId : undefined }, person ? 'restricted' : 'not-found').catch(() => undefined);
      throw new NotFoundError();
    }
    return this.db.transaction().execute(async (trx) => {
      const records = await trx
        .selectFrom('personLinks as l')
        .innerJoin('sourceRecords as r', 'r.id', 'l.sourceRecordId')
        .innerJoin('agencies as a', 'a.id', 'r.agencyId')
        .innerJoin('agencyTypes as t', 't.code', 'a.typeCode')
        .select(['r.id', 'r.agencyId', 'a.name as agencyName', 't.name as typeName', 'r.localId', 'r.forenames', 'r.surname', 'r.aliases', 'r.dateOfBirth', 'r.sex', 'r.nhsNumber', 'r.upn', 'r.postcode', 'r.address', 'l.method', 'l.matchProbability', 'l.createdAt as linkedAt'])
        .where('l.personId', '=', person.id)
        .where('l.endedAt', 'is', null)
        .orderBy('a.name')
        .execute();
      const events = await trx
        .selectFrom('identityEvents as e')
        .leftJoin('users as u', 'u.id', 'e.actorUserId')
        .select(['e.id', 'e.kind', 'e.personId', 'e.otherPersonId', 'e.reversesEventId', 'e.reason', 'e.createdAt', 'u.displayName as actorName', 'e.createdLinkIds'])
        .where((eb) => eb.or([eb('e.personId', '=', person.id), eb('e.otherPersonId', '=', person.id)]))
        .orderBy('e.createdAt', 'desc')
        .execute();
      const reversed = new Set(events.map((e) => e.reversesEventId).filter(Boolean));
      const ownRecords = records.filter((r) => r.agencyId === own);
      await this.audit.record(trx, actor, {
        action: 'person.read',
        recordType: 'person',
        recordId: person.id,
        purpose: 'identify-person',
        fields: ['knownTo', 'identityHistory', ...(ownRecords.length ? ['ownAgencyRecords'] : [])],
      });
      return {
        person,
        knownTo: [...new Map(records.map((r) => [r.agencyId, { agencyId: r.agencyId, agencyName: r.agencyName, agencyType: r.typeName, records: records.filter((x) => x.agencyId === r.agencyId).length }])).values()],
        ownRecords,
        events: events.map((e) => ({ ...e, canUnmerge: e.kind === 'merge' && !reversed.has(e.id) && e.personId === person.id })),
      };
    });
  }

  /** Merges `mergedId` into `survivorId`. Refused when the two hold different valid NHS numbers. */
  async merge(actor: Actor, survivorId: string, mergedId: string, reason: string, method: 'merge' | 'clerical' = 'merge'): Promise<string> {
    await this.access.require(actor, method === 'clerical' ? 'identity.review' : 'person.merge', { recordType: 'person', recordId: isUuid(mergedId) ? mergedId : undefined });
    if (survivorId === mergedId) throw new ValidationError({ mergedId: 'Choose two different people' });
    return this.db.transaction().execute((trx) => this.mergeIn(trx, actor, survivorId, mergedId, reason, method));
  }

  private async mergeIn(trx: Trx, actor: Actor, survivorId: string, mergedId: string, reason: string, method: 'merge' | 'clerical'): Promise<string> {
    const people = await trx.selectFrom('persons').selectAll().where('id', 'in', [survivorId, mergedId]).forUpdate().execute();
    const survivor = people.find((p) => p.id === survivorId);
    const merged = people.find((p) => p.id === mergedId);
    if (!survivor || !merged) throw new NotFoundError();
    if (survivor.status !== 'active' || merged.status !== 'active') throw new ValidationError({ mergedId: 'One of these people has already been merged into someone else' });
    const nhs = await trx
      .selectFrom('personLinks as l')
      .innerJoin('sourceRecords as r', 'r.id', 'l.sourceRecordId')
      .select(['l.personId', 'r.nhsNumber'])
      .where('l.personId', 'in', [survivorId, mergedId])
      .where('l.endedAt', 'is', null)
      .where('r.nhsNumber', 'is not', null)
      .execute();
    const valid = (n: string | null) => n !== null && isValidNhsNumber(n);
    const a = new Set(nhs.filter((r) => r.personId === survivorId && valid(r.nhsNumber)).map((r) => r.nhsNumber));
    const b = new Set(nhs.filter((r) => r.personId === mergedId && valid(r.nhsNumber)).map((r) => r.nhsNumber));
    if (a.size && b.size && ![...b].some((n) => a.has(n))) {
      throw new ValidationError({ mergedId: 'These people have different NHS numbers, so they cannot be merged' });
    }
    const now = this.clock.now();
    const moving = await trx.selectFrom('personLinks').selectAll().where('personId', '=', mergedId).where('endedAt', 'is', null).execute();
    await trx.updateTable('personLinks').set({ endedAt: now, endReason: 'merged' }).where('id', 'in', moving.length ? moving.map((l) => l.id) : ['00000000-0000-0000-0000-000000000000']).execute();
    const created: string[] = [];
    for (const link of moving) {
      const row = await trx
        .insertInto('personLinks')
        .values({ sourceRecordId: link.sourceRecordId, personId: survivorId, matchProbability: link.matchProbability, evidence: JSON.stringify(link.evidence ?? []), method, confirmedBy: actor.kind === 'user' ? actor.userId : null })
        .returning('id')
        .executeTakeFirstOrThrow();
      created.push(row.id);
    }
    await trx.updateTable('persons').set({ status: 'merged', mergedIntoId: survivorId, version: merged.version + 1 }).where('id', '=', mergedId).execute();
    const event = await trx
      .insertInto('identityEvents')
      .values({ kind: 'merge', personId: survivorId, otherPersonId: mergedId, endedLinkIds: moving.map((l) => l.id), createdLinkIds: created, reason, actorUserId: actor.kind === 'user' ? actor.userId : null })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const personId of [survivorId, mergedId]) {
      await this.audit.record(trx, actor, { action: 'person.merge', recordType: 'person', recordId: personId, purpose: 'identify-person', details: { eventId: event.id, survivorId, mergedId, linksMoved: moving.length } });
    }
    return event.id;
  }

  /** Reverses a merge exactly: the links it moved go back to the person they came from. */
  async unmerge(actor: Actor, eventId: string, reason: string): Promise<string> {
    await this.access.require(actor, 'person.merge', { recordType: 'person' });
    if (!isUuid(eventId)) throw new NotFoundError();
    return this.db.transaction().execute(async (trx) => {
      const merge = await trx.selectFrom('identityEvents').selectAll().where('id', '=', eventId).where('kind', '=', 'merge').executeTakeFirst();
      if (!merge) throw new NotFoundError();
      const undone = await trx.selectFrom('identityEvents').select('id').where('reversesEventId', '=', eventId).executeTakeFirst();
      if (undone) throw new ValidationError({ _form: 'This merge has already been undone' });
      const merged = await trx.selectFrom('persons').selectAll().where('id', '=', merge.otherPersonId).forUpdate().executeTakeFirstOrThrow();
      if (merged.mergedIntoId !== merge.personId) throw new ValidationError({ _form: 'This merge cannot be undone: later changes depend on it' });
      const current = merge.createdLinkIds.length
        ? await trx.selectFrom('personLinks').selectAll().where('id', 'in', merge.createdLinkIds).where('endedAt', 'is', null).execute()
        : [];
      if (current.length !== merge.createdLinkIds.length) throw new ValidationError({ _form: 'This merge cannot be undone: later changes depend on it' });
      const now = this.clock.now();
      if (current.length) await trx.updateTable('personLinks').set({ endedAt: now, endReason: 'unmerged' }).where('id', 'in', current.map((l) => l.id)).execute();
      const restored: string[] = [];
      for (const link of current) {
        const row = await trx
          .insertInto('personLinks')
          .values({ sourceRecordId: link.sourceRecordId, personId: merge.otherPersonId, matchProbability: link.matchProbability, evidence: JSON.stringify(link.evidence ?? []), method: 'unmerge', confirmedBy: actor.kind === 'user' ? actor.userId : null })
          .returning('id')
          .executeTakeFirstOrThrow();
        restored.push(row.id);
      }
      await trx.updateTable('persons').set({ status: 'active', mergedIntoId: null, version: merged.version + 1 }).where('id', '=', merged.id).execute();
      const event = await trx
        .insertInto('identityEvents')
        .values({ kind: 'unmerge', personId: merge.personId, otherPersonId: merge.otherPersonId, reversesEventId: merge.id, endedLinkIds: current.map((l) => l.id), createdLinkIds: restored, reason, actorUserId: actor.kind === 'user' ? actor.userId : null })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const personId of [merge.personId, merge.otherPersonId]) {
        await this.audit.record(trx, actor, { action: 'person.unmerge', recordType: 'person', recordId: personId, purpose: 'identify-person', details: { eventId: event.id, reverses: merge.id, linksRestored: restored.length } });
      }
      return event.id;
    });
  }

  /** Open clerical reviews for the reviewer's local authority (regional reviewers: all). */
  async reviews(actor: Actor) {
    await this.access.require(actor, 'identity.review', { recordType: 'match-review' });
    const la = actor.kind === 'user' && actor.scopeKind === 'local-authority' ? actor.scopeCode : null;
    let q = this.db.selectFrom('matchReviews').selectAll().where('status', '=', 'open');
    if (la) q = q.where((eb) => eb.or([eb('laCode', '=', la), eb('laCode', 'is', null)]));
    const rows = await q.orderBy('createdAt').limit(200).execute();
    await this.audit.record(this.db, actor, { action: 'match-review.list', recordType: 'match-review', purpose: 'identify-person', details: { count: rows.length } });
    return rows;
  }

  /** One review: the per-field evidence and the agencies on each side (values of the reviewer's own agency only). */
  async review(actor: Actor, reviewId: string) {
    await this.access.require(actor, 'identity.review', { recordType: 'match-review', recordId: isUuid(reviewId) ? reviewId : undefined });
    const own = actingAgency(actor);
    const review = isUuid(reviewId) ? await this.db.selectFrom('matchReviews').selectAll().where('id', '=', reviewId).executeTakeFirst() : undefined;
    const la = actor.kind === 'user' && actor.scopeKind === 'local-authority' ? actor.scopeCode : null;
    if (!review || (la && review.laCode && review.laCode !== la)) {
      await this.access.deny(actor, 'match-review.read', { recordType: 'match-review', recordId: review?.id }, 'not-in-scope').catch(() => undefined);
      throw new NotFoundError();
    }
    return this.db.transaction().execute(async (trx) => {
      const side = async (personId: string) =>
        trx
          .selectFrom('personLinks as l')
          .innerJoin('sourceRecords as r', 'r.id', 'l.sourceRecordId')
          .innerJoin('agencies as a', 'a.id', 'r.agencyId')
          .select(['r.id', 'r.agencyId', 'a.name as agencyName', 'r.localId', 'r.forenames', 'r.surname', 'r.dateOfBirth', 'r.postcode'])
          .where('l.personId', '=', personId)
          .where('l.endedAt', 'is', null)
          .execute();
      const [provisional, candidate] = await Promise.all([side(review.provisionalPersonId), side(review.candidatePersonId)]);
      const strip = (rows: Awaited<ReturnType<typeof side>>) =>
        rows.map((r) => (r.agencyId === own ? { ...r, isOwn: true } : { id: r.id, agencyId: r.agencyId, agencyName: r.agencyName, isOwn: false }));
      await this.audit.record(trx, actor, { action: 'match-review.read', recordType: 'match-review', recordId: review.id, purpose: 'identify-person', fields: ['evidence', 'knownTo'] });
      return { review, provisional: strip(provisional), candidate: strip(candidate) };
    });
  }

  /** Records the reviewer's decision: the same person (merge, as a clerical link) or different people. */
  async decide(actor: Actor, reviewId: string, decision: 'linked' | 'separate', reason: string): Promise<void> {
    await this.access.require(actor, 'identity.review', { recordType: 'match-review', recordId: isUuid(reviewId) ? reviewId : undefined });
    await this.review(actor, reviewId);
    await this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('matchReviews')
        .set({ status: decision, decidedBy: actor.kind === 'user' ? actor.userId : null, decidedAt: this.clock.now(), decisionReason: reason || null })
        .where('id', '=', reviewId)
        .where('status', '=', 'open')
        .returning(['provisionalPersonId', 'candidatePersonId'])
        .executeTakeFirst();
      if (!updated) throw new ValidationError({ decision: 'This review has already been decided' });
      if (decision === 'linked') await this.mergeIn(trx, actor, updated.candidatePersonId, updated.provisionalPersonId, reason || 'Confirmed in clerical review', 'clerical');
      await this.audit.record(trx, actor, { action: 'match-review.decide', recordType: 'match-review', recordId: reviewId, purpose: 'identify-person', details: { decision } });
    });
  }

  /** Labelled pairs from clerical decisions, for re-training the model. */
  async decisions(actor: Actor) {
    await this.access.require(actor, 'identity.review', { recordType: 'match-review' });
    return this.db.selectFrom('matchReviews').select(['sourceRecordId', 'candidatePersonId', 'status', 'probability', 'decidedAt']).where('status', '!=', 'open').orderBy('decidedAt').execute();
  }
}

/** NHS number check digit (modulus 11, weights 10..2). An invalid number counts as missing. */
export function isValidNhsNumber(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(value[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(value[9]);
}
