// Synthetic London: generate, for a seed and a scale, the population of the 33 London authorities, every
// agency's source records about them (with errors), the ground truth behind the records, and several years of
// practice history — streamed to files household by household, so memory does not grow with scale.
//
// Determinism: every random draw comes from a stream derived from (seed, purpose, borough, household), and
// identifiers come from counters advanced in a fixed order, so one seed gives byte-identical files (on the same
// generator version). Nothing reads the clock.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { LOCAL_AUTHORITIES } from '../../platform/reference/london.ts';
import { localIdPrefix, RECORD_KINDS, type RecordKind } from './agencies.ts';
import { makeUpn, nhsCheckDigit } from './check-digits.ts';
import {
  CP_CATEGORY_SHARES,
  CP_DURATION_SHARES,
  DEFAULT_HISTORY_RATES,
  NATIONAL_FIGURES,
  POPULATION_PARAMETERS,
  REFERRAL_SOURCE_SHARES,
  type HistoryRates,
} from './calibration.ts';
import { addYears, formatDay, parseDay } from './dates.ts';
import { AGENCY_QUALITY, recordPerson, resolveErrorRates, type ErrorRates } from './error-model.ts';
import { drawHistory } from './history.ts';
import { BufferedFileWriter, csvField, csvLine } from './output.ts';
import { drawHousehold, type Household, type Person } from './population.ts';
import { mixSeed, permuteDecimal, Rng } from './prng.ts';
import { drawAdultServices, drawAgencyRecords, RecordBook, type AdultServices, type BookEntry } from './source-records.ts';

/** Bump when a change alters the output for a given seed. */
export const GENERATOR_VERSION = '1.0.0';

/** The demo: a small London (0.2%: about 4,000 children) that loads in seconds. */
export const DEMO_SEED = 2009;
export const DEMO_SCALE = 0.002;

export const DEFAULT_AS_AT = '2025-03-31';
export const DEFAULT_HISTORY_YEARS = 5;

export interface GenerateOptions {
  seed: number;
  /** Share of London's children to generate: 1 is about 2 million children; 0.01 is 1%. */
  scale: number;
  outDir: string;
  /** Last day of the history and the day ages are taken (ISO date); default the end of the 2024-25 census year. */
  asAt?: string;
  /** Years of practice history before the as-at date. */
  years?: number;
  /** Error rates overriding the defaults (see error-model.ts). */
  errorRates?: Partial<ErrorRates>;
  /** Multiplies every error rate (0 gives clean source records). */
  errorScale?: number;
  /** Internal history rates overriding the calibrated defaults. */
  historyRates?: Partial<HistoryRates>;
  /** Write events.ndjson (default true). */
  history?: boolean;
  onProgress?: (progress: GenerationProgress) => void;
}

export interface GenerationProgress {
  childrenDone: number;
  childrenTarget: number;
  people: number;
  sourceRecords: number;
  events: number;
}

export interface GenerationCounts {
  households: number;
  people: number;
  children: number;
  adults: number;
  addresses: number;
  sourceRecords: number;
  events: number;
  sourceRecordsByKind: Record<string, number>;
  eventsByType: Record<string, number>;
  childrenByLocalAuthority: Record<string, number>;
}

export interface GenerationSummary {
  seed: number;
  scale: number;
  outDir: string;
  asAt: string;
  counts: GenerationCounts;
  files: string[];
}

export const OUTPUT_FILES = {
  people: 'people.csv',
  households: 'households.csv',
  addresses: 'addresses.csv',
  sourceRecords: 'source_records.csv',
  groundTruth: 'ground_truth.csv',
  events: 'events.ndjson',
  manifest: 'manifest.json',
} as const;

const HEADERS = {
  people:
    'person_id,household_id,role,sex,forename,middle_names,surname,previous_surname,surname_changed_on,dob,nhs_number,upn,upn_la_code,ethnicity,tradition,disabilities,mother_id,father_id,partner_id,twin_id,la_code,postcode',
  households: 'household_id,la_code,structure,tenure,members,children,current_address_id,risk',
  addresses: 'person_id,address_id,address,postcode,la_code,from_on,to_on',
  sourceRecords:
    'record_id,agency_code,record_kind,local_id,forename,middle_names,surname,aliases,dob,sex,nhs_number,upn,address,postcode,la_code,ethnicity,disabilities,created_on,updated_on',
  groundTruth: 'record_id,person_id,errors',
} as const;

/** Validate options and fill defaults; throws a plain Error with a clear message on bad input. */
function resolve(options: GenerateOptions): { asAt: number; windowStart: number; years: number; errorRates: ErrorRates; historyRates: HistoryRates } {
  if (!Number.isSafeInteger(options.seed) || options.seed < 0) throw new Error('The seed must be a whole number, 0 or more');
  if (!(options.scale > 0 && options.scale <= 10)) throw new Error('The scale must be more than 0 and at most 10');
  const years = options.years ?? DEFAULT_HISTORY_YEARS;
  if (!Number.isInteger(years) || years < 1 || years > 20) throw new Error('The years of history must be a whole number from 1 to 20');
  const asAt = parseDay(options.asAt ?? DEFAULT_AS_AT);
  const errorScale = options.errorScale ?? 1;
  if (!(errorScale >= 0 && errorScale <= 10)) throw new Error('The error scale must be from 0 to 10');
  return {
    asAt,
    windowStart: addYears(asAt, -years) + 1,
    years,
    errorRates: resolveErrorRates(options.errorRates, errorScale),
    historyRates: { ...DEFAULT_HISTORY_RATES, ...options.historyRates },
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

function bump(map: Record<string, number>, key: string, by = 1): void {
  map[key] = (map[key] ?? 0) + by;
}

function day(d: number | null): string {
  return d === null ? '' : formatDay(d);
}

function personRow(p: Person): string {
  const current = p.residences[p.residences.length - 1];
  return csvLine([
    p.id,
    p.householdId,
    p.role,
    p.sex,
    csvField(p.forename),
    csvField(p.middleNames),
    csvField(p.surname),
    csvField(p.previousSurname),
    day(p.surnameChangedOn),
    formatDay(p.dob),
    p.nhsNumber,
    p.upn,
    p.upnLaCode,
    p.ethnicity,
    p.tradition,
    p.disabilities,
    p.mother?.id ?? '',
    p.father?.id ?? '',
    p.partner?.id ?? '',
    p.twin?.id ?? '',
    current?.address.laCode ?? '',
    current?.address.postcode ?? '',
  ]);
}

/** Ethnicity as an agency records it: mostly right, sometimes not yet obtained or refused. */
function recordedEthnicity(rng: Rng, ethnicity: string): string {
  const k = rng.float();
  return k < 0.05 ? 'NOBT' : k < 0.06 ? 'REFU' : ethnicity;
}

/**
 * Generate Synthetic London into `outDir` (created if missing). Resolves with the counts once every file is
 * closed; files are written as the generation goes, never held in memory.
 */
export async function generateSyntheticLondon(options: GenerateOptions): Promise<GenerationSummary> {
  const { asAt, windowStart, years, errorRates, historyRates } = resolve(options);
  const { seed, scale, outDir } = options;
  const withHistory = options.history ?? true;
  await mkdir(outDir, { recursive: true });

  const writers = {
    people: new BufferedFileWriter(join(outDir, OUTPUT_FILES.people)),
    households: new BufferedFileWriter(join(outDir, OUTPUT_FILES.households)),
    addresses: new BufferedFileWriter(join(outDir, OUTPUT_FILES.addresses)),
    sourceRecords: new BufferedFileWriter(join(outDir, OUTPUT_FILES.sourceRecords)),
    groundTruth: new BufferedFileWriter(join(outDir, OUTPUT_FILES.groundTruth)),
    events: withHistory ? new BufferedFileWriter(join(outDir, OUTPUT_FILES.events)) : undefined,
  };
  const all = Object.values(writers).filter((w): w is BufferedFileWriter => w !== undefined);
  try {
    for (const key of Object.keys(HEADERS) as (keyof typeof HEADERS)[]) writers[key].write(`${HEADERS[key]}\n`);

    const nhs = new NhsNumbers(mixSeed(seed, 'nhs'));
    const upns = new Upns();
    const localIds = new LocalIds(seed);
    const eventIds = new EventIds(mixSeed(seed, 'events'));
    const allocators = { nhsNumber: () => nhs.next(), upn: (la: string, school: number, year: number) => upns.next(la, school, year) };
    const counts: GenerationCounts = {
      households: 0,
      people: 0,
      children: 0,
      adults: 0,
      addresses: 0,
      sourceRecords: 0,
      events: 0,
      sourceRecordsByKind: Object.fromEntries(RECORD_KINDS.map((k) => [k, 0])),
      eventsByType: {},
      childrenByLocalAuthority: {},
    };
    const targets = LOCAL_AUTHORITIES.map((a) => Math.max(1, Math.round(a.population0to17 * scale)));
    const childrenTarget = targets.reduce((a, b) => a + b, 0);
    let childrenDone = 0;
    let householdsSinceProgress = 0;

    for (const [laIndex, authority] of LOCAL_AUTHORITIES.entries()) {
      const laCode = authority.code;
      const target = targets[laIndex] ?? 1;
      let made = 0;
      let seq = 0;
      counts.childrenByLocalAuthority[laCode] = 0;
      while (made < target) {
        const householdSeq = seq + 1;
        const households = drawHousehold(
          {
            rng: Rng.derive(seed, 'household', laCode, householdSeq),
            laCode,
            nextHouseholdSeq: () => ++seq,
            asAt,
            maxChildren: target - made,
            allocators,
          },
          historyRates.householdRiskShape,
        );
        const family = households[0] as Household;
        const children = family.members.filter((p) => p.isChild).length;
        made += children;
        childrenDone += children;
        counts.children += children;
        counts.childrenByLocalAuthority[laCode] = (counts.childrenByLocalAuthority[laCode] ?? 0) + children;

        // Who knows whom, then what happened (which adds children's social care and police records).
        const recordsRng = Rng.derive(seed, 'records', laCode, householdSeq);
        const services = new Map<Person, AdultServices>();
        for (const h of households) for (const p of h.members) if (!p.isChild) services.set(p, drawAdultServices(recordsRng, p, family.risk));
        const book = new RecordBook((agency, kind) => localIds.next(agency, kind));
        drawAgencyRecords(recordsRng, households, services, book, asAt);
        const events = withHistory
          ? drawHistory({
              rng: Rng.derive(seed, 'history', laCode, householdSeq),
              households,
              services,
              book,
              issueId: (prefix) => eventIds.next(prefix),
              rates: historyRates,
              windowStart,
              asAt,
            })
          : [];
        for (const entry of [...book.entries]) {
          if (recordsRng.chance(errorRates.duplicate * AGENCY_QUALITY[entry.kind].errorMultiplier)) {
            const created = Math.min(asAt, entry.createdOn + recordsRng.int(Math.max(1, asAt - entry.createdOn)));
            book.duplicate(entry, created, Math.max(created, entry.updatedOn));
          }
        }

        for (const h of households) {
          counts.households++;
          const current = h.residences[h.residences.length - 1];
          writers.households.row(
            csvLine([
              h.id,
              h.laCode,
              h.structure,
              h.tenure,
              String(h.members.length),
              String(h.members.filter((p) => p.isChild).length),
              current?.address.id ?? '',
              h.risk.toFixed(3),
            ]),
          );
          for (const p of h.members) {
            counts.people++;
            if (!p.isChild) counts.adults++;
            writers.people.row(personRow(p));
            for (const r of p.residences) {
              counts.addresses++;
              writers.addresses.row(csvLine([p.id, r.address.id, csvField(r.address.line), r.address.postcode, r.address.laCode, formatDay(r.from), day(r.to)]));
            }
          }
        }
        writeRecords(book.entries, households, recordsRng, errorRates, writers.sourceRecords, writers.groundTruth, counts);
        if (writers.events) {
          for (const e of events) {
            writers.events.row(`${JSON.stringify(e.fields)}\n`);
            bump(counts.eventsByType, e.fields.type as string);
          }
          counts.events += events.length;
        }

        if (all.some((w) => w.needsDrain)) for (const w of all) await w.drain();
        if (options.onProgress && ++householdsSinceProgress >= 200) {
          householdsSinceProgress = 0;
          options.onProgress({ childrenDone, childrenTarget, people: counts.people, sourceRecords: counts.sourceRecords, events: counts.events });
        }
      }
    }
    options.onProgress?.({ childrenDone, childrenTarget, people: counts.people, sourceRecords: counts.sourceRecords, events: counts.events });
    for (const w of all) await w.close();

    const files = [...all.map((w) => w.path.slice(outDir.length + 1)), OUTPUT_FILES.manifest];
    const manifest = {
      generator: 'safehub-synthetic-london',
      version: GENERATOR_VERSION,
      seed,
      scale,
      asAt: formatDay(asAt),
      historyFrom: formatDay(windowStart),
      years,
      note: 'Synthetic data: no record describes a real person. people.csv, households.csv, addresses.csv and ground_truth.csv are ground truth; the application reads only source_records.csv and events.ndjson.',
      files: all.map((w) => ({ name: w.path.slice(outDir.length + 1), rows: w.rows })),
      counts,
      parameters: {
        errorRates,
        agencyQuality: AGENCY_QUALITY,
        history: withHistory ? historyRates : null,
        population: POPULATION_PARAMETERS,
        targets: {
          national: NATIONAL_FIGURES,
          cpCategoryShares: CP_CATEGORY_SHARES,
          cpDurationShares: CP_DURATION_SHARES,
          referralSourceShares: REFERRAL_SOURCE_SHARES,
        },
      },
    };
    const manifestWriter = new BufferedFileWriter(join(outDir, OUTPUT_FILES.manifest));
    manifestWriter.write(`${JSON.stringify(manifest, null, 2)}\n`);
    await manifestWriter.close();
    return { seed, scale, outDir, asAt: formatDay(asAt), counts, files };
  } catch (error) {
    for (const w of all) w.destroy();
    throw error;
  }
}

/** Write each source record (with its errors) and the ground truth linking it to its person. */
function writeRecords(
  entries: readonly BookEntry[],
  households: readonly Household[],
  rng: Rng,
  rates: ErrorRates,
  records: BufferedFileWriter,
  truth: BufferedFileWriter,
  counts: GenerationCounts,
): void {
  const nhsNumbers = households.flatMap((h) => h.members.map((m) => m.nhsNumber)).filter((n) => n !== '');
  for (const entry of entries) {
    const p = entry.person;
    const relative = nhsNumbers.find((n) => n !== p.nhsNumber) ?? '';
    const r = recordPerson(rng, p, entry.kind, entry.updatedOn, rates, relative);
    const holdsCharacteristics = entry.kind === 'childrens-social-care' || entry.kind === 'education';
    records.row(
      csvLine([
        entry.id,
        entry.agencyCode,
        entry.kind,
        entry.localId,
        csvField(r.forename),
        csvField(r.middleNames),
        csvField(r.surname),
        csvField(r.aliases),
        r.dob,
        r.sex,
        r.nhsNumber,
        r.upn,
        csvField(r.addressLine),
        r.postcode,
        r.laCode,
        holdsCharacteristics ? recordedEthnicity(rng, p.ethnicity) : '',
        holdsCharacteristics && p.isChild ? p.disabilities : '',
        formatDay(entry.createdOn),
        formatDay(entry.updatedOn),
      ]),
    );
    const errors = entry.isDuplicate ? [...r.errors, 'duplicate'] : r.errors;
    truth.row(csvLine([entry.id, p.id, errors.join('|')]));
    counts.sourceRecords++;
    bump(counts.sourceRecordsByKind, entry.kind);
  }
}
