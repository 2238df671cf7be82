// Practice history of one household over the history window: police notifications, contacts to the front door
// with their screening, agency checks and decisions, referrals, assessments, strategy discussions, section 47
// enquiries, initial conferences, child protection and child in need plans, early help, closures and
// re-referrals. Events name people by the source records the agency holds (never by ground-truth person ids),
// so a loader sees what the agencies saw.
import {
  type RecordKind,
  communityHealthAgency,
  educationAgency,
  HOUSING_ASSOCIATIONS,
  mentalHealthAgency,
  policeAgency,
  PROBATION_AGENCY,
  socialCareAgency,
  substanceMisuseAgency,
} from './agencies.ts';
import { MET_BCUS } from '../../platform/reference/london.ts';
import {
  CP_CATEGORY_SHARES,
  CP_DURATION_SHARES,
  NATIONAL_FIGURES,
  PRIMARY_NEED_SHARES,
  REFERRAL_SOURCE_SHARES,
  type HistoryRates,
} from './calibration.ts';
import { addWorkingDays, DAYS_PER_YEAR, formatDay, formatInstant, isWeekend, nextWorkingDay } from './dates.ts';
import type { Address } from './places.ts';
import { residenceOn, type Household, type Person } from './population.ts';
import { Weighted, weightedOf, type Rng } from './prng.ts';
import type { AdultServices, BookEntry, RecordBook } from './source-records.ts';

/** One event of the practice history; `at` orders events, `fields` is written as one JSON line. */
export interface HistoryEvent {
  /** Minutes since 1970-01-01T00:00Z, for ordering. */
  minute: number;
  fields: Record<string, unknown>;
}

/** Issues identifiers for events and the things they create; owned by the generator. */
export type EventIdIssuer = (prefix: string) => string;

export type CpCategory = keyof typeof CP_CATEGORY_SHARES.value;
type Rag = 'red' | 'amber' | 'green' | 'blue';
type Track = 'nfa' | 's47' | 'assessment';

// Transfers in from another authority (5C) also arise when a family moves during an open episode, so the
// share drawn directly is reduced by what those transfers supply (about 2 points).
const SOURCES = weightedOf({ ...REFERRAL_SOURCE_SHARES.value, '5C': 0.6 });
const CATEGORIES = weightedOf(CP_CATEGORY_SHARES.value);
const PRIMARY_NEEDS = weightedOf(PRIMARY_NEED_SHARES.value);
const DURATIONS = new Weighted(CP_DURATION_SHARES.value.map((band) => [band, band.share] as const));

/** The concern a contact is mainly about (indicator codes used by the front door). */
const CONCERNS = weightedOf({
  'domestic-abuse': 27,
  neglect: 18,
  'emotional-abuse': 7,
  'physical-abuse': 10,
  'sexual-abuse': 4,
  'parental-mental-health': 9,
  'parental-substance-misuse': 6,
  'child-mental-health': 5,
  'child-sexual-exploitation': 2,
  'child-criminal-exploitation': 3,
  missing: 4,
  'school-attendance': 3,
  housing: 2,
});

const CATEGORY_CONCERN: Readonly<Record<CpCategory, Weighted<string>>> = {
  NEG: weightedOf({ neglect: 80, 'parental-substance-misuse': 10, 'parental-mental-health': 10 }),
  EMO: weightedOf({ 'domestic-abuse': 65, 'emotional-abuse': 25, 'parental-mental-health': 10 }),
  PHY: weightedOf({ 'physical-abuse': 85, 'domestic-abuse': 15 }),
  SAB: weightedOf({ 'sexual-abuse': 80, 'child-sexual-exploitation': 20 }),
  MUL: weightedOf({ neglect: 40, 'domestic-abuse': 30, 'physical-abuse': 30 }),
};

/** CIN census assessment factor codes for each concern (child, parent or household variants). */
const FACTORS: Readonly<Record<string, readonly string[]>> = {
  'domestic-abuse': ['3A', '3B', '3C'],
  neglect: ['16A'],
  'emotional-abuse': ['17A'],
  'physical-abuse': ['18C', '18A', '18B'],
  'sexual-abuse': ['19C', '19A', '19B'],
  'parental-mental-health': ['4B'],
  'parental-substance-misuse': ['2B', '1B'],
  'child-mental-health': ['4A', '15A'],
  'child-sexual-exploitation': ['11A'],
  'child-criminal-exploitation': ['24A', '13A'],
  missing: ['10A'],
  'school-attendance': ['20'],
  housing: ['20'],
};

const POLICE_INCIDENTS: Readonly<Record<string, string>> = {
  'domestic-abuse': 'domestic-abuse',
  missing: 'child-missing',
  'child-criminal-exploitation': 'child-arrested',
  'child-sexual-exploitation': 'exploitation-concern',
  'sexual-abuse': 'child-at-risk',
  'physical-abuse': 'child-at-risk',
  neglect: 'child-at-risk',
};

const BCU_OF = new Map<string, string>();
for (const bcu of MET_BCUS) for (const code of bcu.localAuthorityCodes) BCU_OF.set(code, bcu.code);

/** The agency a contact comes from, for sources that are agencies (CIN census referral source codes). */
function referrerAgency(source: string, laCode: string): string | null {
  if (source === '6') return policeAgency(laCode);
  if (source === '2A' || source === '2B') return educationAgency(laCode);
  if (source.startsWith('3')) return communityHealthAgency(laCode);
  if (source === '4') return HOUSING_ASSOCIATIONS[laCode.charCodeAt(2) % HOUSING_ASSOCIATIONS.length] ?? null;
  if (source.startsWith('5')) return socialCareAgency(laCode);
  if (source === '7') return PROBATION_AGENCY;
  return null;
}

interface Episode {
  la: string;
  /** Day the episode closes (may be after the as-at date: still open). */
  closesOn: number;
}

interface Incident {
  day: number;
  children: Person[];
  isReferral: boolean;
  /** A forced referral source (5C for a transfer in from another authority). */
  source?: string;
}

export interface HistoryContext {
  rng: Rng;
  households: readonly Household[];
  services: ReadonlyMap<Person, AdultServices>;
  book: RecordBook;
  issueId: EventIdIssuer;
  rates: Readonly<HistoryRates>;
  windowStart: number;
  asAt: number;
}

/** Whole history of one household, in time order, ending at the as-at date. */
export function drawHistory(ctx: HistoryContext): HistoryEvent[] {
  return new HistoryBuilder(ctx).build();
}

class HistoryBuilder {
  private readonly events: HistoryEvent[] = [];
  private readonly family: Household;
  private readonly children: Person[];
  private readonly episodes = new Map<Person, Episode>();
  private readonly previousPlans = new Map<Person, number>();
  private readonly queue: Incident[] = [];
  private readonly homes: ReadonlySet<Address>;

  constructor(private readonly ctx: HistoryContext) {
    const family = ctx.households[0];
    if (!family) throw new Error('drawHistory needs a household');
    this.family = family;
    this.children = family.members.filter((p) => p.isChild);
    this.homes = new Set(family.residences.map((r) => r.address));
  }

  build(): HistoryEvent[] {
    const { rng, rates, windowStart, asAt } = this.ctx;
    const n = this.children.length;
    const shared = 1 + rates.siblingInclusion * (n - 1);
    const risk = this.family.risk;
    for (const child of this.children) {
      const from = Math.max(child.dob, windowStart);
      const years = (asAt - from) / DAYS_PER_YEAR;
      if (years <= 0) continue;
      const referrals = rng.poisson((rates.backgroundReferralsPerChildYear * risk * years) / shared);
      for (let i = 0; i < referrals; i++) this.schedule({ day: from + rng.int(asAt - from + 1), children: this.withSiblings(child), isReferral: true });
      const contacts = rng.poisson((rates.otherContactsPerChildYear * risk * years) / shared);
      for (let i = 0; i < contacts; i++) this.schedule({ day: from + rng.int(asAt - from + 1), children: this.withSiblings(child), isReferral: false });
    }
    while (this.queue.length > 0) {
      const incident = this.queue.shift() as Incident;
      this.incident(incident);
    }
    const limit = (asAt + 1) * 1440;
    return this.events.filter((e) => e.minute < limit).sort((a, b) => a.minute - b.minute);
  }

  // -- scheduling ------------------------------------------------------------------------------------------------

  private schedule(incident: Incident): void {
    // Keep the queue in time order (few incidents per household, so insertion is cheap).
    let i = this.queue.length;
    while (i > 0 && (this.queue[i - 1] as Incident).day > incident.day) i--;
    this.queue.splice(i, 0, incident);
  }

  /** The child plus each brother or sister (already born on the day) the contact also names. */
  private withSiblings(child: Person): Person[] {
    const out = [child];
    for (const other of this.children) if (other !== child && this.ctx.rng.chance(this.ctx.rates.siblingInclusion)) out.push(other);
    return out;
  }

  private emit(day: number, minuteOfDay: number, type: string, fields: Record<string, unknown>, id?: string): string {
    const eventId = id ?? this.ctx.issueId('EV');
    this.events.push({ minute: day * 1440 + minuteOfDay, fields: { id: eventId, type, at: formatInstant(day, minuteOfDay), ...fields } });
    return eventId;
  }

  private officeMinute(): number {
    return 510 + this.ctx.rng.int(540);
  }

  /** The same minute if it falls in the hub's working hours (08:00–18:00 on a weekday), else the next opening. */
  private inOfficeHours(minute: number): number {
    const day = Math.floor(minute / 1440);
    const m = minute % 1440;
    if (!isWeekend(day) && m >= 480 && m < 1080) return minute;
    const next = m >= 1080 || isWeekend(day) ? nextWorkingDay(day + (m >= 1080 ? 1 : 0)) : day;
    return next * 1440 + 480 + this.ctx.rng.int(60);
  }

  private laOn(day: number): string {
    return residenceOn(this.family.residences, day).address.laCode;
  }

  /** Adults living in the household on a day (a step-parent only from the day they moved in). */
  private adultsOn(day: number): Person[] {
    return this.family.members.filter(
      (p) => !p.isChild && p.residences.some((r) => this.homes.has(r.address) && r.from <= day && (r.to === null || r.to >= day)),
    );
  }

  /** The agency's record of the person, kept up to date to the day (never past the as-at date: later events are dropped). */
  private record(person: Person, agency: string, kind: BookEntry['kind'], day: number): string {
    return this.ctx.book.touch(person, kind, agency, Math.min(day, this.ctx.asAt)).id;
  }

  // -- one incident ----------------------------------------------------------------------------------------------

  private incident(incident: Incident): void {
    const { rng, rates, asAt } = this.ctx;
    const children = incident.children.filter((c) => c.dob <= incident.day);
    if (children.length === 0 || incident.day > asAt) return;
    const source = incident.source ?? SOURCES.sample(rng);
    const la = this.laOn(incident.day);
    const isPolice = source === '6';
    // Police contacts reach the hub the working day after the incident; others arrive in office hours.
    const contactDay = isPolice ? nextWorkingDay(incident.day + rng.int(2)) : nextWorkingDay(incident.day);
    if (contactDay > asAt) return;

    const open = children.filter((c) => {
      const e = this.episodes.get(c);
      return e !== undefined && e.la === la && e.closesOn >= contactDay;
    });
    const fresh = children.filter((c) => !open.includes(c));
    const isReferral = incident.isReferral && fresh.length > 0;

    // The track is decided for the incident, so brothers and sisters share it as they would share a conference.
    let track: Track = 'assessment';
    let conference = false;
    let plan = false;
    let category: CpCategory = 'NEG';
    if (isReferral) {
      if (rng.chance(rates.referralNfa)) track = 'nfa';
      else if (rng.chance(rates.section47)) {
        track = 's47';
        conference = rng.chance(rates.initialConference);
        plan = conference && rng.chance(rates.cpPlan);
        if (plan) category = CATEGORIES.sample(rng);
      }
    }
    const concern = plan ? CATEGORY_CONCERN[category].sample(rng) : CONCERNS.sample(rng);
    const indicators = this.indicators(concern, children, contactDay);
    const adults = this.adultsOn(incident.day);

    // Police notification to the public protection desk, forwarded to the hub.
    let notificationId: string | undefined;
    if (isPolice) {
      notificationId = this.policeNotification(incident.day, la, concern, children, adults, true);
      if (rng.chance((1 - rates.policeNotificationsForwarded) / rates.policeNotificationsForwarded)) {
        const other = Math.min(asAt, Math.max(this.ctx.windowStart, incident.day + rng.between(-300, 300)));
        this.policeNotification(other, this.laOn(other), CONCERNS.sample(rng), children.filter((c) => c.dob <= other), this.adultsOn(other), false);
      }
    }

    const csc = socialCareAgency(la);
    const contactMinute = isPolice ? 480 + rng.int(180) : this.officeMinute();
    const contactId = this.ctx.issueId('CON');
    const consent = track === 's47' ? (rng.chance(0.4) ? 'not-sought-safeguarding' : 'given') : rng.chance(0.82) ? 'given' : rng.chance(0.5) ? 'not-given' : 'not-sought-safeguarding';
    this.emit(
      contactDay,
      contactMinute,
      'contact',
      {
        la,
        source,
        referrerAgency: referrerAgency(source, la),
        children: children.map((c) => this.record(c, csc, 'childrens-social-care', contactDay)),
        adults: adults.map((a) => this.record(a, csc, 'childrens-social-care', contactDay)),
        concern,
        indicators,
        consent,
        policeNotification: notificationId ?? null,
      },
      contactId,
    );

    // Screening, with a RAG rating that may change as information arrives.
    const rag = this.rag(isReferral, track, open.length === children.length);
    const screenedAfter = rag === 'red' ? 30 + rng.int(200) : rag === 'amber' ? 60 + rng.int(900) : 120 + rng.int(2400);
    // Red is screened at once, round the clock; other ratings in the hub's working hours.
    const screenedMinute = rag === 'red' ? contactDay * 1440 + contactMinute + screenedAfter : this.inOfficeHours(contactDay * 1440 + contactMinute + screenedAfter);
    const screenDay = Math.floor(screenedMinute / 1440);
    this.emit(screenDay, screenedMinute % 1440, 'screening', { contact: contactId, rag, reason: `${concern}` });
    if (rng.chance(0.1) && rag !== 'blue') {
      const changed: Rag = rag === 'red' ? 'amber' : rag === 'amber' ? (track === 's47' ? 'red' : 'green') : 'amber';
      const later = this.inOfficeHours(screenedMinute + 120 + rng.int(1200));
      this.emit(Math.floor(later / 1440), later % 1440, 'screening', { contact: contactId, rag: changed, reason: 'information-from-checks' });
    }

    // Agency checks: partners asked what they hold, each decision to share recorded.
    const checksDone = this.agencyChecks(contactId, rag, track, consent, la, screenedMinute, children, adults);

    // The decision, within a working day for most contacts.
    const decisionAt = this.inOfficeHours(
      Math.max(checksDone + 10, (rng.chance(0.9) ? addWorkingDays(contactDay, rng.int(2)) : addWorkingDays(contactDay, 2 + rng.int(3))) * 1440 + this.officeMinute()),
    );
    const decisionDay = Math.floor(decisionAt / 1440);
    let outcome: string;
    let level: number;
    if (!isReferral && open.length > 0) {
      outcome = 'open-case';
      level = 3;
    } else if (isReferral) {
      outcome = track === 's47' ? (rng.chance(0.03) ? 'immediate-protection' : 'section-47-strategy-discussion') : track === 'nfa' ? 'no-further-action' : 'section-17-assessment';
      level = track === 's47' ? 4 : 3;
    } else {
      const k = rng.float();
      outcome = k < 0.38 ? 'no-further-action' : k < 0.68 ? 'advice-signpost' : k < 0.95 ? 'early-help' : 'other-local-authority';
      level = outcome === 'early-help' ? 2 : 1;
    }
    this.emit(decisionDay, decisionAt % 1440, 'decision', { contact: contactId, outcome, level, isReferral });

    if (!isReferral) {
      if (outcome === 'early-help') this.earlyHelp(la, children, decisionDay + 5 + rng.int(20), contactId, null);
      return;
    }
    this.referral(contactId, source, la, fresh, track, conference, plan, category, indicators, contactDay, decisionAt);
  }

  private indicators(concern: string, children: readonly Person[], day: number): string[] {
    const { rng, services } = this.ctx;
    const out = new Set<string>([concern]);
    for (const adult of this.adultsOn(day)) {
      const s = services.get(adult);
      if (s?.mentalHealth && rng.chance(0.4)) out.add('parental-mental-health');
      if (s?.substanceMisuse && rng.chance(0.45)) out.add('parental-substance-misuse');
      if (s?.probation && rng.chance(0.25)) out.add('domestic-abuse');
    }
    if (children.some((c) => day - c.dob > 12 * DAYS_PER_YEAR)) {
      if (rng.chance(0.08)) out.add('missing');
      if (rng.chance(0.05)) out.add('child-criminal-exploitation');
      if (rng.chance(0.04)) out.add('child-sexual-exploitation');
      if (rng.chance(0.05)) out.add('self-harm');
    }
    if (rng.chance(0.15)) out.add(CONCERNS.sample(rng));
    return [...out];
  }

  private rag(isReferral: boolean, track: Track, allOpen: boolean): Rag {
    const { rng } = this.ctx;
    if (allOpen) return rng.chance(0.5) ? 'amber' : 'green';
    if (!isReferral) return rng.chance(0.1) ? 'amber' : rng.chance(0.6) ? 'green' : 'blue';
    if (track === 's47') return rng.chance(0.7) ? 'red' : 'amber';
    if (track === 'nfa') return rng.chance(0.6) ? 'green' : 'amber';
    return rng.chance(0.6) ? 'amber' : rng.chance(0.8) ? 'green' : 'red';
  }

  /** Ask partners for checks; returns the minute the last answer came back. */
  private agencyChecks(contactId: string, rag: Rag, track: Track, consent: string, la: string, from: number, children: Person[], adults: Person[]): number {
    const { rng, book, services } = this.ctx;
    if (rag === 'blue') return from;
    const candidates: [string, RecordKind][] = [
      [policeAgency(la), 'police'],
      [communityHealthAgency(la), 'health'],
    ];
    if (children.some((c) => c.upn)) candidates.push([educationAgency(la), 'education']);
    for (const adult of adults) {
      const s = services.get(adult);
      if (s?.probation) candidates.push([PROBATION_AGENCY, 'probation']);
      if (s?.mentalHealth) candidates.push([mentalHealthAgency(la), 'adult-mental-health']);
      if (s?.substanceMisuse) candidates.push([substanceMisuseAgency(la), 'substance-misuse']);
    }
    if (this.family.tenure === 'social-rent') {
      for (const h of HOUSING_ASSOCIATIONS) if (book.holdsAny(h, 'housing', this.family.members)) candidates.push([h, 'housing']);
    }
    const unique: [string, RecordKind][] = [];
    for (const c of candidates) if (!unique.some(([a, k]) => a === c[0] && k === c[1])) unique.push(c);
    const wanted = rag === 'red' ? unique.length : rag === 'amber' ? Math.min(unique.length, 2 + rng.int(2)) : rng.int(3);
    const dueMinutes = rag === 'red' ? 240 : rag === 'amber' ? 1440 : 4320;
    const basis = track === 's47' ? 'section-47' : consent === 'given' ? 'consent' : 'risk-exception';
    let last = from;
    const subjects = [...children, ...adults];
    for (let i = 0; i < wanted && i < unique.length; i++) {
      const [agency, kind] = unique[i] as [string, RecordKind];
      const requested = from + 5 + rng.int(60);
      const due = requested + dueMinutes;
      const k = rng.float();
      const responded = k < 0.85 ? requested + rng.int(dueMinutes) : k < 0.97 ? due + 30 + rng.int(dueMinutes) : null;
      const held = book.holdsAny(agency, kind, subjects);
      const disclosed = !held || responded === null ? 'none' : rng.chance(0.7) ? 'summary' : rng.chance(0.67) ? 'full' : 'none';
      const requestDay = Math.floor(requested / 1440);
      this.emit(requestDay, requested % 1440, 'agency-check', {
        contact: contactId,
        agency,
        service: kind,
        dueAt: formatInstant(Math.floor(due / 1440), due % 1440),
        respondedAt: responded === null ? null : formatInstant(Math.floor(responded / 1440), responded % 1440),
        held,
        disclosed,
        basis,
      });
      if (responded !== null && responded > last) last = responded;
    }
    return last;
  }

  private policeNotification(day: number, la: string, concern: string, children: Person[], adults: Person[], forwarded: boolean): string {
    const { rng } = this.ctx;
    const force = policeAgency(la);
    const minute = rng.int(1440);
    const involved = [...adults];
    if (concern === 'domestic-abuse') {
      // An ex-partner living elsewhere is often the other party in a domestic abuse incident.
      const father = children.find((c) => c.father && !this.family.members.includes(c.father))?.father;
      if (father && rng.chance(0.3)) involved.push(father);
    }
    const riskFactors = ['child-present', 'repeat-incident', 'injury', 'weapon', 'alcohol', 'drugs', 'pregnancy'].filter(() => rng.chance(0.2));
    return this.emit(
      day,
      minute,
      'police-notification',
      {
        force,
        bcu: force === 'met-police' ? (BCU_OF.get(la) ?? null) : null,
        la,
        incident: POLICE_INCIDENTS[concern] ?? 'child-at-risk',
        children: children.map((c) => this.record(c, force, 'police', day)),
        adults: involved.map((a) => this.record(a, force, 'police', day)),
        riskFactors,
        forwarded,
      },
      this.ctx.issueId('PN'),
    );
  }

  private earlyHelp(la: string, children: readonly Person[], start: number, contactId: string | null, referralId: string | null): void {
    const { rng, asAt } = this.ctx;
    if (start > asAt) return;
    const csc = socialCareAgency(la);
    const end = start + 60 + rng.int(240);
    for (const child of children) {
      const id = this.ctx.issueId('EH');
      const record = this.record(child, csc, 'childrens-social-care', start);
      this.emit(nextWorkingDay(start), this.officeMinute(), 'early-help-started', { la, child: record, startOn: formatDay(start), contact: contactId, referral: referralId }, id);
      this.emit(nextWorkingDay(end), this.officeMinute(), 'early-help-ended', { earlyHelp: id, child: record, endOn: formatDay(end) });
    }
  }

  // -- the statutory pathway -------------------------------------------------------------------------------------

  private referral(
    contactId: string,
    source: string,
    la: string,
    children: Person[],
    track: Track,
    conference: boolean,
    plan: boolean,
    category: CpCategory,
    indicators: readonly string[],
    receivedOn: number,
    decidedAt: number,
  ): void {
    const { rng, rates } = this.ctx;
    const csc = socialCareAgency(la);
    const factors = [...new Set(indicators.flatMap((i) => (FACTORS[i] ? [rng.pick(FACTORS[i] as string[])] : [])))];
    const need = track === 's47' || plan ? (rng.chance(0.9) ? 'N1' : PRIMARY_NEEDS.sample(rng)) : PRIMARY_NEEDS.sample(rng);

    // Strategy discussion for the family (s47 track, or to decide against one).
    // The CIN referral date is the day the referral was received; the work starts once it is decided.
    const day = Math.floor(decidedAt / 1440);
    const strategyDay = addWorkingDays(day, rng.int(2));
    const strategyWithoutS47 = track === 'assessment' && rng.chance(rates.strategyWithoutSection47);
    const referralIds = new Map<Person, string>();
    for (const child of children) {
      const id = this.ctx.issueId('REF');
      referralIds.set(child, id);
      this.emit(day, (decidedAt % 1440) + 1, 'referral', {
        la,
        contact: contactId,
        child: this.record(child, csc, 'childrens-social-care', day),
        referralOn: formatDay(receivedOn),
        source,
        primaryNeed: need,
        isNfa: track === 'nfa',
      }, id);
    }
    let strategyId: string | undefined;
    if (track === 's47' || strategyWithoutS47) {
      strategyId = this.ctx.issueId('STR');
      this.emit(strategyDay, this.officeMinute(), 'strategy-discussion', {
        la,
        referrals: children.map((c) => referralIds.get(c)),
        children: children.map((c) => this.record(c, csc, 'childrens-social-care', strategyDay)),
        agencies: [policeAgency(la), communityHealthAgency(la), ...(children.some((c) => c.upn) ? [educationAgency(la)] : [])],
        section47: track === 's47',
      }, strategyId);
    }

    // Shared dates for the family's pathway.
    const conferenceDay = addWorkingDays(strategyDay, rng.chance(NATIONAL_FIGURES.initialConferencesWithin15WorkingDays.value) ? 8 + rng.int(8) : 16 + rng.int(15));
    const band = DURATIONS.sample(rng);
    // Within a band, shorter plans are commoner (plans often end at the first or second review conference).
    const planDays = band.fromDays + Math.floor(Math.pow(rng.float(), 1.3) * (band.toDays - band.fromDays));
    const latestCategory: CpCategory = rng.chance(0.9) ? category : CATEGORIES.sample(rng);
    const assessmentWorkingDays = rng.chance(NATIONAL_FIGURES.assessmentsWithin45WorkingDays.value) ? 8 + rng.int(38) : 46 + rng.int(45);
    const notInNeed = track === 'assessment' && rng.chance(rates.notInNeed);
    const stepDown = rng.chance(rates.stepDownToEarlyHelp);
    const cinPlan = track === 'assessment' && !notInNeed && rng.chance(rates.cinPlan);
    const cinAfterCp = rng.chance(rates.cinPlanAfterCp);
    const courtOrder = rng.float();

    for (const child of children) {
      const referralId = referralIds.get(child) as string;
      const record = this.record(child, csc, 'childrens-social-care', day);
      const pathwayStart = this.events.length;
      let closesOn: number;
      let reason: string;
      if (track === 'nfa') {
        closesOn = day;
        reason = 'RC8';
      } else {
        const assessmentId = this.ctx.issueId('ASM');
        const start = track === 's47' ? strategyDay : addWorkingDays(day, rng.int(4));
        const done = addWorkingDays(start, assessmentWorkingDays);
        this.emit(start, this.officeMinute(), 'assessment-started', { la, referral: referralId, child: record, startOn: formatDay(start) }, assessmentId);
        this.emit(done, this.officeMinute(), 'assessment-completed', {
          assessment: assessmentId,
          referral: referralId,
          child: record,
          authorisedOn: formatDay(done),
          factors: factors.length > 0 ? factors : ['21'],
          outcome: notInNeed ? 'not-in-need' : 'child-in-need',
        });
        if (track === 's47') {
          const s47Id = this.ctx.issueId('S47');
          this.emit(strategyDay, this.officeMinute(), 's47-started', { la, referral: referralId, child: record, strategyDiscussion: strategyId, startOn: formatDay(strategyDay) }, s47Id);
          const s47Done = conference ? conferenceDay - 1 - rng.int(3) : addWorkingDays(strategyDay, 5 + rng.int(11));
          const s47Outcome = conference ? 'cp-conference' : rng.chance(0.5) ? 'provision-of-services' : 'no-further-action';
          this.emit(Math.max(strategyDay, s47Done), this.officeMinute(), 's47-completed', { s47: s47Id, child: record, outcome: s47Outcome, initialConferenceRequired: conference });
          if (conference) {
            const conferenceId = this.ctx.issueId('ICPC');
            this.emit(conferenceDay, this.officeMinute(), 'initial-conference', {
              la,
              s47: s47Id,
              referral: referralId,
              child: record,
              targetOn: formatDay(addWorkingDays(strategyDay, 15)),
              heldOn: formatDay(conferenceDay),
              outcome: plan ? 'cp-plan' : 'no-plan',
            }, conferenceId);
            if (plan) {
              closesOn = this.cpPlan(la, referralId, record, child, conferenceId, conferenceDay, planDays, category, latestCategory);
              if (cinAfterCp) closesOn = this.cinPlan(la, referralId, record, closesOn + 1, 90 + rng.int(180));
            } else {
              closesOn = rng.chance(0.5) ? this.cinPlan(la, referralId, record, conferenceDay + 5, 90 + rng.int(180)) : conferenceDay + 20 + rng.int(60);
            }
            reason = courtOrder < 0.015 ? 'RC3' : courtOrder < 0.03 ? 'RC4' : 'RC7';
          } else if (s47Outcome === 'provision-of-services') {
            closesOn = rng.chance(0.4) ? this.cinPlan(la, referralId, record, done + 5, 120 + rng.int(400)) : done + 30 + rng.int(150);
            reason = 'RC7';
          } else {
            closesOn = Math.max(done, s47Done);
            reason = 'RC8';
          }
        } else if (notInNeed) {
          closesOn = done;
          reason = stepDown ? 'RC9' : 'RC8';
        } else if (need === 'N2') {
          // Disabled children are often supported for years under one episode.
          closesOn = cinPlan ? this.cinPlan(la, referralId, record, done + 5 + rng.int(15), 365 + rng.int(1100)) : done + 365 + rng.int(1100);
          reason = 'RC7';
        } else if (cinPlan) {
          closesOn = this.cinPlan(la, referralId, record, done + 5 + rng.int(15), 120 + rng.int(480));
          reason = 'RC7';
        } else {
          closesOn = done + 30 + rng.int(270);
          reason = 'RC7';
        }
        // An episode stays open until its assessment is authorised.
        closesOn = Math.max(closesOn, done);
      }

      // A family that moves borough while the episode is open is transferred (RC5) and referred in the new borough.
      const movedOn = this.moveBetween(day, closesOn, la);
      if (movedOn !== undefined) {
        closesOn = movedOn;
        reason = 'RC5';
        this.endPathwayOn(pathwayStart, movedOn, record);
      }
      this.episodes.set(child, { la, closesOn });
      // Closed at the end of the working day, after anything else recorded that day.
      this.emit(nextWorkingDay(closesOn), 1050, 'episode-closed', { referral: referralId, child: record, closedOn: formatDay(closesOn), reason });
      if (reason === 'RC9') this.earlyHelp(la, [child], closesOn + 3 + rng.int(14), null, referralId);
    }

    const closed = Math.max(...children.map((c) => this.episodes.get(c)?.closesOn ?? day));
    const moved = children.some((c) => this.episodes.get(c)?.la === la && this.laOn(closed + 1) !== la);
    if (moved && rng.chance(0.6)) {
      // The receiving authority's referral, from another local authority's children's services (5C).
      this.schedule({ day: closed + 5 + rng.int(25), children, isReferral: true, source: '5C' });
    } else if (!moved && rng.chance(rates.reReferralProbability)) {
      // Concerns return: most re-referrals come within months of the case closing.
      this.schedule({ day: closed + 7 + Math.min(600, Math.floor(rng.exponential(110))), children, isReferral: true });
    }
  }

  /**
   * A family moved away mid-episode: nothing more happens here after the move, and whatever was in progress
   * (assessment, section 47 enquiry, plans) ends on the day of the transfer.
   */
  private endPathwayOn(from: number, day: number, record: string): void {
    const cutoff = day * 1440 + 1000;
    const kept = this.events.slice(from).filter((e) => e.minute < cutoff);
    this.events.length = from;
    this.events.push(...kept);
    const ended = (type: string, key: string, id: unknown): boolean => kept.some((e) => e.fields.type === type && e.fields[key] === id);
    const on = formatDay(day);
    for (const e of kept) {
      const f = e.fields;
      if (f.type === 'assessment-started' && !ended('assessment-completed', 'assessment', f.id)) {
        this.emit(day, 1000, 'assessment-completed', { assessment: f.id, referral: f.referral, child: record, authorisedOn: on, factors: ['20'], outcome: 'child-in-need' });
      } else if (f.type === 's47-started' && !ended('s47-completed', 's47', f.id)) {
        this.emit(day, 1000, 's47-completed', { s47: f.id, child: record, outcome: 'provision-of-services', initialConferenceRequired: false });
      } else if (f.type === 'cp-plan-started' && !ended('cp-plan-ended', 'cpPlan', f.id)) {
        this.emit(day, 1000, 'cp-plan-ended', { cpPlan: f.id, child: record, endOn: on, latestCategory: f.initialCategory });
      } else if (f.type === 'cin-plan-started' && !ended('cin-plan-ended', 'cinPlan', f.id)) {
        this.emit(day, 1000, 'cin-plan-ended', { cinPlan: f.id, child: record, endOn: on });
      }
    }
  }

  /** The day the family left the borough between two days, if it did. */
  private moveBetween(from: number, to: number, la: string): number | undefined {
    for (const r of this.family.residences) {
      if (r.from > from && r.from <= to && r.address.laCode !== la) return r.from - 1;
    }
    return undefined;
  }

  /** A child protection plan with its reviews; returns the day it ends. */
  private cpPlan(la: string, referralId: string, record: string, child: Person, conferenceId: string, start: number, days: number, category: CpCategory, latest: CpCategory): number {
    const previous = this.previousPlans.get(child) ?? 0;
    this.previousPlans.set(child, previous + 1);
    const planId = this.ctx.issueId('CPP');
    const end = start + days;
    this.emit(start, this.officeMinute(), 'cp-plan-started', {
      la,
      referral: referralId,
      conference: conferenceId,
      child: record,
      startOn: formatDay(start),
      initialCategory: category,
      numberOfPreviousPlans: previous,
    }, planId);
    // First review conference within 3 months of the ICPC, then at most 6-monthly (statutory-rules.md §2).
    let review = start + 80 + this.ctx.rng.int(10);
    while (review < end) {
      const day = isWeekend(review) ? nextWorkingDay(review) : review;
      this.emit(day, this.officeMinute(), 'cp-review', { cpPlan: planId, child: record, heldOn: formatDay(day), continuePlan: day + 30 < end });
      review += 170 + this.ctx.rng.int(12);
    }
    this.emit(end, this.officeMinute(), 'cp-plan-ended', { cpPlan: planId, child: record, endOn: formatDay(end), latestCategory: latest });
    return end;
  }

  /** A child in need plan; returns the day it ends. */
  private cinPlan(la: string, referralId: string, record: string, start: number, days: number): number {
    const planId = this.ctx.issueId('CINP');
    const end = start + days;
    this.emit(start, this.officeMinute(), 'cin-plan-started', { la, referral: referralId, child: record, startOn: formatDay(start) }, planId);
    this.emit(end, this.officeMinute(), 'cin-plan-ended', { cinPlan: planId, child: record, endOn: formatDay(end) });
    return end;
  }
}
