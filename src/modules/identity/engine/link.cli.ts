// `safehub link`: batch deduplication of one CSV file, or linking of two, with the matching engine. It trains a
// model on the input itself (or loads one), scores, clusters and writes `id,cluster_id,match_probability`, with a
// progress bar on a terminal and a summary at the end. Bad options and unreadable files are reported the way the
// CLI reports every error: a message and exit code 1 (the caller's error handler prints it).
import { readFileSync, writeFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { ValidationError } from '../../../kernel/errors.ts';
import { csvField, parseFieldMap, readPersonRecords, type ReadResult } from './csv.ts';
import type { Model } from './fellegi-sunter.ts';
import { deduplicate, link, trainModel, type BlockingMode, type RunResult } from './pipeline.ts';

/** Where the command writes; a test passes its own streams. */
export interface LinkCliStreams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
}

interface LinkFlags {
  input: string;
  idColumn: string;
  map: string;
  output: string;
  linkOnly?: string;
  threshold?: number;
  reviewOutput?: string;
  model?: string;
  saveModel?: string;
  blocking: BlockingMode;
  workers?: number;
}

function probability(value: string): number {
  const n = Number(value);
  if (!(Number.isFinite(n) && n > 0 && n < 1)) throw new InvalidArgumentError('Enter a probability more than 0 and less than 1, for example 0.999');
  return n;
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('Enter a whole number, 0 or more');
  return n;
}

function blockingMode(value: string): BlockingMode {
  if (value === 'auto' || value === 'passes' || value === 'all-pairs') return value;
  throw new InvalidArgumentError('Enter auto, passes or all-pairs');
}

const thousands = new Intl.NumberFormat('en-GB');

/** A one-line progress bar for a phase. */
export function linkProgressLine(phase: string, done: number, total: number, width = 30): string {
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(share * width);
  return `${phase.padEnd(9)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)}% ${thousands.format(done)} of ${thousands.format(total)} records`;
}

function loadModel(path: string): Model {
  let model: Model;
  try {
    model = JSON.parse(readFileSync(path, 'utf8')) as Model;
  } catch {
    throw new ValidationError({ model: `Cannot read a model from ${path}` });
  }
  if (model?.version !== 1 || !Array.isArray(model.fields) || typeof model.lambda !== 'number') {
    throw new ValidationError({ model: `${path} is not a model saved by safehub link --save-model` });
  }
  return model;
}

function outputRows(result: RunResult, isLink: boolean): string {
  const header = isLink ? 'id,cluster_id,match_probability,source' : 'id,cluster_id,match_probability';
  const lines = [header];
  for (const r of result.records) {
    const p = r.matchProbability === null ? '' : r.matchProbability.toFixed(6);
    lines.push(isLink ? `${csvField(r.id)},${r.clusterId},${p},${r.source}` : `${csvField(r.id)},${r.clusterId},${p}`);
  }
  return `${lines.join('\n')}\n`;
}

function reviewRows(result: RunResult): string {
  const lines = ['id_a,id_b,match_probability,band,possible_twins'];
  for (const p of result.pairs) {
    if (p.band === 'reject') continue;
    lines.push(`${csvField(p.a)},${csvField(p.b)},${p.probability.toFixed(6)},${p.band},${p.isTwins ? 'yes' : 'no'}`);
  }
  return `${lines.join('\n')}\n`;
}

function rejectedLines(label: string, read: ReadResult): string[] {
  if (read.rejected.length === 0) return [];
  const shown = read.rejected.slice(0, 5).map((r) => `    line ${r.line} ${r.reason}`);
  const more = read.rejected.length > 5 ? [`    … and ${thousands.format(read.rejected.length - 5)} more`] : [];
  return [`  ${thousands.format(read.rejected.length)} rows of ${label} were not read:`, ...shown, ...more];
}

/** Add `link` to a commander program. */
export function registerLinkCommands(program: Command, streams: LinkCliStreams = { stdout: process.stdout, stderr: process.stderr }): void {
  program
    .command('link')
    .description('Find the records that are the same person: deduplicate one CSV file, or link two (--link-only)')
    .requiredOption('--input <file>', 'CSV file of person records (a header row, then one record per row)')
    .requiredOption('--id-column <column>', 'the column holding each record’s identifier')
    .requiredOption(
      '--map <fields>',
      'which columns hold what: first_name=COL,surname=COL,dob=COL,sex=COL,nhs_number=COL,upn=COL,postcode=COL,address=COL,aliases=COL,email=COL,city=COL (join columns with +, e.g. first_name=forename+middle_names)',
    )
    .requiredOption('--output <file>', 'where to write id,cluster_id,match_probability')
    .option('--link-only <file>', 'a second CSV file (same columns): link the two files instead of deduplicating one')
    .option('--threshold <p>', 'cluster at this match probability (default: the model’s automatic-link threshold)', probability)
    .option('--review-output <file>', 'also write the pairs for automatic linking and for clerical review, with their probabilities')
    .option('--model <file>', 'use a model saved earlier instead of training one on the input')
    .option('--save-model <file>', 'save the trained model (JSON) for reuse and for audit of its parameters')
    .option('--blocking <mode>', 'auto (every pair when there are at most a million), passes, or all-pairs', blockingMode, 'auto')
    .option('--workers <n>', 'worker threads (default: one per core)', wholeNumber)
    .action(async (flags: LinkFlags) => {
      const started = performance.now();
      const tty = streams.stderr.isTTY === true;
      const width = Math.max(10, Math.min(30, (streams.stderr.columns ?? 100) - 60));
      let lastDraw = 0;
      let drawn = false;
      const onProgress = tty
        ? (phase: string, done: number, total: number): void => {
            const now = performance.now();
            if (now - lastDraw < 100 && done < total) return;
            lastDraw = now;
            drawn = true;
            streams.stderr.write(`\r${linkProgressLine(phase, done, total, width)}`);
          }
        : undefined;
      const endLine = (): void => {
        if (drawn) streams.stderr.write('\n');
        drawn = false;
      };
      const map = parseFieldMap(flags.map);
      const left = readPersonRecords(flags.input, flags.idColumn, map);
      const right = flags.linkOnly ? readPersonRecords(flags.linkOnly, flags.idColumn, map) : null;
      if (left.records.length === 0 || (right && right.records.length === 0)) {
        throw new ValidationError({ input: 'There are no records to match: every row was rejected or the file has only a header' });
      }
      const options = { blocking: flags.blocking, workers: flags.workers, onProgress };
      const model = flags.model ? loadModel(flags.model) : await trainModel(left.records, { ...options, right: right?.records });
      endLine();
      if (flags.saveModel) writeFileSync(flags.saveModel, `${JSON.stringify(model, null, 2)}\n`);
      const result = right
        ? await link(left.records, right.records, model, { ...options, threshold: flags.threshold })
        : await deduplicate(left.records, model, { ...options, threshold: flags.threshold });
      endLine();
      writeFileSync(flags.output, outputRows(result, right !== null));
      if (flags.reviewOutput) writeFileSync(flags.reviewOutput, reviewRows(result));

      const s = result.stats;
      const sizes = new Map<string, number>();
      for (const r of result.records) sizes.set(r.clusterId, (sizes.get(r.clusterId) ?? 0) + 1);
      let multi = 0;
      for (const n of sizes.values()) if (n > 1) multi++;
      const linked = result.pairs.filter((p) => p.band === 'link').length;
      const review = result.pairs.filter((p) => p.band === 'review').length;
      const seconds = (performance.now() - started) / 1000;
      const lines = [
        `${right ? 'Linked' : 'Deduplicated'} ${thousands.format(s.records)} records in ${seconds.toFixed(1)} s; clusters written to ${flags.output}.`,
        ...rejectedLines(flags.input, left),
        ...(right ? rejectedLines(flags.linkOnly!, right) : []),
        `  model: ${flags.model ? `loaded from ${flags.model}` : `trained on the input in ${model.training.seconds.toFixed(1)} s`} (prior ${model.lambda.toExponential(2)}, link at p ≥ ${model.thresholds.link}, review at p ≥ ${model.thresholds.review})`,
        `  ${thousands.format(s.candidatePairs)} candidate pairs (${s.blocking === 'all-pairs' ? 'every pair' : `${s.passes.length} blocking passes`}) scored at ${thousands.format(Math.round(s.pairsPerSecond))} pairs/s on ${s.threads} thread${s.threads === 1 ? '' : 's'}`,
        `  ${thousands.format(s.clusters)} clusters, ${thousands.format(multi)} with more than one record`,
        `  ${thousands.format(linked)} pairs linked automatically, ${thousands.format(review)} for clerical review${flags.reviewOutput ? ` (in ${flags.reviewOutput})` : ''}`,
        `  joins refused: ${thousands.format(s.refusedForNhs)} different NHS numbers, ${thousands.format(s.refusedForTwins)} possible twins, ${thousands.format(s.refusedUncorroborated)} not corroborated (an identifier alone, or no date of birth)`,
        `  peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
      ];
      streams.stdout.write(`${lines.join('\n')}\n`);
    });
}
