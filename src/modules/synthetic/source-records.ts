// Which agencies know each person, and the book of source records a household's people have across agencies.
// Events (contacts, police notifications) add records to the same book, so every event refers to a record the
// agency really holds, and an agency asked for a check holds information exactly when the book says so.
import {
  acuteHealthAgency,
  communityHealthAgency,
  educationAgency,
  HOUSING_ASSOCIATIONS,
  mentalHealthAgency,
  policeAgency,
  PROBATION_AGENCY,
  SPECIALIST_CHILDREN_HOSPITAL,
  substanceMisuseAgency,
  type RecordKind,
} from './agencies.ts';
import { DAYS_PER_YEAR } from './dates.ts';
import { residenceOn, type Household, type Person } from './population.ts';
import type { Rng } from './prng.ts';

/** One source record: an agency's record of a person, between the day it was opened and the day last updated. */
export interface BookEntry {
  id: string;
  agencyCode: string;
  localId: string;
  kind: RecordKind;
  person: Person;
  createdOn: number;
  updatedOn: number;
  /** True for a second record of the same person in the same agency (a duplicate registration). */
  isDuplicate: boolean;
}

/** Issues local ids per agency; owned by the generator so ids are unique across the run. */
export type LocalIdIssuer = (agencyCode: string, kind: RecordKind) => string;

export class RecordBook {
  readonly entries: BookEntry[] = [];
  private readonly byKey = new Map<string, BookEntry>();

  constructor(private readonly issue: LocalIdIssuer) {}

  /** The agency's record of the person, opened on `day` if it has none yet, otherwise kept up to date to `day`. */
  touch(person: Person, kind: RecordKind, agencyCode: string, day: number): BookEntry {
    const key = `${agencyCode}|${kind}|${person.id}`;
    const existing = this.byKey.get(key);
    if (existing) {
      if (day < existing.createdOn) existing.createdOn = day;
      if (day > existing.updatedOn) existing.updatedOn = day;
      return existing;
    }
    const entry = this.add(person, kind, agencyCode, day, day, false);
    this.byKey.set(key, entry);
    return entry;
  }

  /** A second record of someone the agency already holds (created later, by someone who did not find the first). */
  duplicate(of: BookEntry, createdOn: number, updatedOn: number): BookEntry {
    return this.add(of.person, of.kind, of.agencyCode, createdOn, updatedOn, true);
  }

  /** True when the agency's service of this kind holds a record of any of these people. */
  holdsAny(agencyCode: string, kind: RecordKind, people: readonly Person[]): boolean {
    return this.entries.some((e) => e.agencyCode === agencyCode && e.kind === kind && people.includes(e.person));
  }

  private add(person: Person, kind: RecordKind, agencyCode: string, createdOn: number, updatedOn: number, isDuplicate: boolean): BookEntry {
    const localId = this.issue(agencyCode, kind);
    const entry: BookEntry = { id: `${agencyCode}:${localId}`, agencyCode, localId, kind, person, createdOn, updatedOn, isDuplicate };
    this.entries.push(entry);
    return entry;
  }
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

function laOn(person: Person, day: number): string {
  return residenceOn(person.residences, day).address.laCode;
}

function recentDay(rng: Rng, asAt: number, withinDays: number, notBefore: number): number {
  return Math.max(notBefore, asAt - rng.int(withinDays + 1));
}

/** Which adult services know an adult, decided once per adult from the household's risk. */
export interface AdultServices {
  probation: boolean;
  mentalHealth: boolean;
  substanceMisuse: boolean;
  police: boolean;
}

/**
 * Probabilities that adult services know an adult, scaled by household risk (mean 1). Synthetic: about 4% of
 * parents known to adult mental health services, 1–2% to substance misuse services and about 1% to probation,
 * concentrated in the households that also come to children's social care.
 */
export function drawAdultServices(rng: Rng, person: Person, risk: number): AdultServices {
  const male = person.sex === 'M';
  return {
    probation: rng.chance(clamp01(0.007 * risk * (male ? 2 : 0.3))),
    mentalHealth: rng.chance(clamp01(0.04 * (0.4 + 0.6 * risk))),
    substanceMisuse: rng.chance(clamp01(0.012 * risk * (male ? 1.5 : 0.7))),
    police: rng.chance(clamp01(0.05 * (0.4 + 0.6 * risk) * (male ? 1.5 : 0.6))),
  };
}

/**
 * The records agencies hold about a household's people regardless of any safeguarding event: health (community
 * provider, the acute trust for births and emergency visits, and a stale record in a borough they left), schools,
 * housing associations, and adult services. Records are dated; the address on each is the one current on the
 * day it was last updated, so people who moved since appear at old addresses, as in life.
 */
export function drawAgencyRecords(
  rng: Rng,
  households: readonly Household[],
  services: ReadonlyMap<Person, AdultServices>,
  book: RecordBook,
  asAt: number,
): void {
  const family = households[0];
  if (!family) return;
  const housingAssociation = family.tenure === 'social-rent' ? rng.pick(HOUSING_ASSOCIATIONS) : undefined;
  const hasSchoolChild = family.members.some((p) => p.isChild && p.upn);
  for (const household of households) {
    for (const person of household.members) {
      const adult = !person.isChild;
      const firstDay = person.residences[0]?.from ?? person.dob;
      const since = Math.max(person.dob, firstDay);

      // Health: the community provider where they live now (GP-registered population), usually.
      if (rng.chance(adult ? 0.9 : 0.97)) {
        const updated = recentDay(rng, asAt, 700, since);
        const entry = book.touch(person, 'health', communityHealthAgency(laOn(person, updated)), updated);
        entry.createdOn = Math.max(person.dob, updated - rng.int(Math.round(8 * DAYS_PER_YEAR)));
      }
      // A stale health record in a borough they have left.
      const boroughs = new Set(person.residences.map((r) => r.address.laCode));
      if (boroughs.size > 1 && rng.chance(0.35)) {
        const earlier = person.residences.find((r) => r.address.laCode !== laOn(person, asAt));
        if (earlier) {
          const day = Math.max(earlier.from, (earlier.to ?? asAt) - rng.int(180));
          book.touch(person, 'health', communityHealthAgency(earlier.address.laCode), day);
        }
      }
      // The acute trust: births (mother and baby) and emergency visits.
      if (person.isChild && asAt - person.dob < 6 * DAYS_PER_YEAR && rng.chance(0.9)) {
        book.touch(person, 'health', acuteHealthAgency(laOn(person, person.dob)), person.dob);
      }
      if (person.role === 'mother' && family.members.some((c) => c.isChild && c.mother === person && asAt - c.dob < 6 * DAYS_PER_YEAR) && rng.chance(0.9)) {
        const baby = family.members.filter((c) => c.isChild && c.mother === person).map((c) => c.dob).reduce((a, b) => Math.max(a, b), 0);
        book.touch(person, 'health', acuteHealthAgency(laOn(person, baby)), baby);
      }
      if (rng.chance(0.18)) {
        const day = recentDay(rng, asAt, 1800, since);
        book.touch(person, 'health', acuteHealthAgency(laOn(person, day)), day);
      }
      if (person.isChild && rng.chance(0.02)) book.touch(person, 'health', SPECIALIST_CHILDREN_HOSPITAL, recentDay(rng, asAt, 1800, since));

      // Schools: every pupil, and some parents as pupils' contacts.
      if (person.isChild && person.upn) {
        const day = recentDay(rng, asAt, 200, since);
        book.touch(person, 'education', educationAgency(laOn(person, day)), day);
        if (person.upnLaCode !== laOn(person, day) && rng.chance(0.4)) {
          const there = person.residences.filter((r) => r.address.laCode === person.upnLaCode).pop();
          if (there) book.touch(person, 'education', educationAgency(person.upnLaCode), Math.max(there.from, (there.to ?? asAt) - rng.int(120)));
        }
      } else if (adult && household === family && hasSchoolChild && rng.chance(0.5)) {
        const day = recentDay(rng, asAt, 300, since);
        book.touch(person, 'education', educationAgency(laOn(person, day)), day);
      }

      // Housing associations hold tenants and, often, the children of the household.
      if (housingAssociation && household === family && rng.chance(adult ? 0.95 : 0.6)) {
        book.touch(person, 'housing', housingAssociation, recentDay(rng, asAt, 1000, since));
      }

      // Adult services and the police.
      const s = services.get(person);
      if (s) {
        if (s.probation) book.touch(person, 'probation', PROBATION_AGENCY, recentDay(rng, asAt, 1500, since));
        if (s.mentalHealth) {
          const day = recentDay(rng, asAt, 1500, since);
          book.touch(person, 'adult-mental-health', mentalHealthAgency(laOn(person, day)), day);
        }
        if (s.substanceMisuse) {
          const day = recentDay(rng, asAt, 1500, since);
          book.touch(person, 'substance-misuse', substanceMisuseAgency(laOn(person, day)), day);
        }
        if (s.police) {
          const day = recentDay(rng, asAt, 2500, since);
          book.touch(person, 'police', policeAgency(laOn(person, day)), day);
        }
      } else if (person.isChild && asAt - person.dob > 12 * DAYS_PER_YEAR && rng.chance(clamp01(0.04 * (0.5 + 0.5 * household.risk)))) {
        const day = recentDay(rng, asAt, 900, person.dob + Math.round(10 * DAYS_PER_YEAR));
        book.touch(person, 'police', policeAgency(laOn(person, day)), day);
      }
    }
  }
}
