// Think Family queries (Kysely only): relationships read both ways and through merges, households, and the
// adults known to adult services. Every function takes the executor it should use, so other modules can call
// them inside their own transaction (PGlite has one connection: never mix the top-level handle into a trx).
//
// Merges: a relationship row keeps the person ids current when it was recorded. Readers resolve each id along
// `merged_into_id` to the active person it now belongs to, drop facts that became self-relationships, and
// deduplicate, so an unmerge restores the family view exactly without rewriting a row.
import { sql, type Kysely, type Transaction } from 'kysely';
import { isUuid } from '../../kernel/ids.ts';
import type { PlatformTables } from '../../platform/db/schema.ts';
import { addressKey, ageInYears, canonicalFact, earliestDateOfBirth, factKey, isChildAt, SYMMETRIC_KINDS, THINK_FAMILY_FLAGS, thinkFamilyFlags, type ThinkFamilyFlag } from './family.domain.ts';
import type { IdentityTables, RelationshipKind, RelationshipSource } from './identity.tables.ts';

export type FamilyTables = IdentityTables & PlatformTables;
/** The database or a transaction, over the identity and platform tables. */
export type FamilyDb = Kysely<FamilyTables>;

/**
 * Published functions accept an executor over any wider set of tables (another module's transaction), as
 * `Kysely<DB>` for some `DB` holding these tables. Kysely's types are not covariant in `DB`, so the wider
 * executor is viewed as one over just these tables, which is all these functions touch.
 */
export type FamilyExecutor<DB extends FamilyTables> = Kysely<DB> | Transaction<DB>;

export function asFamilyDb<DB extends FamilyTables>(db: FamilyExecutor<DB>): FamilyDb {
  return db as unknown as FamilyDb;
}

/** The most people a family view holds; the view says when it stopped short. */
export const MAX_HOUSEHOLD_MEMBERS = 30;
/** Merges are rarely chained; this bounds a walk along a corrupt chain. */
const MAX_MERGE_HOPS = 16;
/** Bounds on the rows one view reads, so a pathological record (a hostel address, a mass import) cannot swamp it. */
const MAX_FACTS_READ = 500;
const MAX_ADDRESS_ROWS = 500;
/**
 * Records from domestic abuse services are not used as evidence of co-residence: refuge addresses are
 * confidential, and unrelated families share refuge accommodation.
 */
const NO_ADDRESS_EVIDENCE_FROM = ['domestic-abuse-services'];

export interface AgencyTypeRef {
  agencyTypeCode: string;
  agencyTypeName: string;
}

export interface MemberRelationship {
  /** One stored row behind the fact (for ending it) and its version. */
  relationshipId: string;
  version: number;
  /** The other person. */
  personId: string;
  kind: RelationshipKind;
  source: RelationshipSource;
  /** False: "this member is <kind> the other person". True: "the other person is <kind> this member". Always false for symmetric kinds. */
  inverse: boolean;
}

export interface FamilyMember {
  personId: string;
  /** One of the people the view was asked about. */
  isSubject: boolean;
  isChild: boolean;
  ageYears: number | null;
  /** The name on the viewer agency's own record of this person; null when it holds none ("Name held by another agency"). */
  displayName: string | null;
  relationshipTo: MemberRelationship[];
  /** Agency types holding an active record of this person: types only, never the agencies' values. */
  knownTo: AgencyTypeRef[];
  /** Think Family flags: adults only. */
  flags: ThinkFamilyFlag[];
}

export interface SharedAddress {
  /** A person recorded at the same address (postcode and first line) as a subject. */
  personId: string;
  withPersonId: string;
  /** The agency types whose records place them there: "recorded at the same address by Housing". */
  recordedBy: AgencyTypeRef[];
}

export interface FamilyView {
  /** The active people the view is about (merged ids resolved). */
  subjectIds: string[];
  members: FamilyMember[];
  sharedAddress: SharedAddress[];
  /** True when more people were related than the view holds. */
  isTruncated: boolean;
}

export interface HouseholdOptions {
  /** "Now" for ages (the service passes its clock). */
  now?: Date;
  /** The viewer's teams: a restricted person is left out unless the viewer is in its named team. */
  viewerTeamIds?: readonly string[];
  maxMembers?: number;
}

export interface ResolvedFact {
  id: string;
  version: number;
  personId: string;
  relatedPersonId: string;
  kind: RelationshipKind;
  source: RelationshipSource;
}

/**
 * Follows merges forward: each id to the active person it now belongs to (itself when active).
 * Ids that are not people are left out of the map.
 */
export async function resolvePersons(db: FamilyDb, ids: readonly string[]): Promise<Map<string, string>> {
  const resolved = new Map<string, string>();
  let pending = new Map<string, string>([...new Set(ids.filter(isUuid))].map((id) => [id, id]));
  for (let hop = 0; hop < MAX_MERGE_HOPS && pending.size; hop++) {
    const rows = await db.selectFrom('persons').select(['id', 'status', 'mergedIntoId']).where('id', 'in', [...new Set(pending.values())]).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const next = new Map<string, string>();
    for (const [original, current] of pending) {
      const row = byId.get(current);
      if (!row) continue;
      if (row.status === 'merged' && row.mergedIntoId) next.set(original, row.mergedIntoId);
      else resolved.set(original, current);
    }
    pending = next;
  }
  return resolved;
}

/** Follows merges backward: every id that now resolves to one of these active people (themselves included). */
async function aliasesOf(db: FamilyDb, activeIds: readonly string[]): Promise<Map<string, string>> {
  const alias = new Map<string, string>(activeIds.map((id) => [id, id]));
  let frontier = [...new Set(activeIds)];
  for (let hop = 0; hop < MAX_MERGE_HOPS && frontier.length; hop++) {
    const rows = await db.selectFrom('persons').select(['id', 'mergedIntoId']).where('mergedIntoId', 'in', frontier).where('status', '=', 'merged').execute();
    frontier = [];
    for (const r of rows) {
      if (alias.has(r.id)) continue;
      alias.set(r.id, alias.get(r.mergedIntoId!)!);
      frontier.push(r.id);
    }
  }
  return alias;
}

/** Resolves stored rows to facts between active people: self-facts dropped, duplicates folded (earliest row kept). */
async function resolveFacts(db: FamilyDb, rows: readonly ResolvedFact[]): Promise<ResolvedFact[]> {
  if (!rows.length) return [];
  const to = await resolvePersons(
    db,
    rows.flatMap((r) => [r.personId, r.relatedPersonId]),
  );
  const facts = new Map<string, ResolvedFact>();
  for (const r of rows) {
    const a = to.get(r.personId);
    const b = to.get(r.relatedPersonId);
    if (!a || !b || a === b) continue;
    const fact = canonicalFact({ ...r, personId: a, relatedPersonId: b });
    const key = factKey(fact);
    if (!facts.has(key)) facts.set(key, fact);
  }
  return [...facts.values()];
}

const FACT_COLUMNS = ['id', 'version', 'personId', 'relatedPersonId', 'kind', 'source'] as const;

/** Active facts with either side among these people (through merges). */
async function factsTouching(db: FamilyDb, activeIds: readonly string[]): Promise<ResolvedFact[]> {
  if (!activeIds.length) return [];
  const ids = [...(await aliasesOf(db, activeIds)).keys()];
  const rows = await db
    .selectFrom('relationships')
    .select(FACT_COLUMNS)
    .where('endedAt', 'is', null)
    .where((eb) => eb.or([eb('personId', 'in', ids), eb('relatedPersonId', 'in', ids)]))
    .orderBy('recordedAt')
    .orderBy('id')
    .limit(MAX_FACTS_READ)
    .execute();
  return resolveFacts(db, rows);
}

/** Active facts with both sides among these people (through merges). */
export async function factsAmong(db: FamilyDb, activeIds: readonly string[]): Promise<ResolvedFact[]> {
  if (activeIds.length < 2) return [];
  const ids = [...(await aliasesOf(db, activeIds)).keys()];
  const rows = await db
    .selectFrom('relationships')
    .select(FACT_COLUMNS)
    .where('endedAt', 'is', null)
    .where('personId', 'in', ids)
    .where('relatedPersonId', 'in', ids)
    .orderBy('recordedAt')
    .orderBy('id')
    .limit(MAX_FACTS_READ)
    .execute();
  const members = new Set(activeIds);
  return (await resolveFacts(db, rows)).filter((f) => members.has(f.personId) && members.has(f.relatedPersonId));
}

/** Every stored active row that is this fact, through merges (a merge can leave two rows for one fact). */
export async function rowsOfFact(db: FamilyDb, fact: { personId: string; relatedPersonId: string; kind: RelationshipKind }): Promise<string[]> {
  const ids = [...(await aliasesOf(db, [fact.personId, fact.relatedPersonId])).keys()];
  const rows = await db.selectFrom('relationships').select(FACT_COLUMNS).where('endedAt', 'is', null).where('kind', '=', fact.kind).where('personId', 'in', ids).where('relatedPersonId', 'in', ids).execute();
  const to = await resolvePersons(
    db,
    rows.flatMap((r) => [r.personId, r.relatedPersonId]),
  );
  const key = factKey(fact);
  return rows.filter((r) => factKey({ personId: to.get(r.personId) ?? r.personId, relatedPersonId: to.get(r.relatedPersonId) ?? r.relatedPersonId, kind: r.kind }) === key).map((r) => r.id);
}

interface CoResident {
  personId: string;
  withPersonId: string;
  type: AgencyTypeRef;
}

/** People whose active records share a subject's postcode and first address line (a street is not a home). */
async function coResidentsOf(db: FamilyDb, subjectIds: readonly string[]): Promise<CoResident[]> {
  const own = await db
    .selectFrom('personLinks as l')
    .innerJoin('sourceRecords as r', 'r.id', 'l.sourceRecordId')
    .innerJoin('agencies as a', 'a.id', 'r.agencyId')
    .select(['l.personId', 'r.postcode', 'r.address'])
    .where('l.personId', 'in', subjectIds)
    .where('l.endedAt', 'is', null)
    .where('r.postcode', 'is not', null)
    .where('a.typeCode', 'not in', NO_ADDRESS_EVIDENCE_FROM)
    .execute();
  const subjectAt = new Map<string, string>();
  for (const r of own) {
    const key = addressKey(r.postcode, r.address);
    if (key && !subjectAt.has(key)) subjectAt.set(key, r.personId);
  }
  if (!subjectAt.size) return [];
  const postcodes = [...new Set([...subjectAt.keys()].map((k) => k.split('|')[0]!))];
  const near = await db
    .selectFrom('sourceRecords as r')
    .innerJoin('personLinks as l', (join) => join.onRef('l.sourceRecordId', '=', 'r.id').on('l.endedAt', 'is', null))
    .innerJoin('agencies as a', 'a.id', 'r.agencyId')
    .innerJoin('agencyTypes as t', 't.code', 'a.typeCode')
    .select(['l.personId', 'r.postcode', 'r.address', 'a.typeCode', 't.name as typeName'])
    .where('r.postcode', 'is not', null)
    .where(sql<string>`upper(replace(${sql.ref('r.postcode')}, ' ', ''))`, 'in', postcodes)
    .where('l.personId', 'not in', subjectIds)
    .where('a.typeCode', 'not in', NO_ADDRESS_EVIDENCE_FROM)
    .orderBy('r.id')
    .limit(MAX_ADDRESS_ROWS)
    .execute();
  const out: CoResident[] = [];
  for (const r of near) {
    const key = addressKey(r.postcode, r.address);
    const withPersonId = key ? subjectAt.get(key) : undefined;
    if (withPersonId) out.push({ personId: r.personId, withPersonId, type: { agencyTypeCode: r.typeCode, agencyTypeName: r.typeName } });
  }
  return out;
}

export interface PersonProfile {
  isChild: boolean;
  ageYears: number | null;
  displayName: string | null;
  knownTo: AgencyTypeRef[];
  flags: ThinkFamilyFlag[];
}

/**
 * What the family view says about each person, from their active records: age (earliest date of birth), the
 * agency types that know them, Think Family flags, and a name only from the viewer agency's own records.
 */
export async function profilesOf(db: FamilyDb, personIds: readonly string[], viewerAgencyId: string | null, now: Date): Promise<Map<string, PersonProfile>> {
  const profiles = new Map<string, PersonProfile>();
  if (!personIds.length) return profiles;
  const rows = await db
    .selectFrom('personLinks as l')
    .innerJoin('sourceRecords as r', 'r.id', 'l.sourceRecordId')
    .innerJoin('agencies as a', 'a.id', 'r.agencyId')
    .innerJoin('agencyTypes as t', 't.code', 'a.typeCode')
    .select(['l.personId', 'r.agencyId', 'a.typeCode', 't.name as typeName', 'r.forenames', 'r.surname', 'r.dateOfBirth', 'r.updatedAt'])
    .where('l.personId', 'in', [...personIds])
    .where('l.endedAt', 'is', null)
    .orderBy('r.updatedAt', 'desc')
    .orderBy('r.id')
    .execute();
  for (const personId of personIds) {
    const mine = rows.filter((r) => r.personId === personId);
    const ageYears = ageInYears(earliestDateOfBirth(mine.map((r) => r.dateOfBirth)), now);
    const isChild = isChildAt(ageYears);
    const knownTo = [...new Map(mine.map((r) => [r.typeCode, { agencyTypeCode: r.typeCode, agencyTypeName: r.typeName }])).values()].sort((x, y) => x.agencyTypeName.localeCompare(y.agencyTypeName));
    const own = viewerAgencyId ? mine.find((r) => r.agencyId === viewerAgencyId) : undefined;
    profiles.set(personId, {
      isChild,
      ageYears,
      displayName: own ? `${own.forenames} ${own.surname}` : null,
      knownTo,
      flags: thinkFamilyFlags(
        knownTo.map((k) => k.agencyTypeCode),
        isChild,
      ),
    });
  }
  return profiles;
}

/**
 * The family view of one or more people: the subjects, everyone related to them by an active relationship
 * (one hop, plus their siblings' relationships so step-parents appear), and people recorded at the same
 * address. Restricted people outside the viewer's teams are left out. At most `maxMembers` (30) people.
 */
export async function householdOf<DB extends FamilyTables>(executor: FamilyExecutor<DB>, personIds: readonly string[], viewerAgencyId: string | null, options: HouseholdOptions = {}): Promise<FamilyView> {
  const db = asFamilyDb(executor);
  const now = options.now ?? new Date();
  const cap = options.maxMembers ?? MAX_HOUSEHOLD_MEMBERS;
  const resolved = await resolvePersons(db, personIds);
  const subjectIds = [...new Set(personIds.map((id) => resolved.get(id)).filter((id): id is string => Boolean(id)))];
  if (!subjectIds.length) return { subjectIds, members: [], sharedAddress: [], isTruncated: false };
  const subjects = new Set(subjectIds);

  // Candidates in order of closeness: subjects, their relatives, their siblings' relatives, co-residents.
  const order = new Set<string>(subjectIds);
  const direct = await factsTouching(db, subjectIds);
  const siblings = new Set<string>();
  for (const f of direct) {
    for (const [me, other] of [
      [f.personId, f.relatedPersonId],
      [f.relatedPersonId, f.personId],
    ] as const) {
      if (!subjects.has(me) || subjects.has(other)) continue;
      order.add(other);
      if (f.kind === 'sibling-of') siblings.add(other);
    }
  }
  for (const f of await factsTouching(db, [...siblings])) {
    order.add(f.personId);
    order.add(f.relatedPersonId);
  }
  const coResidents = await coResidentsOf(db, subjectIds);
  for (const c of coResidents) order.add(c.personId);

  // Restricted people stay hidden unless the viewer is in the named team (a subject was checked by the caller).
  const candidates = [...order];
  const restricted = await db.selectFrom('persons').select(['id', 'restrictedTeamId']).where('id', 'in', candidates).where('isRestricted', '=', true).execute();
  const teams = new Set(options.viewerTeamIds ?? []);
  const hidden = new Set(restricted.filter((r) => !subjects.has(r.id) && !(r.restrictedTeamId && teams.has(r.restrictedTeamId))).map((r) => r.id));
  const visible = candidates.filter((id) => !hidden.has(id));
  const memberIds = visible.slice(0, cap);
  const inView = new Set(memberIds);

  const facts = await factsAmong(db, memberIds);
  const profiles = await profilesOf(db, memberIds, viewerAgencyId, now);
  const members: FamilyMember[] = memberIds.map((personId) => {
    const profile = profiles.get(personId)!;
    const relationshipTo: MemberRelationship[] = [];
    for (const f of facts) {
      if (f.personId !== personId && f.relatedPersonId !== personId) continue;
      const other = f.personId === personId ? f.relatedPersonId : f.personId;
      relationshipTo.push({ relationshipId: f.id, version: f.version, personId: other, kind: f.kind, source: f.source, inverse: f.personId !== personId && !SYMMETRIC_KINDS.has(f.kind) });
    }
    return { personId, isSubject: subjects.has(personId), ...profile, relationshipTo };
  });

  const shared = new Map<string, SharedAddress>();
  for (const c of coResidents) {
    if (!inView.has(c.personId)) continue;
    const key = `${c.personId}|${c.withPersonId}`;
    const entry = shared.get(key) ?? { personId: c.personId, withPersonId: c.withPersonId, recordedBy: [] };
    if (!entry.recordedBy.some((t) => t.agencyTypeCode === c.type.agencyTypeCode)) entry.recordedBy.push(c.type);
    shared.set(key, entry);
  }
  return { subjectIds, members, sharedAddress: [...shared.values()], isTruncated: visible.length > memberIds.length };
}

export interface ThinkFamilyPrompt {
  adultPersonId: string;
  flags: ThinkFamilyFlag[];
  /** Children in the adult's household who were not named (the concern has not considered them yet). */
  children: { personId: string; ageYears: number | null }[];
}

/**
 * For each adult known to adult mental health, substance misuse, probation or domestic abuse services, the
 * children in their household not among the children already named. Adults with no such children get no prompt.
 */
export async function thinkFamilyPrompts<DB extends FamilyTables>(
  executor: FamilyExecutor<DB>,
  adultPersonIds: readonly string[],
  namedChildPersonIds: readonly string[],
  options: HouseholdOptions = {},
): Promise<ThinkFamilyPrompt[]> {
  const db = asFamilyDb(executor);
  const now = options.now ?? new Date();
  const adults = [...new Set((await resolvePersons(db, adultPersonIds)).values())];
  const named = new Set((await resolvePersons(db, namedChildPersonIds)).values());
  const profiles = await profilesOf(db, adults, null, now);
  const prompts: ThinkFamilyPrompt[] = [];
  for (const adult of adults) {
    const profile = profiles.get(adult);
    if (!profile?.flags.length) continue;
    const view = await householdOf(db, [adult], null, options);
    const children = view.members.filter((m) => m.isChild && !m.isSubject && !named.has(m.personId)).map((m) => ({ personId: m.personId, ageYears: m.ageYears }));
    if (children.length) prompts.push({ adultPersonId: adult, flags: profile.flags, children });
  }
  return prompts;
}


/**
 * Of these active people, those with an active record held by an agency of one of the Think Family types (adult
 * mental health, substance misuse, probation, domestic abuse services): one indexed read, so a caller can skip
 * the fuller Think Family work for the many households no adult service knows.
 */
export async function knownToAdultServices<DB extends FamilyTables>(executor: FamilyExecutor<DB>, personIds: readonly string[]): Promise<string[]> {
  if (!personIds.length) return [];
  const rows = await asFamilyDb(executor)
    .selectFrom('personLinks as l')
    .innerJoin('sourceRecords as r', 'r.id', 'l.sourceRecordId')
    .innerJoin('agencies as a', 'a.id', 'r.agencyId')
    .select('l.personId')
    .distinct()
    .where('l.personId', 'in', [...new Set(personIds)])
    .where('l.endedAt', 'is', null)
    .where('a.typeCode', 'in', [...THINK_FAMILY_FLAGS])
    .execute();
  return rows.map((r) => r.personId);
}
