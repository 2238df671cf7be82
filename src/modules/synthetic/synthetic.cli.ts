// `safehub generate`: Synthetic London to files, with a progress bar on a terminal and a summary at the end.
import { InvalidArgumentError, type Command } from 'commander';
import { AppError } from '../../kernel/errors.ts';
import { generateSyntheticLondon, type GenerationProgress } from './generator.ts';
import { DEFAULT_AS_AT, DEFAULT_HISTORY_YEARS, DEMO_SCALE, DEMO_SEED } from './synthesise.ts';
import { measureOutput, type Measured } from './measure.ts';
import { CP_CATEGORY_SHARES, NATIONAL_FIGURES } from './calibration.ts';

/** Where the command writes; a test passes its own streams. */
export interface CliStreams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
}

interface GenerateFlags {
  seed: number;
  scale: number;
  out?: string;
  asAt: string;
  years: number;
  errorScale: number;
  history: boolean;
  report?: boolean;
  intoDb?: boolean;
}

export const INTO_DB_NOT_YET =
  'Loading into the database (--into-db) needs the Safehub application: run it as `npx safehub generate --into-db`.';

/** Loads a Synthetic London's agency records into the database; returns a line for the summary. */
export type IntoDbLoader = (options: { seed: number; scale: number }) => Promise<string>;

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('Enter a whole number, 0 or more');
  return n;
}

function positive(max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!(Number.isFinite(n) && n > 0 && n <= max)) throw new InvalidArgumentError(`Enter a number more than 0 and at most ${max}`);
    return n;
  };
}

function nonNegative(value: string): number {
  const n = Number(value);
  if (!(Number.isFinite(n) && n >= 0 && n <= 10)) throw new InvalidArgumentError('Enter a number from 0 to 10');
  return n;
}

const thousands = new Intl.NumberFormat('en-GB');

/** A one-line progress bar, redrawn in place at most ten times a second. */
export function progressLine(p: GenerationProgress, width = 30): string {
  const share = p.childrenTarget > 0 ? Math.min(1, p.childrenDone / p.childrenTarget) : 1;
  const filled = Math.round(share * width);
  return (
    `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)}% ` +
    `${thousands.format(p.people)} people · ${thousands.format(p.sourceRecords)} records · ${thousands.format(p.events)} events`
  );
}

function reportLines(m: Measured): string[] {
  const row = (label: string, measured: number, target: number, digits = 1): string =>
    `  ${label.padEnd(44)} ${measured.toFixed(digits).padStart(8)} ${target.toFixed(digits).padStart(8)}`;
  const f = NATIONAL_FIGURES;
  return [
    '',
    `  ${'measure (last three census years)'.padEnd(44)} ${'measured'.padStart(8)} ${'target'.padStart(8)}`,
    row('referrals per 10,000 children', m.referralsPer10k, f.referralsPer10k.value),
    row('re-referrals within 12 months (%)', m.reReferralRate * 100, f.reReferralWithin12Months.value * 100),
    row('section 47 enquiries per 10,000', m.section47Per10k, f.section47Per10k.value),
    row('initial conferences per 10,000', m.initialConferencesPer10k, f.initialConferencesPer10k.value),
    row('CP plans started per 10,000', m.cpPlansStartedPer10k, f.cpPlansStartedPer10k.value),
    row('CP plans at 31 March per 10,000', m.cpPlansAt31MarchPer10k, f.cpPlansAt31MarchPer10k.value),
    row('children in need at 31 March per 10,000 *', m.childrenInNeedAt31MarchPer10k, f.childrenInNeedAt31MarchPer10k.value),
    row('contacts per referral', m.contactsPerReferral, f.contactsPerReferral.value, 2),
    ...Object.entries(CP_CATEGORY_SHARES.value).map(([k, v]) => row(`CP plans with initial category ${k} (%)`, (m.cpCategoryShares[k] ?? 0) * 100, v * 100)),
    '  * the published figure includes looked-after children, whom the generator does not model.',
  ];
}

/**
 * Add `generate` to the program: `safehub generate --seed <n> --scale <s> --out <dir>`. Throws (for the CLI's
 * one error handler) on bad options and on `--into-db`, which is not available yet.
 */
export function registerSyntheticCommands(
  program: Command,
  streams: CliStreams = { stdout: process.stdout, stderr: process.stderr },
  loadIntoDb?: IntoDbLoader,
): void {
  program
    .command('generate')
    .description('Generate Synthetic London: people, agency source records with errors, ground truth and practice history')
    .option('--seed <n>', `seed; the same seed gives byte-identical files (demo: ${DEMO_SEED})`, wholeNumber, DEMO_SEED)
    .option('--scale <s>', `share of London's ~2 million children: 1 is full size, 0.01 is 1% (demo: ${DEMO_SCALE})`, positive(10), DEMO_SCALE)
    .option('--out <dir>', 'directory to write the files to (created if missing); not needed with --into-db')
    .option('--as-at <date>', 'last day of the history, YYYY-MM-DD', DEFAULT_AS_AT)
    .option('--years <n>', 'years of practice history', positive(20), DEFAULT_HISTORY_YEARS)
    .option('--error-scale <x>', 'multiply every source-record error rate (0 gives clean records)', nonNegative, 1)
    .option('--no-history', 'skip the practice history (events.ndjson)')
    .option('--report', 'measure the output against its calibration targets and print the comparison')
    .option('--into-db', "load the agency source records into Safehub's database (people are made by matching, never from ground truth)")
    .action(async (flags: GenerateFlags) => {
      if (flags.intoDb) {
        if (!loadIntoDb) throw new AppError('not-available', INTO_DB_NOT_YET, 501);
        streams.stdout.write(`${await loadIntoDb({ seed: flags.seed, scale: flags.scale })}\n`);
        return;
      }
      if (!flags.out) throw new InvalidArgumentError("Say where to write the files with --out <dir>, or load into the database with --into-db");
      if (!Number.isInteger(flags.years)) throw new InvalidArgumentError('The years of history must be a whole number');
      const tty = streams.stderr.isTTY === true;
      let lastDraw = 0;
      const started = performance.now();
      const summary = await generateSyntheticLondon({
        seed: flags.seed,
        scale: flags.scale,
        outDir: flags.out,
        asAt: flags.asAt,
        years: flags.years,
        errorScale: flags.errorScale,
        history: flags.history,
        onProgress: tty
          ? (p) => {
              const now = performance.now();
              if (now - lastDraw < 100 && p.childrenDone < p.childrenTarget) return;
              lastDraw = now;
              streams.stderr.write(`\r${progressLine(p, Math.max(10, Math.min(30, (streams.stderr.columns ?? 100) - 70)))}`);
            }
          : undefined,
      });
      if (tty) streams.stderr.write('\n');
      const seconds = (performance.now() - started) / 1000;
      const c = summary.counts;
      const lines = [
        `Synthetic London written to ${summary.outDir} in ${seconds.toFixed(1)} s (seed ${summary.seed}, scale ${summary.scale}, as at ${summary.asAt}).`,
        `  ${thousands.format(c.people)} people (${thousands.format(c.children)} children) in ${thousands.format(c.households)} households`,
        `  ${thousands.format(c.addresses)} address history rows`,
        `  ${thousands.format(c.sourceRecords)} agency source records (${Object.entries(c.sourceRecordsByKind).map(([k, n]) => `${k} ${thousands.format(n)}`).join(', ')})`,
        `  ${thousands.format(c.events)} practice history events`,
        `  files: ${summary.files.join(', ')}`,
        '  All data is synthetic. people.csv, households.csv, addresses.csv and ground_truth.csv are ground truth, never for the application.',
      ];
      if (flags.report) {
        if (flags.history) lines.push(...reportLines(await measureOutput(summary.outDir, summary.asAt)));
        else lines.push('  (No report: the calibration targets are about the practice history, which --no-history left out.)');
      }
      streams.stdout.write(`${lines.join('\n')}\n`);
    });
}
