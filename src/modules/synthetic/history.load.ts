// Synthetic London's practice history into the database: the front door's contacts, with their screenings (RAG
// history), agency checks and decisions, and the casework that followed (episodes, assessments, strategy
// discussions, section 47 enquiries, conferences, plans, early help, closures, with their deadlines and case
// history: casework-history.load.ts), so the demo opens on believable work rather than placeholders.
//
// The synthesis is regenerated for the same seed and scale (with history) and mapped event by event. People are
// named in events by the agencies' source records (`<agency code>:<local id>`); each is resolved to the person its
// record was linked to when loadSynthetic bulk-loaded the records (source_records → person_links, active). A
// contact none of whose children resolves is left out and counted.
//
// Time: the synthesis ends on a fixed as-at date. Every instant is shifted by a whole number of weeks (weekdays
// and office hours are kept) so that the as-at date falls in the 7 days up to `now`; whatever would happen after
// `now` has not happened yet. Contacts with no decision by then are open: they are what the hub queue shows.
//
// A bulk data path like identity's bulk-load: direct batched inserts into the front door's and casework's tables,
// one transaction per batch of households, and one audit event per contact, case episode and early help episode
// created, as the system actor. Idempotent: a seed whose first contact is already held is not loaded again, and
// every row has a deterministic id (casework rows are inserted "on conflict do nothing" besides).
import { syntheticSourceRecords } from './synthetic.load.ts';
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { SystemActor } from '../../kernel/actor.ts';
import type { AuditEntry, AuditTrail } from '../../platform/audit/audit-trail.ts';
import type { PlatformTables } from '../../platform/db/schema.ts';
import type { BulkSourceRecord, IdentityTables } from '../identity/index.ts';
import {
  alertsFor,
  decisionDueAt,
  DEFAULT_SETTINGS,
  INDICATORS,
  levelForRag,
  OUTCOMES,
  RAG_PRESETS,
  screeningDueAt,
  type AlertKind,
  type FrontDoorTables,
  type Outcome,
  type Rag,
} from '../front-door/index.ts';
import type { ContactStatus } from '../front-door/index.ts';
import { DEFAULT_AS_AT, resolveSynthesis, synthesiseLondon, type HouseholdBundle, type SynthesisOptions } from './synthesise.ts';
import { parseDay } from './dates.ts';
import { DEFAULT_RULEBOOK, type CaseworkTables } from '../casework/index.ts';
import { buildCaseworkRows, CASEWORK_TABLE_ORDER, CASEWORK_TYPES, emptyCaseworkCounts, rulebooksFrom, type CaseworkHistoryEvent, type CaseworkLoadCounts } from './casework-history.load.ts';

type Tables = PlatformTables & IdentityTables & FrontDoorTables;
type Trx = Transaction<Tables>;

export interface HistoryLoadOptions {
  seed: number;
  scale: number;
  /** The instant the shifted history ends at (the demo's clock). */
  now: Date;
  asAt?: string;
  years?: number;
  errorScale?: number;
  /** Contacts per transaction (whole households; default 2,000). */
  batchContacts?: number;
  onProgress?: (p: { contacts: number; households: number }) => void;
}

export interface HistoryLoadResult {
  /** True when the seed's history was already held, so nothing was loaded. */
  alreadyLoaded: boolean;
  contacts: number;
  /** Contacts still open at `now` (no decision yet). */
  open: number;
  decided: number;
  screenings: number;
  agencyChecks: number;
  contactEvents: number;
  alerts: number;
  /** Contacts left out because none of their children resolved to a person. */
  unresolved: number;
  /** People named in loaded contacts whose record did not resolve (left off the contact). */
  unresolvedPeople: number;
  /** Police notifications: the protection desk's bulk path is not wired here yet (see README). */
  policeNotificationsSkipped: number;
  /** Casework loaded: episodes, steps, deadlines and case events (casework-history.load.ts). */
  casework: CaseworkLoadCounts;
  /** Events of a type no loader takes yet (none today: kept so a new event type is counted, not lost). */
  deferred: number;
  deferredByType: Record<string, number>;
  /** Events the shift put after `now`: not happened yet. */
  notYetHappened: number;
  /** Whole days every instant was moved by (a multiple of 7). */
  shiftDays: number;
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const ROWS_PER_STATEMENT = 1000;
const FRONT_DOOR_TYPES = new Set(['contact', 'screening', 'agency-check', 'decision']);
const PRESET = RAG_PRESETS[DEFAULT_SETTINGS.presetCode]!;
const HOURS = DEFAULT_SETTINGS.workingHours;

/** A uuid from a name (the shape of a v5 uuid, from SHA-1), so the same seed and event give the same row id. */
export function syntheticUuid(seed: number, name: string): string {
  const h = createHash('sha1').update(`safehub-synthetic:${seed}:${name}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** Whole weeks that move the as-at date into the 7 days up to `now` (never past it). */
export function historyShift(asAt: string, now: Date): { shiftMs: number; cutoff: Date } {
  const asAtDay = parseDay(asAt);
  const nowDay = Math.floor(now.getTime() / DAY_MS);
  const weeks = Math.floor((nowDay - asAtDay) / 7);
  const shiftMs = weeks * WEEK_MS;
  const asAtEnd = (asAtDay + 1) * DAY_MS + shiftMs;
  return { shiftMs, cutoff: new Date(Math.min(asAtEnd, now.getTime())) };
}

/**
 * The agency source records of the synthesis WITH its history, as the identity bulk loader takes them. The history
 * opens children's social care and police records of its own (and so moves every later local id of those
 * agencies), so a database whose history is to be loaded must hold these records, not those of a synthesis
 * without history. The mapping is synthetic.load.ts's (which always generates without history).
 */
export function syntheticRecordsWithHistory(options: Omit<SynthesisOptions, 'history'>): { records: BulkSourceRecord[]; invalid: number; people: number } {
  const { records, invalid, people } = syntheticSourceRecords({ ...options, history: true });
  return { records, invalid: invalid.length, people };
}

// -- synthetic words: invented, generic, never anyone's -------------------------------------------------------

/** A stable pick from a list, keyed by a string (no random stream needed: ids are already scrambled). */
function pick<T>(list: readonly T[], key: string): T {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return list[(h >>> 0) % list.length]!;
}

const FORENAMES = ['Sam', 'Alex', 'Jo', 'Chris', 'Priya', 'Tom', 'Aisha', 'Daniel', 'Grace', 'Kemi', 'Maria', 'Liam', 'Fatima', 'Ben', 'Hannah', 'Yusuf', 'Claire', 'Marek', 'Nadia', 'Owen'];
const SURNAMES = ['Taylor', 'Patel', 'Okafor', 'Brown', 'Khan', 'Walker', 'Nowak', 'Evans', 'Ahmed', 'Clarke', 'Silva', 'Mensah', 'Hughes', 'Begum', 'Wright', 'Osei', 'Murphy', 'Rossi', 'Green', 'Ali'];
const syntheticName = (key: string) => `${pick(FORENAMES, `f${key}`)} ${pick(SURNAMES, `s${key}`)}`;

/** The referrer's role, from the CIN referral source. */
const REFERRER_ROLES: Record<string, string> = {
  '1A': 'Family member',
  '1B': 'Neighbour',
  '1C': 'Young person (self-referral)',
  '1D': 'Member of the public',
  '2A': 'Designated safeguarding lead',
  '2B': 'Education welfare officer',
  '3A': 'GP',
  '3B': 'Health visitor',
  '3C': 'School nurse',
  '3D': 'Practice nurse',
  '3E': 'Emergency department nurse',
  '3F': 'Named nurse for safeguarding',
  '4': 'Housing officer',
  '5A': 'Social worker',
  '5B': 'Youth worker',
  '5C': 'Social worker, another local authority',
  '5D': 'Early help practitioner',
  '6': 'Police constable',
  '7': 'Probation officer',
  '8': 'Voluntary sector worker',
  '9': 'Anonymous caller',
  '10': 'Not recorded',
};

const CONCERN_TEXT: Record<string, readonly string[]> = {
  'domestic-abuse': ['Police attended a reported domestic incident at the home; the children were in the house at the time.', 'A parent disclosed ongoing controlling behaviour by a partner; the children have witnessed arguments.'],
  neglect: ['The children often arrive at school hungry and in unwashed clothes; attendance has dropped this term.', 'A home visit found little food in the house and the baby had missed health checks.'],
  'emotional-abuse': ['The child says they are frequently shouted at and told they are not wanted at home.', 'Staff have noticed the child is withdrawn and anxious after weekends at home.'],
  'physical-abuse': ['The child has unexplained bruising to the arm and gave differing accounts of how it happened.', 'The child said a parent hit them with a belt; a mark was seen on the leg.'],
  'sexual-abuse': ['The child made a disclosure to a teacher that needs to be considered under child protection procedures.', 'Concerns about sexualised behaviour beyond the child’s age were raised by nursery staff.'],
  'parental-mental-health': ['A parent has been admitted to hospital following a mental health crisis; care of the children is unclear.', 'A parent’s mental health has deteriorated and they are struggling to care for the children.'],
  'parental-substance-misuse': ['A parent was found intoxicated while caring for the children.', 'Neighbours report regular drug use at the address with young children present.'],
  'child-mental-health': ['The young person has talked about self-harm and is not attending school.', 'The child’s mental health has declined and the family is asking for support.'],
  'child-sexual-exploitation': ['The young person has been seen getting into cars with older unknown adults and has new phones and gifts.', 'Concern that the young person is being groomed online by an adult.'],
  'child-criminal-exploitation': ['The young person was stopped far from home carrying cash and more than one phone.', 'Concern that the young person is being drawn into county lines activity.'],
  missing: ['The young person has been reported missing from home three times this month.', 'The child was missing overnight and would not say where they had been.'],
  'school-attendance': ['Attendance has fallen below 60% and the family has not responded to the school.', 'The child has been absent for several weeks without explanation.'],
  housing: ['The family has been served notice and may soon be homeless with young children.', 'The family is living in one overcrowded room with damp and no cooking facilities.'],
};

const DISCLOSURE_TEXT: Record<string, readonly string[]> = {
  summary: ['Known to the service; summary of recent involvement shared.', 'Previous contact recorded; brief summary shared with the hub.'],
  full: ['Known to the service; chronology of involvement and current concerns shared in full.', 'Open to the service; full record of recent involvement shared.'],
};

// -- the load ---------------------------------------------------------------------------------------------------

interface Resolved {
  sourceRecordId: string;
  personId: string;
  forenames: string;
  surname: string;
  dateOfBirth: string | null;
  sex: string | null;
  nhsNumber: string | null;
  postcode: string | null;
  address: string | null;
}

type Fields = Record<string, unknown>;

interface ContactDraft {
  eventId: string;
  fields: Fields;
  receivedAt: Date;
  screenings: { at: Date; rag: Rag; reason: string }[];
  checks: { eventId: string; at: Date; fields: Fields }[];
  decision: { at: Date; fields: Fields } | undefined;
}

export async function loadSyntheticHistory(db: Kysely<Tables>, audit: AuditTrail, actor: SystemActor, options: HistoryLoadOptions): Promise<HistoryLoadResult> {
  const synthesis: SynthesisOptions = { seed: options.seed, scale: options.scale, asAt: options.asAt, years: options.years, errorScale: options.errorScale, history: true };
  const s = resolveSynthesis(synthesis);
  const { shiftMs, cutoff } = historyShift(options.asAt ?? DEFAULT_AS_AT, options.now);
  const result: HistoryLoadResult = {
    alreadyLoaded: false,
    contacts: 0,
    open: 0,
    decided: 0,
    screenings: 0,
    agencyChecks: 0,
    contactEvents: 0,
    alerts: 0,
    unresolved: 0,
    unresolvedPeople: 0,
    policeNotificationsSkipped: 0,
    casework: emptyCaseworkCounts(),
    deferred: 0,
    deferredByType: {},
    notYetHappened: 0,
    shiftDays: Math.round(shiftMs / DAY_MS),
  };
  const agencies = await db.selectFrom('agencies').select(['id', 'code', 'name']).execute();
  const agencyIds = new Map(agencies.map((a) => [a.code, a.id]));
  const agencyByCode = new Map(agencies.map((a) => [a.code, { id: a.id, name: a.name }]));
  const settings = await db.withTables<CaseworkTables>().selectFrom('caseworkSettings').select(['laCode', 'rulebook', 'overrides']).execute();
  const loader = new HistoryLoader(db, audit, actor, options.seed, shiftMs, cutoff, agencyIds, result, {
    agencyOf: (code) => agencyByCode.get(code),
    rulebookOf: rulebooksFrom(settings, DEFAULT_RULEBOOK),
  });
  const limit = options.batchContacts ?? 2000;

  let batch: HouseholdBundle[] = [];
  let pending = 0;
  let households = 0;
  let checked = false;
  for (const bundle of synthesiseLondon(s)) {
    if (!checked) {
      const first = bundle.events.find((e) => e.fields.type === 'contact');
      if (first) {
        checked = true;
        const held = await db.selectFrom('contacts').select('id').where('id', '=', syntheticUuid(options.seed, String(first.fields.id))).executeTakeFirst();
        if (held) return { ...result, alreadyLoaded: true };
      }
    }
    batch.push(bundle);
    households++;
    for (const e of bundle.events) if (e.fields.type === 'contact') pending++;
    if (pending >= limit) {
      await loader.load(batch);
      options.onProgress?.({ contacts: result.contacts, households });
      batch = [];
      pending = 0;
    }
  }
  if (batch.length) await loader.load(batch);
  options.onProgress?.({ contacts: result.contacts, households });
  return result;
}

class HistoryLoader {
  private readonly decisionDue = new Map<number, Date>();

  constructor(
    private readonly db: Kysely<Tables>,
    private readonly audit: AuditTrail,
    private readonly actor: SystemActor,
    private readonly seed: number,
    private readonly shiftMs: number,
    private readonly cutoff: Date,
    private readonly agencyIds: Map<string, string>,
    private readonly result: HistoryLoadResult,
    private readonly casework: { agencyOf: (code: string) => { id: string; name: string } | undefined; rulebookOf: ReturnType<typeof rulebooksFrom> },
  ) {}

  private instant(iso: unknown): Date {
    return new Date(Date.parse(String(iso)) + this.shiftMs);
  }

  private happened(at: Date): boolean {
    return at.getTime() <= this.cutoff.getTime();
  }

  /** decisionDueAt depends only on the London day of receipt: cached by hour (London's offset is whole hours). */
  private decisionDueAt(receivedAt: Date): Date {
    const hour = Math.floor(receivedAt.getTime() / 3_600_000);
    let due = this.decisionDue.get(hour);
    if (!due) {
      due = decisionDueAt(receivedAt, HOURS);
      this.decisionDue.set(hour, due);
    }
    return due;
  }

  /** One transaction: the contacts of a batch of households, with everything recorded about them. */
  async load(bundles: HouseholdBundle[]): Promise<void> {
    const drafts = new Map<string, ContactDraft>();
    const casework: CaseworkHistoryEvent[] = [];
    for (const bundle of bundles) {
      for (const { fields: f } of bundle.events) {
        const type = String(f.type);
        if (CASEWORK_TYPES.has(type)) {
          const at = this.instant(f.at);
          if (this.happened(at)) casework.push({ at, fields: f });
          else this.result.notYetHappened++;
          continue;
        }
        if (!FRONT_DOOR_TYPES.has(type)) {
          if (type === 'police-notification') this.result.policeNotificationsSkipped++;
          else {
            this.result.deferred++;
            this.result.deferredByType[type] = (this.result.deferredByType[type] ?? 0) + 1;
          }
          continue;
        }
        const at = this.instant(f.at);
        if (!this.happened(at)) {
          this.result.notYetHappened++;
          continue;
        }
        if (type === 'contact') {
          drafts.set(String(f.id), { eventId: String(f.id), fields: f, receivedAt: at, screenings: [], checks: [], decision: undefined });
          continue;
        }
        const draft = drafts.get(String(f.contact));
        if (!draft) continue;
        if (type === 'screening') draft.screenings.push({ at, rag: f.rag as Rag, reason: String(f.reason) });
        else if (type === 'agency-check') draft.checks.push({ eventId: String(f.id), at, fields: f });
        else if (type === 'decision') draft.decision = { at, fields: f };
      }
    }
    if (!drafts.size && !casework.length) return;

    // Resolve every record named to the person it is linked to.
    const named = new Set<string>();
    for (const d of drafts.values()) for (const id of [...(d.fields.children as string[]), ...(d.fields.adults as string[])]) named.add(id);
    for (const e of casework) if (typeof e.fields.child === 'string') named.add(e.fields.child);
    const resolved = await this.resolve([...named]);
    const rows = this.rows([...drafts.values()], resolved);
    const cases = buildCaseworkRows(
      casework,
      {
        uuid: (name) => syntheticUuid(this.seed, name),
        shiftDays: this.result.shiftDays,
        personOf: (record) => resolved.get(record)?.personId,
        contactOutcomes: new Map(rows.contacts.map((c) => [String(c.id), (c.outcome as string | null) ?? null])),
        rulebookOf: this.casework.rulebookOf,
        agencyOf: this.casework.agencyOf,
        nameOf: syntheticName,
      },
      this.result.casework,
    );
    if (!rows.contacts.length && !cases.caseEpisodes.length && !cases.earlyHelpEpisodes.length) return;

    await this.db.transaction().execute(async (trx) => {
      const refs = rows.contacts.length ? await sql<{ n: string }>`select nextval('contact_reference_seq') as n from generate_series(1, ${rows.contacts.length})`.execute(trx) : { rows: [] };
      rows.contacts.forEach((c, i) => {
        c.reference = `${c.laCode}-${new Date(c.receivedAt).getUTCFullYear()}-${String(refs.rows[i]!.n).padStart(6, '0')}`;
      });
      await insertAll(trx, 'contacts', rows.contacts);
      await insertAll(trx, 'contactPersons', rows.persons);
      await insertAll(trx, 'screenings', rows.screenings);
      await insertAll(trx, 'agencyChecks', rows.checks);
      await insertAll(trx, 'contactEvents', rows.events);
      await insertAll(trx, 'contactAlerts', rows.alerts);
      for (const table of CASEWORK_TABLE_ORDER) await insertAll(trx, table, cases[table], true);
      await this.audit.recordMany(trx, this.actor, [...rows.audit, ...cases.audit]);
    });
    this.result.contacts += rows.contacts.length;
    this.result.screenings += rows.screenings.length;
    this.result.agencyChecks += rows.checks.length;
    this.result.contactEvents += rows.events.length;
    this.result.alerts += rows.alerts.length;
    for (const c of rows.contacts) {
      if (c.status === 'decided' || c.status === 'awaiting-sign-off') this.result.decided++;
      else this.result.open++;
    }
  }

  private async resolve(recordIds: string[]): Promise<Map<string, Resolved>> {
    const out = new Map<string, Resolved>();
    const agencies: string[] = [];
    const localIds: string[] = [];
    for (const id of recordIds) {
      const colon = id.indexOf(':');
      const agencyId = this.agencyIds.get(id.slice(0, colon));
      if (!agencyId) continue;
      agencies.push(agencyId);
      localIds.push(id.slice(colon + 1));
    }
    const codeOf = new Map([...this.agencyIds].map(([code, id]) => [id, code]));
    for (let i = 0; i < agencies.length; i += 5000) {
      const { rows } = await sql<{ id: string; agencyId: string; localId: string; personId: string; forenames: string; surname: string; dateOfBirth: string | Date | null; sex: string | null; nhsNumber: string | null; postcode: string | null; address: string | null }>`
        select r.id, r.agency_id as "agencyId", r.local_id as "localId", l.person_id as "personId", r.forenames, r.surname,
               r.date_of_birth::text as "dateOfBirth", r.sex, r.nhs_number as "nhsNumber", r.postcode, r.address
          from unnest(${agencies.slice(i, i + 5000)}::uuid[], ${localIds.slice(i, i + 5000)}::text[]) as k(agency_id, local_id)
          join source_records r on r.agency_id = k.agency_id and r.local_id = k.local_id
          join person_links l on l.source_record_id = r.id and l.ended_at is null`.execute(this.db);
      for (const r of rows) {
        out.set(`${codeOf.get(r.agencyId)}:${r.localId}`, {
          sourceRecordId: r.id,
          personId: r.personId,
          forenames: r.forenames,
          surname: r.surname,
          dateOfBirth: r.dateOfBirth === null ? null : String(r.dateOfBirth),
          sex: r.sex,
          nhsNumber: r.nhsNumber,
          postcode: r.postcode,
          address: r.address,
        });
      }
    }
    return out;
  }

  private rows(drafts: ContactDraft[], resolved: Map<string, Resolved>) {
    const contacts: (Record<string, unknown> & { reference: string; laCode: string; receivedAt: Date; status: ContactStatus })[] = [];
    const persons: Record<string, unknown>[] = [];
    const screenings: Record<string, unknown>[] = [];
    const checks: Record<string, unknown>[] = [];
    const events: Record<string, unknown>[] = [];
    const alerts: Record<string, unknown>[] = [];
    const audit: AuditEntry[] = [];
    // Earlier contacts about each child (a child's whole history is in its household's bundle, so one batch).
    const prior = new Map<string, { receivedAt: Date; isReferral: boolean }[]>();
    const event = (contactId: string, kind: string, at: Date, details: Fields, isSignificant = false, actorAgencyId: string | null = null) =>
      events.push({ contactId, kind, occurredAt: at, actorUserId: null, actorAgencyId, details, isSignificant });

    for (const d of drafts.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime())) {
      const f = d.fields;
      const children = (f.children as string[]).map((id) => resolved.get(id));
      const adults = (f.adults as string[]).map((id) => resolved.get(id));
      if (!children.some(Boolean)) {
        this.result.unresolved++;
        continue;
      }
      this.result.unresolvedPeople += [...children, ...adults].filter((p) => !p).length;
      const id = syntheticUuid(this.seed, d.eventId);
      const laCode = String(f.la);
      const receivedAt = d.receivedAt;
      const source = String(f.source);
      const concern = String(f.concern);
      const indicators = (f.indicators as string[]).filter((i) => i in INDICATORS);
      const decisionDue = this.decisionDueAt(receivedAt);

      // Screenings: each rating, with its clock from receipt.
      let rag: Rag | null = null;
      let screeningDue: Date | null = null;
      for (const sc of d.screenings) {
        const due = screeningDueAt(PRESET, sc.rag, receivedAt, HOURS);
        const level = levelForRag(PRESET, sc.rag) ?? null;
        screenings.push({ contactId: id, rag: sc.rag, thresholdLevel: level, reason: sc.reason === 'information-from-checks' ? 'Rating changed as information arrived from partner checks' : `Initial rating: ${INDICATORS[sc.reason as keyof typeof INDICATORS] ?? 'concern as described'}`, dueAt: due, ratedAt: sc.at, ratedBy: null });
        event(id, rag ? 'rating-changed' : 'rated', sc.at, { rag: sc.rag, from: rag, level }, sc.rag === 'red');
        rag = sc.rag;
        screeningDue = due;
      }

      // Agency checks, each with its sharing decision; one agency is asked once.
      const asked = new Set<string>();
      let strategyAt: Date | null = null;
      let recordedException = false;
      let outstanding = 0;
      const decided = d.decision !== undefined;
      for (const ch of d.checks) {
        const c = ch.fields;
        const agencyId = this.agencyIds.get(String(c.agency));
        if (!agencyId || asked.has(agencyId)) continue;
        asked.add(agencyId);
        const basis = c.basis === 'risk-exception' ? 'recorded-exception' : String(c.basis);
        if (basis === 'section-47' && !strategyAt) strategyAt = ch.at;
        if (basis === 'recorded-exception') recordedException = true;
        const checkId = syntheticUuid(this.seed, ch.eventId);
        const dueAt = this.instant(c.dueAt);
        const respondedAt = c.respondedAt ? this.instant(c.respondedAt) : null;
        const answered = respondedAt !== null && this.happened(respondedAt);
        const disclosed = String(c.disclosed);
        let status: 'requested' | 'responded' | 'no-information' | 'declined';
        let declineReason: string | null = null;
        if (answered && !c.held) status = 'no-information';
        else if (answered && disclosed !== 'none') status = 'responded';
        else if (answered) {
          status = 'declined';
          declineReason = 'What the agency holds is not relevant to this concern, so sharing it would not be proportionate';
        } else if (!decided) status = 'requested';
        else {
          status = 'declined';
          declineReason = 'No answer before the hub made its decision';
        }
        if (status === 'requested') outstanding++;
        const lawfulBasis = status === 'requested' ? null : basis === 'consent' ? 'consent' : 'public-task';
        const respondedOrDecided = answered ? respondedAt : status === 'declined' ? (d.decision?.at ?? null) : null;
        checks.push({
          id: checkId,
          contactId: id,
          agencyId,
          basis,
          question: 'Please share what your agency holds about the people named, and any current involvement.',
          requestedAt: ch.at,
          requestedBy: null,
          dueAt,
          status,
          escalatedAt: null,
          respondedAt: respondedOrDecided,
          respondedBy: null,
          disclosure: status === 'responded' ? pick(DISCLOSURE_TEXT[disclosed] ?? DISCLOSURE_TEXT.summary!, ch.eventId) : null,
          sharingWhat: status === 'responded' ? (disclosed === 'full' ? 'Full record of involvement' : 'Summary of involvement') : null,
          sharingWhy: status === 'responded' ? 'Necessary and proportionate to assess the risk to the child' : status === 'declined' ? declineReason : null,
          lawfulBasis,
          decidedByName: status === 'requested' ? null : syntheticName(ch.eventId),
          declineReason,
        });
        event(id, 'checks-requested', ch.at, { agencies: [agencyId], basis });
        if (respondedOrDecided && status !== 'requested') event(id, `check-${status}`, respondedOrDecided, { agencyId, checkId, lawfulBasis, late: respondedOrDecided > dueAt }, false, answered ? agencyId : null);
      }

      // Consent: the generator's position, in the front door's terms (with the exception the checks relied on).
      const consentIn = String(f.consent);
      let consent = consentIn === 'given' ? 'given' : consentIn === 'not-given' ? 'refused' : 'not-sought';
      let consentException: string | null = consent === 'not-sought' ? 'increased-risk' : null;
      if (consent === 'refused' && recordedException) {
        consent = 'overridden';
        consentException = 'increased-risk';
      }
      const consentAuthorisedBy = consentException ? `${syntheticName(`${d.eventId}m`)} (hub manager)` : null;

      // The decision, signed off where the board's default settings require it.
      let status: ContactStatus;
      let outcome: Outcome | null = null;
      let level: number | null = rag ? (levelForRag(PRESET, rag) ?? null) : null;
      let isReferral: boolean | null = null;
      let decidedAt: Date | null = null;
      let signOffRequired = false;
      let signedOffAt: Date | null = null;
      if (d.decision) {
        const df = d.decision.fields;
        outcome = mapOutcome(String(df.outcome), consent);
        level = Number(df.level) || OUTCOMES[outcome].level;
        isReferral = OUTCOMES[outcome].isReferral;
        decidedAt = d.decision.at;
        signOffRequired = DEFAULT_SETTINGS.signOffOutcomes.includes(outcome);
        if (signOffRequired) {
          const at = new Date(decidedAt.getTime() + (20 + (parseInt(d.eventId.slice(-2), 10) || 0)) * 60_000);
          signedOffAt = this.happened(at) ? at : null;
        }
        status = signOffRequired && !signedOffAt ? 'awaiting-sign-off' : 'decided';
      } else if (!rag) status = 'screening';
      else if (outstanding > 0) status = 'awaiting-checks';
      else status = 'awaiting-decision';
      const referrerToldAt = decidedAt && (!signOffRequired || signedOffAt) ? (signedOffAt ?? decidedAt) : null;
      const onStrategyTrack = strategyAt !== null || outcome === 'section-47-strategy-discussion' || outcome === 'immediate-protection';

      const referrerAgencyId = f.referrerAgency ? (this.agencyIds.get(String(f.referrerAgency)) ?? null) : null;
      const lastChange = [receivedAt, ...d.screenings.map((x) => x.at), signedOffAt ?? decidedAt ?? receivedAt].reduce((a, b) => (b > a ? b : a));
      contacts.push({
        id,
        reference: '',
        laCode,
        transferredFromLaCode: null,
        status,
        source,
        referrerUserId: null,
        referrerAgencyId,
        referrerName: source === '9' ? 'Anonymous' : syntheticName(d.eventId),
        referrerRole: REFERRER_ROLES[source] ?? null,
        referrerPhone: null,
        referrerEmail: null,
        apiKeyId: null,
        externalReference: null,
        policeNotificationId: null,
        concern: pick(CONCERN_TEXT[concern] ?? ['A professional has raised a concern about the children’s welfare.'], d.eventId),
        indicators: indicators.length ? indicators : ['other'],
        consent,
        consentIsChildsOwn: false,
        consentException,
        consentReason: consentException ? 'Seeking consent could place the child at increased risk of significant harm' : null,
        consentAuthorisedBy,
        onStrategyTrack,
        strategyRecordedAt: onStrategyTrack ? (strategyAt ?? decidedAt) : null,
        strategyRecordedBy: null,
        receivedAt,
        rag,
        thresholdLevel: level,
        screeningDueAt: screeningDue ?? decisionDue,
        decisionDueAt: decisionDue,
        assignedTo: null,
        outcome,
        rationale: outcome ? `${OUTCOMES[outcome].label}: threshold level ${level}.` : null,
        decidedAt,
        decidedBy: null,
        isReferral,
        signOffRequired,
        signedOffAt,
        signedOffBy: null,
        referrerToldAt,
        createdBy: null,
        updatedAt: lastChange,
      });

      // The people named: children, then adults in the household.
      const named = [...children.map((p) => ({ p, role: 'child' as const })), ...adults.map((p) => ({ p, role: 'adult' as const }))].filter((x) => x.p);
      named.forEach(({ p, role }, i) =>
        persons.push({
          contactId: id,
          position: i + 1,
          role,
          relationship: role === 'adult' ? 'household-member' : null,
          personId: p!.personId,
          sourceRecordId: p!.sourceRecordId,
          matchOutcome: 'unchanged',
          matchProbability: null,
          forenames: p!.forenames,
          surname: p!.surname,
          dateOfBirth: p!.dateOfBirth,
          isUnborn: false,
          sex: p!.sex,
          nhsNumber: p!.nhsNumber,
          postcode: p!.postcode,
          address: p!.address,
        }),
      );

      // Alerts from the children's earlier contacts, as the front door raises them on receipt.
      const childIds = [...new Set(children.filter(Boolean).map((p) => p!.personId))];
      const raised: AlertKind[] = [];
      for (const child of childIds) {
        const earlier = prior.get(child) ?? [];
        for (const kind of alertsFor(receivedAt, earlier, DEFAULT_SETTINGS.lowLevelThreshold)) {
          alerts.push({ contactId: id, personId: child, kind, details: { earlierContacts: earlier.length }, raisedAt: receivedAt });
          raised.push(kind);
        }
        earlier.push({ receivedAt, isReferral: Boolean(isReferral) });
        prior.set(child, earlier);
      }

      event(id, 'received', receivedAt, { source, indicators: indicators.length ? indicators : ['other'], rag: null, policeNotification: Boolean(f.policeNotification) });
      if (onStrategyTrack && strategyAt) event(id, 'section-47-track', strategyAt, {}, true);
      if (outcome && decidedAt) {
        event(id, 'decided', decidedAt, { outcome, level, isReferral, late: decidedAt > decisionDue, signOff: signOffRequired }, Boolean(isReferral) || outcome === 'immediate-protection');
        if (signedOffAt) event(id, 'signed-off', signedOffAt, { outcome });
        if (referrerToldAt) event(id, 'referrer-told', referrerToldAt, { outcome });
      }
      audit.push({
        action: 'contact.create',
        recordType: 'contact',
        recordId: id,
        purpose: 'synthetic-load',
        fields: ['people', 'concern', 'indicators', 'consent', 'referrer'],
        details: { laCode, people: named.length, alerts: raised, syntheticEvent: d.eventId },
      });
    }
    return { contacts, persons, screenings, checks, events, alerts, audit };
  }
}

/**
 * The generator's outcomes are the front door's OUTCOMES keys already; early help without consent goes back to
 * the referrer, as the front door requires (early help is voluntary).
 */
function mapOutcome(outcome: string, consent: string): Outcome {
  if (!(outcome in OUTCOMES)) throw new Error(`Unknown outcome in the synthetic history: ${outcome}`);
  if (outcome === 'early-help' && consent !== 'given') return 'returned-to-referrer';
  return outcome as Outcome;
}

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Inserts rows through one JSON parameter per statement (json_populate_recordset over the table's own row type):
 * far cheaper than thousands of bind parameters, on PGlite especially. Columns left out take their defaults.
 * `skipHeld` leaves out rows already held (casework rows, whose ids are deterministic).
 */
async function insertAll(trx: Trx, table: keyof FrontDoorTables | keyof CaseworkTables, rows: Record<string, unknown>[], skipHeld = false): Promise<void> {
  if (!rows.length) return;
  const name = snake(table);
  const columns = sql.join(Object.keys(rows[0]!).map((k) => sql.ref(snake(k))));
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const json = JSON.stringify(rows.slice(i, i + ROWS_PER_STATEMENT).map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [snake(k), v]))));
    await sql`insert into ${sql.table(name)} (${columns}) select ${columns} from json_populate_recordset(null::${sql.table(name)}, ${json}::json) ${skipHeld ? sql`on conflict do nothing` : sql``}`.execute(trx);
  }
}
