// Trains the identity engine's default model on Synthetic London (never on real people) and writes it to
// src/modules/identity/default-model.json. Safehub uses this model until one is trained on the records a
// partnership actually holds. Re-run after changing the engine's comparisons:
//   npx tsx scripts/train-default-model.ts [--seed 2026] [--scale 0.005]
import fs from 'node:fs';
import { trainModel } from '../src/modules/identity/engine/index.ts';
import { toPersonRecord } from '../src/modules/identity/engine-matcher.ts';
import { syntheticSourceRecords } from '../src/modules/synthetic/synthetic.load.ts';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const seed = option('seed', 2026);
const scale = option('scale', 0.005);
const started = Date.now();
const { records } = syntheticSourceRecords({ seed, scale });
const people = records.map((r, i) => toPersonRecord(String(i), { ...r.record }));
const model = await trainModel(people, { seed });
const out = 'src/modules/identity/default-model.json';
fs.writeFileSync(out, JSON.stringify({ trainedOn: { generator: 'synthetic-london', seed, scale, records: records.length }, model }, null, 1) + '\n');
console.log(`Trained on ${records.length} synthetic records in ${((Date.now() - started) / 1000).toFixed(1)} s; written to ${out}.`);
