// Tiny Synthetic London fixtures in memory, for other modules' tests (matching, front door, casework): the same
// generator as the files, from the demo seed by default, small enough to hold in arrays.
import type { HistoryEvent } from './history.ts';
import type { Household, Person } from './population.ts';
import { DEMO_SEED, resolveSynthesis, synthesiseLondon, type SourceRecord, type SynthesisOptions } from './synthesise.ts';

/** The largest scale a fixture may have (0.01: about 20,000 children), so a test cannot fill memory by mistake. */
export const MAX_FIXTURE_SCALE = 0.01;

export interface SyntheticFixture {
  households: Household[];
  people: Person[];
  /** Each agency's record, with the true person behind it (`entry.person`) and the errors applied. */
  sourceRecords: SourceRecord[];
  /** Practice history, one object per event, in the shape written to events.ndjson. */
  events: Record<string, unknown>[];
}

/**
 * A small London in memory: by default the demo seed at 0.05% of London's children (about 1,000 children and
 * 2,000 people in all 33 boroughs, with about 5,000 source records and 4,000 events). The same options give
 * the same fixture.
 */
export function buildSyntheticFixture(options: Partial<SynthesisOptions> = {}): SyntheticFixture {
  const scale = options.scale ?? 0.0005;
  if (scale > MAX_FIXTURE_SCALE) throw new Error(`A fixture holds everything in memory: use a scale of at most ${MAX_FIXTURE_SCALE}, or write files with generateSyntheticLondon`);
  const s = resolveSynthesis({ ...options, seed: options.seed ?? DEMO_SEED, scale });
  const fixture: SyntheticFixture = { households: [], people: [], sourceRecords: [], events: [] };
  for (const bundle of synthesiseLondon(s)) {
    for (const h of bundle.households) {
      fixture.households.push(h);
      fixture.people.push(...h.members);
    }
    fixture.sourceRecords.push(...bundle.records);
    fixture.events.push(...bundle.events.map((e: HistoryEvent) => e.fields));
  }
  return fixture;
}
