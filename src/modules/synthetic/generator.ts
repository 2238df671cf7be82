// Synthetic London to files: the population of the 33 London authorities, every agency's source records about
// them (with errors), the ground truth behind the records, and several years of practice history — written
// household by household as they are made, so memory does not grow with scale. Formats: README.md.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { RECORD_KINDS } from './agencies.ts';
import { CP_CATEGORY_SHARES, CP_DURATION_SHARES, NATIONAL_FIGURES, POPULATION_PARAMETERS, REFERRAL_SOURCE_SHARES } from './calibration.ts';
import { formatDay } from './dates.ts';
import { AGENCY_QUALITY } from './error-model.ts';
import { BufferedFileWriter, csvField, csvLine } from './output.ts';
import type { Person } from './population.ts';
import { GENERATOR_VERSION, resolveSynthesis, synthesiseLondon, type SynthesisOptions } from './synthesise.ts';

export interface GenerateOptions extends SynthesisOptions {
  outDir: string;
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

/**
 * Generate Synthetic London into `outDir` (created if missing). Resolves with the counts once every file is
 * closed; rows are written as households are made, never held in memory.
 */
export async function generateSyntheticLondon(options: GenerateOptions): Promise<GenerationSummary> {
  const s = resolveSynthesis(options);
  const { outDir } = options;
  await mkdir(outDir, { recursive: true });

  const writers = {
    people: new BufferedFileWriter(join(outDir, OUTPUT_FILES.people)),
    households: new BufferedFileWriter(join(outDir, OUTPUT_FILES.households)),
    addresses: new BufferedFileWriter(join(outDir, OUTPUT_FILES.addresses)),
    sourceRecords: new BufferedFileWriter(join(outDir, OUTPUT_FILES.sourceRecords)),
    groundTruth: new BufferedFileWriter(join(outDir, OUTPUT_FILES.groundTruth)),
    events: s.history ? new BufferedFileWriter(join(outDir, OUTPUT_FILES.events)) : undefined,
  };
  const all = Object.values(writers).filter((w): w is BufferedFileWriter => w !== undefined);
  try {
    for (const key of Object.keys(HEADERS) as (keyof typeof HEADERS)[]) writers[key].write(`${HEADERS[key]}\n`);
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
    const progress = (): GenerationProgress => ({
      childrenDone: counts.children,
      childrenTarget: s.childrenTarget,
      people: counts.people,
      sourceRecords: counts.sourceRecords,
      events: counts.events,
    });
    let sinceProgress = 0;

    for (const bundle of synthesiseLondon(s)) {
      counts.children += bundle.children;
      counts.childrenByLocalAuthority[bundle.laCode] = (counts.childrenByLocalAuthority[bundle.laCode] ?? 0) + bundle.children;
      for (const h of bundle.households) {
        counts.households++;
        writers.households.row(
          csvLine([
            h.id,
            h.laCode,
            h.structure,
            h.tenure,
            String(h.members.length),
            String(h.members.filter((p) => p.isChild).length),
            h.residences[h.residences.length - 1]?.address.id ?? '',
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
      for (const { entry, recorded: r, ethnicity, disabilities } of bundle.records) {
        writers.sourceRecords.row(
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
            ethnicity,
            disabilities,
            formatDay(entry.createdOn),
            formatDay(entry.updatedOn),
          ]),
        );
        writers.groundTruth.row(csvLine([entry.id, entry.person.id, r.errors.join('|')]));
        counts.sourceRecords++;
        counts.sourceRecordsByKind[entry.kind] = (counts.sourceRecordsByKind[entry.kind] ?? 0) + 1;
      }
      if (writers.events) {
        for (const e of bundle.events) {
          writers.events.row(`${JSON.stringify(e.fields)}\n`);
          const type = e.fields.type as string;
          counts.eventsByType[type] = (counts.eventsByType[type] ?? 0) + 1;
        }
        counts.events += bundle.events.length;
      }

      if (all.some((w) => w.needsDrain)) for (const w of all) await w.drain();
      if (options.onProgress && ++sinceProgress >= 200) {
        sinceProgress = 0;
        options.onProgress(progress());
      }
    }
    options.onProgress?.(progress());
    for (const w of all) await w.close();

    const fileName = (w: BufferedFileWriter): string => w.path.slice(outDir.length + 1);
    const manifest = {
      generator: 'safehub-synthetic-london',
      version: GENERATOR_VERSION,
      seed: s.seed,
      scale: s.scale,
      asAt: formatDay(s.asAt),
      historyFrom: formatDay(s.windowStart),
      years: s.years,
      note:
        'Synthetic data: no record describes a real person. people.csv, households.csv, addresses.csv and ground_truth.csv ' +
        'are ground truth; the application reads only source_records.csv and events.ndjson.',
      files: all.map((w) => ({ name: fileName(w), rows: w.rows })),
      counts,
      parameters: {
        errorRates: s.errorRates,
        agencyQuality: AGENCY_QUALITY,
        history: s.history ? s.historyRates : null,
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
    return { seed: s.seed, scale: s.scale, outDir, asAt: formatDay(s.asAt), counts, files: [...all.map(fileName), OUTPUT_FILES.manifest] };
  } catch (error) {
    for (const w of all) w.destroy();
    throw error;
  }
}
