// Small helpers the benchmarks share: progress on standard error, rounding, command-line options, percentiles.
export const log = (text: string): void => void process.stderr.write(`${text}\n`);
export const round = (x: number, digits = 1): number => Number(x.toFixed(digits));

/** The value after `--name` on the command line, or the fallback. */
export function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

/** The p-th percentile (nearest rank) of values sorted ascending. */
export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
