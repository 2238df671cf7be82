// The generation itself, without I/O: Synthetic London as a stream of households, each with its people, every
// agency's source records about them (with errors) and their practice history. generator.ts writes the stream to
// files; fixtures.ts collects a tiny one in memory for tests.
//
// Determinism: every random draw comes from a stream derived from (seed, purpose, borough, household), and
// identifiers come from counters advanced in a fixed order, so one seed gives the same London (on the same
// generator version). Nothing reads the clock.
import { LOCAL_AUTHORITIES } from '../../platform/reference/london.ts';
import { localIdPrefix, type RecordKind } from './agencies.ts';
import { DEFAULT_HISTORY_RATES, type HistoryRates } from './calibration.ts';
import { makeUpn, nhsCheckDigit } from './check-digits.ts';
import { addYears, parseDay } from './dates.ts';
import { AGENCY_QUALITY, recordPerson, resolveErrorRates, type ErrorRates, type RecordedPerson } from './error-model.ts';
import { drawHistory, type HistoryEvent } from './history.ts';
import { drawHousehold, type Household, type Person } from './population.ts';
import { mixSeed, permuteDecimal, Rng } from './prng.ts';
import { drawAdultServices, drawAgencyRecords, RecordBook, type AdultServices, type BookEntry } from './source-records.ts';

/** Bump when a change alters the output for a given seed. */
export const GENERATOR_VERSION = '1.0.0';

/** The demo: a small London (0.2%: about 4,000 children and 8,000 people) that loads in seconds. */
export const DEMO_SEED = 2009;
export const DEMO_SCALE = 0.002;

export const DEFAULT_AS_AT = '2025-03-31';
export const DEFAULT_HISTORY_YEARS = 5;

export interface SynthesisOptions {
  seed: number;
  /** Share of London's children to generate: 1 is about 2 million children; 0.01 is 1%. */
  scale: number;
  /** Last day of the history and the day ages are taken (ISO date); default the end of the 2024-25 census year. */
  asAt?: string;
  /** Years of practice history before the as-at date. */
  years?: number;
  /** Error rates overriding the defaults (see error-model.ts). */
  errorRates?: Partial<ErrorRates>;
  /** Multiplies every error rate (0 gives clean source records). */
  errorScale?: number;
  /** Internal history rates overriding the calibrated defaults (see calibration.ts). */
  historyRates?: Partial<HistoryRates>;
  /** Generate the practice history (default true). */
  history?: boolean;
}

/** Options checked and completed. */
export interface Synthesis {
  seed: number;
  scale: number;
  asAt: number;
  windowStart: number;
  years: number;
  errorRates: ErrorRates;
  historyRates: HistoryRates;
  history: boolean;
  /** Children to generate in each authority, in LOCAL_AUTHORITIES order. */
  targets: number[];
  childrenTarget: number;
}

/** One agency's record of a person, with the characteristics it holds, and the book entry behind it. */
export interface SourceRecord {
  entry: BookEntry;
  recorded: RecordedPerson;
  ethnicity: string;
  disabilities: string;
}

/** A family household (first), any split-off households of parents living elsewhere, and what agencies hold. */
export interface HouseholdBundle {
  laCode: string;
  households: Household[];
  children: number;
  records: SourceRecord[];
  events: HistoryEvent[];
}

/** Validate options and fill defaults; throws a plain Error with a clear message on bad input. */
export function resolveSynthesis(options: SynthesisOptions): Synthesis {
  if (!Number.isSafeInteger(options.seed) || options.seed < 0) throw new Error('The seed must be a whole number, 0 or more');
  if (!(options.scale > 0 && options.scale <= 10)) throw new Error('The scale must be more than 0 and at most 10');
  const years = options.years ?? DEFAULT_HISTORY_YEARS;
  if (!Number.isInteger(years) || years < 1 || years > 20) throw new Error('The years of history must be a whole number from 1 to 20');
  const asAt = parseDay(options.asAt ?? DEFAULT_AS_AT);
  const errorScale = options.errorScale ?? 1;
  if (!(errorScale >= 0 && errorScale <= 10)) throw new Error('The error scale must be from 0 to 10');
  const targets = LOCAL_AUTHORITIES.map((a) => Math.max(1, Math.round(a.population0to17 * options.scale)));
  return {
    seed: options.seed,
    scale: options.scale,
    asAt,
    windowStart: addYears(asAt, -years) + 1,
    years,
    errorRates: resolveErrorRates(options.errorRates, errorScale),
    historyRates: { ...DEFAULT_HISTORY_RATES, ...options.historyRates },
    history: options.history ?? true,
    targets,
    childrenTarget: targets.reduce((a, b) => a + b, 0),
  };
}

/** Unique NHS numbers from the 999 test range first (999 000 0000 onwards), then 998…, never reused. */
class NhsNumbers {
  private counter = 0;
  constructor(private readonly key: number) {}
  next(): string {
    for (;;) {
      const block = Math.floor(this.counter / 1_000_000);
      const base = (999 - block) * 1_000_000 + permuteDecimal(this.counter % 1_000_000, 6, this.key);
      this.counter++;
      const nine = String(base);
      const check = nhsCheckDigit(nine);
      if (check !== undefined) return nine + String(check);
    }
  }
}

/** UPNs: a serial per (authority, school, year of allocation), so no two children share one. */
class Upns {
  private readonly serials = new Map<string, number>();
  next(laCode: string, establishment: number, year: number): string {
    let school = establishment;
    for (;;) {
      const key = `${laCode}-${school}-${year}`;
      const serial = this.serials.get(key) ?? 0;
      if (serial < 1000) {
        this.serials.set(key, serial + 1);
        return makeUpn(laCode, school, year, serial);
      }
      school = school >= 9999 ? 2000 : school + 1;
    }
  }
}

/** Local ids per agency: a counter turned into a random-looking number, unique within the agency. */
class LocalIds {
  private readonly counters = new Map<string, number>();
  private readonly keys = new Map<string, number>();
  constructor(private readonly seed: number) {}
  next(agencyCode: string, kind: RecordKind): string {
    const counter = this.counters.get(agencyCode) ?? 0;
    this.counters.set(agencyCode, counter + 1);
    let key = this.keys.get(agencyCode);
    if (key === undefined) {
      key = mixSeed(this.seed, 'local-id', agencyCode);
      this.keys.set(agencyCode, key);
    }
    if (kind === 'probation') {
      // A case reference number: a letter and six digits.
      return String.fromCharCode(65 + (Math.floor(counter / 1_000_000) % 26)) + String(permuteDecimal(counter % 1_000_000, 6, key)).padStart(6, '0');
    }
    return localIdPrefix(kind, agencyCode) + String(permuteDecimal(counter, 10, key)).padStart(10, '0');
  }
}

/** Event and entity ids: a prefix and a random-looking number, unique across the run. */
class EventIds {
  private counter = 0;
  constructor(private readonly key: number) {}
  next(prefix: string): string {
    return prefix + String(permuteDecimal(this.counter++, 10, this.key)).padStart(10, '0');
  }
}

/** Ethnicity as an agency records it: mostly right, sometimes not yet obtained or refused. */
function recordedEthnicity(rng: Rng, ethnicity: string): string {
  const k = rng.float();
  return k < 0.05 ? 'NOBT' : k < 0.06 ? 'REFU' : ethnicity;
}

/**
 * Synthetic London, one family at a time, borough by borough (in ONS code order). Lazy: nothing is kept once a
 * bundle has been consumed, so memory does not grow with scale.
 */
export function* synthesiseLondon(s: Synthesis): Generator<HouseholdBundle> {
  const nhs = new NhsNumbers(mixSeed(s.seed, 'nhs'));
  const upns = new Upns();
  const localIds = new LocalIds(s.seed);
  const eventIds = new EventIds(mixSeed(s.seed, 'events'));
  const allocators = { nhsNumber: () => nhs.next(), upn: (la: string, school: number, year: number) => upns.next(la, school, year) };

  for (const [laIndex, authority] of LOCAL_AUTHORITIES.entries()) {
    const laCode = authority.code;
    const target = s.targets[laIndex] ?? 1;
    let made = 0;
    let seq = 0;
    while (made < target) {
      const householdSeq = seq + 1;
      const households = drawHousehold(
        { rng: Rng.derive(s.seed, 'household', laCode, householdSeq), laCode, nextHouseholdSeq: () => ++seq, asAt: s.asAt, maxChildren: target - made, allocators },
        s.historyRates.householdRiskShape,
      );
      const family = households[0] as Household;
      const children = family.members.filter((p) => p.isChild).length;
      made += children;

      // Who knows whom, then what happened (which adds children's social care and police records).
      const rng = Rng.derive(s.seed, 'records', laCode, householdSeq);
      const services = new Map<Person, AdultServices>();
      for (const h of households) for (const p of h.members) if (!p.isChild) services.set(p, drawAdultServices(rng, p, family.risk));
      const book = new RecordBook((agency, kind) => localIds.next(agency, kind));
      drawAgencyRecords(rng, households, services, book, s.asAt);
      const events = s.history
        ? drawHistory({
            rng: Rng.derive(s.seed, 'history', laCode, householdSeq),
            households,
            services,
            book,
            issueId: (prefix) => eventIds.next(prefix),
            rates: s.historyRates,
            windowStart: s.windowStart,
            asAt: s.asAt,
          })
        : [];
      // Duplicate registrations: a second record of someone the agency already holds.
      for (const entry of [...book.entries]) {
        if (rng.chance(s.errorRates.duplicate * AGENCY_QUALITY[entry.kind].errorMultiplier)) {
          const created = Math.min(s.asAt, entry.createdOn + rng.int(Math.max(1, s.asAt - entry.createdOn)));
          book.duplicate(entry, created, Math.max(created, entry.updatedOn));
        }
      }

      const nhsNumbers = households.flatMap((h) => h.members.map((m) => m.nhsNumber)).filter((n) => n !== '');
      const records = book.entries.map((entry): SourceRecord => {
        const p = entry.person;
        const relative = nhsNumbers.find((n) => n !== p.nhsNumber) ?? '';
        const recorded = recordPerson(rng, p, entry.kind, entry.updatedOn, s.errorRates, relative);
        if (entry.isDuplicate) recorded.errors.push('duplicate');
        const holdsCharacteristics = entry.kind === 'childrens-social-care' || entry.kind === 'education';
        return {
          entry,
          recorded,
          ethnicity: holdsCharacteristics ? recordedEthnicity(rng, p.ethnicity) : '',
          disabilities: holdsCharacteristics && p.isChild ? p.disabilities : '',
        };
      });
      yield { laCode, households, children, records, events };
    }
  }
}
