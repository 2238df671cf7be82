// Three bands for a scored pair: link automatically, send to clerical review, or reject.
//
// Link at 0.999: chosen on held-out data, Synthetic London seed 2024 at 100,000 people (a seed no test or benchmark
// evaluates on), as the lowest round threshold at which automatic links had precision ≥ 0.999 and at most one
// cluster joined two people (docs/identity-engine.md, "Bands, and how the thresholds were set"). Review at 0.5, on
// principle: a pair more likely than not to be one person is never rejected unseen. Corroboration at 0.5, on
// principle: setting agreeing identifiers aside, the other fields must still favour a match. Possible twins are
// never linked automatically: at most reviewed.

export type Band = 'link' | 'review' | 'reject';

export interface Thresholds {
  /** Match probability at or above which a pair is linked without review. */
  link: number;
  /** Match probability at or above which a pair (not linked) goes to clerical review. */
  review: number;
  /**
   * Corroboration: the probability a pair must reach on its other fields, setting aside agreeing identifiers (NHS
   * number, UPN), to be linked automatically or joined in a cluster; and both records must have a date of birth. A
   * relative's NHS number recorded in error is fully convincing on its own, and without a date of birth a parent
   * and the child named after them, at one address, look alike: neither should link two people.
   */
  corroboration: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { link: 0.999, review: 0.5, corroboration: 0.5 };

/** The band of a pair from its probability, its corroborated probability, and the twin guard. */
export function bandOf(probability: number, corroborated: number, thresholds: Thresholds, isTwins = false): Band {
  if (probability >= thresholds.link && corroborated >= thresholds.corroboration && !isTwins) return 'link';
  if (probability >= thresholds.review) return 'review';
  return 'reject';
}

/** Thresholds must be probabilities, with review at or below link. */
export function checkThresholds(thresholds: Thresholds): void {
  const ok = (p: number): boolean => Number.isFinite(p) && p > 0 && p < 1;
  if (!ok(thresholds.link) || !ok(thresholds.review) || !ok(thresholds.corroboration) || thresholds.review > thresholds.link) {
    throw new RangeError('Thresholds must be probabilities between 0 and 1, with the review threshold at or below the link threshold');
  }
}
